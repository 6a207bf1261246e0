"""Neighbourhood councils at the town hall's counter (issue 18): a clerk applies in the
name of the person served, with their consent, and prints the receipt."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import AuditEntry, CouncilApplication
from tests.conftest import People, post
from tests.integration.test_budget_council_vote import council_for
from tests.web.test_counter import _odette, register, text

ANSWERS = {"kind": "pool", "gender": "female"}


def test_a_clerk_applies_to_the_council_for_the_person_with_consent(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("agent", roles=("clerk",))
    council_id = council_for(app)
    people.login("agent")
    register(client, app)
    person = _odette(app)
    page = text(client.get(f"/councils/{council_id}"))
    assert "Au guichet : candidater pour Odette Moreau" in page
    path = f"/councils/{council_id}/guichet/candidater"
    assert "75+ ans" in text(client.get(path))  # her band, from her birth date (1941)
    refused = post(client, path, ANSWERS)
    assert refused.status_code == 200 and "accord" in text(refused)
    response = post(client, path, {**ANSWERS, "consent": "y"})
    assert response.status_code == 302
    receipt = text(client.get(response.headers["Location"]))
    assert "Candidature au conseil de quartier Centre" in receipt
    again = post(client, path, {**ANSWERS, "consent": "y"})
    assert "déjà candidaté" in text(again)
    with app.app_context():
        application = db.session.scalar(select(CouncilApplication))
        assert application is not None and application.user_id == person.id
        assert application.status == "pending"
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "council.counter_applied")
        )
        assert entry is not None and (entry.reason or "").startswith("au guichet, par ")
