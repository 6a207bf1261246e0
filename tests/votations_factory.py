"""Votations in a given state, for the votations tests (named after the states)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask

from civic.extensions import db
from civic.models import Votation, VotationQuestion
from civic.models.votations import STATUS_SCHEDULED


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
