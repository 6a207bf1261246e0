"""What residents do at question time: ask one question per meeting, edit or withdraw
it while the window is open, and support other residents' admitted questions (docs/rules.md §7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from civic.core.electorate import Electorate
from civic.core.question_time import WindowState
from civic.decisions import unique_or_refused
from civic.electorate import local_day, person_of, refuse_unless_eligible
from civic.extensions import db
from civic.models import Meeting, Question, QuestionSupport, User
from civic.models.meetings import MEETING_PLANNED
from civic.models.questions import (
    EDITABLE_STATES,
    QUESTION_ADMITTED,
    QUESTION_SUBMITTED,
    QUESTION_WITHDRAWN,
)
from civic.questions import settings as rules
from civic.services import Refused

TITLE_MIN, TITLE_MAX = 5, 150
BODY_MIN, BODY_MAX = 10, 1500


@dataclass(frozen=True)
class QuestionText:
    title: str
    body: str
    show_name: bool


def window_state(meeting: Meeting, now: datetime) -> WindowState:
    """Where the meeting's submission window stands; a meeting no longer planned is closed."""
    if meeting.status != MEETING_PLANNED:
        return WindowState.CLOSED
    return rules.load().window(meeting).state(now)


def _require_open_window(meeting: Meeting, now: datetime) -> None:
    state = window_state(meeting, now)
    if state == WindowState.NOT_YET_OPEN:
        opens = rules.load().window(meeting).opens_at
        raise Refused(
            _(
                "Les questions pour cette séance seront ouvertes le %(date)s.",
                date=format_datetime(opens, "d MMMM y, HH:mm"),
            )
        )
    if state == WindowState.CLOSED:
        raise Refused(_("La période de questions est close pour cette séance : rien n'a changé."))


def _require_resident(user: User, now: datetime) -> None:
    """Verified residents aged 16+ ask and support questions (docs/rules.md §1, §7)."""
    refuse_unless_eligible(Electorate(), person_of(user), local_day(now))


def _clean(text: QuestionText) -> QuestionText:
    title = " ".join(text.title.split())
    body = text.body.strip().replace("\r\n", "\n")
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise Refused(
            _("Le titre compte de %(min)d à %(max)d caractères.", min=TITLE_MIN, max=TITLE_MAX),
            "title",
        )
    if not BODY_MIN <= len(body) <= BODY_MAX:
        raise Refused(
            _("La question compte de %(min)d à %(max)d caractères.", min=BODY_MIN, max=BODY_MAX),
            "body",
        )
    return QuestionText(title, body, bool(text.show_name))


def _meeting(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise Refused(_("Cette séance n'existe pas."))
    return meeting


def own_question(question_id: int, author: User) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.author_id != author.id:
        raise Refused(_("Cette question n'est pas la vôtre."))
    return question


def question_of(meeting_id: int, author_id: int) -> Question | None:
    return db.session.scalar(
        select(Question).where(Question.meeting_id == meeting_id, Question.author_id == author_id)
    )


def _reset_review(question: Question) -> None:
    """A new or changed text is examined again; supports were given to the old one."""
    question.status = QUESTION_SUBMITTED
    question.moderated_at = None
    question.moderated_by_id = None
    question.rejection_code = None
    question.rejection_note = None
    question.duplicate_of_id = None
    db.session.execute(delete(QuestionSupport).where(QuestionSupport.question_id == question.id))


def submit_question(
    meeting_id: int, text: QuestionText, *, author: User, now: datetime
) -> Question:
    """One question per resident per meeting, while the window is open (docs/rules.md §7).

    A withdrawn question's row is reused, so the database's unique (meeting,
    author) pair is the one-question rule even for two simultaneous submissions.
    """
    question = add_question(meeting_id, text, author=author, now=now)
    db.session.commit()
    return question


def add_question(meeting_id: int, text: QuestionText, *, author: User, now: datetime) -> Question:
    """``submit_question`` without the commit: the counter adds its consent in the same
    transaction (civic/questions/counter.py)."""
    _require_resident(author, now)
    meeting = _meeting(meeting_id)
    _require_open_window(meeting, now)
    text = _clean(text)
    question = question_of(meeting.id, author.id)
    already = _("Vous avez déjà posé une question pour cette séance : vous pouvez la modifier.")
    if question is not None and question.status != QUESTION_WITHDRAWN:
        raise Refused(already)
    if question is None:
        question = Question(meeting_id=meeting.id, author_id=author.id)
    else:
        _reset_review(question)
    question.title, question.body, question.show_name = text.title, text.body, text.show_name
    question.status = QUESTION_SUBMITTED
    question.submitted_at = now
    question.updated_at = now
    with unique_or_refused(already):  # two submissions at once: the constraint decides
        db.session.add(question)
    return question


def update_question(
    question_id: int, text: QuestionText, *, author: User, now: datetime
) -> Question:
    """Edit until the window closes; an admitted question goes back to the clerks."""
    question = own_question(question_id, author)
    if question.status not in EDITABLE_STATES:
        raise Refused(_("Cette question ne peut plus être modifiée."))
    _require_open_window(question.meeting, now)
    text = _clean(text)
    if question.status == QUESTION_ADMITTED and (text.title, text.body) != (
        question.title,
        question.body,
    ):
        _reset_review(question)
    question.title, question.body, question.show_name = text.title, text.body, text.show_name
    question.updated_at = now
    db.session.commit()
    return question


def withdraw_question(question_id: int, *, author: User, now: datetime) -> Question:
    question = own_question(question_id, author)
    if question.status not in EDITABLE_STATES:
        raise Refused(_("Cette question ne peut plus être retirée."))
    _require_open_window(question.meeting, now)
    _reset_review(question)
    question.status = QUESTION_WITHDRAWN
    question.updated_at = now
    db.session.commit()
    return question


def support_count(question_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(QuestionSupport)
            .where(QuestionSupport.question_id == question_id)
        )
        or 0
    )


