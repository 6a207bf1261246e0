"""Registration, confirmation, log-in, language and the resident's own data, through the client."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import Neighbourhood, User
from tests.conftest import PASSWORD, People, post


@pytest.fixture
def hood_id(app: Flask) -> int:
    with app.app_context():
        hood = Neighbourhood(name="Saint-Savinien", population=3000)
        db.session.add(hood)
        db.session.commit()
        return hood.id


def form(hood_id: int, **changes: str) -> dict[str, Any]:
    data = {
        "family_name": "Diallo",
        "given_names": "Aïcha",
        "birth_date": "2001-04-12",
        "email": "aicha@example.org",
        "address": "3 rue Thénard",
        "neighbourhood_id": str(hood_id),
        "password": "un mot de passe",
        "password_again": "un mot de passe",
        "lives_here": "y",
    }
    data.update(changes)
    return data


def users(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(User)) or 0)


def test_a_resident_registers_confirms_by_post_and_logs_in(
    app: Flask, client: FlaskClient, hood_id: int, outbox: list
) -> None:
    response = post(client, "/auth/register", form(hood_id))
    assert "Vérifiez votre messagerie" in response.get_data(as_text=True)
    link = re.search(r"http://localhost(/auth/confirm/\S+)", outbox[0].body)
    assert link
    # A mail scanner following the link does not confirm anything.
    page = client.get(link.group(1), follow_redirects=True).get_data(as_text=True)
    assert "Confirmer mon adresse" in page
    with app.app_context():
        assert db.session.scalar(select(User.email_confirmed_at)) is None
    response = post(client, "/auth/confirm")
    assert response.status_code == 302
    response = post(
        client, "/auth/login", {"email": "aicha@example.org", "password": "un mot de passe"}
    )
    assert response.status_code == 302
    page = client.get("/account/").get_data(as_text=True)
    assert "Aïcha Diallo" in page and "résidence non vérifiée" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"birth_date": "2015-01-01"}, "au moins 16 ans"),
        ({"birth_date": "31/02/2001"}, "date valide"),
        ({"birth_date": "1850-01-01"}, "pas possible"),
        ({"email": "pas-une-adresse"}, "adresse"),
        ({"password_again": "autre chose!"}, "Les mots de passe diffèrent"),
        ({"password": "court", "password_again": "court"}, "10"),
        ({"lives_here": ""}, "réservé aux habitant"),
        ({"neighbourhood_id": "999999"}, "Not a valid choice"),
        ({"family_name": "x" * 500}, "120"),
    ],
)
def test_bad_registrations_get_a_clear_message_and_create_nothing(
    app: Flask, client: FlaskClient, hood_id: int, changes: dict[str, str], message: str
) -> None:
    response = post(client, "/auth/register", form(hood_id, **changes))
    assert response.status_code == 200
    assert "Le formulaire contient des erreurs" in response.get_data(as_text=True) or (
        message in response.get_data(as_text=True)
    )
    assert users(app) == 0


def test_a_wrong_password_and_an_unknown_address_get_the_same_message(
    client: FlaskClient, people: People
) -> None:
    people.make("lea")
    wrong = post(client, "/auth/login", {"email": "lea@example.org", "password": "wrong one"})
    unknown = post(client, "/auth/login", {"email": "zed@example.org", "password": "wrong one"})
    assert "Adresse ou mot de passe incorrect" in wrong.get_data(as_text=True)
    assert "Adresse ou mot de passe incorrect" in unknown.get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_login_never_redirects_off_site(client: FlaskClient, people: People, target: str) -> None:
    people.make("lea")
    response = client.post(
        f"/auth/login?next={target}",
        data={
            "csrf_token": re.search(  # type: ignore[union-attr]
                r'value="([^"]+)"', client.get("/auth/login").get_data(as_text=True)
            ).group(1),
            "email": "lea@example.org",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_language_switch_is_remembered(client: FlaskClient, people: People, app: Flask) -> None:
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)
    post(client, "/language", {"language": "en", "next": "/auth/login"})
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    post(client, "/language", {"language": "xx", "next": "/"})  # unknown: ignored
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    user_id = people.make("lea")
    people.login("lea")
    post(client, "/language", {"language": "fr", "next": "/"})
    with app.app_context():
        assert db.session.get(User, user_id).locale == "fr"  # type: ignore[union-attr]


def test_a_resident_downloads_their_data_and_nobody_elses(
    client: FlaskClient, people: People
) -> None:
    people.make("other", family_name="Autre")
    people.make("lea", family_name="Dupont")
    people.login("lea")
    response = client.get("/account/export.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["family_name"] == "Dupont"
    assert "Autre" not in response.get_data(as_text=True)


def test_a_resident_deletes_their_account_and_can_no_longer_log_in(
    client: FlaskClient, people: People
) -> None:
    people.make("lea")
    people.login("lea")
    refused = post(client, "/account/delete", {"password": "wrong password"})
    assert "rien n'a été supprimé" in html.unescape(refused.get_data(as_text=True))
    response = post(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 302
    again = post(client, "/auth/login", {"email": "lea@example.org", "password": PASSWORD})
    assert "Adresse ou mot de passe incorrect" in again.get_data(as_text=True)


def test_deleting_an_account_ends_its_sessions_on_every_device(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from civic.models import UserSession

    people.make("lea")
    other_device = app.test_client()
    post(other_device, "/auth/login", {"email": "lea@example.org", "password": PASSWORD})
    assert other_device.get("/account/").status_code == 200
    people.login("lea")
    assert post(client, "/account/delete", {"password": PASSWORD}).status_code == 302
    assert other_device.get("/account/").status_code == 302  # sent to the log-in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
