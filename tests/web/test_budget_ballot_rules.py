"""The ballot rules a resident meets on the web (their one definition is the core's,
civic/core/budget/ballot.py): at most k projects, at least the heading's minimum, only
projects on this heading's ballot; the running total says the same before the vote."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import BudgetBallot, BudgetHeading
from civic.models.budget import BALLOT_K_APPROVAL
from tests.budget_factory import add_projects, heading_ids, make_budget
from tests.conftest import People, post

COSTS = {"Aire de jeux": 70_000, "Pistes cyclables": 60_000, "Bancs": 8_000, "Arbres": 15_000}


def _text(response: Any) -> str:
    return response.get_data(as_text=True)


def _ballots(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(BudgetBallot)) or 0


def _alice_at_a_k_approval_heading(
    app: Flask, people: People, k: int, minimum: int
) -> tuple[int, int, dict[str, int]]:
    """A 100,000 EUR k-approval heading open to the vote, and Alice logged in."""
    people.make("alice")
    people.login("alice")
    budget_id = make_budget(app, "vote", amounts=(100_000,))
    (city,) = heading_ids(app, budget_id)
    with app.app_context():
        heading = db.session.get(BudgetHeading, city)
        assert heading is not None
        heading.ballot_format = BALLOT_K_APPROVAL
        heading.max_projects = k
        heading.min_projects = minimum
        db.session.commit()
    return budget_id, city, add_projects(app, city, COSTS)


def test_a_k_approval_ballot_names_at_most_k_projects_but_may_cost_more_than_the_amount(
    app: Flask, client: FlaskClient, people: People
) -> None:
    budget_id, city, ids = _alice_at_a_k_approval_heading(app, people, k=2, minimum=0)
    url = f"/budgets/{budget_id}/rubriques/{city}/vote"
    three = [str(ids[t]) for t in ("Aire de jeux", "Pistes cyclables", "Bancs")]
    refused = post(client, url, {"projects": three}, headers={"HX-Request": "true"})
    assert refused.status_code == 200
    assert "Vous pouvez choisir au plus 2 projets ; retirez-en 1." in _text(refused)
    assert _ballots(app) == 0
    # 130,000 EUR for a 100,000 EUR heading: k-approval counts projects, not euros.
    two = [str(ids["Aire de jeux"]), str(ids["Pistes cyclables"])]
    assert post(client, url, {"projects": two}).status_code == 302
    assert _ballots(app) == 1


def test_fewer_projects_than_the_minimum_are_refused_and_the_running_total_says_so(
    app: Flask, client: FlaskClient, people: People
) -> None:
    budget_id, city, ids = _alice_at_a_k_approval_heading(app, people, k=3, minimum=2)
    total = client.get(
        f"/budgets/{budget_id}/rubriques/{city}?projects={ids['Bancs']}",
        headers={"HX-Request": "true"},
    )
    assert "Choisissez au moins 2 projets." in _text(total)
    refused = post(
        client, f"/budgets/{budget_id}/rubriques/{city}/vote", {"projects": [str(ids["Bancs"])]}
    )
    assert "Choisissez au moins 2 projets." in _text(refused)
    assert _ballots(app) == 0


def test_a_project_of_another_heading_is_refused(
    app: Flask, client: FlaskClient, people: People
) -> None:
    budget_id, city, ids = _alice_at_a_k_approval_heading(app, people, k=3, minimum=0)
    other_budget = make_budget(app, "vote", amounts=(50_000,))
    (other,) = heading_ids(app, other_budget)
    stranger = add_projects(app, other, {"Fontaine": 5_000})["Fontaine"]
    refused = post(
        client,
        f"/budgets/{budget_id}/rubriques/{city}/vote",
        {"projects": [str(ids["Bancs"]), str(stranger)]},
    )
    assert "Ce bulletin contient un projet qui n&#39;est pas soumis au vote." in _text(refused)
    assert _ballots(app) == 0
