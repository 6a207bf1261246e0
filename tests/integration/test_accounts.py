"""Accounts through the services, on the real database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from civic.auth import services
from civic.extensions import db
from civic.models import Neighbourhood, Token, User
from civic.services import Refused

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture
def hood(app: Flask) -> int:
    with app.app_context():
        n = Neighbourhood(name="Centre", population=4000)
        db.session.add(n)
        db.session.commit()
        return n.id


def registration(hood: int, **changes: object) -> services.Registration:
    values: dict[str, object] = {
        "family_name": "Dupont",
        "given_names": "Léa",
        "birth_date": date(2000, 2, 29),
        "email": "lea@example.org",
        "address": "1 place de la Mairie",
        "neighbourhood_id": hood,
        "password": "a long enough password",
    }
    values.update(changes)
    return services.Registration(**values)  # type: ignore[arg-type]


def count_users() -> int:
    return int(db.session.scalar(select(func.count()).select_from(User)) or 0)


def test_registering_creates_an_unverified_account_and_mails_a_link(
    app: Flask, hood: int, outbox: list
) -> None:
    with app.test_request_context():
        services.register(registration(hood), now=NOW)
        user = db.session.scalar(select(User))
        assert user is not None
        assert (user.verification, user.email_confirmed_at) == ("unverified", None)
        assert user.password_hash and user.password_hash.startswith("$argon2id$")
    assert len(outbox) == 1
    assert "/auth/confirm/" in outbox[0].body


@pytest.mark.parametrize(
    ("birth_date", "allowed"),
    [
        (date(2010, 11, 22), True),  # 16 today
        (date(2010, 11, 23), False),  # 16 tomorrow
        (date(2030, 1, 1), False),  # not born yet
    ],
)
def test_residents_must_be_sixteen_on_the_day_they_register(
    app: Flask, hood: int, birth_date: date, allowed: bool
) -> None:
    with app.test_request_context():
        if allowed:
            services.register(registration(hood, birth_date=birth_date), now=NOW)
            assert count_users() == 1
        else:
            with pytest.raises(Refused) as refusal:
                services.register(registration(hood, birth_date=birth_date), now=NOW)
            assert refusal.value.field == "birth_date"
            assert count_users() == 0


def test_the_same_person_cannot_open_a_second_account_and_the_owner_is_told(
    app: Flask, hood: int, outbox: list
) -> None:
    with app.test_request_context():
        services.register(registration(hood), now=NOW)
        # No refusal (it would tell who is registered): the owner gets a mail instead.
        services.register(
            registration(hood, email="other@example.org", family_name="DUPONT", given_names="Lea"),
            now=NOW,
        )
        assert count_users() == 1
    assert [mail.to for mail in outbox][1:] == [outbox[0].to]
    assert "second compte" in outbox[1].body


def test_a_taken_address_gets_the_same_answer_and_a_warning_mail(
    app: Flask, hood: int, outbox: list
) -> None:
    with app.test_request_context():
        services.register(registration(hood), now=NOW)
        services.register(
            registration(hood, family_name="Autre", email="LEA+x@example.org"), now=NOW
        )
        assert count_users() == 1
    assert len(outbox) == 2
    assert "déjà" in outbox[1].body


def test_a_confirmation_token_works_once_and_expires(app: Flask, hood: int, outbox: list) -> None:
    with app.test_request_context():
        services.register(registration(hood), now=NOW)
        raw = outbox[0].body.split("/auth/confirm/")[1].split()[0]
        with pytest.raises(Refused):
            services.confirm_email(raw, now=NOW + timedelta(hours=49))
        user = services.confirm_email(raw, now=NOW + timedelta(hours=1))
        assert user.email_confirmed_at is not None
        with pytest.raises(Refused):
            services.confirm_email(raw, now=NOW + timedelta(hours=2))
        stored = db.session.scalar(select(Token.token_hash))
        assert stored != raw  # only the hash is kept


def test_login_needs_a_confirmed_address_and_the_right_password(
    app: Flask, hood: int, outbox: list
) -> None:
    with app.test_request_context():
        services.register(registration(hood), now=NOW)
        with pytest.raises(Refused):
            services.authenticate("lea@example.org", "a long enough password", now=NOW)
        raw = outbox[0].body.split("/auth/confirm/")[1].split()[0]
        services.confirm_email(raw, now=NOW)
        with pytest.raises(Refused) as wrong:
            services.authenticate("lea@example.org", "wrong password!", now=NOW)
        with pytest.raises(Refused) as unknown:
            services.authenticate("nobody@example.org", "wrong password!", now=NOW)
        assert str(wrong.value) == str(unknown.value)  # nothing tells who has an account
        assert services.authenticate("LEA@example.org", "a long enough password", now=NOW)


def test_password_reset_changes_the_password_once(app: Flask, hood: int, outbox: list) -> None:
    with app.test_request_context():
        services.register(registration(hood), now=NOW)
        services.request_password_reset("nobody@example.org", now=NOW)
        assert len(outbox) == 1  # silence for unknown addresses
        services.request_password_reset("lea@example.org", now=NOW)
        raw = outbox[1].body.split("/auth/reset/")[1].split()[0]
        services.reset_password(raw, "a brand new password", now=NOW)
        assert services.authenticate("lea@example.org", "a brand new password", now=NOW)
        with pytest.raises(Refused):
            services.reset_password(raw, "yet another password", now=NOW)
