"""One person, one identity: a name typed with invisible characters or with look-alike
letters of another alphabet is the same person (docs/rules.md §3), at registration,
on a paper petition sheet and on a paper budget ballot."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import BudgetBallot, Neighbourhood, Petition, Signature, User
from tests.budget_factory import add_projects, heading_ids, make_budget
from tests.conftest import People, post
from tests.web.test_petitions_web import commune, draft_and_open  # noqa: F401

ZWSP = "\u200b"
CYRILLIC_E = "\u0435"
MIXED = "mélange des alphabets différents"


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def users(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(User)) or 0)


def registration(app: Flask, **changes: str) -> dict[str, str]:
    with app.app_context():
        hood = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.name == "Centre"))
    data = {
        "family_name": "Lefèvre",
        "given_names": "Hélène",
        "birth_date": "1990-05-17",
        "email": "second@example.org",
        "address": "3 rue Thénard",
        "neighbourhood_id": str(hood),
        "password": "un mot de passe",
        "password_again": "un mot de passe",
        "lives_here": "y",
    }
    data.update(changes)
    return data


@pytest.fixture
def helene(app: Flask, people: People) -> int:
    return people.make("helene", family_name="Lefèvre", given_names="Hélène")


@pytest.mark.parametrize(
    "family_name",
    [f"Lef{ZWSP}èvre", "LEFE\u0300VRE\u00ad", "\u202aLefèvre\u202c", "Le Fèvre"],
)
def test_a_second_account_with_invisible_characters_in_the_name_is_refused(
    app: Flask, client: FlaskClient, helene: int, family_name: str
) -> None:
    response = post(client, "/auth/register", registration(app, family_name=family_name))
    # The form answers as for a new account (no enumeration); the owner is told.
    assert "Vérifiez votre messagerie" in text(response)
    assert users(app) == 1


@pytest.mark.parametrize(
    ("field", "typed"),
    [("family_name", f"L{CYRILLIC_E}fèvre"), ("given_names", "Hél\u0435ne")],
)
def test_a_name_with_a_cyrillic_letter_among_latin_ones_is_refused_on_its_field(
    app: Flask, client: FlaskClient, helene: int, field: str, typed: str
) -> None:
    response = post(client, "/auth/register", registration(app, **{field: typed}))
    assert MIXED in text(response)
    assert users(app) == 1


def test_a_name_wholly_in_cyrillic_look_alikes_meets_the_latin_account(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("cope", family_name="COPE", given_names="ABE")
    response = post(
        client,
        "/auth/register",
        registration(app, family_name="\u0421\u041e\u0420\u0415", given_names="\u0410\u0412\u0415"),
    )
    # The form answers as for a new account (no enumeration); the owner is told.
    assert "Vérifiez votre messagerie" in text(response)
    assert users(app) == 1


def test_a_paper_line_with_a_look_alike_of_an_online_signer_is_a_duplicate(
    commune: Flask,  # noqa: F811
    client: FlaskClient,
    people: People,
) -> None:
    petition_id = draft_and_open(client, people)
    people.make("dina", level="resident", family_name="Haddad", given_names="Dina")
    people.login("dina")
    post(client, f"/petitions/{petition_id}/sign", {"confirm": "y"})
    people.logout()
    people.login("clerk")
    line = {
        "birth_date": "17/05/1990",
        "address": "4 rue de la Mairie",
        "neighbourhood_id": "",
    }
    sheet = f"/petitions/{petition_id}/paper"
    hx = {"HX-Request": "true"}
    invisible = post(
        client, sheet, {**line, "family_name": f"Had{ZWSP}dad", "given_names": "Dina"}, headers=hx
    )
    assert "Doublon" in text(invisible)
    mixed = post(
        client, sheet, {**line, "family_name": "Hadd\u0430d", "given_names": "Dina"}, headers=hx
    )
    assert MIXED in text(mixed)
    with commune.app_context():
        assert db.session.get(Petition, petition_id).collected_count == 1
        assert db.session.scalar(select(func.count()).select_from(Signature)) == 1


def test_a_paper_ballot_with_a_zero_width_space_cannot_vote_a_second_time(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("clerk", roles=("clerk",))
    people.make("alice", family_name="Durand", given_names="Alice", birth_date=date(1990, 5, 17))
    budget_id = make_budget(app, "vote", amounts=(100_000, 50_000))
    city, _ = heading_ids(app, budget_id)
    ids = add_projects(app, city, {"Bancs": 8_000, "Arbres": 20_000})
    people.login("alice")
    post(client, f"/budgets/{budget_id}/rubriques/{city}/vote", {"projects": [ids["Arbres"]]})
    people.logout()
    people.login("clerk")
    with app.app_context():
        hood = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.name == "Centre"))
    paper = {
        "family_name": f"Du{ZWSP}rand",
        "given_names": "ALICE",
        "birth_date": "1990-05-17",
        "neighbourhood_id": str(hood),
        "projects": [str(ids["Bancs"])],
    }
    url = f"/clerk/budgets/{budget_id}/rubriques/{city}/papier"
    again = post(client, url, paper, follow_redirects=True)
    assert "déjà voté dans cette rubrique" in text(again)
    mixed = post(client, url, {**paper, "family_name": "Dur\u0430nd"}, follow_redirects=True)
    assert MIXED in text(mixed)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BudgetBallot)) == 1
