"""What staff do at question time: clerks admit or reject questions and freeze the oral
selection the core computes; councillors publish the answers (docs/rules.md §7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from civic.audit import services as audit
from civic.clerk_queues import Page, Search, page_of
from civic.core.question_time import AdmittedQuestion, select_oral_questions
from civic.decisions import already_decided, last_actor, locked
from civic.extensions import db
from civic.models import Meeting, Question, QuestionSupport, User
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK, ROLE_COUNCILLOR
from civic.models.questions import (
    ANSWER_KINDS,
    ANSWER_ORAL,
    QUESTION_ADMITTED,
    QUESTION_REJECTED,
    QUESTION_SUBMITTED,
    REJECT_DUPLICATE,
    REJECT_OTHER,
    REJECTION_CODES,
)
from civic.notifications.services import notify
from civic.questions import settings as rules
from civic.services import Refused

NOTE_MAX = 500
ANSWER_MAX = 5000


@dataclass(frozen=True)
class Decision:
    admit: bool
    code: str | None = None
    note: str | None = None
    duplicate_of_id: int | None = None


def _require_role(actor: User, *roles: str) -> None:
    if not actor.role_names.intersection(roles):
        raise Refused(_("Votre rôle ne permet pas cette action : rien n'a changé."))


def _question(question_id: int) -> Question:
    # Locked so two staff acting at once do not both pass the state check and notify
    # twice (civic.decisions).
    question = locked(Question, question_id)
    if question is None:
        raise Refused(_("Cette question n'existe pas."))
    return question


def _link(question: Question) -> str:
    return url_for("questions.show", question_id=question.id)


def support_counts(meeting_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(QuestionSupport.question_id, func.count())
        .join(Question, Question.id == QuestionSupport.question_id)
        .where(Question.meeting_id == meeting_id)
        .group_by(QuestionSupport.question_id)
    )
    return {question_id: count for question_id, count in rows}


def to_moderate(meeting_id: int) -> Select[Question]:
    return (
        select(Question)
        .where(Question.meeting_id == meeting_id, Question.status == QUESTION_SUBMITTED)
        .order_by(Question.submitted_at, Question.id)
    )


def moderation_queue(meeting_id: int) -> list[Question]:
    return list(db.session.scalars(to_moderate(meeting_id)))


def moderation_page(meeting_id: int, search: Search) -> Page[Question]:
    """One page of the questions to moderate, oldest first, whose title, author's name
    or address, or day of sending, the search names."""
    author = aliased(User)
    statement = (
        to_moderate(meeting_id)
        .join(author, author.id == Question.author_id)
        .where(
            *search.matching(
                Question.title, author.family_name, author.given_names, author.address
            ),
            *search.on_day(Question.submitted_at),
        )
    )
    return page_of(statement, search)


def moderate_question(
    question_id: int, decision: Decision, *, actor: User, now: datetime
) -> Question:
    """Admit, or reject with a coded public reason; the asker is notified."""
    _require_role(actor, ROLE_CLERK, ROLE_ADMIN)
    question = _question(question_id)
    if question.status in (QUESTION_ADMITTED, QUESTION_REJECTED):
        raise already_decided(
            _("Cette question a déjà été admise")
            if question.status == QUESTION_ADMITTED
            else _("Cette question a déjà été refusée"),
            by_id=question.moderated_by_id,
            at=question.moderated_at,
        )
    if question.status != QUESTION_SUBMITTED:
        raise Refused(_("Cette question a déjà été examinée ou a été retirée : rien n'a changé."))
    if question.meeting.questions_selected_at is not None:
        raise Refused(_("La sélection des questions de cette séance est arrêtée."))
    note = (decision.note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        raise Refused(_("Précision trop longue (500 caractères au plus)."), "note")
    duplicate_of_id = None
    if decision.admit:
        question.status = QUESTION_ADMITTED
        note = None
    else:
        if decision.code not in REJECTION_CODES:
            raise Refused(_("Choisissez le motif du refus."), "code")
        if decision.code == REJECT_OTHER and not note:
            raise Refused(_("Précisez le motif : il sera public."), "note")
        if decision.code == REJECT_DUPLICATE:
            original = db.session.get(Question, decision.duplicate_of_id or 0)
            if (
                original is None
                or original.id == question.id
                or original.meeting_id != question.meeting_id
                or original.status != QUESTION_ADMITTED
            ):
                raise Refused(
                    _("Indiquez le numéro d'une question admise de la même séance."),
                    "duplicate_of_id",
                )
            duplicate_of_id = original.id
        question.status = QUESTION_REJECTED
        question.rejection_code = decision.code
    question.rejection_note = note
    question.duplicate_of_id = duplicate_of_id
    question.moderated_at = now
    question.moderated_by_id = actor.id
    notify(
        question.author,
        "question_admitted" if decision.admit else "question_rejected",
        subject_title=question.title,
        link=_link(question),
        now=now,
    )
    audit.record(
        actor=actor,
        action="question.admitted" if decision.admit else "question.rejected",
        object_type="question",
        object_id=question.id,
        before={"status": QUESTION_SUBMITTED},
        after={"status": question.status, "code": question.rejection_code},
        reason=note,
        now=now,
    )
    db.session.commit()
    return question


def freeze_selection(meeting_id: int, *, actor: User, now: datetime) -> Meeting:
    """Once the window has closed and every question is examined, store the core's
    oral selection (support, then submission time) and tell each asker."""
    _require_role(actor, ROLE_CLERK, ROLE_ADMIN)
    meeting = locked(Meeting, meeting_id)
    if meeting is None:
        raise Refused(_("Cette séance n'existe pas."))
    settings = rules.load()
    if meeting.questions_selected_at is not None:
        raise already_decided(
            _("La sélection des questions de cette séance a déjà été arrêtée"),
            by_id=last_actor("question_time.selected", "meeting", meeting.id),
            at=meeting.questions_selected_at,
        )
    if now < settings.window(meeting).closes_at:
        raise Refused(_("La période de questions n'est pas encore close."))
    waiting = len(moderation_queue(meeting.id))
    if waiting:
        raise Refused(
            ngettext(
                "Il reste %(num)d question à examiner.",
                "Il reste %(num)d questions à examiner.",
                waiting,
            )
        )
    admitted = {
        q.id: q
        for q in db.session.scalars(
            select(Question).where(
                Question.meeting_id == meeting.id, Question.status == QUESTION_ADMITTED
            )
        )
    }
    counts = support_counts(meeting.id)
    selection = select_oral_questions(
        [AdmittedQuestion(q.id, counts.get(q.id, 0), q.submitted_at) for q in admitted.values()],
        budget=settings.budget,
        per_question=settings.per_question,
        supplementary=settings.supplementary,
    )
    for slot in (*selection.oral, *selection.written):
        question = admitted[slot.question_id]
        question.rank = slot.rank
        question.oral = slot.oral
        question.selection_reason = slot.reason
        question.selection_support = slot.support
        notify(
            question.author,
            "question_selected_oral" if slot.oral else "question_selected_written",
            subject_title=question.title,
            link=_link(question),
            now=now,
        )
    meeting.questions_selected_at = now
    audit.record(
        actor=actor,
        action="question_time.selected",
        object_type="meeting",
        object_id=meeting.id,
        after={
            "oral": [[s.question_id, s.support] for s in selection.oral],
            "written": [[s.question_id, s.support] for s in selection.written],
            "budget_minutes": settings.budget_minutes,
            "slot_minutes": selection.slot_length.total_seconds() / 60,
        },
        now=now,
    )
    db.session.commit()
    return meeting


def record_answer(
    question_id: int, *, kind: str, text: str, actor: User, now: datetime
) -> Question:
    """A councillor records the oral answer's summary or publishes a written answer."""
    _require_role(actor, ROLE_COUNCILLOR)
    question = _question(question_id)
    if question.status != QUESTION_ADMITTED:
        raise Refused(_("Seules les questions admises reçoivent une réponse."))
    meeting = question.meeting
    if meeting.questions_selected_at is None or now < meeting.starts_at:
        raise Refused(_("Les réponses s'enregistrent pendant ou après la séance."))
    if kind not in ANSWER_KINDS:
        raise Refused(_("Choisissez le type de réponse."), "kind")
    if kind == ANSWER_ORAL and not question.oral:
        raise Refused(
            _("Cette question n'était pas retenue pour l'oral : publiez une réponse écrite."),
            "kind",
        )
    text = text.strip()
    if not 1 <= len(text) <= ANSWER_MAX:
        raise Refused(_("La réponse compte de 1 à 5 000 caractères."), "text")
    before = {"kind": question.answer_kind, "text": question.answer_text}
    first_answer = question.answered_at is None
    question.answer_kind = kind
    question.answer_text = text
    question.answered_at = now
    question.answered_by_id = actor.id
    if first_answer:
        notify(
            question.author,
            "question_answered",
            subject_title=question.title,
            link=_link(question),
            now=now,
        )
    audit.record(
        actor=actor,
        action="question.answered" if first_answer else "question.answer_corrected",
        object_type="question",
        object_id=question.id,
        before=None if first_answer else before,
        after={"kind": kind, "text": text},
        now=now,
    )
    db.session.commit()
    return question
