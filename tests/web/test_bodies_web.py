"""Participatory bodies through the web: an admin creates one from a preset, a clerk seats
members, holds a session, records and publishes its opinion and the annual report."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import post

CCSPL = {
    "kind": "ccspl",
    "name": "Commission consultative des services publics locaux",
    "purpose": "Avis des usagers sur l'eau et la restauration scolaire.",
    "majority_seats": 4,
    "opposition_seats": 2,
    "drawn_seats": 0,
    "volunteer_seats": 4,
    "association_seats": 4,
    "expert_seats": 2,
    "delegate_seats": 0,
    "term_start": "2026-01-01",
    "term_end": "2028-12-31",
}


def make_body(client: FlaskClient, people: Any, **changes: Any) -> str:
    people.make("admin", level="elector", roles=("admin",))
    people.login("admin")
    response = post(client, "/bodies/new", {**CCSPL, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    people.logout()
    return str(response.headers["Location"])


def test_the_ccspl_preset_fills_the_form_with_its_purpose_and_composition(
    client: FlaskClient, people: Any
) -> None:
    people.make("admin", level="elector", roles=("admin",))
    people.login("admin")
    page = client.get("/bodies/new?preset=ccspl").get_data(as_text=True)
    assert "CGCT L1413-1" in page
    assert 'name="association_seats" required type="number" value="4"' in page
    assert client.get("/bodies/new?preset=nonsense").status_code == 200


def test_an_admin_creates_a_body_everyone_reads_its_composition(
    client: FlaskClient, people: Any
) -> None:
    location = make_body(client, people)
    page = client.get(location).get_data(as_text=True)
    assert "Commission consultative des services publics locaux" in page
    assert "Élus de l'opposition" in page and "Personnes qualifiées" in page
    listing = client.get("/bodies").get_data(as_text=True)
    assert "Commission consultative des services publics locaux" in listing


def test_a_body_without_any_seat_or_with_a_term_ending_first_is_refused(
    client: FlaskClient, people: Any
) -> None:
    people.make("admin", level="elector", roles=("admin",))
    people.login("admin")
    empty = {f"{c}_seats": 0 for c in ("majority", "opposition", "volunteer", "association")}
    page = post(client, "/bodies/new", {**CCSPL, **empty, "expert_seats": 0}).get_data(as_text=True)
    assert "L&#39;instance compte au moins un siège." in page
    page = post(client, "/bodies/new", {**CCSPL, "term_end": "2025-01-01"}).get_data(as_text=True)
    assert "Le mandat finit après avoir commencé." in page


def test_a_clerk_seats_members_until_the_category_is_full(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    location = make_body(client, people, expert_seats=1)
    people.make("clerk", level="elector", roles=("clerk",))
    people.login("clerk")
    member = {"category": "expert", "name": "Dr Hydro", "since": "2026-02-01"}
    post(client, f"{location}/members", {**member, "representing": "Agence de l'eau"})
    page = client.get(location).get_data(as_text=True)
    assert "Dr Hydro — Personnes qualifiées (Agence de l&#39;eau)" in page
    refused = post(
        client, f"{location}/members", {**member, "name": "Second"}, follow_redirects=True
    )
    assert "Tous les sièges de cette catégorie sont pourvus." in refused.get_data(as_text=True)


def test_an_opinion_voted_in_session_is_public_once_published(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    location = make_body(client, people)
    people.make("clerk", level="elector", roles=("clerk",))
    people.login("clerk")
    created = post(
        client,
        f"{location}/sessions",
        {"title": "Rapport sur l'eau", "starts_at": "2026-03-02T18:00", "agenda": "1. Eau"},
    )
    session = created.headers["Location"]
    post(client, f"{session}/minutes", {"minutes": "Présents : 9. Débat sur le prix."})
    post(
        client,
        f"{session}/opinions",
        {
            "title": "Avis sur le prix de l'eau",
            "text": "La commission demande une tarification sociale.",
            "votes_for": 7,
            "votes_against": 2,
            "abstentions": 1,
        },
    )
    people.logout()
    page = client.get(session).get_data(as_text=True)
    assert "Débat sur le prix." in page
    assert "Avis sur le prix de l&#39;eau" not in page  # recorded, not yet published
    people.login("clerk")
    staff_page = client.get(session).get_data(as_text=True)
    assert "pas encore publié" in staff_page
    with app.app_context():
        from civic.extensions import db
        from civic.models import BodyOpinion

        opinion_id = db.session.scalar(db.select(BodyOpinion.id))
    post(client, f"/body-opinions/{opinion_id}/publish")
    again = post(client, f"/body-opinions/{opinion_id}/publish", follow_redirects=True)
    assert "Cet avis a déjà été publié" in again.get_data(as_text=True)
    people.logout()
    page = client.get(session).get_data(as_text=True)
    assert "Adopté" in page and "pour 7, contre 2, abstentions 1" in page
    assert "Avis sur le prix de l&#39;eau" in client.get(location).get_data(as_text=True)


def test_the_annual_report_is_published_on_the_body_page(client: FlaskClient, people: Any) -> None:
    location = make_body(client, people)
    people.make("clerk", level="elector", roles=("clerk",))
    people.login("clerk")
    post(client, f"{location}/report", {"year": 2026, "report": "Quatre séances, deux avis."})
    people.logout()
    page = client.get(location).get_data(as_text=True)
    assert "Rapport 2026" in page and "Quatre séances, deux avis." in page


def test_a_resident_cannot_record_an_opinion(client: FlaskClient, people: Any) -> None:
    location = make_body(client, people)
    people.make("habitant", level="elector")
    people.login("habitant")
    assert post(client, f"{location}/sessions", {"title": "x"}).status_code == 403


def test_a_member_who_leaves_frees_the_seat_for_the_next_day(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    location = make_body(client, people, expert_seats=1)
    people.make("clerk", level="elector", roles=("clerk",))
    people.login("clerk")
    post(
        client,
        f"{location}/members",
        {"category": "expert", "name": "Dr Hydro", "since": "2026-02-01"},
    )
    with app.app_context():
        from civic.extensions import db
        from civic.models import BodyMember

        member_id = db.session.scalar(db.select(BodyMember.id))
    left = post(client, f"/body-members/{member_id}/end", follow_redirects=True)
    assert "son siège est libre dès demain" in left.get_data(as_text=True)
    again = post(client, f"/body-members/{member_id}/end", follow_redirects=True)
    assert "Ce membre a déjà quitté l&#39;instance" in again.get_data(as_text=True)
    with app.app_context():
        from civic.extensions import db
        from civic.models import BodyMember

        member = db.session.get(BodyMember, member_id)
        assert member is not None and member.until is not None
