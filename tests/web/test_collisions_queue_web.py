"""The clerks' queue of identity collisions (/clerk/residents/doublons), like the other
queues: searched by a name or an address in either row of the pair, or the day found;
twenty at a time, those still to examine first, then the oldest found first; as a
page and as an HTMX fragment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import Petition, Signature
from civic.models.identity import IdentityCollision
from civic.models.petitions import OPEN
from tests.conftest import People
from tests.support.sql import statements_of

HX = {"HX-Request": "true"}
URL = "/clerk/residents/doublons"
DAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _collision(
    app: Flask,
    first: int,
    second: int,
    found: datetime,
    *,
    kind: str = "accounts",
    examined: bool = False,
) -> str:
    """Records a collision; returns the id its section has on the page."""
    with app.app_context():
        collision = IdentityCollision(
            kind=kind,
            identity_key="k" * 64,
            first_id=first,
            second_id=second,
            found_at=found,
            examined_at=found + timedelta(hours=1) if examined else None,
            decision="Deux personnes." if examined else None,
        )
        db.session.add(collision)
        db.session.commit()
        return f'id="collision-{collision.id}"'


@pytest.fixture
def clerk(people: People) -> People:
    people.make("clerk", roles=("clerk",))
    return people


def test_the_collisions_show_twenty_at_a_time_those_to_examine_first_then_oldest(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    first = clerk.make("lea", family_name="Dupont", given_names="Léa")
    second = clerk.make("lea2", family_name="Du\u200bpont", given_names="Léa")
    decided = _collision(app, first, second, DAY - timedelta(days=30), examined=True)
    waiting = [_collision(app, first, second, DAY + timedelta(hours=n)) for n in range(24)]
    clerk.login("clerk")
    page = client.get(URL).get_data(as_text=True)
    assert "<html" in page and "25 doublons dans la liste." in page
    assert page.count('class="collision"') == 20
    assert page.index(waiting[0]) < page.index(waiting[19])
    assert waiting[20] not in page and decided not in page
    assert "Page 1 sur 2" in page and 'rel="next"' in page
    second_page = client.get(f"{URL}?page=2").get_data(as_text=True)
    assert second_page.count('class="collision"') == 5
    assert second_page.index(waiting[23]) < second_page.index(decided)
    assert "Examiné le" in second_page and waiting[0] not in second_page


@pytest.mark.parametrize("headers", [{}, HX])
def test_a_collision_is_found_by_a_name_in_either_row_or_the_day_it_was_found(
    app: Flask, client: FlaskClient, clerk: People, headers: dict[str, str]
) -> None:
    lefebvre = clerk.make("paul", family_name="Lefebvre", given_names="Paul")
    other = clerk.make("paul2", family_name="Lefèbvre", given_names="Paul")
    martin = clerk.make("anne", family_name="Martin", given_names="Anne")
    marti = clerk.make("anne2", family_name="Mart\u200bin", given_names="Anne")
    by_lefebvre = _collision(app, lefebvre, other, DAY)
    by_martin = _collision(app, marti, martin, DAY + timedelta(days=3))
    clerk.login("clerk")

    def shown(query: str) -> str:
        response = client.get(f"{URL}?{query}", headers=headers)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        if headers:
            assert page.lstrip().startswith('<div id="collision-queue"') and "<html" not in page
        else:
            assert "<html" in page and 'role="search"' in page
        return page

    first_row = shown("q=lefeb")
    assert by_lefebvre in first_row and by_martin not in first_row
    second_row = shown("q=martin+anne")  # the second account of its pair
    assert by_martin in second_row and by_lefebvre not in second_row
    on_the_day = shown("jour=2026-03-05")
    assert by_martin in on_the_day and by_lefebvre not in on_the_day
    nothing = shown("q=Zzz")
    assert "Aucun doublon ne correspond à cette recherche." in nothing
    assert by_lefebvre not in nothing and by_martin not in nothing


def test_a_collision_of_paper_signatures_is_found_by_the_name_on_the_sheet(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    author = clerk.make("author")
    with app.app_context():
        petition = Petition(
            title="Des arbres rue Haute",
            body="Texte",
            easy_read="Texte facile",
            decision_asked="Décision",
            rule_set_code="local",
            rule_set_snapshot="{}",
            state=OPEN,
            author_id=author,
            submitted_at=DAY,
        )
        db.session.add(petition)
        db.session.flush()
        lines = [
            Signature(
                petition_id=petition.id,
                identity_key=f"key-{n}",
                channel="paper",
                created_at=DAY,
                paper_family_name=family,
                paper_given_names="Jeanne",
                paper_address="3 impasse des Lilas",
            )
            for n, family in enumerate(("Rousseau", "Rous\u200bseau"))
        ]
        db.session.add_all(lines)
        db.session.commit()
        ids = [line.id for line in lines]
    found = _collision(app, ids[0], ids[1], DAY, kind="signatures")
    clerk.login("clerk")
    page = client.get(f"{URL}?q=rousseau+jeanne").get_data(as_text=True)
    assert found in page and "Des arbres rue Haute" in page
    assert found in client.get(f"{URL}?q=lilas", headers=HX).get_data(as_text=True)
    assert found not in client.get(f"{URL}?q=martin").get_data(as_text=True)


def test_a_strange_search_of_the_collisions_is_ignored_rather_than_failing(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    first = clerk.make("lea", family_name="Attente")
    second = clerk.make("lea2", family_name="Att\u200bente")
    _collision(app, first, second, DAY)
    clerk.login("clerk")
    for query in (
        "page=-3",
        "page=99999999999",
        "jour=2026-13-45",
        "jour=9999-12-31",
        "jour=0001-01-01",
        "q=%00Attente",
        "q=" + "%25_\\" * 200,
    ):
        for headers in ({}, HX):
            response = client.get(f"{URL}?{query}", headers=headers)
            assert response.status_code < 500, query  # a NUL is refused (400) before the view
    # A page past the last one shows the last one.
    assert "Attente" in client.get(f"{URL}?page=7").get_data(as_text=True)


def test_a_page_of_collisions_is_read_in_a_fixed_number_of_queries(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("statements_of reads SQLite's trace")
    first = clerk.make("lea", family_name="Dupont")
    second = clerk.make("lea2", family_name="Du\u200bpont")
    clerk.login("clerk")

    def statements_with(count: int) -> int:
        for n in range(count):
            _collision(app, first, second, DAY + timedelta(minutes=n))
        response, seen = statements_of(app, lambda: client.get(URL))
        assert response.get_data(as_text=True).count('class="collision"') == min(count, 20)
        return sum(1 for s in seen if s.startswith("SELECT"))

    assert statements_with(2) == statements_with(30)
