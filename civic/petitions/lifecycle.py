"""A petition's life: draft, submission, admission or rejection, withdrawal, closing, answer."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.charter import services as charter
from civic.decisions import already_decided, locked
from civic.extensions import db
from civic.followup import news
from civic.models import CouncilDecision, Neighbourhood, Petition, PetitionAnswer, User
from civic.models.petitions import (
    ANSWER_AUTHORS,
    ANSWER_BY_COUNCIL,
    CLOSED,
    DONE,
    DRAFT,
    EDITABLE_STATES,
    KIND_RECALL,
    KINDS,
    NOT_REACHED,
    OPEN,
    REJECTED,
    REJECTION_CODES,
    REVIEWABLE_STATES,
    SUBMITTED,
    VISIBLE_STATES,
    WITHDRAWABLE_STATES,
    WITHDRAWN,
)
from civic.petitions import deliberation
from civic.petitions.history import record_event
from civic.petitions.rules import RULE_SET_CODES, rule_set, snapshot
from civic.security import LARGEST_ID
from civic.services import Refused

TITLE_MAX = 200
TEXT_MAX = 20_000
SUMMARY_MAX = 2_000
REASON_MAX = 1_000


@dataclass(frozen=True)
class PetitionDraft:
    title: str
    body: str
    easy_read: str
    decision_asked: str
    kind: str
    rule_set_code: str
    recall_signatory_id: int | None = None
    neighbourhood_id: int | None = None
    author_public: bool = False


def _check_draft(data: PetitionDraft) -> None:
    if not data.title.strip() or len(data.title) > TITLE_MAX:
        raise Refused(_("Donnez un titre de 1 à %(max)d caractères.", max=TITLE_MAX), "title")
    for field, value, limit in (
        ("body", data.body, TEXT_MAX),
        ("easy_read", data.easy_read, SUMMARY_MAX),
        ("decision_asked", data.decision_asked, SUMMARY_MAX),
    ):
        if not value.strip():
            raise Refused(_("Ce champ est obligatoire."), field)
        if len(value) > limit:
            raise Refused(_("Texte trop long (%(max)d caractères au plus).", max=limit), field)
    if data.kind not in KINDS:
        raise Refused(_("Type de pétition inconnu."), "kind")
    if data.rule_set_code not in RULE_SET_CODES:
        raise Refused(_("Règles inconnues."), "rule_set_code")
    if data.kind not in rule_set(data.rule_set_code).kinds:
        raise Refused(_("Ces règles ne prévoient pas ce type de pétition."), "kind")
    if data.kind == KIND_RECALL and charter.signatory(data.recall_signatory_id) is None:
        # The recall is a commitment the official made by signing the charter.
        raise Refused(
            _("Choisissez l'élu·e visé·e dans le registre des signataires de la charte."),
            "recall_signatory_id",
        )
    if data.neighbourhood_id is not None and not db.session.get(
        Neighbourhood, data.neighbourhood_id
    ):
        raise Refused(_("Choisissez un quartier de la liste."), "neighbourhood_id")


def _apply_draft(petition: Petition, data: PetitionDraft) -> None:
    petition.title = data.title.strip()
    petition.body = data.body.strip()
    petition.easy_read = data.easy_read.strip()
    petition.decision_asked = data.decision_asked.strip()
    petition.kind = data.kind
    petition.rule_set_code = data.rule_set_code
    petition.rule_set_snapshot = snapshot(rule_set(data.rule_set_code))
    official = charter.signatory(data.recall_signatory_id) if data.kind == KIND_RECALL else None
    petition.recall_signatory_id = official.id if official is not None else None
    petition.recall_official = charter.describe(official) if official is not None else None
    petition.neighbourhood_id = data.neighbourhood_id
    petition.author_public = data.author_public


def create_draft(data: PetitionDraft, *, author: User, now: datetime) -> Petition:
    if not author.is_verified_resident:
        raise Refused(_("Seules les personnes dont la résidence est vérifiée peuvent proposer."))
    _check_draft(data)
    petition = Petition(author_id=author.id, state=DRAFT, created_at=now, updated_at=now)
    _apply_draft(petition, data)
    db.session.add(petition)
    db.session.commit()
    return petition


def _own_petition(petition_id: int, author: User, states: frozenset[str]) -> Petition:
    petition = db.session.get(Petition, petition_id)
    if petition is None or petition.author_id != author.id:
        raise Refused(_("Cette pétition n'existe pas."))
    if petition.state not in states:
        raise Refused(_("Cette pétition ne peut plus être modifiée ainsi."))
    return petition


def update_draft(petition_id: int, data: PetitionDraft, *, author: User, now: datetime) -> Petition:
    petition = _own_petition(petition_id, author, EDITABLE_STATES)
    _check_draft(data)
    _apply_draft(petition, data)
    petition.updated_at = now
    db.session.commit()
    return petition


def submit(petition_id: int, *, author: User, now: datetime) -> Petition:
    """Send a draft to the clerks' admissibility review."""
    petition = _own_petition(petition_id, author, EDITABLE_STATES)
    petition.state = SUBMITTED
    petition.submitted_at = now
    record_event(petition, "submitted", now=now)
    deliberation.acknowledge_receipt(petition, now)
    db.session.commit()
    return petition


