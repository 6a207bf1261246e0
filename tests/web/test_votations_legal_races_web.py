"""Two clerks at once on a vote of the law: one station's report, one council decision
(both transactions read before either writes: tests/support/races.py)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import Ballot, CouncilDecision, StationReport
from tests.conftest import PASSWORD, People, log_in_through_forms
from tests.integration.test_votations_legal import closed_legal_votation
from tests.support.days import commune_day
from tests.support.races import at_the_same_moment
from tests.votations_factory import publish, question_id, staff, station_report


def _clerk_tabs(app: Flask, people: People) -> list[FlaskClient]:
    tabs = []
    for name in ("claire", "paul"):
        people.make(name, roles=("clerk",))
        tab = app.test_client()
        log_in_through_forms(app, tab, f"{name}@example.org", PASSWORD)
        tabs.append(tab)
    return tabs


def _token(tab: FlaskClient, path: str) -> str:
    match = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', tab.get(path).get_data(as_text=True)
    )
    assert match
    return match.group(1)


def _count(app: Flask, model: object) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def test_two_clerks_typing_the_same_station_s_report_enter_it_once(
    app: Flask, people: People
) -> None:
    votation_id = closed_legal_votation(app, "cgct_consultation")
    qid = question_id(app, votation_id)
    tabs = _clerk_tabs(app, people)
    path = f"/clerk/votations/{votation_id}/stations"
    forms = [
        {
            "csrf_token": _token(tab, path),
            "polling_station": "Bureau 2",
            "registered": "900",
            "voters": "300",
            f"q{qid}_oui": "200",
            f"q{qid}_non": "100",
            f"q{qid}_blanc": "0",
            f"q{qid}_nul": "0",
        }
        for tab in tabs
    ]
    responses = at_the_same_moment(
        app,
        *(
            lambda t=tab, f=form: t.post(path, data=f)
            for tab, form in zip(tabs, forms, strict=True)
        ),
    )
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).get_data(as_text=True)
    assert "Le procès-verbal de ce bureau est déjà saisi" in refused
    assert (_count(app, StationReport), _count(app, Ballot)) == (1, 300)


def test_two_clerks_recording_the_council_s_decision_at_once_record_it_once(
    app: Flask, people: People
) -> None:
    votation_id = closed_legal_votation(app, "cgct_consultation")
    clerk, second = staff(people)
    station_report(app, votation_id, clerk)
    with app.app_context():
        publish(votation_id, (clerk, second))
    tabs = _clerk_tabs(app, people)
    today = commune_day().isoformat()
    forms = [
        {
            "csrf_token": _token(tab, f"/votations/{votation_id}"),
            "matter": "result",
            "outcome": "adopted",
            "decided_on": today,
            "number": f"2027-0{n}",
            "votes_for": "20",
            "votes_against": "9",
            "abstentions": "0",
        }
        for n, tab in enumerate(tabs)
    ]
    path = f"/clerk/votations/{votation_id}/decision"
    at_the_same_moment(
        app,
        *(
            lambda t=tab, f=form: t.post(path, data=f)
            for tab, form in zip(tabs, forms, strict=True)
        ),
    )
    assert _count(app, CouncilDecision) == 1
    pages = [tab.get(f"/votations/{votation_id}").get_data(as_text=True) for tab in tabs]
    assert sum("déjà été enregistrée" in page for page in pages) == 1
