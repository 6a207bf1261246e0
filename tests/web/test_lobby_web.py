"""The lobby register: staff record meetings with interest representatives and gifts, the
public reads them at once (late ones marked), as open data in JSON and CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import post

MEETING = {
    "representative": "Jeanne Roux, Eaux de France",
    "official": "Paul Martin, adjoint à l'eau",
    "met_on": "2026-05-04",
    "subject": "Renouvellement du contrat de l'eau",
    "documents": "Note tarifaire 2027\nProjet d'avenant",
}


def test_a_councillor_records_a_meeting_everyone_reads_it_with_its_documents(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    people.make("elue", level="elector", roles=("councillor",))
    people.login("elue")
    response = post(client, "/lobby/meetings", MEETING, follow_redirects=True)
    assert "Rencontre publiée dans le registre." in response.get_data(as_text=True)
    people.logout()
    page = client.get("/lobby").get_data(as_text=True)
    assert "Jeanne Roux, Eaux de France" in page and "Note tarifaire 2027<br>" in page
    data = client.get("/api/v1/lobby-meetings").get_json()["lobby_meetings"]
    assert [(m["representative"], m["documents"]) for m in data] == [
        ("Jeanne Roux, Eaux de France", ["Note tarifaire 2027", "Projet d'avenant"])
    ]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/lobby-meetings.csv").text)))
    assert rows[0]["subject"] == "Renouvellement du contrat de l'eau"
    assert rows[0]["documents"] == "Note tarifaire 2027 | Projet d'avenant"


def test_a_meeting_recorded_after_the_set_number_of_days_is_marked_late(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    app.config["LOBBY_PUBLICATION_DAYS"] = 15
    people.make("agent", level="elector", roles=("clerk",))
    people.login("agent")
    post(client, "/lobby/meetings", {**MEETING, "met_on": "2026-01-05"})
    data = client.get("/api/v1/lobby-meetings").get_json()["lobby_meetings"]
    assert (data[0]["due_on"], data[0]["published_late"]) == ("2026-01-20", True)
    assert "en retard (due le 20 janvier 2026)" in client.get("/lobby").get_data(as_text=True)


def test_a_meeting_in_the_future_or_without_a_subject_is_refused(
    client: FlaskClient, people: Any
) -> None:
    people.make("agent", level="elector", roles=("clerk",))
    people.login("agent")
    page = post(
        client, "/lobby/meetings", {**MEETING, "met_on": "2999-01-01"}, follow_redirects=True
    )
    assert "Indiquez une date passée" in page.get_data(as_text=True)
    page = post(client, "/lobby/meetings", {**MEETING, "subject": " "}, follow_redirects=True)
    assert "Dites l&#39;objet" in page.get_data(as_text=True)
    assert client.get("/api/v1/lobby-meetings").get_json()["lobby_meetings"] == []


def test_a_declined_gift_is_published_with_its_value(client: FlaskClient, people: Any) -> None:
    people.make("elue", level="elector", roles=("councillor",))
    people.login("elue")
    # The gifts' form shares the page with the meetings' form: its fields are prefixed.
    gift = {
        "gift-official": "Paul Martin",
        "gift-giver": "Eaux de France",
        "gift-description": "Invitation au tournoi de Roland-Garros",
        "gift-value": 450,
        "gift-offered_on": "2026-05-20",
        "gift-outcome": "declined",
    }
    post(client, "/lobby/gifts", gift)
    people.logout()
    page = client.get("/lobby").get_data(as_text=True)
    assert "Invitation au tournoi de Roland-Garros" in page and "refusé" in page
    assert "450,00" in page


def test_a_resident_cannot_write_in_the_register(client: FlaskClient, people: Any) -> None:
    people.make("habitant", level="elector")
    people.login("habitant")
    assert post(client, "/lobby/meetings", MEETING).status_code == 403
    assert "Publier une rencontre" not in client.get("/lobby").get_data(as_text=True)


def test_bodies_are_open_data_in_json_and_csv(client: FlaskClient, people: Any) -> None:
    from tests.web.test_bodies_web import make_body

    make_body(client, people)
    data = client.get("/api/v1/bodies").get_json()["bodies"]
    assert [(b["kind"], b["seats"]["opposition"]) for b in data] == [("ccspl", 2)]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/bodies.csv").text)))
    assert (rows[0]["name"], rows[0]["expert_seats"]) == (
        "Commission consultative des services publics locaux",
        "2",
    )
