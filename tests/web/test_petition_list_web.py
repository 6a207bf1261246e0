"""The public petition list: progress towards the next threshold, badges for those
reached, search, filters, sort and pages, as a page and as HTMX's fragment; whatever
the address holds, a page and never an error."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import Neighbourhood, Petition
from civic.petitions import listing
from tests.integration.test_petitions_signing import add_figures, open_petition

HX = {"HX-Request": "true"}


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def titles(page: str) -> list[str]:
    """The petitions listed, in order."""
    import re

    return re.findall(r'<h3><a href="/petitions/\d+">([^<]+)</a></h3>', page)


@pytest.fixture
def petitions(app: Flask, people: Any) -> dict[str, int]:
    """Three open petitions (population 100: the debate asks 5 signatures, the
    votation 10) and a closed one in the Gare neighbourhood."""
    made = {}
    with app.app_context():
        add_figures(population=100, electorate=50)
        db.session.add(Neighbourhood(name="Gare", population=40))
        db.session.commit()
        for title, counted, state in (
            ("Des arceaux à vélo", 2, "open"),
            ("Un banc place du marché", 7, "open"),
            ("Une fontaine au parc", 4, "open"),
            ("Un abri à la gare", 1, "closed"),
        ):
            petition = db.session.get(
                Petition, open_petition(people, title=title, now=datetime.now(UTC))
            )
            assert petition is not None
            petition.collected_count = petition.counted_residents = counted
            petition.state = state
            if state == "closed":
                petition.neighbourhood_id = db.session.scalar(
                    db.select(Neighbourhood.id).where(Neighbourhood.name == "Gare")
                )
            db.session.commit()
            made[title] = petition.id
    return made


def test_each_petition_shows_its_progress_towards_the_next_threshold_and_the_ones_reached(
    client: FlaskClient, petitions: dict[str, int]
) -> None:
    page = text(client.get("/petitions/"))

    assert "Seuil atteint : Débat au conseil municipal" in page
    assert '<progress max="10" value="7"' in page  # the banc's next: the votation
    assert '<progress max="5" value="2"' in page  # the arceaux's next: the debate
    assert "4 pétitions" in page


def test_search_filters_and_sorts_narrow_and_order_the_list(
    client: FlaskClient, petitions: dict[str, int]
) -> None:
    assert titles(text(client.get("/petitions/?q=FONTAINE"))) == ["Une fontaine au parc"]
    assert titles(text(client.get("/petitions/?q=place+banc"))) == ["Un banc place du marché"]
    assert titles(text(client.get("/petitions/?state=closed"))) == ["Un abri à la gare"]
    assert titles(text(client.get("/petitions/?rules=cgct"))) == []
    assert titles(text(client.get("/petitions/?state=open&sort=signed"))) == [
        "Un banc place du marché",
        "Une fontaine au parc",
        "Des arceaux à vélo",
    ]
    # Closest to a threshold: 4 of 5 (80 %), then 7 of 10 (70 %), 2 of 5 (40 %).
    assert titles(text(client.get("/petitions/?state=open&sort=closest"))) == [
        "Une fontaine au parc",
        "Un banc place du marché",
        "Des arceaux à vélo",
    ]


def test_the_neighbourhood_filter_keeps_that_neighbourhoods_petitions(
    app: Flask, client: FlaskClient, petitions: dict[str, int]
) -> None:
    with app.app_context():
        gare = db.session.scalar(db.select(Neighbourhood.id).where(Neighbourhood.name == "Gare"))

    assert titles(text(client.get(f"/petitions/?neighbourhood={gare}"))) == ["Un abri à la gare"]


def test_the_list_is_paged_and_the_pager_keeps_the_search(
    client: FlaskClient, petitions: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "PER_PAGE", 2)

    first = text(client.get("/petitions/?sort=signed"))
    second = text(client.get("/petitions/?sort=signed&page=2"))

    assert titles(first) == ["Un banc place du marché", "Une fontaine au parc"]
    assert titles(second) == ["Des arceaux à vélo", "Un abri à la gare"]
    assert 'href="/petitions/?sort=signed&amp;page=2" rel="next"' in first
    assert "page 2 sur 2" in second


def test_with_htmx_the_same_address_answers_the_results_alone(
    client: FlaskClient, petitions: dict[str, int]
) -> None:
    fragment = text(client.get("/petitions/?q=fontaine", headers=HX))

    assert fragment.lstrip().startswith('<div id="petition-list"')
    assert "<html" not in fragment
    assert titles(fragment) == ["Une fontaine au parc"]


@pytest.mark.parametrize(
    "query",
    [
        "page=" + "9" * 30,
        "page=-3",
        "page=%D9%A2",
        "sort=nonsense&state=draft&rules=nope&neighbourhood=99999999999999999999",
        "q=%E2%80%AE%EF%BB%BF%E2%80%8Bv%C3%A9lo",
        "q=" + "%F0%9F%9A%B2" * 300,
        "q=%FF%FE",
        "q=100%25_\\",
    ],
)
def test_an_odd_address_gives_a_clear_page_never_an_error(
    client: FlaskClient, petitions: dict[str, int], query: str
) -> None:
    page = text(client.get(f"/petitions/?{query}"))

    assert "Pétitions publiées" in page
