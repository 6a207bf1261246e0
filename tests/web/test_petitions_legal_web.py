"""L1112-16 inside every petition, the council's deliberation, the charter's register
(docs/rules.md §3, §9)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import CharterSignatory, Document, Petition, Signature
from civic.models.meetings import AgendaItem
from tests.conftest import csrf_token, post
from tests.support.sql import statements_of, under_write_lock
from tests.web.test_petitions_web import commune as commune  # the fixture
from tests.web.test_petitions_web import draft_and_open, text

LEGAL = {"confirm": "y", "legal_request": "y"}


def sign(client: FlaskClient, people: Any, petition_id: int, name: str, **data: str) -> str:
    people.make(name, level="elector")
    people.login(name)
    response = post(client, f"/petitions/{petition_id}/sign", data)
    page = text(client.get(response.headers["Location"]))
    people.logout()
    return page


def test_electors_legal_requests_reach_a_tenth_and_oblige_the_mayor_and_the_council(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    people.logout()
    people.make("resident", level="resident")
    people.login("resident")
    page = text(client.get(f"/petitions/{petition_id}"))
    assert "Demande légale des électeurs (CGCT L1112-16)" in page  # the threshold, for all
    assert 'name="legal_request"' not in page  # the choice, for electors only
    response = post(client, f"/petitions/{petition_id}/sign", LEGAL)
    assert "Seuls les électeurs inscrits" in text(client.get(response.headers["Location"]))
    people.logout()
    with commune.app_context():
        assert db.session.get(Petition, petition_id).collected_count == 0

    people.make("elector0", level="elector")
    people.login("elector0")
    assert 'name="legal_request"' in text(client.get(f"/petitions/{petition_id}"))
    people.logout()
    # Electorate 50: one tenth is 5 legal requests. A plain elector's signature is not one.
    sign(client, people, petition_id, "plain", confirm="y")
    for number in range(1, 5):
        page = sign(client, people, petition_id, f"elector{number}", **LEGAL)
        assert "Elle vaut aussi votre demande légale" in page
    with commune.app_context():
        petition = db.session.get(Petition, petition_id)
        assert (petition.counted_electors, petition.counted_legal) == (5, 4)
        assert petition.legal_progress == "not_reached"
    sign(client, people, petition_id, "elector5", **LEGAL)

    with commune.app_context():
        petition = db.session.get(Petition, petition_id)
        assert petition.counted_legal == 5 and petition.legal_progress == "scheduled"
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.kind == "cgct_request"))
        assert item is not None and item.meeting is not None
        acknowledgement = db.session.scalar(
            select(Document).where(
                Document.kind == "acknowledgement", Document.matter != "submission"
            )
        )
        assert acknowledgement is not None
    letter = text(client.get(f"/documents/{acknowledgement.id}"))
    assert "accuse réception" in letter and "L1112-16" in letter
    assert "5 électeurs inscrits" in letter and "séance du" in letter
    api = client.get(f"/api/v1/petitions/{petition_id}").get_json()
    # The 5 % debate was crossed on the way (population 100): its draft, then these two.
    assert [d["kind"] for d in api["documents"]][-2:] == ["acknowledgement", "draft_deliberation"]
    assert api["legal_requests"] == 5 and api["progress"]["legal_request"] == "scheduled"
    page = text(client.get(f"/petitions/{petition_id}"))
    assert "Accusé de réception" in page


def test_an_elector_makes_one_legal_request_a_quarter_across_petitions(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    first = draft_and_open(client, people)
    people.logout()
    with commune.app_context():
        petition = db.session.get(Petition, first)
        copy = Petition(
            **{
                column: getattr(petition, column)
                for column in Petition.__table__.columns.keys()
                if column != "id"
            }
        )
        copy.title = "Un second sujet"
        db.session.add(copy)
        db.session.commit()
        second = copy.id
    sign(client, people, first, "ana", **LEGAL)
    people.login("ana")
    response = post(client, f"/petitions/{second}/sign", LEGAL)
    page = text(client.get(response.headers["Location"]))
    assert "déjà fait sa demande légale" in page and "Des arceaux" in page
    # Signing the second petition without making it a legal request is still open to her.
    response = post(client, f"/petitions/{second}/sign", {"confirm": "y"})
    assert response.headers["Location"].endswith("signed=1")
    with commune.app_context():
        rows = db.session.execute(
            select(Signature.petition_id, Signature.legal_request).order_by(Signature.id)
        ).all()
        assert [tuple(row) for row in rows] == [(first, True), (second, False)]


def test_a_legal_request_takes_the_write_lock_for_the_same_three_statements(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    with commune.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's database-wide write lock")
    petition_id = draft_and_open(client, people)
    people.make("ana", level="elector")
    people.login("ana")
    token = csrf_token(client)
    response, seen = statements_of(
        commune,
        lambda: client.post(f"/petitions/{petition_id}/sign", data={"csrf_token": token, **LEGAL}),
    )
    assert response.status_code == 302
    # The same three as any signature: the slot is checked by a UNIQUE, not a query.
    assert under_write_lock(seen) == ["SELECT petitions", "INSERT signatures", "UPDATE petitions"]


def test_a_recall_petition_names_an_official_from_the_charters_register(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    people.make("admin", roles=("admin",))
    people.login("admin")
    refused = post(client, "/charte/signataires", {"name": "Zoé Martin", "mandate": "maire"})
    assert "Zoé Martin" not in text(refused.data and client.get("/charte/signataires"))
    added = post(
        client,
        "/charte/signataires",
        {"name": "Zoé  Martin", "mandate": "maire", "signed_on": "2026-03-20"},
    )
    assert added.status_code == 302
    people.logout()
    register = text(client.get("/charte/signataires"))
    assert "Zoé Martin" in register and "20 mars 2026" in register
    with commune.app_context():
        official_id = db.session.scalar(select(CharterSignatory.id))

    people.make("carrier", level="elector")
    people.login("carrier")
    draft = {
        "title": "Révocation",
        "easy_read": "Nous demandons un vote.",
        "decision_asked": "Organiser le vote de révocation.",
        "body": "Texte.",
        "rule_set_code": "charter",
        "kind": "recall",
        "recall_signatory_id": "",
        "neighbourhood_id": "",
    }
    page = text(post(client, "/petitions/new", draft))
    assert "registre des signataires de la charte" in page
    with commune.app_context():
        assert db.session.scalar(select(func.count()).select_from(Petition)) == 0
    response = post(client, "/petitions/new", {**draft, "recall_signatory_id": str(official_id)})
    page = text(client.get(response.headers["Location"]))
    assert "Zoé Martin (maire)" in page and "signataire de la charte" in page
    people.logout()

    # An official a petition names stays on the register.
    people.login("admin")
    response = post(client, f"/charte/signataires/{official_id}/remove")
    assert "vise cette personne" in text(client.get(response.headers["Location"]))
    with commune.app_context():
        assert db.session.get(CharterSignatory, official_id).signed_on == date(2026, 3, 20)
