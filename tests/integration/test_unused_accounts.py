"""An account nobody uses closes after ACCOUNT_INACTIVE_MONTHS (GDPR art. 5.1.e): its
owner is mailed a month before, and logging in keeps it open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from civic.core.votation_calendar import add_months
from civic.database import write_intent
from civic.extensions import db
from civic.models import User
from civic.privacy.retention import run
from tests.conftest import People


def _account(app: Flask, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        db.session.expunge(user)
        return user


def _last_used(app: Flask, user_id: int, when: datetime) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        user.created_at = when - timedelta(days=30)
        user.last_active_at = when
        db.session.commit()


def _retention_on(app: Flask, now: datetime) -> None:
    with app.app_context(), write_intent():
        run(now)


def test_the_owner_is_mailed_a_month_before_and_the_account_closes_after_the_month(
    app: Flask, people: People, outbox: list[Any]
) -> None:
    user_id = people.make("dormante")
    now = datetime.now(UTC)
    _last_used(app, user_id, add_months(now, -36) + timedelta(days=20))

    _retention_on(app, now)

    assert [mail.to for mail in outbox] == [["dormante@example.org"]]
    assert outbox[0].subject == "Votre compte Civic va être fermé"
    assert "il suffit de vous connecter" in outbox[0].body
    assert _account(app, user_id).email == "dormante@example.org"  # not closed yet

    _retention_on(app, now + timedelta(days=10))  # past its 36 months, but told 10 days ago
    assert _account(app, user_id).email == "dormante@example.org"
    assert len(outbox) == 1  # told once

    _retention_on(app, now + timedelta(days=31))
    closed = _account(app, user_id)
    assert closed.email is None and closed.family_name is None and closed.deleted_at is not None


def test_logging_in_after_the_notice_keeps_the_account_open(
    app: Flask, client: FlaskClient, people: People, outbox: list[Any]
) -> None:
    user_id = people.make("revenue")
    now = datetime.now(UTC)
    _last_used(app, user_id, add_months(now, -36) + timedelta(days=20))
    _retention_on(app, now)
    assert len(outbox) == 1

    people.login("revenue")
    people.logout()

    account = _account(app, user_id)
    assert account.inactivity_warned_at is None and account.last_active_at is not None
    _retention_on(app, now + timedelta(days=31))
    assert _account(app, user_id).email == "revenue@example.org"


def test_an_account_in_use_is_neither_warned_nor_closed(
    app: Flask, people: People, outbox: list[Any]
) -> None:
    user_id = people.make("active")
    now = datetime.now(UTC)
    _last_used(app, user_id, add_months(now, -30))

    _retention_on(app, now)
    _retention_on(app, now + timedelta(days=31))

    assert outbox == []
    assert _account(app, user_id).email == "active@example.org"


def test_staff_accounts_are_never_closed_for_lack_of_use(
    app: Flask, people: People, outbox: list[Any]
) -> None:
    clerk_id = people.make("greffiere", roles=("clerk",))
    now = datetime.now(UTC)
    _last_used(app, clerk_id, add_months(now, -48))

    _retention_on(app, now)
    _retention_on(app, now + timedelta(days=31))

    assert outbox == []
    assert _account(app, clerk_id).email == "greffiere@example.org"


def test_an_act_at_the_counter_in_the_persons_name_keeps_their_account_open(
    app: Flask, people: People, outbox: list[Any]
) -> None:
    from civic import counter

    user_id = people.make("guichet")
    clerk_id = people.make("agente", roles=("clerk",))
    now = datetime.now(UTC)
    _last_used(app, user_id, add_months(now, -36) + timedelta(days=20))
    _retention_on(app, now)
    assert len(outbox) == 1

    with app.test_request_context(), write_intent():
        person, clerk = db.session.get(User, user_id), db.session.get(User, clerk_id)
        assert person is not None and clerk is not None
        counter.record_consent(
            person=person,
            by=clerk,
            kind="question",
            action="question.submitted",
            object_type="question",
            object_id=None,
            label="Une question posée au guichet",
            now=now + timedelta(days=1),
        )
        db.session.commit()

    _retention_on(app, now + timedelta(days=31))
    assert _account(app, user_id).email == "guichet@example.org"