def withdraw(petition_id: int, *, author: User, now: datetime) -> Petition:
    """The carrier withdraws the petition (signatures stop; what happened stays)."""
    petition = _own_petition(petition_id, author, WITHDRAWABLE_STATES)
    petition.state = WITHDRAWN
    petition.withdrawn_at = now
    record_event(petition, "withdrawn", now=now)
    db.session.commit()
    return petition


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_deadline(now: datetime) -> date:
    months = int(current_app.config["PETITION_DEADLINE_MONTHS"])
    return add_months(now.date(), months)


def _reviewable(petition_id: int) -> Petition:
    """The petition locked for one admissibility decision (``civic.decisions``)."""
    petition = locked(Petition, petition_id)
    if petition is None:
        raise Refused(_("Cette pétition n'existe pas."))
    if petition.state not in REVIEWABLE_STATES and petition.reviewed_by_id is not None:
        if petition.state == REJECTED:
            raise already_decided(
                _("Cette pétition a déjà été déclarée irrecevable"), by_id=petition.reviewed_by_id
            )
        raise already_decided(
            _("Cette pétition a déjà été admise"),
            by_id=petition.reviewed_by_id,
            at=petition.opened_at,
        )
    if petition.state not in REVIEWABLE_STATES:
        raise Refused(_("Cette pétition n'attend pas d'examen de recevabilité."))
    return petition


def admit(petition_id: int, *, deadline: date | None, actor: User, now: datetime) -> Petition:
    """Open the petition for signature until the end of ``deadline`` (default 6 months)."""
    petition = _reviewable(petition_id)
    day = deadline or default_deadline(now)
    if day <= now.date():
        raise Refused(_("La date limite doit être dans le futur."), "deadline")
    if day > add_months(now.date(), 24):
        raise Refused(_("La date limite ne peut dépasser deux ans."), "deadline")
    petition.state = OPEN
    petition.opened_at = now
    # The collection ends at midnight UTC after the chosen day.
    petition.deadline = datetime.combine(day + timedelta(days=1), time(0), tzinfo=now.tzinfo)
    petition.reviewed_by_id = actor.id
    # The rules in force at admission are the ones the petition keeps.
    petition.rule_set_snapshot = snapshot(rule_set(petition.rule_set_code))
    record_event(petition, "admitted", now=now, deadline=day.isoformat())
    news.tell_petition_author(petition, "petition_admitted", now=now)
    audit.record(
        actor=actor,
        action="petition.admitted",
        object_type="petition",
        object_id=petition.id,
        before={"state": SUBMITTED},
        after={"state": OPEN, "deadline": day.isoformat()},
        now=now,
    )
    db.session.commit()
    return petition


def reject(
    petition_id: int,
    *,
    code: str,
    text: str | None,
    duplicate_of_id: int | None,
    actor: User,
    now: datetime,
) -> Petition:
    """Declare the petition inadmissible with a coded, public reason."""
    petition = _reviewable(petition_id)
    text = (text or "").strip() or None
    if code not in REJECTION_CODES:
        raise Refused(_("Choisissez un motif."), "code")
    if text and len(text) > REASON_MAX:
        raise Refused(_("Texte trop long."), "text")
    if code == "other" and not text:
        raise Refused(_("Expliquez le motif."), "text")
    if code == "duplicate":
        original = db.session.get(Petition, duplicate_of_id) if duplicate_of_id else None
        if original is None or original.id == petition.id or original.state not in VISIBLE_STATES:
            raise Refused(_("Indiquez le numéro d'une pétition publiée."), "duplicate_of_id")
        petition.duplicate_of_id = original.id
    petition.state = REJECTED
    petition.rejection_code = code
    petition.rejection_text = text
    petition.reviewed_by_id = actor.id
    record_event(petition, "rejected", now=now, code=code)
    news.tell_petition_author(petition, "petition_rejected", now=now)
    audit.record(
        actor=actor,
        action="petition.rejected",
        object_type="petition",
        object_id=petition.id,
        before={"state": SUBMITTED},
        after={"state": REJECTED, "code": code, "duplicate_of": petition.duplicate_of_id},
        reason=text,
        now=now,
    )
    db.session.commit()
    return petition