def supports_open(meeting: Meeting, now: datetime) -> bool:
    """Supports count until a clerk freezes the oral selection (or the meeting starts)."""
    return (
        meeting.status == MEETING_PLANNED
        and meeting.questions_selected_at is None
        and now < meeting.starts_at
    )


def _supportable(question_id: int, user: User, now: datetime) -> Question:
    _require_resident(user, now)
    question = db.session.get(Question, question_id)
    if question is None or question.status != QUESTION_ADMITTED:
        raise Refused(_("Seules les questions admises peuvent être soutenues."))
    if not supports_open(question.meeting, now):
        raise Refused(_("Les soutiens sont clos pour cette séance : rien n'a changé."))
    return question


def has_supported(question_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(QuestionSupport.id).where(
                QuestionSupport.question_id == question_id, QuestionSupport.user_id == user_id
            )
        )
        is not None
    )


def support_question(question_id: int, *, user: User, now: datetime) -> int:
    """One support per resident per question; returns the new count."""
    question = _supportable(question_id, user, now)
    if question.author_id == user.id:
        raise Refused(_("Vous ne pouvez pas soutenir votre propre question."))
    already = _("Vous soutenez déjà cette question : rien n'a changé.")
    if has_supported(question.id, user.id):
        raise Refused(already)
    with unique_or_refused(already):
        db.session.add(QuestionSupport(question_id=question.id, user_id=user.id, created_at=now))
    db.session.commit()
    return support_count(question.id)


def withdraw_support(question_id: int, *, user: User, now: datetime) -> int:
    question = _supportable(question_id, user, now)
    removed = db.session.execute(
        delete(QuestionSupport).where(
            QuestionSupport.question_id == question.id, QuestionSupport.user_id == user.id
        )
    )
    if not removed.rowcount:  # type: ignore[attr-defined]
        raise Refused(_("Vous ne souteniez pas cette question : rien n'a changé."))
    db.session.commit()
    return support_count(question.id)


def personal_data(user: User) -> dict[str, object]:
    """The person's questions and supports, for their data export (docs/rules.md §8)."""
    questions = db.session.scalars(
        select(Question).where(Question.author_id == user.id).order_by(Question.id)
    )
    supports = db.session.scalars(
        select(QuestionSupport)
        .where(QuestionSupport.user_id == user.id)
        .order_by(QuestionSupport.id)
    )
    return {
        "questions": [
            {
                "id": q.id,
                "meeting_id": q.meeting_id,
                "title": q.title,
                "text": q.body,
                "show_name": q.show_name,
                "state": q.status,
                "submitted_at": q.submitted_at.isoformat(),
            }
            for q in questions
        ],
        "question_supports": [
            {"question_id": s.question_id, "at": s.created_at.isoformat()} for s in supports
        ],
    }
