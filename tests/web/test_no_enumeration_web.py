"""Login, registration and password reset answer alike, in content and in work done,
whether the address or the person has an account: nobody learns who is registered.
"Alike in time" is shown by the work: one Argon2 computation on every path (a timing
assertion would be flaky; bench/bench_enumeration.py measures the times)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import People, post
from tests.web.test_accounts_web import form, hood_id  # noqa: F401


@pytest.fixture
def argon2_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The Argon2 computations a request makes (hash or verify), in order."""
    calls: list[str] = []
    for name in ("hash", "verify"):
        original = getattr(PasswordHasher, name)

        def spy(self: PasswordHasher, *args: Any, _name: str = name, _f: Any = original) -> Any:
            calls.append(_name)
            return _f(self, *args)

        monkeypatch.setattr(PasswordHasher, name, spy)
    yield calls


def page(response: Any) -> str:
    """The page without what differs between any two requests: the CSRF token and
    what was typed."""
    html = re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


def log_in(client: FlaskClient, email: str, calls: list[str]) -> tuple[int, str, list[str]]:
    post(client, "/auth/login", {"email": email, "password": "not the password"})  # warm-up
    calls.clear()
    response = post(client, "/auth/login", {"email": email, "password": "not the password"})
    return response.status_code, page(response), list(calls)


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer_after_the_same_work(
    app: Flask, client: FlaskClient, people: People, argon2_calls: list[str]
) -> None:
    people.make("ana")
    known = log_in(client, "ana@example.org", argon2_calls)
    unknown = log_in(app.test_client(), "nobody@example.org", argon2_calls)
    assert known == unknown
    assert known[2] == ["verify"]
    assert "Adresse ou mot de passe incorrect" in known[1]


def test_a_deleted_account_is_answered_like_an_unknown_address(
    app: Flask, client: FlaskClient, people: People, argon2_calls: list[str]
) -> None:
    from datetime import UTC, datetime

    from civic.extensions import db
    from civic.models import User

    user_id = people.make("ana")
    with app.app_context():
        db.session.get(User, user_id).deleted_at = datetime.now(UTC)
        db.session.commit()
    assert log_in(client, "ana@example.org", argon2_calls)[2] == ["verify"]


def register(
    app: Flask, hood: int, calls: list[str], outbox: list, **changes: str
) -> tuple[int, str, list[str], list[str]]:
    calls.clear()
    del outbox[:]
    response = post(app.test_client(), "/auth/register", form(hood, **changes))
    return response.status_code, page(response), list(calls), [m.to[0] for m in outbox]


def test_registering_an_existing_address_or_person_looks_like_a_new_account_and_mails_the_owner(
    app: Flask,
    hood_id: int,  # noqa: F811
    argon2_calls: list[str],
    outbox: list,
) -> None:
    new = register(app, hood_id, argon2_calls, outbox)
    assert "Vérifiez votre messagerie" in new[1]
    assert new[3] == ["aicha@example.org"]
    # The same address again (another person): the owner of the address is told.
    same_address = register(
        app, hood_id, argon2_calls, outbox, family_name="Autre", given_names="Personne"
    )
    assert same_address[3] == ["aicha@example.org"]
    assert "Tentative d'inscription avec votre adresse" in outbox[0].subject
    # The same person with another address: the account's owner is told, not the new address.
    same_person = register(app, hood_id, argon2_calls, outbox, email="autre@example.org")
    assert same_person[3] == ["aicha@example.org"]
    assert "second compte" in outbox[0].body and "http://localhost/auth/login" in outbox[0].body
    assert new[:3] == same_address[:3] == same_person[:3]
    assert new[2] == ["hash"]


def test_a_reset_for_an_unknown_address_answers_as_for_a_known_one(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    people.make("ana")
    answers = []
    for email in ("ana@example.org", "nobody@example.org"):
        response = post(app.test_client(), "/auth/reset", {"email": email})
        answers.append((response.status_code, response.headers.get("Location")))
    assert answers[0] == answers[1]
    assert [m.to for m in outbox] == [["ana@example.org"]]
