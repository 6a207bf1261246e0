"""A second staff member approves the request they read: if the votation was edited
and asked for again after their page was opened, their click is refused instead of
approving a text they never saw."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from civic.models.commune import FIGURE_POPULATION_16_PLUS
from tests.belenios_factory import give_election
from tests.conftest import People, post
from tests.votations_factory import approval_fields, record_commune_figures

FORM = {
    "kind": "consultation",
    "preset": "charter",
    "title": "Nouveau parc",
    "council_decision": "Délibération 2026-20",
    "question": "Faut-il créer un parc aux Sablons ?",
    "choices": "Oui\nNon",
    "approve_choice": "",
    "easy_read": "Le conseil veut créer un parc.",
    "opens_at": "2099-05-01T08:00",
    "closes_at": "2099-05-15T20:00",
    "quorum_percent": "25",
    "min_age": "16",
}


def test_an_approval_of_a_request_replaced_since_the_page_was_read_is_refused(
    app: Flask, client: FlaskClient, people: People
) -> None:
    record_commune_figures(app, **{FIGURE_POPULATION_16_PLUS: 21_000})
    people.make("agent", roles=("clerk",))
    people.make("second", level="unverified", roles=("clerk",))
    people.login("agent")
    response = post(client, "/clerk/votations/new", FORM)
    votation_id = int(response.headers["Location"].rstrip("/edit").rsplit("/", 1)[1])
    # Its encrypted online vote is ready: the trustees' ceremony is over.
    agent, second = people.created["agent"], people.created["second"]
    give_election(
        app, votation_id, trustee_ids=[agent] * 3, authority_id=second, voters=1, open_box=False
    )
    post(client, f"/clerk/votations/{votation_id}/schedule")
    people.logout()

    people.login("second")
    url = f"/clerk/votations/{votation_id}/schedule/approve"
    seen = approval_fields(client, url)  # the second clerk's page, with the question above
    assert seen
    people.logout()

    people.login("agent")  # meanwhile the question is changed and asked for again
    edited = {**FORM, "question": "Faut-il vendre le terrain des Sablons ?"}
    post(client, f"/clerk/votations/{votation_id}/edit", edited)
    post(client, f"/clerk/votations/{votation_id}/schedule")
    people.logout()

    people.login("second")
    page = post(client, url, seen, follow_redirects=True).get_data(as_text=True)
    assert "a changé depuis" in page
    assert "Approuver la programmation" in client.get("/clerk/votations/").get_data(as_text=True)
    # Read again, the new request is approved.
    page = post(client, url, approval_fields(client, url), follow_redirects=True).get_data(
        as_text=True
    )
    assert "Votation programmée." in page
