"""The administrator records the end of a signatory's mandate on the charter's register."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import AuditEntry, CharterSignatory
from tests.conftest import People, post


def test_the_admin_records_that_a_mandate_ended_and_the_register_says_so(
    app: Flask, client: FlaskClient, people: People
) -> None:
    with app.app_context():
        row = CharterSignatory(
            name="Marc Dupont",
            mandate="adjoint aux travaux",
            signed_on=date(2026, 3, 25),
            created_at=datetime.now(UTC),
        )
        db.session.add(row)
        db.session.commit()
        official_id = row.id
    url = f"/charte/signataires/{official_id}/fin-de-mandat"
    people.make("ana")
    people.login("ana")
    assert post(client, url, {"mandate_ended_on": "2026-06-30"}).status_code == 403
    people.logout()
    people.make("admin", roles=("admin",))
    people.login("admin")
    page = client.get("/charte/signataires").get_data(as_text=True)
    assert f'<label for="mandate-end-{official_id}">Fin du mandat de Marc Dupont</label>' in page
    before_signing = post(client, url, {"mandate_ended_on": "2026-01-31"}, follow_redirects=True)
    assert "entre la signature et aujourd&#39;hui" in before_signing.get_data(as_text=True)
    page = post(client, url, {"mandate_ended_on": "2026-06-30"}, follow_redirects=True)
    assert "Fin du mandat enregistrée." in page.get_data(as_text=True)
    assert "30 juin 2026" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(CharterSignatory, official_id).mandate_ended_on == date(2026, 6, 30)
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert "charter_signatory.mandate_ended" in actions
