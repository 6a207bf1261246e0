"""The register of the charter's signatories keeps an official while their mandate runs
and one year more: the mandate ends on the day the administrator records, or else at
the council's general renewal after the signature (Code électoral L227)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.charter import services as charter
from civic.database import write_intent
from civic.extensions import db
from civic.models import CharterSignatory, Petition, User
from civic.models.petitions import CLOSED
from civic.privacy.retention import run
from civic.services import Refused
from tests.conftest import People

# The configured next renewal is March 2032: the one before was on 1 March 2026.
NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    app.config["COUNCIL_GENERAL_RENEWAL"] = "2032-03"
    with app.app_context(), write_intent():
        yield app


def official(name: str, signed_on: date, ended: date | None = None) -> int:
    row = CharterSignatory(
        name=name, mandate="conseiller municipal", signed_on=signed_on, mandate_ended_on=ended
    )
    db.session.add(row)
    db.session.flush()
    row_id = row.id
    db.session.commit()  # nothing read after: the fixture's session may write next
    return row_id


def registered() -> list[str]:
    return list(db.session.scalars(select(CharterSignatory.name).order_by(CharterSignatory.name)))


def test_without_a_recorded_end_the_mandate_ends_at_the_general_renewal(ctx: Flask) -> None:
    official("Ancien Mandat", date(2021, 9, 1))  # ended with the March 2026 renewal
    official("Nouveau Mandat", date(2026, 4, 2))  # runs until March 2032
    run(datetime(2027, 2, 27, 12, tzinfo=UTC))
    assert registered() == ["Ancien Mandat", "Nouveau Mandat"]
    run(datetime(2027, 3, 2, 12, tzinfo=UTC))
    assert registered() == ["Nouveau Mandat"]


def test_a_recall_petition_keeps_the_official_it_targeted_once_the_register_forgets_them(
    ctx: Flask, people: People, client: FlaskClient
) -> None:
    official_id = official("Xavière Quintal", date(2026, 3, 20), ended=date(2026, 4, 30))
    author_id = people.make("porteuse")
    petition = Petition(
        title="Révoquer l'adjointe",
        body="Texte.",
        easy_read="Révocation.",
        decision_asked="Organiser le vote de révocation.",
        kind="recall",
        rule_set_code="charter",
        rule_set_snapshot="{}",
        author_id=author_id,
        state=CLOSED,
        submitted_at=NOW,
        opened_at=NOW,
        closed_at=NOW,
        recall_signatory_id=official_id,
        recall_official="Xavière Quintal (adjointe)",
    )
    db.session.add(petition)
    db.session.commit()
    run(datetime(2027, 5, 2, tzinfo=UTC))
    assert registered() == []
    kept = db.session.get(Petition, petition.id, populate_existing=True)
    assert kept is not None
    assert (kept.recall_signatory_id, kept.recall_official) == (None, "Xavière Quintal (adjointe)")
    assert "Xavière Quintal" not in client.get("/charte/signataires").get_data(as_text=True)


def test_the_end_of_a_mandate_falls_between_its_signature_and_today(
    ctx: Flask, people: People
) -> None:
    admin = db.session.get(User, people.make("admin", roles=("admin",)))
    assert admin is not None
    for ended in (date(2026, 1, 1), date(2026, 6, 1)):
        entry = charter.SignatoryEntry("Élue", "maire", date(2026, 3, 20), ended)
        with pytest.raises(Refused, match="entre la signature et aujourd'hui"):
            charter.add_signatory(entry, actor=admin, now=NOW, today=NOW.date())
    entry = charter.SignatoryEntry("Élue", "maire", date(2026, 3, 20), date(2026, 5, 1))
    row = charter.add_signatory(entry, actor=admin, now=NOW, today=NOW.date())
    assert row.mandate_ended_on == date(2026, 5, 1)
