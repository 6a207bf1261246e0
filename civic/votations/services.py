"""Organising votations: drafts (the council's, or a petition's from the follow-up
layer ``civic.followup.votations``), completion, scheduling.

Voting lives in :mod:`civic.votations.voting`, results in
:mod:`civic.votations.results`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.extensions import db
from civic.models import User
from civic.models.votations import (
    ELECTORATE_ELECTORS,
    ELECTORATE_RESIDENTS,
    KINDS,
    PRESET_CGCT_CONSULTATION,
    PRESET_CGCT_REFERENDUM,
    PRESETS,
    RESERVED_CHOICE_CODES,
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    STATUS_SCHEDULED,
    VISIBLE_STATUSES,
    Votation,
    VotationNeighbourhood,
    VotationQuestion,
)
from civic.services import Refused

TITLE_MAX = 200
QUESTION_MAX = 500


def get_votation(votation_id: int) -> Votation:
    votation = db.session.get(Votation, votation_id)
    if votation is None:
        raise Refused(_("Cette votation n'existe pas."))
    return votation


@dataclass(frozen=True)
class VotationDetails:
    """What a clerk fills in (one question per votation on this screen)."""

    kind: str
    preset: str
    title: str
    question: str
    choices: list[str]  # labels, in display order
    approve_choice: str | None  # a label among ``choices``, or None
    easy_read: str
    arguments_for: str
    arguments_against: str
    council_decision: str | None
    opens_at: datetime | None
    closes_at: datetime | None
    quorum_percent: Decimal
    min_age: int
    neighbourhood_ids: list[int] = field(default_factory=list)


def choice_code(label: str) -> str:
    """A stable code for a choice label: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:64]


def _choices(details: VotationDetails) -> tuple[list[list[str]], str | None]:
    labels = [" ".join(label.split()) for label in details.choices if label.strip()]
    if len(labels) < 2:
        raise Refused(_("Proposez au moins deux choix."), "choices")
    pairs = [[choice_code(label), label[:120]] for label in labels]
    codes = [code for code, _label in pairs]
    if any(code in RESERVED_CHOICE_CODES for code in codes) or len(set(codes)) != len(codes):
        raise Refused(
            _("Chaque choix doit être différent, et « blanc » ou « nul » ne sont pas des choix."),
            "choices",
        )
    approve = choice_code(details.approve_choice) if details.approve_choice else None
    if approve and approve not in codes:
        raise Refused(
            _("Le choix qui adopte le projet doit être l'un des choix."), "approve_choice"
        )
    return pairs, approve


def save_votation(
    votation_id: int | None, details: VotationDetails, *, actor: User, now: datetime
) -> Votation:
    """Create (council-initiated) or complete a votation before it opens."""
    if details.kind not in KINDS or details.preset not in PRESETS:
        raise Refused(_("Type de votation inconnu."))
    if votation_id is None:
        votation = Votation(created_at=now, status=STATUS_DRAFT, kind=details.kind)
        db.session.add(votation)
        before = None
    else:
        votation = get_votation(votation_id)
        if votation.status == STATUS_PUBLISHED or (
            votation.opens_at is not None
            and votation.status != STATUS_DRAFT
            and now >= votation.opens_at
        ):
            raise Refused(_("Une votation ne se modifie plus une fois le vote ouvert."))
        before = {"title": votation.title, "status": votation.status}
    if votation.origin_petition_id is None and not (details.council_decision or "").strip():
        raise Refused(
            _("Indiquez la délibération du conseil qui décide cette votation."), "council_decision"
        )
    if details.opens_at and details.closes_at and details.opens_at >= details.closes_at:
        raise Refused(_("La clôture doit suivre l'ouverture."), "closes_at")
    pairs, approve = _choices(details)
    if details.preset == PRESET_CGCT_REFERENDUM:
        if approve is None:
            raise Refused(
                _(
                    "Un référendum local adopte ou rejette un projet : "
                    "indiquez le choix qui l'adopte."
                ),
                "approve_choice",
            )
        electorate, min_age, quorum = ELECTORATE_ELECTORS, 18, Decimal(50)
    elif details.preset == PRESET_CGCT_CONSULTATION:
        electorate, min_age, quorum = ELECTORATE_ELECTORS, 18, details.quorum_percent
    else:
        electorate, min_age, quorum = ELECTORATE_RESIDENTS, details.min_age, details.quorum_percent
    if details.neighbourhood_ids and details.preset != PRESET_CGCT_CONSULTATION:
        raise Refused(
            _("Seule une consultation peut être limitée à certains quartiers."), "neighbourhoods"
        )
    votation.kind = details.kind if votation.origin_petition_id is None else votation.kind
    votation.preset = details.preset
    votation.title = details.title.strip()[:TITLE_MAX]
    votation.council_decision = (details.council_decision or "").strip()[:200] or None
    votation.easy_read = details.easy_read
    votation.arguments_for = details.arguments_for
    votation.arguments_against = details.arguments_against
    votation.opens_at, votation.closes_at = details.opens_at, details.closes_at
    votation.electorate, votation.min_age, votation.quorum_percent = electorate, min_age, quorum
    votation.neighbourhoods = [
        VotationNeighbourhood(neighbourhood_id=hood)
        for hood in sorted(set(details.neighbourhood_ids))
    ]
    question = votation.questions[0] if votation.questions else VotationQuestion(position=0)
    question.text = details.question.strip()[:QUESTION_MAX]
    question.choices_json = json.dumps(pairs, ensure_ascii=False)
    question.approve_choice = approve
    votation.questions = [question]
    db.session.flush()
    audit.record(
        actor=actor,
        action="votation.saved",
        object_type="votation",
        object_id=votation.id,
        before=before,
        after={"title": votation.title, "preset": votation.preset, "status": votation.status},
        now=now,
    )
    db.session.commit()
    return votation


def schedule_votation(votation_id: int, *, actor: User, now: datetime) -> Votation:
    """A complete draft becomes visible and opens at its start."""
    votation = get_votation(votation_id)
    if votation.status != STATUS_DRAFT:
        raise Refused(_("Cette votation est déjà programmée."))
    if votation.opens_at is None or votation.closes_at is None or votation.closes_at <= now:
        raise Refused(_("Fixez une période de vote qui n'est pas déjà passée."))
    if not votation.questions or not votation.easy_read.strip():
        raise Refused(
            _("Rédigez la question et l'explication en langage simple avant de programmer.")
        )
    votation.status = STATUS_SCHEDULED
    votation.scheduled_at = now
    audit.record(
        actor=actor,
        action="votation.scheduled",
        object_type="votation",
        object_id=votation.id,
        after={
            "opens_at": votation.opens_at.isoformat(),
            "closes_at": votation.closes_at.isoformat(),
        },
        now=now,
    )
    db.session.commit()
    return votation


def visible_votations() -> list[Votation]:
    return list(
        db.session.scalars(
            select(Votation)
            .where(Votation.status.in_(VISIBLE_STATUSES))
            .order_by(Votation.closes_at.desc(), Votation.id.desc())
        )
    )


def all_votations() -> list[Votation]:
    return list(db.session.scalars(select(Votation).order_by(Votation.id.desc())))
