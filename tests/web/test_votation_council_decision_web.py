"""The council's decision on a votation's results: recorded once by a clerk after the
publication, agreeing with its vote, shown on the page and in the API (docs/rules.md §4)."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import CouncilDecision
from tests.conftest import People, post
from tests.support.days import commune_day
from tests.votations_factory import closed_votation, make_votation, publish, staff

TODAY = commune_day()


def decision(**fields: str) -> dict[str, str]:
    values = {
        "matter": "result",
        "outcome": "adopted",
        "decided_on": TODAY.isoformat(),
        "number": "2027-031",
        "votes_for": "21",
        "votes_against": "8",
        "abstentions": "4",
        "summary": "La Grande Rue sera piétonne le samedi dès le 1er mai.",
    }
    values.update(fields)
    return values


def decisions(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(CouncilDecision)) or 0)


def published_votation(app: Flask, people: People) -> int:
    votation_id = closed_votation(app)
    with app.app_context():
        publish(votation_id, staff(people))
    return votation_id


def test_a_clerk_records_the_council_s_decision_on_the_results_once(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = published_votation(app, people)
    people.login("preparer")
    page = html.unescape(client.get(f"/votations/{votation_id}").get_data(as_text=True))
    assert "Le conseil municipal n'a pas encore délibéré sur ces résultats." in page
    assert f'action="/clerk/votations/{votation_id}/decision"' in page
    url = f"/clerk/votations/{votation_id}/decision"
    page = html.unescape(
        post(client, url, decision(), follow_redirects=True).get_data(as_text=True)
    )
    assert "délibération n° 2027-031" in page and "adoptée" in page
    assert "21 pour, 8 contre, 4 abstentions" in page
    assert "piétonne le samedi" in page
    assert f'action="/clerk/votations/{votation_id}/decision"' not in page
    again = post(client, url, decision(number="2027-032"), follow_redirects=True)
    assert "déjà été enregistrée" in html.unescape(again.get_data(as_text=True))
    assert decisions(app) == 1
    people.logout()
    data = client.get(f"/api/v1/votations/{votation_id}").get_json()
    assert data["council_decisions"] == [
        {
            "matter": "result",
            "outcome": "adopted",
            "date": TODAY.isoformat(),
            "number": "2027-031",
            "vote": {"for": 21, "against": 8, "abstentions": 4},
            "summary": "La Grande Rue sera piétonne le samedi dès le 1er mai.",
        }
    ]


def test_no_decision_is_recorded_before_the_results_are_published(
    app: Flask, client: FlaskClient, people: People
) -> None:
    now = datetime.now(UTC)
    votation_id = make_votation(app, opens=now - timedelta(days=1), closes=now + timedelta(days=6))
    staff(people)
    people.login("preparer")
    page = post(
        client, f"/clerk/votations/{votation_id}/decision", decision(), follow_redirects=True
    )
    assert "ils doivent d&#39;abord être publiés" in page.get_data(as_text=True)
    assert decisions(app) == 0
    assert client.get(f"/api/v1/votations/{votation_id}").get_json()["council_decisions"] == []


def test_a_decision_contradicting_its_vote_or_older_than_the_results_is_refused(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = published_votation(app, people)
    people.login("preparer")
    url = f"/clerk/votations/{votation_id}/decision"
    page = post(client, url, decision(outcome="rejected"), follow_redirects=True)
    assert "La décision contredit le vote" in html.unescape(page.get_data(as_text=True))
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    page = post(client, url, decision(decided_on=yesterday), follow_redirects=True)
    assert "ne peut pas précéder ce qu'elle décide" in html.unescape(page.get_data(as_text=True))
    assert decisions(app) == 0


def test_a_resident_cannot_record_a_decision(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = published_votation(app, people)
    people.make("lea")
    people.login("lea")
    assert post(client, f"/clerk/votations/{votation_id}/decision", decision()).status_code == 403
    assert decisions(app) == 0
