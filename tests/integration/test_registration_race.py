"""One person, one account (docs/rules.md §3) even when the same person registers
twice at the same moment with two addresses: one account is opened, the other
request gets the usual "check your mail" page and the owner is told by mail, as for
any registration in the name of an existing person. Both requests read before either
writes (``tests.support.races``); SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import select

from civic.auth.services import person_key
from civic.extensions import db
from civic.models import User
from tests.conftest import csrf_token
from tests.support.races import at_the_same_moment
from tests.web.test_accounts_web import form, hood_id  # noqa: F401


def test_the_same_person_registering_twice_at_once_gets_one_account(
    app: Flask,
    hood_id: int,  # noqa: F811
    outbox: list[Any],
) -> None:
    tabs = [app.test_client(), app.test_client()]
    forms = [
        {**form(hood_id, email=email), "csrf_token": csrf_token(tab, "/auth/register")}
        for tab, email in zip(tabs, ("aicha@example.org", "aicha.d@example.net"), strict=True)
    ]
    responses = at_the_same_moment(
        app,
        *(
            lambda t=tab, f=data: t.post("/auth/register", data=f)
            for tab, data in zip(tabs, forms, strict=True)
        ),
    )

    for response in responses:
        assert response.status_code == 200, response
        assert "Vérifiez votre messagerie" in response.get_data(as_text=True)
    with app.app_context():
        key = person_key("Diallo", "Aïcha", date(2001, 4, 12))
        accounts = db.session.scalars(select(User).where(User.identity_key == key)).all()
        assert len(accounts) == 1
        owner = accounts[0].email
    assert sorted(m.subject for m in outbox) == [
        "Confirmez votre adresse",
        "Tentative d'inscription à votre nom",
    ]
    assert {m.to[0] for m in outbox} == {owner}


def test_two_people_registering_one_address_at_once_open_one_account_and_no_error(
    app: Flask,
    hood_id: int,  # noqa: F811
    outbox: list[Any],
) -> None:
    tabs = [app.test_client(), app.test_client()]
    people = ({"family_name": "Diallo"}, {"family_name": "Martin", "given_names": "Paul"})
    forms = [
        {**form(hood_id, **who), "csrf_token": csrf_token(tab, "/auth/register")}
        for tab, who in zip(tabs, people, strict=True)
    ]
    responses = at_the_same_moment(
        app,
        *(
            lambda t=tab, f=data: t.post("/auth/register", data=f)
            for tab, data in zip(tabs, forms, strict=True)
        ),
    )

    for response in responses:
        assert response.status_code == 200, response
        assert "Vérifiez votre messagerie" in response.get_data(as_text=True)
    with app.app_context():
        accounts = db.session.scalars(select(User)).all()
        assert [a.email for a in accounts] == ["aicha@example.org"]
    assert sorted(m.subject for m in outbox) == [
        "Confirmez votre adresse",
        "Tentative d'inscription avec votre adresse",
    ]
