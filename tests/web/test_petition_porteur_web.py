"""The porteur of a petition: shown to clerks and councillors, and to everyone when they
agreed at creation (the box is off by default)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import People
from tests.web.test_petitions_web import commune, draft_and_open, text

__all__ = ["commune"]  # the fixture, imported for these tests


def test_the_porteur_is_named_to_staff_only_unless_they_agreed(
    commune: Flask, client: FlaskClient, people: People
) -> None:
    petition_id = draft_and_open(client, people)
    page = f"/petitions/{petition_id}"
    assert "Portée par" not in text(client.get(page))
    people.make("voisin")
    people.login("voisin")
    assert "Portée par" not in text(client.get(page))
    people.logout()
    for staff in ("clerk", "elue"):
        if staff == "elue":
            people.make("elue", level="elector", roles=("councillor",))
        people.login(staff)
        shown = text(client.get(page))
        assert "Portée par Carrier Famille1" in shown
        assert "visible des agents et élus seulement" in shown
        people.logout()


def test_a_porteur_who_agreed_is_named_publicly(
    commune: Flask, client: FlaskClient, people: People
) -> None:
    petition_id = draft_and_open(client, people, author_public="y")
    shown = text(client.get(f"/petitions/{petition_id}"))
    assert "Portée par Carrier Famille1" in shown
    assert "visible des agents" not in shown


def test_the_creation_form_asks_with_the_box_unticked(
    commune: Flask, client: FlaskClient, people: People
) -> None:
    people.make("lea")
    people.login("lea")
    form = text(client.get("/petitions/new"))
    assert "Afficher mon nom sur la pétition" in form
    box = (
        form.split('name="author_public"')[0].rsplit("<input", 1)[1]
        + form.split('name="author_public"')[1].split(">", 1)[0]
    )
    assert "checked" not in box
