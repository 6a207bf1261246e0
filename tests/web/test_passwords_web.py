"""Passwords as NIST SP 800-63B asks (civic/auth/passwords.py): at least 12 characters,
none from the lists of common and breached passwords, no composition rule, Unicode
normalised; the same rule on registration, reset and the account's change page, which
needs the current password, ends the account's other sessions and mails a notice."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.auth.passwords import hash_password
from civic.extensions import db
from civic.models import User
from tests.conftest import PASSWORD, People, post
from tests.web.test_accounts_web import form, hood_id, users  # noqa: F401
from tests.web.test_sessions_web import browser_with, cookie, opens_account_page
from tests.web.test_token_links_web import reset_link

TOO_SHORT = "onze-carac1"  # 11 characters: accepted before
COMMON = ["password1234", "azertyuiop123", "motdepasse123", "jetaime12345"]
SHORT_MESSAGE = "au moins 12 caractères"
COMMON_MESSAGE = "Ce mot de passe est trop courant"


def page_text(response: object) -> str:
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def twice(password: str) -> dict[str, str]:
    return {"password": password, "password_again": password}


def logs_in(client: FlaskClient, email: str, password: str) -> bool:
    response = post(client, "/auth/login", {"email": email, "password": password})
    return response.status_code == 302


def test_a_password_of_eleven_characters_is_refused_on_its_field_and_opens_no_account(
    app: Flask,
    client: FlaskClient,
    hood_id: int,  # noqa: F811
    outbox: list,
) -> None:
    response = post(client, "/auth/register", form(hood_id, **twice(TOO_SHORT)))
    text = page_text(response)
    assert SHORT_MESSAGE in text
    assert re.search(r'id="password-error"[^>]*>[^<]*au moins 12 caractères', text)
    assert users(app) == 0 and outbox == []


@pytest.mark.parametrize("password", COMMON)
def test_a_common_or_breached_password_is_refused_at_registration(
    app: Flask,
    client: FlaskClient,
    hood_id: int,  # noqa: F811
    outbox: list,
    password: str,
) -> None:
    response = post(client, "/auth/register", form(hood_id, **twice(password)))
    assert COMMON_MESSAGE in page_text(response)
    assert users(app) == 0 and outbox == []


def test_a_password_that_repeats_the_address_is_refused(
    app: Flask,
    client: FlaskClient,
    hood_id: int,  # noqa: F811
) -> None:
    response = post(client, "/auth/register", form(hood_id, **twice("Aicha@Example.org")))
    assert COMMON_MESSAGE in page_text(response)
    assert users(app) == 0


def test_a_long_phrase_without_digits_capitals_or_symbols_is_accepted(
    app: Flask,
    client: FlaskClient,
    hood_id: int,  # noqa: F811
) -> None:
    response = post(client, "/auth/register", form(hood_id, **twice("douze lettres")))
    assert "Vérifiez votre messagerie" in page_text(response)
    assert users(app) == 1


def test_a_password_typed_in_full_width_letters_is_the_same_password_in_ascii(
    app: Flask,
    client: FlaskClient,
    hood_id: int,  # noqa: F811
) -> None:
    full_width = "ｆｕｌｌ ｗｉｄｔｈ ｐａｓｓ"  # what some Asian keyboards type
    post(client, "/auth/register", form(hood_id, **twice(full_width)))
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        user.email_confirmed_at = user.created_at
        db.session.commit()
    assert logs_in(app.test_client(), "aicha@example.org", "full width pass")
    assert logs_in(app.test_client(), "aicha@example.org", full_width)


def test_an_account_with_a_password_shorter_than_the_rule_still_logs_in(
    app: Flask, client: FlaskClient, people: People
) -> None:
    user_id = people.make("ana")
    with app.app_context():
        db.session.get_one(User, user_id).password_hash = hash_password("civic-demo")
        db.session.commit()
    assert logs_in(client, "ana@example.org", "civic-demo")


def test_an_account_whose_hash_predates_normalisation_still_logs_in(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from argon2 import PasswordHasher

    user_id = people.make("ana")
    typed = "ﬁnal ligature pass"  # NFKC reads the ligature as "fi"
    with app.app_context():
        db.session.get_one(User, user_id).password_hash = PasswordHasher(
            time_cost=1, memory_cost=1024, parallelism=1
        ).hash(typed)
        db.session.commit()
    assert logs_in(client, "ana@example.org", typed)


@pytest.mark.parametrize("password", [TOO_SHORT, "password1234"])
def test_a_reset_refuses_a_short_or_common_password_and_the_old_one_still_works(
    app: Flask, client: FlaskClient, people: People, outbox: list, password: str
) -> None:
    people.make("ana")
    client.get(reset_link(client, outbox))
    response = post(client, "/auth/new-password", twice(password))
    assert response.status_code == 200
    assert (SHORT_MESSAGE if password == TOO_SHORT else COMMON_MESSAGE) in page_text(response)
    assert logs_in(app.test_client(), "ana@example.org", PASSWORD)
    assert not logs_in(app.test_client(), "ana@example.org", password)


def change(client: FlaskClient, current: str, new: str) -> object:
    return post(client, "/account/password", {"current_password": current, **twice(new)})


def test_the_account_page_leads_to_the_password_change(client: FlaskClient, people: People) -> None:
    people.make("ana")
    people.login("ana")
    page = client.get("/account/").get_data(as_text=True)
    assert 'href="/account/password"' in page
    assert client.get("/account/password").status_code == 200


def test_changing_the_password_needs_the_current_one(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    people.make("ana")
    people.login("ana")
    response = change(client, "not the password", "une toute nouvelle phrase")
    assert "Mot de passe actuel incorrect" in page_text(response)
    assert logs_in(app.test_client(), "ana@example.org", PASSWORD)
    assert outbox == []


@pytest.mark.parametrize("password", [TOO_SHORT, "motdepasse123"])
def test_the_change_page_refuses_a_short_or_common_password(
    app: Flask, client: FlaskClient, people: People, password: str
) -> None:
    people.make("ana")
    people.login("ana")
    response = change(client, PASSWORD, password)
    assert (SHORT_MESSAGE if password == TOO_SHORT else COMMON_MESSAGE) in page_text(response)
    assert logs_in(app.test_client(), "ana@example.org", PASSWORD)


def test_changing_the_password_ends_every_other_session_and_mails_a_notice(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    people.make("ana")
    people.make("bob")
    elsewhere = app.test_client()
    assert logs_in(elsewhere, "ana@example.org", PASSWORD)
    bobs = app.test_client()
    assert logs_in(bobs, "bob@example.org", PASSWORD)
    people.login("ana")
    captured = cookie(elsewhere, "session")
    response = change(client, PASSWORD, "une toute nouvelle phrase")
    assert response.status_code == 302
    # This browser stays logged in; the other one, and its copied cookie, do not.
    assert opens_account_page(client)
    assert not opens_account_page(elsewhere)
    assert not opens_account_page(browser_with(app, session=captured))
    # Another account's sessions are not touched.
    assert opens_account_page(bobs)
    assert [mail.to for mail in outbox] == [["ana@example.org"]]
    assert "mot de passe de votre compte Civic vient d'être changé" in outbox[0].body
    assert "http://localhost/auth/reset" in outbox[0].body
    assert logs_in(app.test_client(), "ana@example.org", "une toute nouvelle phrase")
    assert not logs_in(app.test_client(), "ana@example.org", PASSWORD)
