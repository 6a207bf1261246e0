"""Petitions at the town hall's counter (issue 18): a clerk signs for the person served,
with their consent, and prints the receipt; the printed sheet collects paper signatures."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import AuditEntry, CounterAct, Signature
from tests.conftest import People, post
from tests.web.test_counter import _odette, register, text
from tests.web.test_petitions_web import draft_and_open


def test_a_clerk_signs_a_petition_for_the_person_with_consent_and_prints_the_receipt(
    app: Flask, client: FlaskClient, people: People
) -> None:
    petition_id = draft_and_open(client, people)
    people.login("clerk")
    register(client, app)
    person = _odette(app)
    page = text(client.get(f"/petitions/{petition_id}"))
    assert "Au guichet : signer pour Odette Moreau" in page
    refused = post(client, f"/petitions/{petition_id}/guichet/signer", {})
    assert "accord" in text(client.get(refused.headers["Location"]))
    with app.app_context():
        assert db.session.scalar(select(Signature)) is None
    response = post(client, f"/petitions/{petition_id}/guichet/signer", {"consent": "y"})
    assert response.status_code == 302 and "/guichet/recus/" in response.headers["Location"]
    receipt = text(client.get(response.headers["Location"]))
    assert "Odette Moreau" in receipt and "Signature de la pétition" in receipt
    assert "au guichet de la mairie" in receipt and "Ctrl+P" in receipt
    again = post(client, f"/petitions/{petition_id}/guichet/signer", {"consent": "y"})
    assert "déjà signé" in text(client.get(again.headers["Location"]))
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        assert signature is not None and signature.user_id == person.id
        assert signature.channel == "counter" and signature.residence_verified
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "signature.counter_entered")
        )
        assert entry is not None and entry.reason is not None
        assert entry.reason.startswith("au guichet, par ")
        assert db.session.scalar(select(CounterAct.kind)) == "signature"
    person_page = text(client.get(f"/guichet/personnes/{person.id}"))
    assert "Imprimer le reçu" in person_page


def test_the_printed_petition_sheet_has_the_columns_the_paper_entry_takes_in(
    app: Flask, client: FlaskClient, people: People
) -> None:
    petition_id = draft_and_open(client, people)
    people.login("clerk")
    assert "Feuille à imprimer" in text(client.get(f"/petitions/{petition_id}"))
    sheet = text(client.get(f"/petitions/{petition_id}/feuille"))
    entry = text(client.get(f"/petitions/{petition_id}/paper"))
    for column, field in (
        ("Nom", "family_name"),
        ("Prénoms", "given_names"),
        ("Date de naissance", "birth_date"),
        ("Adresse", "address"),
        ("Quartier", "neighbourhood_id"),
    ):
        assert f'<th scope="col">{column}' in sheet and f'name="{field}"' in entry
    assert "à partir de 16 ans" in sheet and "441-1" in sheet
    assert "Données personnelles" in sheet
