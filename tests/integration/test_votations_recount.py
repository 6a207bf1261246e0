"""Anyone can recompute a published result from the exported ballots (docs/rules.md §8)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask

from civic.extensions import db
from civic.models import User, Votation
from civic.votations import results, voting
from tests.conftest import People
from tests.support.commands import run_published
from tests.votations_factory import (
    POPULATION_16_PLUS,
    open_votation,
    publish,
    question_id,
    staff,
)


def test_the_exported_ballots_recount_to_the_published_result(
    app: Flask, people: People, runner: object, tmp_path: Path
) -> None:
    votation_id = open_votation(app)
    qid = question_id(app, votation_id)
    staff_ids = staff(people)
    voters = [people.make(f"voter{n}") for n in range(5)]
    people.make("absent")
    with app.app_context():
        for user_id, choice in zip(voters, ["oui", "oui", "non", "blanc", "oui"], strict=True):
            user = db.session.get(User, user_id)
            voting.cast_online(votation_id, user=user, answers={qid: choice}, now=datetime.now(UTC))
        votation = db.session.get(Votation, votation_id)
        votation.closes_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
        publish(votation_id, staff_ids)
        votation = db.session.get(Votation, votation_id)
        page = results.votation_page(votation_id, user=None, now=datetime.now(UTC))
        (tmp_path / f"votation-{votation_id}-bulletins-1.csv").write_text(
            results.ballots_csv(votation, votation.questions[0])
        )
        published = json.loads(votation.questions[0].published_result_json)
    recomputed = run_published(page.recount_commands[0], tmp_path)
    assert published["eligible"] == POPULATION_16_PLUS and published["voters"] == 5
    assert published["counts"] == {"oui": 3, "non": 1} and published["blank"] == 1
    assert {c["choice"]: c["votes"] for c in recomputed["counts"]} == published["counts"]
    for key in ("blank", "voters", "eligible", "outcome", "binding", "quorum_reached"):
        assert recomputed[key] == published[key], key
    recount = runner.invoke(args=["civic", "votations", "recount", str(votation_id)])  # type: ignore[attr-defined]
    assert recount.exit_code == 0, recount.output
    assert "Recount matches the published result." in recount.output
