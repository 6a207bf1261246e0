"""Councils through the web: creation, applications, eligibility, team, sessions and votes."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import post
from tests.support.councils import make_council


def test_an_admin_creates_a_council_and_everyone_can_read_it(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    people.make("admin", level="elector", roles=("admin",), neighbourhood="Gare")
    people.login("admin")
    form = client.get("/councils/new").get_data(as_text=True)
    assert "Sièges tirés au sort" in form
    with app.app_context():
        from civic.extensions import db
        from civic.models import Neighbourhood

        hood_id = db.session.scalar(db.select(Neighbourhood.id).where(Neighbourhood.name == "Gare"))
    response = post(
        client,
        "/councils/new",
        {
            "neighbourhood_id": hood_id,
            "drawn_seats": 8,
            "volunteer_seats": 6,
            "association_seats": 2,
            "term_start": "2026-01-01",
            "term_end": "2028-12-31",
            "quorum_kind": "more_than_fraction",
            "quorum_numerator": 1,
            "quorum_denominator": 2,
            "quorum_minimum": 0,
            "majority": "simple",
            "age_16_29": 700,
            "age_30_44": 800,
        },
    )
    assert response.status_code == 302
    people.logout()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Conseil de quartier Gare" in page and "16-29 : 700" in page
    data = client.get("/api/v1/councils").get_json()["councils"]
    assert [(c["neighbourhood"], c["seats"], c["rules"]["majority"]) for c in data] == [
        ("Gare", 16, "simple")
    ]


def test_a_second_council_for_the_same_neighbourhood_is_refused(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people, pool=[])
    people.login("admin")
    hood_id = client.get(f"/api/v1/councils/{council_id}").get_json()["id"]
    assert hood_id == council_id
    with app.app_context():
        from civic.councils.membership import get_council

        hood = get_council(council_id).neighbourhood_id
    response = post(
        client,
        "/councils/new",
        {
            "neighbourhood_id": hood,
            "drawn_seats": 1,
            "volunteer_seats": 0,
            "association_seats": 0,
            "term_start": "2026-01-01",
            "term_end": "2027-01-01",
            "quorum_kind": "minimum_present",
            "quorum_numerator": 0,
            "quorum_denominator": 1,
            "quorum_minimum": 1,
            "majority": "absolute",
        },
    )
    assert response.status_code == 200
    assert "Ce quartier a déjà son conseil." in response.get_data(as_text=True)


def test_a_resident_of_the_neighbourhood_applies_into_the_pool(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people, pool=[])
    people.make("lina", birth_date=date(2009, 1, 30), neighbourhood="Centre")
    people.login("lina")
    form = client.get(f"/councils/{council_id}/apply").get_data(as_text=True)
    assert "Je préfère ne pas le dire" in form
    assert "date de naissance vérifiée par la mairie : 16-29 ans." in form
    assert 'name="age_band"' not in form
    response = post(
        client,
        f"/councils/{council_id}/apply",
        {"kind": "pool", "gender": "unsaid"},
        follow_redirects=True,
    )
    assert "Candidature enregistrée" in response.get_data(as_text=True)
    assert "attend la vérification" in client.get(f"/councils/{council_id}").get_data(as_text=True)


def test_a_resident_of_another_neighbourhood_cannot_apply(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people, pool=[])
    people.make("voisin", neighbourhood="Saint-Pregts")
    people.login("voisin")
    response = post(
        client,
        f"/councils/{council_id}/apply",
        {"kind": "pool", "gender": "male", "age_band": "30-44"},
    )
    assert response.status_code == 200
    assert "Réservé aux habitants du quartier" in response.get_data(as_text=True)
    assert "Candidater" not in client.get(f"/councils/{council_id}").get_data(as_text=True)


def test_someone_under_16_cannot_apply(app: Flask, client: FlaskClient, people: Any) -> None:
    council_id = make_council(app, people, pool=[])
    people.make("ado", birth_date=date(2012, 6, 1), neighbourhood="Centre")
    people.login("ado")
    response = post(
        client,
        f"/councils/{council_id}/apply",
        {"kind": "pool", "gender": "female", "age_band": "16-29"},
    )
    assert "Il faut avoir au moins 16 ans le" in response.get_data(as_text=True)


def test_a_clerk_checks_eligibility_in_the_queue_page_and_fragment(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people, pool=[])
    people.make("nina", neighbourhood="Centre")
    people.login("nina")
    post(
        client,
        f"/councils/{council_id}/apply",
        {"kind": "volunteer", "gender": "female", "age_band": "30-44"},
    )
    people.logout()
    people.login("clerk")
    page = client.get(f"/councils/{council_id}/applications").get_data(as_text=True)
    assert "Nina" in page and "volontaire" in page
    with app.app_context():
        from civic.councils.membership import applications

        application_id = applications(council_id)[0].id
    url = f"/councils/applications/{application_id}/decision"
    refused = post(client, url, {"decision": "ineligible"}, headers={"HX-Request": "true"})
    assert refused.status_code == 200 and "Donnez la raison" in refused.get_data(as_text=True)
    response = post(client, url, {"decision": "eligible"}, headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert fragment.startswith(f'<li class="queue-row" id="application-{application_id}"')
    assert "Éligible." in fragment
    members = client.get(f"/api/v1/councils/{council_id}").get_json()["members"]
    assert [m["seat"] for m in members] == ["volunteer"]


def test_a_non_clerk_cannot_decide_eligibility(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people)
    people.login("f1")
    assert client.get(f"/councils/{council_id}/applications").status_code == 403
    assert (
        post(client, "/councils/applications/1/decision", {"decision": "eligible"}).status_code
        == 403
    )


def _seat_everyone(app: Flask, council_id: int) -> list[int]:
    from civic.councils import membership
    from civic.extensions import db
    from tests.support.councils import NOW

    with app.app_context():
        for application in membership.applications(council_id):
            membership.seat_member(application, "volunteer", NOW)
        db.session.commit()
        return [m.id for m in membership.members(council_id)]


def test_a_team_without_parity_is_refused_with_the_reason(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people)
    members = _seat_everyone(app, council_id)  # f0…f5 then m0…m5
    people.login("clerk")
    response = post(
        client, f"/councils/{council_id}/team", {"member_ids": members[:3]}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "n&#39;est pas paritaire : 3 femme(s) et 0 homme(s)" in page
    response = post(
        client,
        f"/councils/{council_id}/team",
        {"member_ids": [members[0], members[6]]},
        follow_redirects=True,
    )
    assert "Équipe d&#39;animation enregistrée." in response.get_data(as_text=True)
    co_leads = [
        m
        for m in client.get(f"/api/v1/councils/{council_id}").get_json()["members"]
        if m["co_lead"]
    ]
    assert len(co_leads) == 2


def test_members_vote_and_the_result_is_public_with_each_vote(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(
        app,
        people,
        pool=[
            (name, gender, date(1980, 1, 1))
            for name, gender in (("ana", "female"), ("bob", "male"), ("cy", "male"))
        ],
    )
    _seat_everyone(app, council_id)
    people.login("clerk")
    response = post(
        client,
        f"/councils/{council_id}/sessions",
        {
            "title": "Séance d'avril",
            "starts_at": "2026-04-02T19:00",
            "place": "École",
            "agenda": "1. **Bancs**",
        },
    )
    session_url = response.headers["Location"]
    post(client, session_url + "/motions", {"title": "Installer des bancs"})
    page = client.get(session_url).get_data(as_text=True)
    assert "<strong>Bancs</strong>" in page and "Vote ouvert" in page
    assert "0 membre présent sur 3." in page  # French counts 0 in the singular
    with app.app_context():
        from civic.councils.sessions import motions_of_council

        motion_id = motions_of_council(council_id)[0].id
    people.logout()
    for name, choice in (("ana", "for"), ("bob", "for"), ("cy", "against")):
        people.login(name)
        post(client, f"/council-motions/{motion_id}/vote", {"choice": choice})
        people.logout()
    people.login("f0" if False else "clerk")
    assert post(client, f"/council-motions/{motion_id}/close").status_code == 302
    people.logout()
    page = client.get(session_url).get_data(as_text=True)
    assert "Adoptée" in page and "pour 2, contre 1, abstentions 0" in page
    data = client.get(f"/api/v1/councils/{council_id}").get_json()
    motion = data["sessions"][0]["motions"][0]
    assert motion["adopted"] is True and motion["result"]["reason"] == "adopted"
    assert sorted(v["choice"] for v in motion["votes"]) == ["against", "for", "for"]
    assert all(v["member"] for v in motion["votes"])


def test_a_resident_who_is_not_a_member_cannot_vote(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people, pool=[])
    people.login("clerk")
    session_url = post(
        client, f"/councils/{council_id}/sessions", {"title": "S", "starts_at": "2026-04-02T19:00"}
    ).headers["Location"]
    post(client, session_url + "/motions", {"title": "M"})
    people.logout()
    people.make("passant", neighbourhood="Centre")
    people.login("passant")
    with app.app_context():
        from civic.councils.sessions import motions_of_council

        motion_id = motions_of_council(council_id)[0].id
    response = post(
        client, f"/council-motions/{motion_id}/vote", {"choice": "for"}, follow_redirects=True
    )
    assert "Seuls les membres du conseil votent." in response.get_data(as_text=True)
    assert post(client, f"/council-motions/{motion_id}/close").status_code == 403
