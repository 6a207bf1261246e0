"""The gifts register is open data like the lobby meetings: each gift or invitation offered
to an official, in JSON (``/api/v1/gifts``) and CSV (``/api/v1/gifts.csv``), with when it
was published and whether it was late; never who recorded it; safe in a spreadsheet; and
the public register page links to it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from civic.electorate import local_day
from tests.conftest import post

FORMULA = '=HYPERLINK("https://exemple.invalid/","Cliquez ici")'


def _today(app: Flask) -> date:
    with app.app_context():
        return local_day(datetime.now(UTC))


def _declare(client: FlaskClient, people: Any, offered_on: date, **fields: Any) -> None:
    """A councillor declares a gift through the register's form, then logs out."""
    people.make("elue", level="elector", roles=("councillor",))
    people.login("elue")
    gift = {
        "gift-official": "Paul Martin, adjoint à l'eau",
        "gift-giver": "Eaux de France",
        "gift-description": "Invitation au tournoi de Roland-Garros",
        "gift-value": 450,
        "gift-offered_on": offered_on.isoformat(),
        "gift-outcome": "declined",
    }
    gift.update({f"gift-{name}": value for name, value in fields.items()})
    response = post(client, "/lobby/gifts", gift, follow_redirects=True)
    assert "Cadeau publié dans le registre." in response.get_data(as_text=True)
    people.logout()


def _csv_rows(client: FlaskClient) -> list[dict[str, str]]:
    response = client.get("/api/v1/gifts.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == "attachment; filename=gifts.csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_a_declared_gift_is_open_data_in_json_and_csv_with_its_publication(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    app.config["LOBBY_PUBLICATION_DAYS"] = 15
    today = _today(app)
    offered_on = today - timedelta(days=2)
    _declare(client, people, offered_on)

    (gift,) = client.get("/api/v1/gifts").get_json()["gifts"]
    assert gift == {
        "id": gift["id"],
        "offered_on": offered_on.isoformat(),
        "official": "Paul Martin, adjoint à l'eau",
        "giver": "Eaux de France",
        "description": "Invitation au tournoi de Roland-Garros",
        "value": 450,
        "outcome": "declined",
        "published_on": today.isoformat(),
        "due_on": (offered_on + timedelta(days=15)).isoformat(),
        "published_late": False,
    }
    (row,) = _csv_rows(client)
    assert row == {
        "id": str(gift["id"]),
        "offered_on": offered_on.isoformat(),
        "official": "Paul Martin, adjoint à l'eau",
        "giver": "Eaux de France",
        "description": "Invitation au tournoi de Roland-Garros",
        "value": "450",
        "outcome": "declined",
        "published_on": today.isoformat(),
        "due_on": (offered_on + timedelta(days=15)).isoformat(),
        "published_late": "no",
    }


def test_a_gift_declared_after_the_set_number_of_days_is_open_data_marked_late(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    app.config["LOBBY_PUBLICATION_DAYS"] = 15
    offered_on = _today(app) - timedelta(days=40)
    _declare(client, people, offered_on, outcome="accepted", value=35)

    (gift,) = client.get("/api/v1/gifts").get_json()["gifts"]
    due = offered_on + timedelta(days=15)
    assert (gift["outcome"], gift["value"]) == ("accepted", 35)
    assert (gift["due_on"], gift["published_late"]) == (due.isoformat(), True)
    assert _csv_rows(client)[0]["published_late"] == "yes"
    page = client.get("/lobby").get_data(as_text=True)
    gifts_section = page[page.index('id="gifts"') :]
    assert "en retard (due le" in gifts_section


def test_a_gift_typed_as_a_formula_is_plain_text_in_the_csv(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    _declare(client, people, _today(app) - timedelta(days=1), giver=FORMULA, description="-1 €")

    (row,) = _csv_rows(client)
    assert (row["giver"], row["description"]) == ("'" + FORMULA, "'-1 €")
    # JSON is not opened by a spreadsheet: it keeps what was typed.
    (gift,) = client.get("/api/v1/gifts").get_json()["gifts"]
    assert (gift["giver"], gift["description"]) == (FORMULA, "-1 €")


def test_no_gift_declared_gives_an_empty_register_in_json_and_a_header_in_csv(
    client: FlaskClient,
) -> None:
    assert client.get("/api/v1/gifts").get_json() == {"gifts": []}
    header = client.get("/api/v1/gifts.csv").get_data(as_text=True).splitlines()
    assert header == [
        "id,offered_on,official,giver,description,value,outcome,published_on,due_on,published_late"
    ]


def test_the_public_register_page_links_to_the_gifts_open_data(client: FlaskClient) -> None:
    page = client.get("/lobby").get_data(as_text=True)
    assert 'href="/api/v1/gifts.csv"' in page
    assert "Télécharger les cadeaux et invitations (CSV)" in page
    assert 'href="/api/v1/lobby-meetings.csv"' in page
