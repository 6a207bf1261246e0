"""Voting through the pages: eligibility, the period, one vote per person, clerks' screens."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import Ballot, VoterRegister
from tests.belenios_factory import give_election
from tests.conftest import People, csrf_token, post
from tests.support.sql import statements_of, under_write_lock
from tests.votations_factory import (
    POPULATION_16_PLUS,
    approval_fields,
    closed_votation,
    make_votation,
    open_votation,
    question_id,
    record_commune_figures,
)


def vote(client: FlaskClient, app: Flask, votation_id: int, choice: str = "oui", **kw: Any) -> Any:
    field = f"q{question_id(app, votation_id)}"
    return post(client, f"/votations/{votation_id}/vote", {field: choice}, **kw)


def counts(app: Flask) -> tuple[int, int]:
    with app.app_context():
        register = db.session.scalar(select(func.count()).select_from(VoterRegister))
        ballots = db.session.scalar(select(func.count()).select_from(Ballot))
        return int(register or 0), int(ballots or 0)


def approve_as_second_clerk(client: FlaskClient, people: People, url: str) -> str:
    """A second staff member logs in and approves; returns the page they land on."""
    people.logout()
    if "second" not in people.created:
        people.make("second", level="unverified", roles=("clerk",))
    people.login("second")
    return post(client, url, approval_fields(client, url), follow_redirects=True).get_data(
        as_text=True
    )


def test_a_resident_votes_and_the_page_says_so_without_saying_what(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("lea")
    people.login("lea")
    page = client.get(f"/votations/{votation_id}").get_data(as_text=True)
    assert "Faut-il piétonniser la place ?" in page
    assert "<strong>piétonne</strong>" in page
    response = vote(client, app, votation_id, "non", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Vous avez voté" in html
    assert 'value="non" checked' not in html and "Voter</button>" not in html
    assert counts(app) == (1, 1)


def test_the_turnout_so_far_says_one_person_in_the_singular(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("lea")
    people.make("marc")
    people.login("lea")
    vote(client, app, votation_id)
    people.logout()
    people.login("marc")
    page = client.get(f"/votations/{votation_id}").get_data(as_text=True)
    assert "Participation à ce jour : 1 personne." in page


def test_voting_with_htmx_swaps_the_ballot_for_the_confirmation(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("lea")
    people.login("lea")
    response = vote(client, app, votation_id, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="votation-ballot"')
    assert "Vous avez voté" in html


def test_a_fifteen_year_old_is_refused(app: Flask, client: FlaskClient, people: People) -> None:
    votation_id = open_votation(app)
    last_day = date.today() + timedelta(days=1)
    people.make("teen", birth_date=last_day.replace(year=last_day.year - 16) + timedelta(days=3))
    people.login("teen")
    assert "Il faut avoir au moins 16 ans" in client.get(f"/votations/{votation_id}").get_data(
        as_text=True
    )
    html = vote(client, app, votation_id, follow_redirects=True).get_data(as_text=True)
    assert "Il faut avoir au moins 16 ans" in html
    assert counts(app) == (0, 0)


def test_a_foreign_resident_may_vote_in_a_charter_votation(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("amina", level="resident")  # verified residence, not on the electoral list
    people.login("amina")
    assert "Vous avez voté" in vote(client, app, votation_id, follow_redirects=True).get_data(
        as_text=True
    )


def test_a_local_referendum_is_voted_at_polling_stations_not_online(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app, preset="cgct_referendum", electorate="electors", min_age=18)
    people.make("elector", level="elector")
    people.login("elector")
    page = client.get(f"/votations/{votation_id}").get_data(as_text=True)
    assert "Ce vote se tient dans les bureaux de vote" in page
    assert f'action="/votations/{votation_id}/vote"' not in page
    html = vote(client, app, votation_id, follow_redirects=True).get_data(as_text=True)
    assert "il n&#39;y a pas de vote en ligne" in html
    assert counts(app) == (0, 0)


def test_a_resident_is_outside_a_local_referendum_which_only_electors_vote(
    app: Flask, people: People
) -> None:
    from civic.models import User, Votation
    from civic.votations.eligibility import refusal_reason

    votation_id = open_votation(app, preset="cgct_referendum", electorate="electors", min_age=18)
    amina = people.make("amina", level="resident")
    with app.app_context():
        votation, user = db.session.get(Votation, votation_id), db.session.get(User, amina)
        assert votation is not None and user is not None
        assert "Réservé aux électeurs inscrits" in (refusal_reason(votation, user) or "")


def test_an_unverified_account_cannot_vote(app: Flask, client: FlaskClient, people: People) -> None:
    votation_id = open_votation(app)
    people.make("visitor", level="unverified")
    people.login("visitor")
    assert vote(client, app, votation_id).status_code == 403
    assert counts(app) == (0, 0)


def test_a_consultation_limited_to_a_neighbourhood_leaves_out_the_others(
    app: Flask, people: People
) -> None:
    from civic.models import Neighbourhood, User, Votation
    from civic.models.votations import VotationNeighbourhood
    from civic.votations.eligibility import refusal_reason

    north = people.make("north", level="elector", neighbourhood="Nord")
    south = people.make("south", level="elector", neighbourhood="Sud")
    votation_id = open_votation(app, preset="cgct_consultation", electorate="electors", min_age=18)
    with app.app_context():
        nord = db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == "Nord"))
        db.session.add(VotationNeighbourhood(votation_id=votation_id, neighbourhood_id=nord.id))
        db.session.commit()
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        south_user, north_user = db.session.get(User, south), db.session.get(User, north)
        assert south_user is not None and north_user is not None
        assert "Réservé aux habitants de certains quartiers" in (
            refusal_reason(votation, south_user) or ""
        )
        assert refusal_reason(votation, north_user) is None


def test_voting_before_or_after_the_period_is_refused(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    upcoming = make_votation(app, opens=now + timedelta(days=1), closes=now + timedelta(days=2))
    closed = closed_votation(app)
    people.make("lea")
    people.login("lea")
    for votation_id in (upcoming, closed):
        html = vote(client, app, votation_id, follow_redirects=True).get_data(as_text=True)
        assert "Le vote n&#39;est pas ouvert" in html
    assert counts(app) == (0, 0)


def test_voting_twice_online_is_refused(app: Flask, client: FlaskClient, people: People) -> None:
    votation_id = open_votation(app)
    people.make("lea")
    people.login("lea")
    vote(client, app, votation_id, "oui")
    html = vote(client, app, votation_id, "non", follow_redirects=True).get_data(as_text=True)
    assert "Vous avez déjà voté : vote enregistré en ligne" in html
    assert counts(app) == (1, 1)


def test_a_clerk_cannot_mark_on_paper_someone_who_voted_online_and_vice_versa(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("lea")
    people.make("paul")
    people.make("agent", roles=("clerk",))
    people.login("lea")
    vote(client, app, votation_id)
    people.logout()
    people.login("agent")
    desk = f"/clerk/votations/{votation_id}/paper/voter"
    html = post(client, desk, {"person": "lea@example.org", "polling_station": "Bureau 1"})
    assert "Cette personne a déjà voté : vote enregistré en ligne" in html.get_data(as_text=True)
    ok = post(client, desk, {"person": "paul@example.org", "polling_station": "Bureau 1"})
    assert ok.status_code == 302
    people.logout()
    people.login("paul")
    html = vote(client, app, votation_id, follow_redirects=True).get_data(as_text=True)
    assert "Vous avez déjà voté : vote enregistré sur papier (Bureau 1)." in html
    assert "bureau Bureau" not in html
    assert counts(app) == (2, 1)


def test_paper_ballots_reconcile_with_the_register_and_mismatches_show(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    qid = question_id(app, votation_id)
    people.make("paul")
    people.make("agent", roles=("clerk",))
    people.login("agent")
    post(
        client,
        f"/clerk/votations/{votation_id}/paper/voter",
        {"person": "paul@example.org", "polling_station": "Bureau 1"},
    )
    people.make("pia")
    post(
        client,
        f"/clerk/votations/{votation_id}/paper/voter",
        {"person": "pia@example.org", "polling_station": "Bureau 1"},
    )
    entry = {"polling_station": "Bureau 1", f"q{qid}_oui": "1", f"q{qid}_non": "0"}
    entry |= {f"q{qid}_blanc": "0", f"q{qid}_nul": "0"}
    post(client, f"/clerk/votations/{votation_id}/paper/ballots", entry)
    page = client.get(f"/clerk/votations/{votation_id}/paper").get_data(as_text=True)
    assert "écart de" in page and 'class="mismatch"' in page
    fragment = client.get(
        f"/clerk/votations/{votation_id}/paper", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="votation-reconciliation"')
    assert counts(app) == (2, 1)


def test_clerk_screens_are_refused_to_residents(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("lea")
    people.login("lea")
    assert client.get("/clerk/votations/").status_code == 403
    assert client.get(f"/clerk/votations/{votation_id}/paper").status_code == 403
    assert post(client, f"/clerk/votations/{votation_id}/publish").status_code == 403
    answer = post(
        client,
        f"/clerk/votations/{votation_id}/paper/voter",
        {"person": "lea@example.org", "polling_station": "B"},
    )
    assert answer.status_code == 403


def test_results_are_hidden_before_closing_and_published_after(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("lea")
    people.make("agent", roles=("clerk",))
    people.login("lea")
    vote(client, app, votation_id)
    assert client.get(f"/votations/{votation_id}/resultats.csv").status_code == 404
    assert (
        client.get(f"/api/v1/votations/{votation_id}").get_json()["questions"][0]["result"] is None
    )
    people.logout()
    people.login("agent")
    refused = post(client, f"/clerk/votations/{votation_id}/publish", follow_redirects=True)
    assert "qu&#39;après la clôture" in refused.get_data(as_text=True)
    from datetime import UTC, datetime

    from civic.models import Votation

    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        votation.closes_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    asked = post(client, f"/clerk/votations/{votation_id}/publish", follow_redirects=True)
    assert "En attente d'approbation par un second membre du personnel" in asked.get_data(
        as_text=True
    )
    assert client.get(f"/votations/{votation_id}/resultats.csv").status_code == 404
    approve_as_second_clerk(client, people, f"/clerk/votations/{votation_id}/publish/approve")
    page = client.get(f"/votations/{votation_id}").get_data(as_text=True)
    assert "Résultats" in page and '<svg class="bar-chart"' in page
    assert "style=" not in page
    data = client.get(f"/api/v1/votations/{votation_id}").get_json()
    assert data["questions"][0]["result"]["counts"] == {"oui": 1, "non": 0}
    assert data["eligible_count"] == POPULATION_16_PLUS
    assert "oui,1" in client.get(f"/votations/{votation_id}/resultats.csv").get_data(as_text=True)


def test_a_clerk_creates_and_schedules_a_council_consultation(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from civic.models.commune import FIGURE_POPULATION_16_PLUS

    record_commune_figures(app, **{FIGURE_POPULATION_16_PLUS: POPULATION_16_PLUS})
    people.make("agent", roles=("clerk",))
    people.login("agent")
    form = {
        "kind": "consultation",
        "preset": "charter",
        "title": "Nouveau parc",
        "council_decision": "Délibération 2026-20",
        "question": "Quel emplacement pour le parc ?",
        "choices": "Les Sablons\nCentre-ville\nSaint-Didier",
        "approve_choice": "",
        "easy_read": "Le conseil veut créer un parc.",
        "opens_at": "2099-05-01T08:00",
        "closes_at": "2099-05-15T20:00",
        "quorum_percent": "25",
        "min_age": "16",
    }
    response = post(client, "/clerk/votations/new", form)
    assert response.status_code == 302, response.get_data(as_text=True)
    votation_id = int(response.headers["Location"].rstrip("/edit").rsplit("/", 1)[1])
    # Its online vote is encrypted: the trustees' ceremony done (tests/belenios_factory.py).
    agent = people.created["agent"]
    give_election(
        app, votation_id, trustee_ids=[agent] * 3, authority_id=agent, voters=1, open_box=False
    )
    post(client, f"/clerk/votations/{votation_id}/schedule")
    people.logout()
    assert client.get(f"/votations/{votation_id}").status_code == 404  # asked, not approved
    approve_as_second_clerk(client, people, f"/clerk/votations/{votation_id}/schedule/approve")
    page = client.get(f"/votations/{votation_id}").get_data(as_text=True)
    assert "Quel emplacement pour le parc ?" in page and "pas encore ouvert" in page
    listing = client.get("/api/v1/votations").get_json()["votations"]
    assert [v["title"] for v in listing] == ["Nouveau parc"]


def test_a_draft_is_not_shown_to_residents(app: Flask, client: FlaskClient, people: People) -> None:
    votation_id = open_votation(app, status="draft")
    assert client.get(f"/votations/{votation_id}").status_code == 404
    assert client.get(f"/api/v1/votations/{votation_id}").status_code == 404
    assert client.get("/votations/").status_code == 200


def test_a_vote_takes_the_write_lock_only_to_cast_the_ballot(
    app: Flask, client: FlaskClient, people: People
) -> None:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's database-wide write lock")
    votation_id = open_votation(app)
    people.make("lea")
    people.login("lea")
    field, token = f"q{question_id(app, votation_id)}", csrf_token(client)
    response, seen = statements_of(
        app,
        lambda: client.post(
            f"/votations/{votation_id}/vote",
            data={"csrf_token": token, field: "oui"},
            headers={"HX-Request": "true"},
        ),
    )
    assert "Vous avez voté" in response.get_data(as_text=True)
    # Session, account and page are read before; the write lock covers the casting only.
    assert under_write_lock(seen) == [
        "SELECT votations",  # status and period again, under the lock
        "SELECT votation_elections",  # an encrypted vote never takes a ballot in clear
        "SELECT voter_register",
        "INSERT voter_register",
        "INSERT ballots",
    ]
    assert not any(statement.startswith("SAVEPOINT") for statement in seen)


def test_the_htmx_confirmation_counts_this_vote_with_the_earlier_ones(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("lea")
    people.make("marc")
    people.login("lea")
    vote(client, app, votation_id)
    people.logout()
    people.login("marc")
    html = vote(client, app, votation_id, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Vous avez voté" in html
    assert "Participation à ce jour : 2 personnes." in html


def test_a_second_click_with_htmx_shows_the_vote_already_cast_and_adds_nothing(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("lea")
    people.login("lea")
    vote(client, app, votation_id, "oui", headers={"HX-Request": "true"})
    response = vote(client, app, votation_id, "non", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vous avez déjà voté" in html and "Voter</button>" not in html
    assert counts(app) == (1, 1)
