"""Two accounts confirming the same new address at the same moment (each was sent its
link while the address was free): one takes it, the other is told so and keeps its
own address; never two accounts on one inbox, never an error page. Both requests read
before either writes (``tests.support.races``); SQLite and PostgreSQL alike."""

from __future__ import annotations

import html
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import User
from tests.conftest import PASSWORD, People, csrf_token, post
from tests.support.races import at_the_same_moment
from tests.web.test_email_change_web import ask, change_link

SHARED = "foyer@example.net"


def test_two_accounts_confirming_one_new_address_at_once_give_it_to_one(
    app: Flask, people: People, outbox: list[Any]
) -> None:
    tabs: list[FlaskClient] = []
    for name in ("ana", "bob"):
        people.make(name)
        tab = app.test_client()
        login = {"email": f"{name}@example.org", "password": PASSWORD}
        assert post(tab, "/auth/login", login).status_code == 302
        ask(tab, SHARED)
        tab.get(change_link(outbox, SHARED))
        outbox.clear()
        tabs.append(tab)
    tokens = [csrf_token(tab, "/account/email/confirm") for tab in tabs]

    responses = at_the_same_moment(
        app,
        *(
            lambda t=tab, c=token: t.post("/account/email/confirm", data={"csrf_token": c})
            for tab, token in zip(tabs, tokens, strict=True)
        ),
    )

    assert sorted(r.status_code for r in responses) == [302, 400]
    (refused,) = [r for r in responses if r.status_code == 400]
    assert "celle d'un autre compte" in html.unescape(refused.get_data(as_text=True))
    with app.app_context():
        emails = sorted(db.session.scalars(select(User.email)))
    assert SHARED in emails and len(emails) == 2
    assert set(emails) - {SHARED} in ({"ana@example.org"}, {"bob@example.org"})
