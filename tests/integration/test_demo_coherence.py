"""The demo commune tells one story (issue 19): a past meeting's minutes record its own
agenda, and what an answer promises falls after the day it was given, in any season the
demo is seeded."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from civic.database import write_intent
from civic.extensions import db
from civic.models import (
    AgendaItem,
    Budget,
    CouncilDecision,
    Meeting,
    PetitionAnswer,
    Question,
)

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
PROMISE = re.compile(rf"en ({'|'.join(MONTHS)}) (\d{{4}})")
SEASONS = re.compile(r"\b(au printemps|cet été|en été|à l'automne|cet hiver)\b")


def promised_months(text: str) -> list[tuple[int, int]]:
    return [(int(year), MONTHS.index(month) + 1) for month, year in PROMISE.findall(text)]


@pytest.mark.parametrize(
    "seeded_on", [datetime(2027, 5, 20, 9, tzinfo=UTC), datetime(2026, 12, 6, 9, tzinfo=UTC)]
)
def test_the_demos_minutes_answers_and_promises_agree_with_its_calendar(
    app: Flask, seeded_on: datetime
) -> None:
    from civic.demo import seed

    with app.app_context(), write_intent():
        seed(seeded_on)
        for meeting in db.session.scalars(
            select(Meeting).where(Meeting.minutes_markdown.is_not(None))
        ):
            titles = db.session.scalars(
                select(AgendaItem.title).where(
                    AgendaItem.meeting_id == meeting.id, AgendaItem.kind == "deliberation"
                )
            ).all()
            assert titles and all(title in meeting.minutes_markdown for title in titles)
        answered = db.session.scalars(select(Question).where(Question.answer_text.is_not(None)))
        for question in answered:
            text = question.answer_text or ""
            assert "{" not in text and not SEASONS.search(text), text
            given = (question.answered_at.year, question.answered_at.month)
            assert all(month > given for month in promised_months(text)), text
        for answer in db.session.scalars(select(PetitionAnswer)):
            assert not SEASONS.search(answer.body), answer.body
            assert all(m > (seeded_on.year, seeded_on.month) for m in promised_months(answer.body))
        # A budget named for a year is voted in that year.
        for budget in db.session.scalars(select(Budget)):
            assert budget.vote_from.year == budget.year, budget.title
        for decision in db.session.scalars(select(CouncilDecision)):
            assert not SEASONS.search(decision.summary or "")
            assert (
                decision.number.startswith(str(decision.decided_on.year))
                or "-" not in decision.number
            )
