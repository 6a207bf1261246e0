"""Sessions that end on the server (civic.auth.sessions): a cookie captured before a
log-out, a password reset or "log out everywhere" opens nothing afterwards."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.auth.sessions import device_of
from civic.extensions import db
from civic.models import UserSession
from tests.conftest import PASSWORD, People, post

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"


def log_in(client: FlaskClient, name: str, *, remember: bool = False, **kw: object) -> None:
    data = {"email": f"{name}@example.org", "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = post(client, "/auth/login", data, **kw)
    assert response.status_code == 302


def browser_with(app: Flask, **cookies: str) -> FlaskClient:
    """Another browser, holding only the cookies someone copied."""
    other = app.test_client()
    for key, value in cookies.items():
        other.set_cookie(key, value)
    return other


def opens_account_page(client: FlaskClient) -> bool:
    response = client.get("/account/")
    return response.status_code == 200


def cookie(client: FlaskClient, key: str) -> str:
    found = client.get_cookie(key)
    assert found is not None, key
    return found.value


def test_a_session_cookie_captured_before_logout_no_longer_opens_the_account_page(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("ana")
    log_in(client, "ana")
    captured = cookie(client, "session")
    assert opens_account_page(browser_with(app, session=captured))
    people.logout()
    assert not opens_account_page(client)
    assert not opens_account_page(browser_with(app, session=captured))


def test_a_remember_cookie_captured_before_logout_no_longer_opens_the_account_page(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("ana")
    log_in(client, "ana", remember=True)
    captured = cookie(client, "remember_token")
    # The remember cookie alone (the browser was closed) opens the session again…
    assert opens_account_page(browser_with(app, remember_token=captured))
    people.logout()
    # …until the log-out, which ended it on the server.
    assert not opens_account_page(browser_with(app, remember_token=captured))


def test_the_remember_cookie_lasts_thirty_days_at_most(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("ana")
    log_in(client, "ana", remember=True)
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)
    with app.app_context():
        row = db.session.scalars(select(UserSession)).one()
        assert row.remember
        assert row.expires_at - row.created_at == timedelta(days=30)
        # A remembered session past its end opens nothing, whatever the cookie says.
        row.expires_at = row.created_at
        db.session.commit()
    captured = cookie(client, "remember_token")
    assert not opens_account_page(browser_with(app, remember_token=captured))


def test_a_password_reset_ends_every_session_of_the_account(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    people.make("ana")
    log_in(client, "ana", remember=True)
    captured = {"session": cookie(client, "session")}
    remembered = cookie(client, "remember_token")
    reset = app.test_client()
    post(reset, "/auth/reset", {"email": "ana@example.org"})
    link = re.search(r"http://localhost(/auth/reset/\S+)", outbox[-1].body)
    assert link
    new_password = "un tout autre mot de passe"
    reset.get(link.group(1))
    response = post(
        reset, "/auth/new-password", {"password": new_password, "password_again": new_password}
    )
    assert response.status_code == 302
    assert not opens_account_page(client)
    assert not opens_account_page(browser_with(app, **captured))
    assert not opens_account_page(browser_with(app, remember_token=remembered))


def test_the_account_page_lists_the_sessions_and_logs_out_everywhere(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("ana")
    log_in(client, "ana", headers={"User-Agent": FIREFOX_ANDROID})
    phone = app.test_client()
    log_in(phone, "ana")
    page = client.get("/account/").get_data(as_text=True)
    assert "Vos connexions" in page
    assert "Firefox · Android" in page and "cet appareil" in page
    assert page.count("connecté le") == 2
    response = post(client, "/account/logout-everywhere")
    assert response.status_code == 302
    assert not opens_account_page(client)
    assert not opens_account_page(phone)


def test_logging_out_everywhere_needs_the_form_token(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("ana")
    log_in(client, "ana")
    client.post("/account/logout-everywhere")
    assert opens_account_page(client)


def test_a_cookie_from_before_sessions_lived_on_the_server_opens_nothing(
    app: Flask, client: FlaskClient, people: People
) -> None:
    user_id = people.make("ana")
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
    assert not opens_account_page(client)


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (FIREFOX_ANDROID, "Firefox · Android"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge · Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari · iPhone",
        ),
        ("curl/8.5.0", ""),
    ],
)
def test_a_device_is_named_in_plain_words(agent: str, device: str) -> None:
    assert device_of(agent) == device


def test_a_session_notes_when_it_was_last_used_every_few_minutes(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("ana")
    log_in(client, "ana")
    with app.app_context():
        row = db.session.scalars(select(UserSession)).one()
        logged_in = row.last_seen_at
        row.last_seen_at = logged_in - timedelta(minutes=4)
        db.session.commit()
    client.get("/account/")
    with app.app_context():
        seen = db.session.scalars(select(UserSession.last_seen_at)).one()
        # Four minutes ago is recent enough: no write for this request.
        assert seen == logged_in - timedelta(minutes=4)
        db.session.execute(
            UserSession.__table__.update().values(last_seen_at=logged_in - timedelta(hours=2))
        )
        db.session.commit()
    client.get("/account/")
    with app.app_context():
        assert db.session.scalars(select(UserSession.last_seen_at)).one() > logged_in


def test_a_log_in_clears_the_accounts_ended_sessions(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("ana")
    log_in(client, "ana")
    with app.app_context():
        row = db.session.scalars(select(UserSession)).one()
        row.expires_at = row.created_at
        db.session.commit()
    log_in(app.test_client(), "ana")
    with app.app_context():
        assert len(db.session.scalars(select(UserSession)).all()) == 1
