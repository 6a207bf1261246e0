"""Residence verification, the electoral list and the audit chain on the real database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import select, update

from civic.account import services as account
from civic.audit import services as audit
from civic.extensions import db
from civic.models import AuditEntry, ElectorRecord, User
from civic.residents import services as residents
from civic.services import Refused
from tests.conftest import PASSWORD, People

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def test_a_clerk_approval_makes_a_resident_and_is_audited(app: Flask, people: People) -> None:
    clerk_id = people.make("clerk", roles=("clerk",))
    pending_id = people.make("lea", level="unverified")
    with app.app_context():
        clerk = db.session.get(User, clerk_id)
        assert [u.id for u in residents.verification_queue()] == [pending_id]
        residents.decide_residence(pending_id, approve=True, reason=None, actor=clerk, now=NOW)
        user = db.session.get(User, pending_id)
        assert user is not None and user.verification == "resident"
        assert residents.verification_queue() == []
        entry = db.session.scalar(select(AuditEntry))
        assert entry is not None
        assert (entry.action, entry.actor_id, entry.object_id) == (
            "residence.approved",
            clerk_id,
            str(pending_id),
        )
        assert audit.verify().ok


def test_a_refusal_needs_a_reason_and_changes_nothing_without_one(
    app: Flask, people: People
) -> None:
    clerk_id = people.make("clerk", roles=("clerk",))
    pending_id = people.make("lea", level="unverified")
    with app.app_context():
        clerk = db.session.get(User, clerk_id)
        with pytest.raises(Refused):
            residents.decide_residence(pending_id, approve=False, reason=" ", actor=clerk, now=NOW)
        db.session.rollback()
        assert db.session.get(User, pending_id).verification_refusal is None  # type: ignore[union-attr]
        assert db.session.scalar(select(AuditEntry)) is None
        residents.decide_residence(
            pending_id, approve=False, reason="Adresse hors commune", actor=clerk, now=NOW
        )
        with pytest.raises(Refused):  # decided once
            residents.decide_residence(pending_id, approve=True, reason=None, actor=clerk, now=NOW)


ELECTORAL_CSV = """nom;prénoms;date_naissance;eu_citizen
DUPONT;Lea;29/02/2000;
Élu;Jean-Pierre;1970-01-01;oui
Sans;Date;pas une date;
;Vide;1980-01-01;
""".encode()


def test_the_electoral_list_raises_matching_accounts_and_reports_the_rest(
    app: Flask, people: People
) -> None:
    clerk_id = people.make("clerk", roles=("clerk",))
    lea_id = people.make(
        "lea",
        level="resident",
        family_name="Dupont",
        given_names="Léa",
        birth_date=date(2000, 2, 29),
    )
    other_id = people.make("other", level="resident")
    with app.app_context():
        clerk = db.session.get(User, clerk_id)
        report = residents.import_electoral_list(ELECTORAL_CSV, actor=clerk, now=NOW)
        assert (report.rows, report.matched, report.raised, report.unmatched) == (4, 1, 1, 1)
        assert [line for line, _ in report.rejected] == [4, 5]
        assert db.session.get(User, lea_id).verification == "elector"  # type: ignore[union-attr]
        assert db.session.get(User, other_id).verification == "resident"  # type: ignore[union-attr]
        assert db.session.scalar(select(ElectorRecord.eu_citizen).where(ElectorRecord.eu_citizen))


def test_a_file_without_the_needed_columns_is_refused_whole(app: Flask, people: People) -> None:
    clerk_id = people.make("clerk", roles=("clerk",))
    with app.app_context():
        clerk = db.session.get(User, clerk_id)
        with pytest.raises(Refused):
            residents.import_electoral_list(b"a,b\n1,2\n", actor=clerk, now=NOW)
        assert db.session.scalar(select(ElectorRecord)) is None


def test_tampering_with_a_stored_entry_is_detected(app: Flask, people: People, runner) -> None:  # type: ignore[no-untyped-def]
    admin_id = people.make("admin", roles=("admin",))
    ids = [people.make(f"p{i}", level="unverified") for i in range(3)]
    with app.app_context():
        admin = db.session.get(User, admin_id)
        for user_id in ids:
            residents.decide_residence(user_id, approve=True, reason=None, actor=admin, now=NOW)
    assert "intact: 3 entries" in runner.invoke(args=["civic", "audit", "verify"]).output
    with app.app_context():
        db.session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(reason="forged"))
        db.session.commit()
    result = runner.invoke(args=["civic", "audit", "verify"])
    assert result.exit_code == 1
    assert "seq=2" in result.output


def test_deleting_an_account_erases_personal_data_but_keeps_the_identity_key(
    app: Flask, people: People
) -> None:
    user_id = people.make("lea")
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        key = user.identity_key
        with pytest.raises(Refused):
            account.delete_account(user, "wrong", now=NOW)
        account.delete_account(user, PASSWORD, now=NOW)
        db.session.expire_all()
        user = db.session.get(User, user_id)
        assert user is not None
        assert (user.email, user.family_name, user.address, user.password_hash) == (
            None,
            None,
            None,
            None,
        )
        assert user.identity_key == key and user.deleted_at is not None


def test_the_demo_seed_is_idempotent(app: Flask, runner) -> None:  # type: ignore[no-untyped-def]
    first = runner.invoke(args=["civic", "seed-demo"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        users = db.session.scalar(select(db.func.count()).select_from(User))
    second = runner.invoke(args=["civic", "seed-demo"])
    assert "nothing to do" in second.output
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(User)) == users
        assert users >= 300
