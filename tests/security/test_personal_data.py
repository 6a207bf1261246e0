"""Personal data stays with the clerks: every public page, every open-data endpoint and
every HTMX fragment, fetched as a visitor and as a plain resident, is scanned for the
family names, addresses, e-mails and identity keys of residents seeded for the test."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import User
from tests.conftest import People, post
from tests.security.site import log_in, no_rate_limits, seed_demo, urls

# Recognisable, and in no template or demo text.
SEEDED = [
    ("zebulonwxq", "Quintanilla-Wexford", "Zébulon", "17 impasse des Glycines-Oubliées"),
    ("ysoldevrk", "Vrkljan-Ostrogorski", "Ysolde", "4 chemin du Moulin-Englouti"),
]


def _secrets(app: Flask) -> dict[str, str]:
    found = {}
    with app.app_context():
        for login, family, _given, address in SEEDED:
            user = db.session.scalar(db.select(User).where(User.family_name == family))
            assert user is not None
            found[f"{login}: family name"] = family
            found[f"{login}: address"] = address
            found[f"{login}: e-mail"] = user.email or ""
            found[f"{login}: identity key"] = user.identity_key
    return found


def test_no_public_page_api_or_fragment_shows_another_persons_data(
    app: Flask, client: FlaskClient, people: People
) -> None:
    seed_demo(app)
    for login, family, given, address in SEEDED:
        user_id = people.make(login, level="elector", family_name=family, given_names=given)
        with app.app_context():
            db.session.get(User, user_id).address = address  # type: ignore[union-attr]
            db.session.commit()
    # They take part: they sign a petition and ask a question, as people do.
    with no_rate_limits():
        for login, *_ in SEEDED:
            people.login(login)
            for endpoint, url in urls(app, "POST"):
                if endpoint in ("petitions.sign", "questions.support"):
                    post(client, url)
            people.logout()
        secrets = _secrets(app)
        leaks = []
        for role in ("anonymous", "resident"):
            log_in(client, role)
            for _endpoint, url in urls(app, "GET"):
                for headers in ({}, {"HX-Request": "true"}):
                    body = client.get(url, headers=headers).get_data(as_text=True)
                    leaks += [
                        (role, url, what)
                        for what, value in secrets.items()
                        if value and value in body
                    ]
    assert leaks == []


def test_the_scan_would_see_a_leak(app: Flask, client: FlaskClient, people: People) -> None:
    people.make("visible", family_name="Quintanilla-Wexford")
    people.login("visible")
    assert "Quintanilla-Wexford" in client.get("/account/").get_data(as_text=True)
    _ = date
