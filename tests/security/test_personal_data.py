"""Personal data stays with the clerks: every public page, every open-data endpoint and
every HTMX fragment, fetched as a visitor and as a plain resident, is scanned for the
family names, addresses, e-mails and identity keys of residents seeded for the test."""

from __future__ import annotations

from datetime import date
from typing import Any

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
                    response = client.get(url, headers=headers)
                    if response.mimetype == "application/pdf":
                        continue  # a document's PDF prints its HTML page, scanned itself
                    # Scanned as text even when it is a file (a Belenios archive).
                    body = response.get_data().decode("utf-8", "replace")
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


def test_once_anonymised_the_signature_rows_keep_only_the_identity_key(
    app: Flask, client: FlaskClient, people: People, runner: Any
) -> None:
    """Months after a petition closed (``flask civic petitions anonymise``), its rows no
    longer hold a signer's name, address, e-mail, account or address hash; the identity
    key stays, by design, so that nobody signs twice (docs/rules.md §3 and §8)."""
    from datetime import UTC, datetime, timedelta

    from civic.database import write_intent
    from civic.models import Petition, Signature
    from civic.petitions import paper, signing
    from tests.integration.test_petitions_signing import add_figures, open_petition

    for login, family, given, address in SEEDED:
        user_id = people.make(login, level="elector", family_name=family, given_names=given)
        with app.app_context():
            db.session.get(User, user_id).address = address  # type: ignore[union-attr]
            db.session.commit()
    secrets = _secrets(app)
    long_ago = datetime.now(UTC) - timedelta(days=400)
    with app.app_context(), write_intent():
        add_figures()
        online, on_paper = open_petition(people, now=long_ago), open_petition(people, now=long_ago)
        clerk = db.session.scalar(db.select(User).where(User.email.like("clerk%")))
        assert clerk is not None
        for _login, family, given, address in SEEDED:
            user = db.session.scalar(db.select(User).where(User.family_name == family))
            assert user is not None
            signing.sign(online, user=user, ip="203.0.113.9", now=long_ago)
            line = paper.PaperLine(family, given, "17/05/1990", address)
            paper.enter_paper_signature(on_paper, line, clerk=clerk, now=long_ago)
        for petition in db.session.scalars(db.select(Petition)):
            petition.state, petition.closed_at = "closed", long_ago + timedelta(days=30)
        db.session.commit()
        ip_hash = db.session.scalar(
            db.select(Signature.ip_hash).where(Signature.ip_hash.is_not(None))
        )
        secrets |= {"IP hash": str(ip_hash)}

    assert (
        "2 petition(s) anonymised."
        in runner.invoke(args=["civic", "petitions", "anonymise"]).output
    )
    with app.app_context():
        rows = db.session.scalars(db.select(Signature)).all()
        assert len(rows) == 2 * len(SEEDED)
        stored = [
            " ".join(str(getattr(row, c.key)) for c in Signature.__table__.columns) for row in rows
        ]
        keys = {what: value for what, value in secrets.items() if what.endswith("identity key")}
        leaks = [
            what
            for what, value in secrets.items()
            if value and what not in keys and any(value in row for row in stored)
        ]
        assert leaks == []
        assert all(row.user_id is None for row in rows)
        assert set(keys.values()) <= {row.identity_key for row in rows}
    for url in (f"/petitions/{online}", f"/petitions/{on_paper}"):
        body = client.get(url).get_data(as_text=True)
        assert "Signatures anonymisées le" in body
        assert [what for what, value in secrets.items() if value and value in body] == []
