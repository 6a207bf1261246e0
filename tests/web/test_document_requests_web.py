"""Document requests: a resident or a body asks, the commune answers within a month (CRPA),
the list shows every deadline and flags the overdue ones, never a resident's name."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import post
from tests.web.test_bodies_web import make_body


def late_count(page: str) -> int:
    """The count the list announces ("1 demande en retard.")."""
    found = re.search(r"(\d+) demande(?:s|\(s\))? en retard\.", page)
    assert found is not None
    return int(found.group(1))


def _record(client: FlaskClient, app: Flask, received_on: str) -> None:
    with app.app_context():
        from civic.extensions import db
        from civic.models import Body

        body_id = db.session.scalar(db.select(Body.id))
    response = post(
        client,
        "/document-requests/record",
        {
            "body_id": body_id,
            "document": "Rapport annuel du délégataire de l'eau 2025",
            "received_on": received_on,
        },
        follow_redirects=True,
    )
    assert "Demande enregistrée." in response.get_data(as_text=True)


def test_a_body_request_unanswered_after_a_month_is_flagged_late_everywhere(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    location = make_body(client, people)
    people.make("agent", level="elector", roles=("clerk",))
    people.login("agent")
    _record(client, app, "2026-01-05")
    people.logout()
    page = client.get("/document-requests").get_data(as_text=True)
    assert "Rapport annuel du délégataire de l&#39;eau 2025" in page
    assert "5 février 2026" in page and "en retard" in page
    assert "1 demande en retard." in page
    assert "en retard" in client.get(location).get_data(as_text=True)
    data = client.get("/api/v1/bodies").get_json()["bodies"][0]["document_requests"]
    assert [(r["due_on"], r["overdue"]) for r in data] == [("2026-02-05", True)]


def test_a_resident_asks_and_the_clerk_answers_once(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    people.make("habitante", level="resident", family_name="Durand", given_names="Lucie")
    people.login("habitante")
    form = client.get("/document-requests/new").get_data(as_text=True)
    assert "un mois pour répondre" in form
    response = post(client, "/document-requests/new", {"document": "Marché de la cantine 2026"})
    assert response.status_code == 302
    people.logout()
    page = client.get("/document-requests").get_data(as_text=True)
    assert "Marché de la cantine 2026" in page and "un habitant" in page
    assert "Durand" not in page and "0 demande en retard." in page
    people.make("agent", level="elector", roles=("clerk",))
    people.login("agent")
    with app.app_context():
        from civic.extensions import db
        from civic.models import DocumentRequest

        request_id = db.session.scalar(db.select(DocumentRequest.id))
    answer = {"outcome": "communicated", "answer": "Envoyé par courriel le jour même."}
    post(client, f"/document-requests/{request_id}/answer", answer)
    again = post(client, f"/document-requests/{request_id}/answer", answer, follow_redirects=True)
    assert "Cette demande a déjà reçu sa réponse" in again.get_data(as_text=True)
    people.logout()
    page = client.get("/document-requests").get_data(as_text=True)
    assert "communiqué" in page and "Envoyé par courriel le jour même." in page


def test_an_empty_or_endless_request_is_refused(client: FlaskClient, people: Any) -> None:
    people.make("habitante", level="resident")
    people.login("habitante")
    page = post(client, "/document-requests/new", {"document": "  "}).get_data(as_text=True)
    assert "Dites quel document est demandé" in page
    page = post(client, "/document-requests/new", {"document": "x" * 501}).get_data(as_text=True)
    assert "Le formulaire contient des erreurs" in page


def test_a_resident_cannot_answer_or_record_for_a_body(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    people.make("habitante", level="resident")
    people.login("habitante")
    assert post(client, "/document-requests/1/answer", {"outcome": "refused"}).status_code == 403
    assert post(client, "/document-requests/record", {}).status_code == 403


def test_a_resident_finds_their_requests_in_their_data_export(
    client: FlaskClient, people: Any
) -> None:
    people.make("habitante", level="resident")
    people.login("habitante")
    post(client, "/document-requests/new", {"document": "Marché de la cantine 2026"})
    data = client.get("/account/export.json").get_json()
    assert [r["document"] for r in data["document_requests"]] == ["Marché de la cantine 2026"]
