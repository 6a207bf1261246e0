"""The council's card on the home page: the next meeting and its question window
(civic.home; registered in create_app)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from civic.core.question_time import WindowState
from civic.electorate import local_day
from civic.extensions import db
from civic.home import NOW, RECENT, Card
from civic.models import Meeting, Question
from civic.models.meetings import MEETING_PLANNED
from civic.models.questions import QUESTION_ADMITTED
from civic.questions import settings

# An answer is news for a month.
RECENT_FOR = timedelta(days=30)
SHOWN = 3


def _window_text(state: WindowState, opens: datetime, closes: datetime) -> str:
    if state == WindowState.OPEN:
        return _(
            "Posez votre question au conseil jusqu'au %(day)s.",
            day=_day(closes - timedelta(microseconds=1)),
        )
    if state == WindowState.NOT_YET_OPEN:
        return _("Les questions au conseil s'ouvrent le %(day)s.", day=_day(opens))
    return _("Le dépôt des questions est clos.")


def _day(moment: datetime) -> str:
    return format_date(local_day(moment), "long")


def cards(now: datetime) -> Iterator[Card]:
    meeting = db.session.scalars(
        select(Meeting)
        .where(Meeting.status == MEETING_PLANNED, Meeting.starts_at > now)
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    ).first()
    if meeting is not None:
        window = settings.load().window(meeting)
        yield Card(
            section=NOW,
            kind=_("Conseil municipal"),
            title=meeting.title,
            url=url_for("meetings.show", meeting_id=meeting.id),
            text=" ".join(
                (
                    _("Séance le %(day)s.", day=_day(meeting.starts_at)),
                    _window_text(window.state(now), window.opens_at, window.closes_at),
                )
            ),
            at=meeting.starts_at,
        )
    answered = db.session.execute(
        select(Question.id, Question.title, Question.answered_at)
        .where(
            Question.status == QUESTION_ADMITTED,
            Question.answered_at >= now - RECENT_FOR,
        )
        .order_by(Question.answered_at.desc())
        .limit(SHOWN)
    )
    for question_id, title, answered_at in answered:
        if answered_at is None:  # never: the query keeps answered questions only
            continue
        yield Card(
            section=RECENT,
            kind=_("Question au conseil"),
            title=title,
            url=url_for("questions.show", question_id=question_id),
            text=_("Le conseil a répondu à la question."),
            at=answered_at,
        )
