"""Question time at the town hall's counter: a clerk asks a question for the person
they serve, with that person's consent (docs/rules.md §7; civic/counter.py).

The person is the author — one question per person and meeting, their residence and
age checked as online — and the clerk is who typed it; the consent and the audit
entry "au guichet, par <clerk>" are written in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from civic import counter
from civic.extensions import db
from civic.models import CounterAct, User
from civic.models.counter import ACT_QUESTION
from civic.questions.services import QuestionText, add_question


def ask_for(
    meeting_id: int,
    text: QuestionText,
    *,
    person: User,
    by: User,
    consent: bool,
    now: datetime,
) -> CounterAct:
    """Submit ``text`` as ``person``'s question for the meeting; returns the consent,
    whose receipt the person takes home."""
    counter.require_consent(consent)
    question = add_question(meeting_id, text, author=person, now=now)
    db.session.flush()
    act = counter.record_consent(
        person=person,
        by=by,
        kind=ACT_QUESTION,
        action="question.counter_submitted",
        object_type="question",
        object_id=question.id,
        label=_(
            "Question pour la séance « %(meeting)s » : %(title)s",
            meeting=question.meeting.title,
            title=question.title,
        ),
        now=now,
    )
    db.session.commit()
    return act
