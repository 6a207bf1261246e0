"""Correctness proof on the app's own data (issue 7): ballots cast through the web,
tallied by the background job, exported with ``flask civic budget export``; the core's
CLI names the same winners as the app. (``tests/reference/test_web_export_agreement.py``
adds pabutools, the reference implementation, on the same exported file.)"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from civic.core.budget.pabulib import read_election
from civic.extensions import db, limiter
from civic.models import BudgetHeading
from tests.budget_factory import add_projects, heading_ids, make_budget, move_to
from tests.conftest import People, post

COSTS = {
    "Aire de jeux": 42_000,
    "Pistes cyclables": 35_000,
    "Bancs": 8_000,
    "Arbres": 15_000,
    "Fontaine": 22_000,
    "Skatepark": 30_000,
    "Boîtes à livres": 3_000,
    "Éclairage": 18_000,
}
AMOUNT = 100_000
RULES = ("greedy", "mes", "mes+greedy", "mes+add1")


def core_cli(path: Path, rule: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "civic.core.budget", "--rule", rule, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)["selected"]  # type: ignore[no-any-return]


def vote_through_the_web_and_export(
    app: Flask, client: FlaskClient, people: People, runner: object, tmp_path: Path
) -> tuple[Path, dict[str, Any]]:
    """36 residents vote through the web (MES heading), the admin runs the tally, the
    heading is exported as a .pb file: (that file, the heading as the API publishes it)."""
    app.config["JOBS_SYNCHRONOUS"] = True
    people.make("admin", level="elector", roles=("admin",))
    budget_id = make_budget(app, "vote", amounts=(AMOUNT,))
    (city,) = heading_ids(app, budget_id)
    with app.app_context():
        heading = db.session.get(BudgetHeading, city)
        assert heading is not None
        heading.rule = "mes"
        db.session.commit()
    ids = add_projects(app, city, COSTS)
    rng = random.Random(7)
    popularity = {title: rng.random() for title in COSTS}
    for n in range(36):
        chosen = [t for t in COSTS if rng.random() < popularity[t]]
        while sum(COSTS[t] for t in chosen) > AMOUNT:
            chosen.pop(rng.randrange(len(chosen)))
        if not chosen:
            chosen = ["Bancs"]
        name = f"voter{n}"
        with app.app_context():
            limiter.reset()  # 36 log-ins from one address in a few seconds
        people.make(name)
        people.login(name)
        cast = post(
            client,
            f"/budgets/{budget_id}/rubriques/{city}/vote",
            {"projects": [str(ids[t]) for t in chosen]},
        )
        assert cast.status_code == 302, cast.get_data(as_text=True)[:500]
        people.logout()

    move_to(app, budget_id, "results")
    people.login("admin")
    assert post(client, f"/admin/budgets/{budget_id}/calcul").status_code == 302
    published = client.get(f"/api/v1/budgets/{budget_id}").get_json()["headings"][0]
    assert published["voters"] == 36

    result = runner.invoke(  # type: ignore[attr-defined]
        args=["civic", "budget", "export", str(budget_id), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    (pb,) = tmp_path.glob("*.pb")
    text = pb.read_text(encoding="utf-8")
    assert "@" not in text  # pseudonymous: no e-mail, no name of a voter
    return pb, published


def test_web_ballots_give_the_same_winners_in_the_app_and_the_core_cli(
    app: Flask, client: FlaskClient, people: People, runner: object, tmp_path: Path
) -> None:
    pb, published = vote_through_the_web_and_export(app, client, people, runner, tmp_path)
    assert read_election(pb).num_voters == 36
    winners = {rule: core_cli(pb, rule) for rule in RULES}
    # The rules disagree on this vote: the app applied MES, not a rule that happens to
    # give the same winners.
    assert winners["greedy"] != winners["mes"]
    assert published["winners"] == winners["mes"]


def test_once_the_vote_is_closed_anyone_can_download_the_pb_file(
    app: Flask, client: FlaskClient
) -> None:
    budget_id = make_budget(app, "results", amounts=(AMOUNT,))
    (city,) = heading_ids(app, budget_id)
    add_projects(app, city, {"Bancs": 8_000})
    response = client.get(f"/budgets/{budget_id}/rubriques/{city}/vote.pb")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "max_sum_cost;100000" in response.get_data(as_text=True)
