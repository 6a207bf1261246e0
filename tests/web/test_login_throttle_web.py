"""Failed log-ins slow down per account and client, and nobody can lock a resident
out by guessing at their address (civic/auth/throttle.py).

Before: the only brake was Flask-Limiter's count per address typed (10 a minute, 100
a day), shared by every client, so anyone could use it up and lock the owner out for
the day; and one client could guess on without ever waiting longer than the minute."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from civic.extensions import db
from civic.models import LoginFailures
from tests.conftest import PASSWORD, People, post
from tests.web.test_no_enumeration_web import argon2_calls, page  # noqa: F401

WRONG = {"email": "ana@example.org", "password": "not the password"}
RIGHT = {"email": "ana@example.org", "password": PASSWORD}


@pytest.fixture
def quick(app: Flask) -> Flask:
    """The operator's settings, lowered so the account-wide backstop comes early."""
    app.config["LOGIN_THROTTLE"] = {**app.config["LOGIN_THROTTLE"], "account_free_failures": 8}
    return app


def client_at(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def wrong_tries(client: FlaskClient, count: int, form: dict[str, str] = WRONG) -> list[int]:
    return [post(client, "/auth/login", form).status_code for _ in range(count)]


def test_after_five_failures_a_client_waits_and_no_password_is_checked(
    app: Flask,
    people: People,
    argon2_calls: list[str],  # noqa: F811  (the fixture imported above)
) -> None:
    people.make("ana")
    attacker = client_at(app, "203.0.113.9")
    assert wrong_tries(attacker, 5) == [200] * 5
    argon2_calls.clear()
    refused = post(attacker, "/auth/login", RIGHT)  # even the right password now
    assert refused.status_code == 429
    # At least the throttle's wait (Flask-Limiter's own header may name a later time).
    assert int(refused.headers["Retry-After"]) >= 30
    text = refused.get_data(as_text=True)
    assert "Trop d&#39;essais de mot de passe incorrects pour ce compte" in text
    assert "réessayez dans 30 secondes" in text
    assert argon2_calls == []  # refused before any password check


def test_once_the_wait_is_over_each_further_failure_waits_twice_as_long(
    app: Flask, people: People
) -> None:
    people.make("ana")
    attacker = client_at(app, "203.0.113.9")
    wrong_tries(attacker, 5)
    _wait_is_over(app)
    assert wrong_tries(attacker, 1) == [200]  # taken, and wrong
    refused = post(attacker, "/auth/login", WRONG)
    assert refused.status_code == 429
    assert "réessayez dans 1 minute." in refused.get_data(as_text=True)
    _wait_is_over(app)
    assert post(attacker, "/auth/login", RIGHT).status_code == 302


def test_the_owner_logs_in_from_another_client_while_the_attacker_waits(
    app: Flask, people: People
) -> None:
    people.make("ana")
    attacker = client_at(app, "203.0.113.9")
    wrong_tries(attacker, 6)
    assert post(attacker, "/auth/login", RIGHT).status_code == 429
    owner = client_at(app, "198.51.100.7")
    assert post(owner, "/auth/login", RIGHT).status_code == 302


def test_guesses_spread_over_many_addresses_slow_the_account_but_not_the_owners_browser(
    quick: Flask, people: People
) -> None:
    people.make("ana")
    owner = client_at(quick, "198.51.100.7")
    assert post(owner, "/auth/login", RIGHT).status_code == 302  # a browser Ana uses
    post(owner, "/auth/logout", {})
    # Four guesses from each of two addresses: none of them reaches its own limit,
    # but together they reach the account's.
    for address in ("203.0.113.1", "203.0.113.2"):
        assert wrong_tries(client_at(quick, address), 4) == [200] * 4
    newcomer = post(client_at(quick, "203.0.113.3"), "/auth/login", RIGHT)
    assert newcomer.status_code == 429
    assert "réessayez dans 30 secondes" in newcomer.get_data(as_text=True)
    # Ana, from her own browser (even on another network), is not held back.
    owner.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    assert post(owner, "/auth/login", RIGHT).status_code == 302


def test_the_reset_stays_open_and_its_browser_then_logs_in_as_the_owner(
    quick: Flask, people: People, outbox: list[Any]
) -> None:
    people.make("ana")
    for address in ("203.0.113.1", "203.0.113.2"):
        wrong_tries(client_at(quick, address), 4)
    ana = client_at(quick, "192.0.2.44")
    assert post(ana, "/auth/login", RIGHT).status_code == 429  # a new browser waits
    assert post(ana, "/auth/reset", {"email": "ana@example.org"}).status_code == 302
    link = re.search(r"http://localhost(/auth/reset/\S+)", outbox[-1].body)
    assert link is not None
    ana.get(link.group(1))
    new = "un tout autre mot de passe"
    form = {"password": new, "password_again": new}
    assert post(ana, "/auth/new-password", form).status_code == 302
    assert post(ana, "/auth/login", {**RIGHT, "password": new}).status_code == 302


def test_an_unknown_address_is_slowed_exactly_as_a_known_one(app: Flask, people: People) -> None:
    people.make("ana")
    answers = []
    for address, email in (("203.0.113.1", "ana@example.org"), ("203.0.113.2", "no@example.org")):
        client = client_at(app, address)
        wrong_tries(client, 5, {"email": email, "password": "not the password"})
        refused = post(client, "/auth/login", {"email": email, "password": "not the password"})
        answers.append((refused.status_code, page(refused)))
    assert answers[0] == answers[1]


def _wait_is_over(app: Flask) -> None:
    """As if the client had waited as long as it was told."""
    from civic.services import now_utc

    with app.app_context():
        db.session.execute(update(LoginFailures).values(wait_until=now_utc()))
        db.session.commit()
