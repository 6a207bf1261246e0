"""What a clerk sees of "one person, one identity" (docs/rules.md §3): possible
duplicates beside a pending account before approval, the collisions found when the
identity keys were recomputed, and the electoral list to import again."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from civic.extensions import db
from civic.models import AuditEntry, ElectoralListImport, ElectorRecord, User
from civic.models.identity import IdentityCollision
from tests.conftest import People, csrf_token, post
from tests.support.sql import statements_of

HX = {"HX-Request": "true"}
BORN = date(1984, 6, 2)
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def set_address(app: Flask, user_id: int, address: str) -> None:
    with app.app_context():
        db.session.execute(update(User).where(User.id == user_id).values(address=address))
        db.session.commit()


@pytest.fixture
def clerk(people: People) -> People:
    people.make("clerk", roles=("clerk",))
    return people


@pytest.mark.parametrize("headers", [{}, HX])
def test_a_pending_account_born_the_same_day_with_a_close_name_shows_the_existing_one(
    app: Flask, client: FlaskClient, clerk: People, headers: dict[str, str]
) -> None:
    clerk.make("lea", family_name="Dupont", given_names="Léa", birth_date=BORN)
    clerk.make("lea2", level="unverified", family_name="Dupond", given_names="Lea", birth_date=BORN)
    clerk.login("clerk")
    page = text(client.get("/clerk/residents", headers=headers))
    assert "Doublon possible" in page
    assert "même date de naissance, nom proche" in page
    # Side by side: the pending account's names and the existing one's.
    assert "Dupond" in page and "Dupont" in page
    assert "résidence vérifiée" in page


def test_the_same_name_at_the_same_address_is_shown_whatever_the_birth_date(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    first = clerk.make("paul", family_name="Martin", given_names="Paul", birth_date=BORN)
    second = clerk.make(
        "paul2",
        level="unverified",
        family_name="MARTIN",
        given_names="paul",
        birth_date=date(1985, 1, 1),
    )
    set_address(app, first, "3, rue Thénard")
    set_address(app, second, "3 Rue Thenard")
    clerk.login("clerk")
    page = text(client.get("/clerk/residents"))
    assert "même nom, même adresse" in page
    assert "même date de naissance" not in page


def test_an_unrelated_pending_account_shows_no_duplicate(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    clerk.make("lea", family_name="Dupont", given_names="Léa", birth_date=BORN)
    clerk.make("noe", level="unverified", family_name="Garnier", given_names="Noé", birth_date=BORN)
    clerk.login("clerk")
    page = text(client.get("/clerk/residents"))
    assert "Garnier" in page and "Doublon possible" not in page


def test_the_queue_reads_the_duplicates_of_a_whole_page_in_a_fixed_number_of_queries(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("statements_of reads SQLite's trace")
    clerk.login("clerk")

    def statements_with(pending: int) -> int:
        for n in range(pending):
            clerk.make(
                f"old{clerk.counter}", family_name=f"Nom{n}x", given_names="Léa", birth_date=BORN
            )
            clerk.make(
                f"new{clerk.counter}",
                level="unverified",
                family_name=f"Nom{n}y",
                given_names="Léa",
                birth_date=BORN,
            )
        response, seen = statements_of(app, lambda: client.get("/clerk/residents"))
        assert text(response).count('class="duplicates"') >= pending
        return sum(1 for s in seen if s.startswith("SELECT"))

    assert statements_with(2) == statements_with(6)


def test_the_decided_row_keeps_its_duplicates_beside_it(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    clerk.make("lea", family_name="Dupont", given_names="Léa", birth_date=BORN)
    pending = clerk.make(
        "lea2", level="unverified", family_name="Dupond", given_names="Lea", birth_date=BORN
    )
    clerk.login("clerk")
    row = text(
        post(
            client,
            f"/clerk/residents/{pending}/decision",
            {"decision": "refuse", "reason": "Vous avez déjà un compte."},
            headers=HX,
        )
    )
    assert "Doublon possible" in row and "Refusé" in row


def add_collision(app: Flask, first: int, second: int) -> int:
    with app.app_context():
        collision = IdentityCollision(
            kind="accounts", identity_key="k" * 64, first_id=first, second_id=second, found_at=NOW
        )
        db.session.add(collision)
        db.session.commit()
        return collision.id


def test_collisions_of_recomputed_keys_are_listed_side_by_side_and_decided_once(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    first = clerk.make("lea", family_name="Dupont", given_names="Léa", birth_date=BORN)
    second = clerk.make("lea2", family_name="Du\u200bpont", given_names="Léa", birth_date=BORN)
    collision = add_collision(app, first, second)
    clerk.login("clerk")
    assert "1 doublon révélé" in text(client.get("/clerk/residents"))
    page = text(client.get("/clerk/residents/doublons"))
    assert "Deux comptes" in page and page.count("Léa Du") == 2
    assert f"Compte n° {first}" in page and f"Compte n° {second}" in page

    empty = post(
        client, f"/clerk/residents/doublons/{collision}", {"decision": " "}, follow_redirects=True
    )
    assert "Écrivez ce que vous avez décidé" in text(empty)

    decided = post(
        client,
        f"/clerk/residents/doublons/{collision}",
        {"decision": "Même personne : le second compte est refusé."},
        follow_redirects=True,
    )
    assert "Décision enregistrée." in text(decided)
    assert "Examiné le" in text(decided) and "le second compte est refusé" in text(decided)
    again = post(
        client,
        f"/clerk/residents/doublons/{collision}",
        {"decision": "Autre avis."},
        follow_redirects=True,
    )
    assert "déjà été examiné" in text(again)
    with app.app_context():
        assert (
            db.session.scalar(
                select(AuditEntry.reason).where(AuditEntry.action == "identity_collision.examine")
            )
            == "Même personne : le second compte est refusé."
        )
        # Nothing deleted.
        assert db.session.get(User, first) and db.session.get(User, second)
    assert "doublon révélé" not in text(client.get("/clerk/residents"))


def test_each_account_of_a_collision_shows_its_status_and_where_to_act_on_it(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    pending = clerk.make("lea", level="unverified", family_name="Dupont", birth_date=BORN)
    verified = clerk.make("lea2", family_name="Du\u200bpont", birth_date=BORN)
    erased = clerk.make("lea3", family_name="Dupont", birth_date=BORN)
    with app.app_context():
        db.session.execute(update(User).where(User.id == erased).values(deleted_at=NOW))
        db.session.commit()
    add_collision(app, pending, verified)
    add_collision(app, verified, erased)
    clerk.login("clerk")
    page = text(client.get("/clerk/residents/doublons"))
    # The "Statut" row: one cell per account of each pair.
    assert page.count("<td>en attente</td>") == 1
    assert page.count("<td>résidence vérifiée</td>") == 2
    assert page.count("<td>supprimé</td>") == 1
    # The pending account is decided in the residence queue, where the link leads.
    assert f'href="/clerk/residents#resident-{pending}"' in page
    assert f"#resident-{verified}" not in page and f"#resident-{erased}" not in page
    queue = text(client.get("/clerk/residents"))
    assert f'id="resident-{pending}"' in queue


def test_the_electoral_list_page_asks_for_a_new_import_after_the_keys_were_recomputed(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    clerk.login("clerk")
    assert "Importez de nouveau" not in text(client.get("/clerk/electoral-list"))
    with app.app_context():
        db.session.add(
            ElectoralListImport(
                imported_at=NOW, rows=1, matched=0, unmatched=1, rejected=0, keys_outdated=True
            )
        )
        db.session.commit()
    assert "Importez de nouveau la liste électorale" in text(client.get("/clerk/electoral-list"))


def test_an_electoral_list_line_mixing_alphabets_is_rejected_alone(
    app: Flask, client: FlaskClient, clerk: People
) -> None:
    clerk.login("clerk")
    content = (
        "family_name,given_names,birth_date\n"
        "Martin,Claire,1975-03-14\n"
        "Mart\u0456n,Claire,1975-03-14\n"  # Cyrillic і among Latin letters
    ).encode()
    response = client.post(
        "/clerk/electoral-list",
        data={"csrf_token": csrf_token(client), "file": (BytesIO(content), "liste.csv")},
        content_type="multipart/form-data",
    )
    page = text(response)
    assert "mélange des alphabets différents" in page
    assert "Liste électorale importée." in page or "Rapport d" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ElectorRecord)) == 1
