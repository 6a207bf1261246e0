"""Record and read the council's decisions (docs/rules.md §9; CGCT L2121-20)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civic.audit import services as audit
from civic.core.council_decision import DecisionFacts, Outcome, check_decision
from civic.decisions import already_decided, unique_or_refused
from civic.extensions import db
from civic.models import CouncilDecision, User
from civic.services import Refused

SUMMARY_MAX = 5_000

OUTCOME_LABELS = {
    Outcome.ADOPTED.value: _l("adoptée"),
    Outcome.REJECTED.value: _l("rejetée"),
    Outcome.AMENDED.value: _l("adoptée après amendement"),
}

# check_decision's codes -> the message, and the form field it belongs to.
_MESSAGES = {
    "unknown_outcome": (_l("Choisissez la décision du conseil."), "outcome"),
    "no_number": (_l("Indiquez le numéro de la délibération."), "number"),
    "number_too_long": (_l("Ce numéro de délibération est trop long."), "number"),
    "in_future": (_l("La délibération ne peut pas être datée après aujourd'hui."), "decided_on"),
    "before_subject": (
        _l("La délibération ne peut pas précéder ce qu'elle décide."),
        "decided_on",
    ),
    "negative_votes": (_l("Un nombre de voix ne peut pas être négatif."), "votes_for"),
    "no_votes": (_l("Indiquez le vote : voix pour, contre et abstentions."), "votes_for"),
    "outcome_contradicts_votes": (
        _l(
            "La décision contredit le vote : le conseil décide à la majorité des suffrages "
            "exprimés, la voix du maire prépondérante en cas de partage (CGCT L2121-20)."
        ),
        "outcome",
    ),
}
VOTES_MAX = 1_000  # more than any council has members (Paris: 163): a typo is caught


def record_decision(
    *,
    subject_type: str,
    subject_id: int,
    matter: str,
    facts: DecisionFacts,
    summary: str | None,
    not_before: date | None,
    actor: User,
    now: datetime,
    today: date,
) -> CouncilDecision:
    """Record the council's decision on ``matter`` of the subject, once; does not commit.

    The caller holds the subject's row lock and has checked that the matter was put
    to the council; ``not_before`` is the day it was (no decision before it). A
    second recording is refused, naming who recorded the first.
    """
    votes = (facts.votes_for, facts.votes_against, facts.abstentions)
    if any(count > VOTES_MAX for count in votes):
        raise Refused(_("Un nombre de voix entre 0 et 1 000."), "votes_for")
    code = check_decision(facts, today=today, not_before=not_before)
    if code is not None:
        message, field = _MESSAGES[code]
        raise Refused(message, field)
    summary = (summary or "").strip() or None
    if summary is not None and len(summary) > SUMMARY_MAX:
        raise Refused(
            _("Texte trop long (%(max)d caractères au plus).", max=SUMMARY_MAX), "summary"
        )
    existing = decision_on(subject_type, subject_id, matter)
    if existing is not None:
        raise already_decided(
            _("La délibération du conseil a déjà été enregistrée"),
            by_id=existing.recorded_by_id,
            at=existing.recorded_at,
        )
    row = CouncilDecision(
        subject_type=subject_type,
        subject_id=subject_id,
        matter=matter,
        outcome=Outcome(facts.outcome).value,
        decided_on=facts.decided_on,
        number=facts.deliberation_number.strip(),  # check_decision refused a longer one
        votes_for=facts.votes_for,
        votes_against=facts.votes_against,
        abstentions=facts.abstentions,
        summary=summary,
        recorded_at=now,
        recorded_by_id=actor.id,
    )
    with unique_or_refused(_("La délibération du conseil a déjà été enregistrée.")):
        db.session.add(row)
        db.session.flush()
    audit.record(
        actor=actor,
        action="council_decision.recorded",
        object_type=subject_type,
        object_id=subject_id,
        after=decision_as_open_data(row),
        now=now,
    )
    return row


def decision_on(subject_type: str, subject_id: int, matter: str) -> CouncilDecision | None:
    return db.session.scalar(
        select(CouncilDecision).where(
            CouncilDecision.subject_type == subject_type,
            CouncilDecision.subject_id == subject_id,
            CouncilDecision.matter == matter,
        )
    )


def decisions_about(subject_type: str, subject_id: int) -> list[CouncilDecision]:
    """The subject's recorded decisions, in the order they were taken."""
    return list(
        db.session.scalars(
            select(CouncilDecision)
            .where(
                CouncilDecision.subject_type == subject_type,
                CouncilDecision.subject_id == subject_id,
            )
            .order_by(CouncilDecision.decided_on, CouncilDecision.id)
        )
    )


def decision_as_open_data(decision: CouncilDecision) -> dict[str, Any]:
    """A decision as the open-data API gives it."""
    return {
        "matter": decision.matter,
        "outcome": decision.outcome,
        "date": decision.decided_on.isoformat(),
        "number": decision.number,
        "vote": {
            "for": decision.votes_for,
            "against": decision.votes_against,
            "abstentions": decision.abstentions,
        },
        "summary": decision.summary,
    }
