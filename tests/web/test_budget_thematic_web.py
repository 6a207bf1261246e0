"""Thematic budget headings: the discrimination observatory's heading has its own amount
(kept by the population split) and rule, and the whole commune votes in it."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import BudgetHeading
from tests.budget_factory import heading_ids, make_budget
from tests.conftest import post

OBSERVATORY = "Observatoire des discriminations"


def _observatory(app: Flask) -> BudgetHeading:
    with app.app_context():
        heading = db.session.scalar(select(BudgetHeading).where(BudgetHeading.name == OBSERVATORY))
        assert heading is not None
        db.session.expunge(heading)
        return heading


def test_an_admin_adds_a_thematic_heading_with_its_own_amount_and_rule(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    people.make("admin", level="elector", roles=("admin",), neighbourhood="Centre")
    people.login("admin")
    budget_id = make_budget(app, "upcoming", amounts=(0, 0, 0))
    added = post(
        client,
        f"/admin/budgets/{budget_id}/rubriques",
        {"name": OBSERVATORY},
        follow_redirects=True,
    )
    assert "Rubrique thématique ajoutée" in added.get_data(as_text=True)
    heading = _observatory(app)
    assert heading.thematic and heading.neighbourhood_id is None
    amounts = {f"h{h}": "0" for h in heading_ids(app, budget_id)}
    saved = post(
        client, f"/admin/budgets/{budget_id}/montants", {**amounts, f"h{heading.id}": "20000"}
    )
    assert saved.status_code == 302
    split = post(client, f"/admin/budgets/{budget_id}/repartition", {"city_share": "50"})
    page = split.get_data(as_text=True)
    # The envelope is 200,000: the observatory keeps 20,000, the city gets half the rest.
    assert f'name="h{heading.id}" required type="number" value="20000"' in page
    assert page.count('value="90000"') == 2  # the city-wide heading and Centre
    rules = {
        f"h{heading.id}-ballot_format": "approval",
        f"h{heading.id}-rule": "greedy",
        f"h{heading.id}-min_projects": "0",
        f"h{heading.id}-add1_step": "1",
    }
    post(client, f"/admin/budgets/{budget_id}/rubriques/{heading.id}/regles", rules)
    assert _observatory(app).rule == "greedy"
    data = client.get(f"/api/v1/budgets/{budget_id}").get_json()
    assert [h["name"] for h in data["headings"] if h["thematic"]] == [OBSERVATORY]
    twice = post(
        client,
        f"/admin/budgets/{budget_id}/rubriques",
        {"name": OBSERVATORY},
        follow_redirects=True,
    )
    assert "Une rubrique porte déjà ce nom." in twice.get_data(as_text=True)


def test_a_thematic_heading_is_refused_once_the_vote_has_opened(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    people.make("admin", level="elector", roles=("admin",))
    people.login("admin")
    budget_id = make_budget(app, "vote")
    page = post(
        client,
        f"/admin/budgets/{budget_id}/rubriques",
        {"name": OBSERVATORY},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Le vote est ouvert : les rubriques ne changent plus." in page


def test_every_resident_of_the_commune_may_vote_in_a_thematic_heading(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    budget_id = make_budget(app, "vote")
    with app.app_context():
        heading = BudgetHeading(budget_id=budget_id, name=OBSERVATORY, thematic=True, amount=10)
        db.session.add(heading)
        db.session.commit()
        heading_id = heading.id
    page = client.get(f"/budgets/{budget_id}/rubriques/{heading_id}").get_data(as_text=True)
    assert (
        "Les habitants de la commune âgés d" in page and "quelle que soit leur nationalité" in page
    )
