"""A budget's projects as a list: the share of its heading each would take, a badge
for those retained, search, filters, sort and pages, as a page and as HTMX's
fragment; whatever the address holds, a page and never an error."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic.budget import listing
from civic.extensions import db
from civic.models import BudgetProposal, Neighbourhood
from tests.budget_factory import add_projects, heading_ids, make_budget

HX = {"HX-Request": "true"}


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def titles(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/budgets/\d+/propositions/\d+">([^<]+)</a></h3>', page)


@pytest.fixture
def budget(app: Flask) -> dict[str, Any]:
    """City-wide heading (100,000 €) and the Gare's (60,000 €), four projects."""
    with app.app_context():
        db.session.add(Neighbourhood(name="Gare", population=40))
        db.session.commit()
    budget_id = make_budget(app, "vote")
    city, gare = heading_ids(app, budget_id)
    made = add_projects(app, city, {"Fontaine au parc": 25_000, "Bancs du marché": 8_000})
    made |= add_projects(app, gare, {"Abri vélo de la gare": 40_000, "Fresque": 3_000})
    with app.app_context():
        fresque = db.session.get(BudgetProposal, made["Fresque"])
        assert fresque is not None
        fresque.selected = True
        db.session.commit()
    return {"id": budget_id, "city": city, "gare": gare}


def test_each_project_shows_its_share_of_the_heading_and_whether_it_was_retained(
    client: FlaskClient, budget: dict[str, Any]
) -> None:
    page = text(client.get(f"/budgets/{budget['id']}/propositions"))

    assert '<meter min="0" max="100000" value="25000"' in page
    assert "25\u00a0% du montant de la rubrique" in page or "25 % du montant" in page
    assert page.count("Projet retenu</strong>") == 1
    assert "4 projets" in page


def test_search_filters_and_sorts_narrow_and_order_the_projects(
    client: FlaskClient, budget: dict[str, Any]
) -> None:
    base = f"/budgets/{budget['id']}/propositions"

    assert titles(text(client.get(f"{base}?q=fontaine"))) == ["Fontaine au parc"]
    assert titles(text(client.get(f"{base}?state=selected"))) == ["Fresque"]
    assert titles(text(client.get(f"{base}?heading={budget['gare']}&sort=cheapest"))) == [
        "Fresque",
        "Abri vélo de la gare",
    ]
    assert titles(text(client.get(f"{base}?sort=costliest"))) == [
        "Abri vélo de la gare",
        "Fontaine au parc",
        "Bancs du marché",
        "Fresque",
    ]


def test_the_projects_are_paged_and_htmx_gets_the_results_alone(
    client: FlaskClient, budget: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "PER_PAGE", 3)
    base = f"/budgets/{budget['id']}/propositions"

    first = text(client.get(f"{base}?sort=cheapest"))
    second = text(client.get(f"{base}?sort=cheapest&page=2", headers=HX))

    assert titles(first) == ["Fresque", "Bancs du marché", "Fontaine au parc"]
    assert f'href="{base}?sort=cheapest&amp;page=2" rel="next"' in first
    assert second.lstrip().startswith('<div id="proposal-list"') and "<html" not in second
    assert titles(second) == ["Abri vélo de la gare"]


@pytest.mark.parametrize(
    "query",
    [
        "page=" + "9" * 30,
        "sort=nonsense&state=draft&heading=99999999999999999999",
        "q=%E2%80%AE%EF%BB%BF%F0%9F%9A%B2" + "%F0%9F%9A%B2" * 300,
        "q=100%25_\\",
    ],
)
def test_an_odd_address_gives_a_clear_page_never_an_error(
    client: FlaskClient, budget: dict[str, Any], query: str
) -> None:
    assert "Les propositions" in text(client.get(f"/budgets/{budget['id']}/propositions?{query}"))
