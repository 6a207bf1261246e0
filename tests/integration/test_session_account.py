"""A hot write (signing, voting) reads the session's account in Core, not as an ORM
User (civic.auth.services.SessionAccount): it must answer every question about the
account exactly as the User does, and refuse a deleted account the same way."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask

from civic.auth import sessions
from civic.auth.services import SessionAccount, load_user
from civic.extensions import db
from civic.models import User

ACCOUNTS = [
    ("ana", "unverified", ()),
    ("bob", "resident", ()),
    ("cleo", "elector", ("clerk",)),
    ("dan", "elector", ("councillor", "admin")),
]


def session_of(app: Flask, user_id: int, *, second_factor: bool = False) -> str:
    """What Flask-Login keeps in the cookie after a log-in: the account and its session
    (``second_factor``: the log-in passed it, as staff log-ins do)."""
    with app.test_request_context():
        raw = sessions.open_session(
            user_id, "", remember=False, now=datetime.now(UTC), second_factor=second_factor
        )
        db.session.commit()
    return f"{user_id}:{raw}"


def both(app: Flask, user_id: int, *, second_factor: bool = False) -> tuple[Any, Any]:
    """The account as a page loads it, and as the signing POST loads it."""
    session_id = session_of(app, user_id, second_factor=second_factor)
    with app.test_request_context("/petitions/1"):
        page = load_user(session_id)
        assert isinstance(page, User)
        as_page = answers(page)
    with app.test_request_context("/petitions/1/sign", method="POST"):
        hot = load_user(session_id)
        assert isinstance(hot, SessionAccount)
        return as_page, answers(hot)


def answers(account: Any) -> dict[str, Any]:
    return {
        "id": account.get_id(),
        "active": account.is_active,
        "authenticated": account.is_authenticated,
        "verified": account.is_verified_resident,
        "elector": account.is_elector,
        "roles": account.role_names,
        "clerk": account.has_role("clerk"),
        "staff": account.is_staff,
        "name": account.display_name,
        "age": account.age_on(date(2026, 11, 22)),
        "key": account.identity_key,
        "neighbourhood": account.neighbourhood.name if account.neighbourhood else None,
        "locale": account.locale,
    }


@pytest.mark.parametrize(("name", "level", "roles"), ACCOUNTS)
def test_a_hot_write_sees_the_same_account_as_a_page(
    app: Flask, people: Any, name: str, level: str, roles: tuple[str, ...]
) -> None:
    user_id = people.make(name, level=level, roles=roles, birth_date=date(2009, 12, 1))
    as_page, hot = both(app, user_id, second_factor=bool(roles))
    assert hot == as_page
    assert hot["age"] == 16 and hot["roles"] == set(roles)


def test_a_deleted_account_is_no_session_for_a_hot_write_either(app: Flask, people: Any) -> None:
    user_id = people.make("eve")
    session_id = session_of(app, user_id)
    with app.app_context():
        db.session.get(User, user_id).deleted_at = datetime.now(UTC)
        db.session.commit()
    for path, method in (("/petitions/1", "GET"), ("/petitions/1/sign", "POST")):
        with app.test_request_context(path, method=method):
            assert load_user(session_id) is None


def test_a_staff_session_without_the_second_factor_is_no_session_for_a_hot_write_either(
    app: Flask, people: Any
) -> None:
    """Opened by the password alone, or before the role was granted (civic.auth.second_factor)."""
    user_id = people.make("cleo", roles=("clerk",))
    session_id = session_of(app, user_id)
    for path, method in (("/petitions/1", "GET"), ("/petitions/1/sign", "POST")):
        with app.test_request_context(path, method=method):
            assert load_user(session_id) is None


def test_an_ended_session_is_no_session_for_a_hot_write_either(app: Flask, people: Any) -> None:
    user_id = people.make("eve")
    session_id = session_of(app, user_id)
    with app.test_request_context():
        sessions.end_all_sessions(user_id)
        db.session.commit()
    for path, method in (("/petitions/1", "GET"), ("/petitions/1/sign", "POST")):
        with app.test_request_context(path, method=method):
            assert load_user(session_id) is None
            # The bare account id (cookies from before server-side sessions) opens nothing.
            assert load_user(str(user_id)) is None
