"""Votations in a given state, for the votations tests (named after the states)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from civic.extensions import db
from civic.models import CommuneFigure, Votation, VotationQuestion
from civic.models.commune import FIGURE_ELECTORATE, FIGURE_POPULATION_16_PLUS
from civic.models.votations import STATUS_SCHEDULED

POPULATION_16_PLUS = 21_000
ELECTORATE = 17_120
FIGURES_SOURCE = "INSEE, recensement de la population 2021, population par âge"


def record_commune_figures(app: Flask, **values: int) -> None:
    """The commune's sourced figures a votation measures turnout against."""
    with app.app_context():
        for name, value in values.items():
            db.session.add(
                CommuneFigure(
                    name=name, value=value, source=FIGURES_SOURCE, effective_date=date(2024, 1, 1)
                )
            )
        db.session.commit()


def _ensure_commune_figures(app: Flask) -> None:
    with app.app_context():
        known = db.session.scalar(
            select(CommuneFigure.id).where(CommuneFigure.name == FIGURE_POPULATION_16_PLUS)
        )
    if known is None:
        record_commune_figures(
            app, **{FIGURE_POPULATION_16_PLUS: POPULATION_16_PLUS, FIGURE_ELECTORATE: ELECTORATE}
        )


def make_votation(app: Flask, *, opens: datetime, closes: datetime, **fields: Any) -> int:
    values: dict[str, Any] = {
        "kind": "consultation",
        "preset": "charter",
        "status": STATUS_SCHEDULED,
        "title": "Piétonniser la place du marché",
        "council_decision": "Délibération 2026-14",
        "easy_read": "La place deviendrait **piétonne**.",
        "arguments_for": "Plus calme.",
        "arguments_against": "Moins de places de parking.",
        "opens_at": opens,
        "closes_at": closes,
        "created_at": opens - timedelta(days=10),
    }
    values.update(fields)
    _ensure_commune_figures(app)
    with app.app_context():
        votation = Votation(**values)
        votation.questions = [
            VotationQuestion(
                position=0, text="Faut-il piétonniser la place ?", approve_choice="oui"
            )
        ]
        db.session.add(votation)
        db.session.commit()
        return votation.id


def open_votation(app: Flask, **fields: Any) -> int:
    now = datetime.now(UTC)
    return make_votation(
        app, opens=now - timedelta(days=1), closes=now + timedelta(days=1), **fields
    )


def closed_votation(app: Flask, **fields: Any) -> int:
    now = datetime.now(UTC)
    return make_votation(
        app, opens=now - timedelta(days=3), closes=now - timedelta(hours=1), **fields
    )


def question_id(app: Flask, votation_id: int) -> int:
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        return votation.questions[0].id


def staff(people: Any) -> tuple[int, int]:
    """Two staff members, neither of them a voter: one asks, the other approves."""
    for name in ("preparer", "approver"):
        if name not in people.created:
            people.make(name, level="unverified", roles=("clerk",))
    return people.created["preparer"], people.created["approver"]


def publish(votation_id: int, staff_ids: tuple[int, int], now: datetime | None = None) -> None:
    """Publish the results the only way there is: one asks, a second approves.

    Runs in the caller's app context (each step commits)."""
    from civic.models import User
    from civic.votations import approvals

    moment = now or datetime.now(UTC)
    preparer, approver = (db.session.get(User, user_id) for user_id in staff_ids)
    approvals.request_publication(votation_id, actor=preparer, now=moment)
    approvals.approve_publication(votation_id, actor=approver, now=moment)


def ask_publication(app: Flask, votation_id: int, preparer_id: int) -> None:
    """The first staff member's request to publish (the approval is the test's business)."""
    from civic.models import User
    from civic.votations import approvals

    with app.app_context():
        preparer = db.session.get(User, preparer_id)
        approvals.request_publication(votation_id, actor=preparer, now=datetime.now(UTC))


def approval_fields(client: Any, url: str) -> dict[str, str]:
    """What the approve form for ``url`` on the staff's list of votations sends besides
    its CSRF token: the request the approver's page showed."""
    page = client.get("/clerk/votations/").get_data(as_text=True)
    form = re.search(rf'<form[^>]*action="{re.escape(url)}"[^>]*>(.*?)</form>', page, re.S)
    if form is None:
        return {}
    return dict(re.findall(r'<input type="hidden" name="(request)" value="([^"]+)"', form[1]))


def station_report(
    app: Flask,
    votation_id: int,
    clerk_id: int,
    *,
    station: str = "Bureau 1 – Hôtel de ville",
    registered: int = 1000,
    counts: dict[str, int] | None = None,
    blank: int = 0,
    null: int = 0,
    voters: int | None = None,
    observation: str = "",
) -> None:
    """A polling station's report of a vote of the law, entered once the poll has closed
    (the votation's closing is moved to the past first)."""
    from civic.models import User
    from civic.votations import stations

    votes = {"oui": 1} if counts is None else counts
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        now = datetime.now(UTC)
        if votation.closes_at is None or votation.closes_at > now:
            votation.closes_at = now - timedelta(seconds=1)
            db.session.commit()
        question = votation.questions[0].id
        total = blank + null + sum(votes.values())
        stations.enter_station_report(
            votation_id,
            stations.ReportDetails(
                polling_station=station,
                registered=registered,
                voters=total if voters is None else voters,
                counts={question: {**votes, "blanc": blank, "nul": null}},
                observation=observation,
            ),
            actor=db.session.get(User, clerk_id),
            now=now,
        )
