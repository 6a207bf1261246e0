"""Question time at the town hall's counter (issue 18): a clerk asks a question for the
person served, with their consent, and prints the receipt; the printed question form."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import AuditEntry, Question
from tests.conftest import People, post
from tests.support.meetings import plan_meeting
from tests.web.test_counter import QUESTION, _odette, register, text


def test_a_clerk_asks_a_question_for_the_person_and_prints_the_receipt(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7, title="Conseil municipal de mai")
    people.make("agent", roles=("clerk",))
    people.login("agent")
    register(client, app)
    person = _odette(app)
    board = text(client.get(f"/meetings/{meeting_id}"))
    assert "Au guichet : poser une question pour Odette Moreau" in board
    path = f"/meetings/{meeting_id}/questions/guichet"
    refused = post(client, path, QUESTION)
    assert refused.status_code == 200 and "accord" in text(refused)
    response = post(client, path, {**QUESTION, "consent": "y"})
    assert response.status_code == 302
    receipt = text(client.get(response.headers["Location"]))
    assert "Conseil municipal de mai" in receipt and "Un banc à l&#39;arrêt de bus" in receipt
    with app.app_context():
        question = db.session.scalar(select(Question))
        assert question is not None and question.author_id == person.id
        assert question.status == "submitted"
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "question.counter_submitted")
        )
        assert entry is not None and (entry.reason or "").startswith("au guichet, par ")


def test_the_printed_question_form_asks_what_the_counter_page_takes_in(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7, title="Conseil municipal de mai")
    people.make("agent", roles=("clerk",))
    people.login("agent")
    assert "Formulaire de question à imprimer" in text(client.get(f"/meetings/{meeting_id}"))
    form = text(client.get(f"/meetings/{meeting_id}/questions/formulaire"))
    assert "Conseil municipal de mai" in form
    for asked in ("Nom de famille", "Date de naissance", "Titre", "Afficher mon nom"):
        assert asked in form


def test_without_anyone_served_the_counter_acts_send_the_clerk_to_choose_someone(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("agent", roles=("clerk",))
    people.login("agent")
    register(client, app)
    post(client, "/guichet/fin")
    response = client.get(f"/meetings/{meeting_id}/questions/guichet")
    assert response.status_code == 302 and response.headers["Location"].endswith("/guichet/")
    assert "Au guichet" not in text(client.get(f"/meetings/{meeting_id}"))
