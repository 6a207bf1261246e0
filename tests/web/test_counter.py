"""The town hall's counter (issue 18): a clerk registers a person in person, with or
without an e-mail address, and acts for them with their consent; each act is in the
audit log "au guichet, par <clerk>" and gives a printed receipt."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import AuditEntry, CounterCheck, User
from tests.conftest import People, post

PERSON = {
    "family_name": "Moreau",
    "given_names": "Odette",
    "birth_date": "1941-03-12",
    "address": "4 impasse des Lilas",
    "identity_document": "carte d'identité",
    "residence_document": "facture d'énergie de moins de 3 mois",
    "email": "",
}
QUESTION = {
    "title": "Un banc à l'arrêt de bus",
    "body": "Pourrait-on installer un banc à l'arrêt de bus de la place ?",
}


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def _hood(app: Flask) -> int:
    from civic.models import Neighbourhood

    with app.app_context():
        hood = db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == "Centre"))
        return hood.id


def register(client: FlaskClient, app: Flask, **fields: str) -> Any:
    return post(client, "/guichet/inscrire", {**PERSON, "neighbourhood_id": _hood(app), **fields})


def _odette(app: Flask) -> User:
    with app.app_context():
        person = db.session.scalar(select(User).where(User.family_name == "Moreau"))
        assert person is not None
        db.session.expunge(person)
        return person


def _odette_uses_her_link(app: Flask, mail: str) -> FlaskClient:
    """Odette chooses her password with the mailed link, then logs in."""
    link = re.search(r"http://localhost(/auth/reset/\S+)", mail)
    assert link is not None
    odette = app.test_client()
    odette.get(link.group(1))
    new = {"password": "le banc de la place", "password_again": "le banc de la place"}
    assert post(odette, "/auth/new-password", new).status_code == 302
    login = post(
        odette, "/auth/login", {"email": "odette@example.org", "password": new["password"]}
    )
    assert login.status_code == 302 and "/auth/login" not in login.headers["Location"]
    return odette


def test_a_person_without_e_mail_is_registered_and_verified_at_once(
    app: Flask, client: FlaskClient, people: People, outbox: list[Any]
) -> None:
    people.make("agent", roles=("clerk",), given_names="Paul", family_name="Guichet")
    people.login("agent")
    response = register(client, app)
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Odette Moreau" in page and "vérifiée" in page
    assert "carte d&#39;identité" in page and "facture d&#39;énergie de moins de 3 mois" in page
    assert "Vous agissez pour cette personne" in page
    assert outbox == []  # no address, no mail
    person = _odette(app)
    assert person.verification == "resident" and person.email is None
    with app.app_context():
        check = db.session.scalar(select(CounterCheck).where(CounterCheck.user_id == person.id))
        assert check is not None and check.identity_document == "carte d'identité"
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "residence.registered_at_counter")
        )
        assert entry is not None and entry.reason == "au guichet, par Paul Guichet"


def test_a_second_account_for_the_same_person_is_refused_with_a_link_to_the_first(
    app: Flask, client: FlaskClient, people: People
) -> None:
    existing = people.make(
        "odette", family_name="MOREAU", given_names="Odette", birth_date=date(1941, 3, 12)
    )
    people.make("agent", roles=("clerk",))
    people.login("agent")
    response = register(client, app)
    page = text(response)
    assert response.status_code == 200
    assert "Cette personne a déjà un compte" in page
    assert f"/guichet/personnes/{existing}" in page
    with app.app_context():
        assert db.session.scalar(select(CounterCheck)) is None


def test_a_person_under_16_is_refused(app: Flask, client: FlaskClient, people: People) -> None:
    people.make("agent", roles=("clerk",))
    people.login("agent")
    response = register(client, app, birth_date=f"{date.today().year - 12}-01-01")
    assert response.status_code == 200
    assert "Il faut avoir au moins 16 ans" in text(response)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.family_name == "Moreau")) is None


def test_what_was_seen_is_required(app: Flask, client: FlaskClient, people: People) -> None:
    people.make("agent", roles=("clerk",))
    people.login("agent")
    response = register(client, app, residence_document="  ")
    assert response.status_code == 200
    assert "Justificatif de domicile vu" in text(response)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.family_name == "Moreau")) is None


def test_an_e_mail_attached_later_lets_the_person_choose_a_password_and_log_in(
    app: Flask, client: FlaskClient, people: People, outbox: list[Any]
) -> None:
    people.make("agent", roles=("clerk",))
    people.login("agent")
    register(client, app)
    person = _odette(app)
    taken = post(client, f"/guichet/personnes/{person.id}/adresse", {"email": "agent@example.org"})
    assert "déjà celle d&#39;un autre compte" in text(taken)
    response = post(
        client, f"/guichet/personnes/{person.id}/adresse", {"email": "odette@example.org"}
    )
    assert response.status_code == 302
    assert "lien envoyé, pas encore utilisé" in text(client.get(response.headers["Location"]))
    assert [m.to for m in outbox] == [["odette@example.org"]]
    odette = _odette_uses_her_link(app, outbox[0].body)
    assert "Odette" in text(odette.get("/account/"))


def test_a_registration_with_an_address_mails_the_set_password_link(
    app: Flask, client: FlaskClient, people: People, outbox: list[Any]
) -> None:
    people.make("agent", roles=("clerk",))
    people.login("agent")
    assert register(client, app, email="odette@example.org").status_code == 302
    assert [m.to for m in outbox] == [["odette@example.org"]]
    assert "/auth/reset/" in outbox[0].body


def test_the_clerk_finds_a_person_by_name_and_serves_them_again(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("agent", roles=("clerk",))
    people.login("agent")
    register(client, app)
    post(client, "/guichet/fin")
    person = _odette(app)
    page = text(client.get("/guichet/?q=moreau"))
    assert f"/guichet/personnes/{person.id}" in page
    assert "Personne ne porte ce nom" in text(client.get("/guichet/?q=inconnu"))
    response = post(client, f"/guichet/personnes/{person.id}/servir")
    assert "Vous agissez pour cette personne" in text(client.get(response.headers["Location"]))


def test_another_clerk_logging_in_on_the_same_browser_serves_nobody(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("agent", roles=("clerk",))
    people.make("collegue", roles=("clerk",))
    people.login("agent")
    register(client, app)
    assert "vous agissez pour" in text(client.get("/guichet/"))
    people.logout()
    people.login("collegue")
    assert "vous agissez pour" not in text(client.get("/guichet/"))


def test_the_persons_data_export_has_what_was_seen_and_the_acts_done_in_their_name(
    app: Flask, client: FlaskClient, people: People, outbox: list[Any]
) -> None:
    people.make("agent", roles=("clerk",))
    people.login("agent")
    register(client, app)
    person = _odette(app)
    post(client, f"/guichet/personnes/{person.id}/adresse", {"email": "odette@example.org"})
    odette = _odette_uses_her_link(app, outbox[0].body)
    data = odette.get("/account/export.json").get_json()
    assert data["counter"]["registration"]["identity_seen"] == "carte d'identité"
    assert data["counter"]["acts"] == []
