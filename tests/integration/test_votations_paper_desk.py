"""Paper and online add up: a station's paper ballots must equal its marked paper
voters before publication, a mistaken batch is cancelled with a reason (and kept),
and more ballots than voters is a clear refusal."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import AuditEntry, Ballot, PaperBallotBatch, User, Votation
from civic.services import Refused
from civic.votations import approvals, paper, voting
from tests.conftest import People
from tests.votations_factory import closed_votation, question_id, staff

STATION = "Bureau 3"


def mark(app: Flask, votation_id: int, clerk_id: int, *names: str) -> None:
    for name in names:
        with app.app_context(), write_intent():
            voting.mark_paper_voter(
                votation_id,
                person=f"{name}@example.org",
                polling_station=STATION,
                actor=db.session.get(User, clerk_id),
                now=datetime.now(UTC),
            )


def enter(app: Flask, votation_id: int, clerk_id: int, **choices: int) -> int:
    qid = question_id(app, votation_id)
    with app.app_context(), write_intent():
        return voting.enter_paper_ballots(
            votation_id,
            polling_station=STATION,
            counts={qid: choices},
            actor=db.session.get(User, clerk_id),
            now=datetime.now(UTC),
        )


def approve(app: Flask, votation_id: int, approver_id: int) -> None:
    with app.app_context(), write_intent():
        approvals.approve_publication(
            votation_id, actor=db.session.get(User, approver_id), now=datetime.now(UTC)
        )


def cancel(app: Flask, votation_id: int, batch_id: int, clerk_id: int, reason: str) -> None:
    with app.app_context(), write_intent():
        paper.cancel_batch(
            votation_id,
            batch_id,
            reason=reason,
            actor=db.session.get(User, clerk_id),
            now=datetime.now(UTC),
        )


def ask(app: Flask, votation_id: int, clerk_id: int) -> None:
    with app.app_context(), write_intent():
        approvals.request_publication(
            votation_id, actor=db.session.get(User, clerk_id), now=datetime.now(UTC)
        )


def paper_ballots(app: Flask) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(Ballot.choice, func.count())
            .where(Ballot.channel == "paper")
            .group_by(Ballot.choice)
        )
        return {choice: int(n) for choice, n in rows}


@pytest.fixture()
def desk(app: Flask, people: People) -> tuple[int, int, int]:
    """A closed votation, two staff members, three paper voters marked at Bureau 3."""
    clerk, approver = staff(people)
    votation_id = closed_votation(app)
    for name in ("ana", "ben", "cleo"):
        people.make(name)
    mark(app, votation_id, clerk, "ana", "ben", "cleo")
    return votation_id, clerk, approver


def test_publication_is_refused_naming_the_station_and_the_gap(
    app: Flask, desk: tuple[int, int, int]
) -> None:
    votation_id, clerk, _approver = desk
    enter(app, votation_id, clerk, oui=2)
    with pytest.raises(Refused) as refused:
        ask(app, votation_id, clerk)
    assert "Bureau 3 : 2 bulletins pour 3 votants émargés" in str(refused.value.message)
    enter(app, votation_id, clerk, non=1)
    ask(app, votation_id, clerk)  # reconciled: the request goes through


def test_more_ballots_than_marked_voters_is_refused_whatever_the_number(
    app: Flask, desk: tuple[int, int, int]
) -> None:
    votation_id, clerk, _approver = desk
    with pytest.raises(Refused, match="Bureau 3 : 4 bulletins pour 3 votants émargés"):
        enter(app, votation_id, clerk, oui=2, non=2)
    enter(app, votation_id, clerk, oui=2)
    with pytest.raises(Refused, match="Bureau 3 : 4 bulletins pour 3 votants émargés"):
        enter(app, votation_id, clerk, blanc=2)
    with pytest.raises(Refused, match="Nombre de bulletins invalide"):
        enter(app, votation_id, clerk, oui=10**30)
    assert paper_ballots(app) == {"oui": 2}


def test_a_clerk_cancels_a_mistaken_batch_with_a_reason_and_the_batch_is_kept(
    app: Flask, desk: tuple[int, int, int]
) -> None:
    votation_id, clerk, approver = desk
    enter(app, votation_id, clerk, oui=1, non=2)  # the sheet said two "oui", one "non"
    with app.app_context():
        batch_id = db.session.scalar(select(PaperBallotBatch.id))
    assert batch_id is not None
    with pytest.raises(Refused, match="Indiquez pourquoi"):
        cancel(app, votation_id, batch_id, clerk, "  ")
    cancel(app, votation_id, batch_id, clerk, "Oui et non inversés à la saisie")
    assert paper_ballots(app) == {}
    with pytest.raises(Refused, match="déjà annulé"):
        cancel(app, votation_id, batch_id, clerk, "encore")
    enter(app, votation_id, clerk, oui=2, non=1)
    ask(app, votation_id, clerk)
    approve(app, votation_id, approver)
    with app.app_context():
        batch = db.session.get(PaperBallotBatch, batch_id)
        assert batch is not None and batch.cancelled_at is not None
        assert batch.cancel_reason == "Oui et non inversés à la saisie"
        assert batch.cancelled_by_id == clerk
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "votation.paper_batch_cancelled")
        )
        assert entry is not None and entry.reason == "Oui et non inversés à la saisie"
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        published = json.loads(votation.questions[0].published_result_json or "{}")
        assert published["counts"] == {"oui": 2, "non": 1}
    assert paper_ballots(app) == {"oui": 2, "non": 1}


def test_no_batch_is_cancelled_after_publication(app: Flask, desk: tuple[int, int, int]) -> None:
    votation_id, clerk, approver = desk
    enter(app, votation_id, clerk, oui=3)
    ask(app, votation_id, clerk)
    approve(app, votation_id, approver)
    with app.app_context():
        batch_id = db.session.scalar(select(PaperBallotBatch.id))
    assert batch_id is not None
    with pytest.raises(Refused, match="avant la publication"):
        cancel(app, votation_id, batch_id, clerk, "trop tard")
    assert paper_ballots(app) == {"oui": 3}


def test_more_voters_than_the_eligible_figure_is_a_clear_refusal_not_a_crash(
    app: Flask, people: People
) -> None:
    from civic.models.commune import FIGURE_POPULATION_16_PLUS
    from tests.votations_factory import record_commune_figures

    record_commune_figures(app, **{FIGURE_POPULATION_16_PLUS: 2})  # a figure typed wrong
    clerk, approver = staff(people)
    votation_id = closed_votation(app)
    for name in ("ana", "ben", "cleo"):
        people.make(name)
    mark(app, votation_id, clerk, "ana", "ben", "cleo")
    enter(app, votation_id, clerk, oui=3)
    ask(app, votation_id, clerk)
    with pytest.raises(Refused, match="3 votants pour 2 inscrits"):
        approve(app, votation_id, approver)
    with app.app_context():
        assert db.session.get(Votation, votation_id).status == "scheduled"  # type: ignore[union-attr]
