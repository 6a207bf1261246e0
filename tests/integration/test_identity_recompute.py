"""The migration that recomputes every stored identity key, run on a filled database:
keys follow the new canonicalisation, collisions are kept for a clerk, nothing is
deleted (docs/rules.md §3)."""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, insert, select, update

from civic.auth.services import person_key
from civic.database import write_intent
from civic.extensions import db
from civic.models import BudgetBallot, ElectoralListImport, ElectorRecord, Signature, User
from civic.models.identity import IdentityCollision
from tests.budget_factory import heading_ids, make_budget
from tests.integration.test_petitions_signing import add_figures, open_petition

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"
BORN = date(1984, 6, 2)


def migration() -> ModuleType:
    (path,) = MIGRATIONS.glob("*_recompute_identity_keys_*.py")
    spec = importlib.util.spec_from_file_location("recompute_identity_keys", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def filled(app: Flask, people: Any) -> dict[str, int]:
    """Accounts, signatures, ballots and an electoral list keyed the old way: each
    account's previous key is an opaque value, as the old keys are to the migration."""
    ids: dict[str, int] = {}
    ids["lea"] = people.make("lea", family_name="Dupont", given_names="Léa", birth_date=BORN)
    # The same person, registered again with a zero-width space: two old keys.
    ids["lea2"] = people.make(
        "lea2", family_name="Du\u200bpont", given_names="Léa", birth_date=BORN
    )
    ids["other"] = people.make("other", family_name="Martin", given_names="Paul")
    budget_id = make_budget(app, "vote")
    heading = heading_ids(app, budget_id)[0]
    with app.app_context(), write_intent():
        add_figures()
        petition = open_petition(people)
        for name, old in (("lea", "old-lea"), ("lea2", "old-lea2"), ("other", "old-other")):
            db.session.execute(update(User).where(User.id == ids[name]).values(identity_key=old))
        rows = [
            ("lea", "old-lea", "online"),
            ("lea2", "old-lea2", "online"),
            ("other", "old-other", "online"),
            (None, "old-paper-only", "paper"),  # no account: nothing to recompute from
        ]
        for who, key, channel in rows:
            ids[f"sig-{key}"] = db.session.execute(
                insert(Signature)
                .values(
                    petition_id=petition,
                    identity_key=key,
                    user_id=ids[who] if who else None,
                    channel=channel,
                    created_at=NOW,
                )
                .returning(Signature.id)
            ).scalar_one()
            ids[f"ballot-{key}"] = db.session.execute(
                insert(BudgetBallot)
                .values(heading_id=heading, identity_key=key, channel=channel, cast_at=NOW)
                .returning(BudgetBallot.id)
            ).scalar_one()
        batch = ElectoralListImport(imported_at=NOW, rows=2, matched=1, unmatched=1, rejected=0)
        db.session.add(batch)
        db.session.flush()
        for key in ("old-other", "old-elector-without-account"):
            db.session.add(ElectorRecord(identity_key=key, import_id=batch.id))
        db.session.commit()
    ids["petition"], ids["heading"] = petition, heading
    return ids


def test_recomputing_gives_each_account_its_new_key_and_keeps_every_row(
    app: Flask, filled: dict[str, int]
) -> None:
    with app.app_context(), write_intent():
        before = [count(m) for m in (User, Signature, BudgetBallot, ElectorRecord)]
        secret = app.config["IDENTITY_KEY_SECRET"].encode("utf-8")
        counts = migration().recompute_identity_keys(db.session.connection(), secret, NOW)
        db.session.commit()
        assert [count(m) for m in (User, Signature, BudgetBallot, ElectorRecord)] == before
        lea = db.session.get(User, filled["lea"])
        lea2 = db.session.get(User, filled["lea2"])
        other = db.session.get(User, filled["other"])
        assert lea.identity_key == lea2.identity_key == person_key("Dupont", "Léa", BORN)
        assert other.identity_key == person_key("Martin", "Paul", date(1990, 5, 17))
        # Martin's signature, ballot and elector record follow his account.
        assert db.session.get(Signature, filled["sig-old-other"]).identity_key == (
            other.identity_key
        )
        assert db.session.get(BudgetBallot, filled["ballot-old-other"]).identity_key == (
            other.identity_key
        )
        assert db.session.scalar(
            select(ElectorRecord.id).where(ElectorRecord.identity_key == other.identity_key)
        )
        # Without an account there is nothing to recompute from: the key stays and
        # the electoral list is marked to be imported again.
        assert db.session.get(Signature, filled["sig-old-paper-only"]).identity_key == (
            "old-paper-only"
        )
        assert db.session.scalar(
            select(ElectorRecord.id).where(
                ElectorRecord.identity_key == "old-elector-without-account"
            )
        )
        assert db.session.scalar(select(ElectoralListImport.keys_outdated)) is True
        assert counts["collisions"] == 3


def test_the_same_person_twice_is_recorded_for_a_clerk_and_nothing_is_deleted(
    app: Flask, filled: dict[str, int]
) -> None:
    with app.app_context(), write_intent():
        secret = app.config["IDENTITY_KEY_SECRET"].encode("utf-8")
        migration().recompute_identity_keys(db.session.connection(), secret, NOW)
        db.session.commit()
        found = {
            (c.kind, c.first_id, c.second_id) for c in db.session.scalars(select(IdentityCollision))
        }
        assert found == {
            ("accounts", filled["lea"], filled["lea2"]),
            ("signatures", filled["sig-old-lea"], filled["sig-old-lea2"]),
            ("budget_ballots", filled["ballot-old-lea"], filled["ballot-old-lea2"]),
        }
        # One signature per petition and person: the second keeps its old key
        # (still counted) until a clerk decides.
        assert db.session.get(Signature, filled["sig-old-lea2"]).identity_key == "old-lea2"
        assert all(c.examined_at is None for c in db.session.scalars(select(IdentityCollision)))
