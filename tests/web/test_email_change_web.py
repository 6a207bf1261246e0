"""Changing one's e-mail address (civic/account/credentials.py): a link to the new
address, a notice to the old one, the address changed only when the link is used from
the same account; the answer is the same whether the new address has an account."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import User
from tests.conftest import PASSWORD, People, post

NEW = "ana.nouvelle@example.net"


def ask(client: FlaskClient, address: str, password: str = PASSWORD) -> str:
    response = post(client, "/account/email", {"email": address, "password": password})
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def address_of(app: Flask, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get_one(User, user_id).email


def mails_to(outbox: list, address: str) -> list:
    return [mail for mail in outbox if mail.to == [address]]


def change_link(outbox: list, address: str = NEW) -> str:
    (mail,) = mails_to(outbox, address)
    found = re.search(r"http://localhost(/account/email/confirm/\S+)", mail.body)
    assert found, mail.body
    return found.group(1)


def logs_in(app: Flask, email: str) -> bool:
    other = app.test_client()
    response = post(other, "/auth/login", {"email": email, "password": PASSWORD})
    return response.status_code == 302


def test_the_address_changes_only_once_the_link_sent_to_the_new_one_is_used(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    ana = people.make("ana")
    people.login("ana")
    assert 'href="/account/email"' in client.get("/account/").get_data(as_text=True)
    assert "Vérifiez votre messagerie" in ask(client, NEW)
    # Nothing has changed yet; the old address is told, the new one gets the link.
    assert address_of(app, ana) == "ana@example.org"
    assert logs_in(app, "ana@example.org") and not logs_in(app, NEW)
    (notice,) = mails_to(outbox, "ana@example.org")
    assert NEW in notice.body and "/account/email/confirm/" not in notice.body
    link = change_link(outbox)
    token = link.rsplit("/", 1)[1]
    # The token is traded for the session at the first GET, and leaves the address.
    response = client.get(link)
    assert response.status_code == 302 and token not in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and token not in page.get_data(as_text=True)
    assert address_of(app, ana) == "ana@example.org"  # a GET changes nothing
    response = post(client, response.headers["Location"])
    assert response.status_code == 302
    assert NEW in client.get("/account/").get_data(as_text=True)
    assert address_of(app, ana) == NEW
    assert logs_in(app, NEW) and not logs_in(app, "ana@example.org")


def test_a_new_address_that_has_an_account_gets_the_usual_answer_and_its_owner_a_mail(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    ana = people.make("ana")
    people.make("bob")
    people.login("ana")
    free = ask(client, NEW)
    taken = ask(client, "Bob@Example.org")
    # The same page, word for word but the form's token.
    strip = re.compile(r'value="[^"]*"|"X-CSRFToken": "[^"]*"')
    assert strip.sub("", free) == strip.sub("", taken)
    (to_bob,) = mails_to(outbox, "bob@example.org")
    assert "/account/email/confirm/" not in to_bob.body
    assert "déjà celle de votre compte" in to_bob.body
    # Ana's old address is told of both requests, alike.
    assert len(mails_to(outbox, "ana@example.org")) == 2
    assert address_of(app, ana) == "ana@example.org"


def test_using_one_email_change_link_spends_the_others(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    ana = people.make("ana")
    people.login("ana")
    ask(client, "premiere@example.net")
    ask(client, NEW)
    first, second = change_link(outbox, "premiere@example.net"), change_link(outbox)
    client.get(second)
    assert post(client, "/account/email/confirm").status_code == 302
    client.get(first)
    response = post(client, "/account/email/confirm")
    assert response.status_code == 400
    assert "Ce lien n'est plus valable" in html.unescape(response.get_data(as_text=True))
    assert address_of(app, ana) == NEW


def test_an_email_change_link_works_only_for_the_account_that_asked(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    """Whoever owns a mistyped new address cannot take the account with its link."""
    ana = people.make("ana")
    bob = people.make("bob")
    people.login("ana")
    ask(client, NEW)
    link = change_link(outbox)
    stranger = app.test_client()
    # Visitors are sent to log in first, with the token kept out of the address.
    response = stranger.get(link, follow_redirects=True)
    assert "/auth/login" in response.request.url
    login = {"email": "bob@example.org", "password": PASSWORD}
    assert post(stranger, "/auth/login", login).status_code == 302
    response = post(stranger, "/account/email/confirm")
    assert response.status_code == 400
    assert "demandé depuis un autre compte" in html.unescape(response.get_data(as_text=True))
    assert address_of(app, ana) == "ana@example.org"
    assert address_of(app, bob) == "bob@example.org"


def test_an_email_change_needs_the_password_and_a_new_address(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    ana = people.make("ana")
    people.login("ana")
    assert "Mot de passe incorrect" in ask(client, NEW, password="not the password")
    assert "déjà l'adresse de votre compte" in ask(client, "ANA+civic@example.org")
    assert outbox == []
    assert address_of(app, ana) == "ana@example.org"


def test_an_address_taken_meanwhile_is_refused_at_confirmation(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    ana = people.make("ana")
    people.login("ana")
    ask(client, NEW)
    client.get(change_link(outbox))
    with app.app_context():
        bob = db.session.get_one(User, people.make("bob"))
        bob.email, bob.email_canonical = NEW, NEW
        db.session.commit()
    response = post(client, "/account/email/confirm")
    assert response.status_code == 400
    assert "celle d'un autre compte" in html.unescape(response.get_data(as_text=True))
    assert address_of(app, ana) == "ana@example.org"
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.email == NEW)) is not None