def close_expired(now: datetime) -> list[int]:
    """Close every open petition whose deadline has passed (run by the CLI / a job)."""
    petitions = db.session.scalars(
        select(Petition).where(Petition.state == OPEN, Petition.deadline <= now)
    ).all()
    for petition in petitions:
        petition.state = CLOSED
        petition.closed_at = now
        record_event(petition, "closed", now=now)
    db.session.commit()
    return [p.id for p in petitions]


def publish_answer(
    petition_id: int,
    *,
    body: str,
    answered_as: str,
    decision_id: int | None,
    actor: User,
    now: datetime,
) -> PetitionAnswer:
    """Publish an answer named for who gives it (docs/rules.md §3, §9).

    The municipal council's answer comes with the deliberation it was decided in (a
    recorded decision about this petition), once per deliberation; without one it is
    the mayor's or the publishing councillor's answer, and says so.
    """
    petition = locked(Petition, petition_id)  # two councillors at once: one answer
    if petition is None or not petition.is_visible:
        raise Refused(_("Cette pétition n'existe pas."))
    if answered_as not in ANSWER_AUTHORS:
        raise Refused(_("Dites qui répond."), "answered_as")
    body = body.strip()
    if not body or len(body) > TEXT_MAX:
        raise Refused(_("Écrivez la réponse (%(max)d caractères au plus).", max=TEXT_MAX), "body")
    decision = None
    if answered_as == ANSWER_BY_COUNCIL:
        in_range = decision_id is not None and 0 < decision_id <= LARGEST_ID
        decision = db.session.get(CouncilDecision, decision_id) if in_range else None
        if decision is None or (decision.subject_type, decision.subject_id) != (
            "petition",
            petition.id,
        ):
            raise Refused(
                _(
                    "La réponse du conseil municipal se publie avec la délibération dont elle est "
                    "issue : enregistrez d'abord la délibération, ou publiez la réponse au nom du "
                    "maire ou au vôtre."
                ),
                "decision_id",
            )
        published = db.session.scalar(
            select(PetitionAnswer).where(
                PetitionAnswer.petition_id == petition.id,
                PetitionAnswer.decision_id == decision.id,
            )
        )
        if published is not None:
            raise already_decided(
                _("La réponse du conseil issue de cette délibération a déjà été publiée"),
                by_id=published.published_by_id,
                at=published.published_at,
            )
    answer = PetitionAnswer(
        petition_id=petition.id,
        answered_as=answered_as,
        decision_id=decision.id if decision else None,
        body=body,
        published_at=now,
        published_by_id=actor.id,
    )
    db.session.add(answer)
    if decision is not None and petition.debate_progress != NOT_REACHED:
        petition.debate_progress = DONE
    record_event(petition, "answered", now=now, actor=actor, answered_as=answered_as)
    news.tell_petition_followers(petition, "petition_answered", now=now)
    audit.record(
        actor=actor,
        action="petition.answered",
        object_type="petition",
        object_id=petition.id,
        after={
            "answered_as": answered_as,
            "decision_id": answer.decision_id,
            "answer_length": len(body),
        },
        now=now,
    )
    db.session.commit()
    return answer


def answers_of(petition_id: int) -> list[PetitionAnswer]:
    """The petition's answers, the oldest first."""
    return list(
        db.session.scalars(
            select(PetitionAnswer)
            .where(PetitionAnswer.petition_id == petition_id)
            .order_by(PetitionAnswer.published_at, PetitionAnswer.id)
        )
    )


def answer_of(petition_id: int) -> PetitionAnswer | None:
    """The municipal council's answer (the one that comes with a deliberation), if any."""
    return db.session.scalar(
        select(PetitionAnswer)
        .where(
            PetitionAnswer.petition_id == petition_id,
            PetitionAnswer.answered_as == ANSWER_BY_COUNCIL,
        )
        .order_by(PetitionAnswer.id)
        .limit(1)
    )
