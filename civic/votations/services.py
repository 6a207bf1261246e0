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
from civic.core.electorate import ELECTOR_MINIMUM_AGE, LOCAL_REFERENDUM_QUORUM_PERCENT
from civic.extensions import db
from civic.models import User
from civic.models.votations import (
    ACTION_PUBLISH,
    ACTION_SCHEDULE,
    ELECTORATE_ELECTORS,
    ELECTORATE_RESIDENTS,
    KIND_RECALL,
    KINDS,
    LEGAL_PRESETS,
    PRESET_CGCT_CONSULTATION,
    PRESET_CGCT_REFERENDUM,
    PRESETS,
    RESERVED_CHOICE_CODES,
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    VISIBLE_STATUSES,
    Votation,
    VotationApproval,
    VotationNeighbourhood,
    VotationQuestion,
)
from civic.services import Refused, within_limit
from civic.votations.calendar import refuse_short_period

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
    if details.kind == KIND_RECALL and details.preset in LEGAL_PRESETS:
        raise Refused(
            _(
                "La loi ne prévoit pas de vote révocatoire : c'est une votation citoyenne, "
                "selon la charte."
            ),
            "preset",
        )
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
    refuse_short_period(details.preset, details.opens_at, details.closes_at)
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
        electorate, min_age = ELECTORATE_ELECTORS, ELECTOR_MINIMUM_AGE
        quorum = Decimal(int(LOCAL_REFERENDUM_QUORUM_PERCENT))
    elif details.preset == PRESET_CGCT_CONSULTATION:
        electorate, min_age = ELECTORATE_ELECTORS, ELECTOR_MINIMUM_AGE
        quorum = details.quorum_percent
    else:
        electorate, min_age, quorum = ELECTORATE_RESIDENTS, details.min_age, details.quorum_percent
    if details.neighbourhood_ids and details.preset != PRESET_CGCT_CONSULTATION:
        raise Refused(
            _("Seule une consultation peut être limitée à certains quartiers."), "neighbourhoods"
        )
    votation.kind = details.kind if votation.origin_petition_id is None else votation.kind
    votation.preset = details.preset
    votation.title = within_limit(details.title, TITLE_MAX, "title")
    votation.council_decision = (
        within_limit(details.council_decision or "", 200, "council_decision") or None
    )
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
    question.text = within_limit(details.question, QUESTION_MAX, "question")
    question.choices_json = json.dumps(pairs, ensure_ascii=False)
    question.approve_choice = approve
    votation.questions = [question]
    # What a second staff member approved must be what opens: an edit sends the
    # votation back to the draft stage, to be asked for and approved again.
    withdrawn = votation_id is not None and withdraw_scheduling(votation)
    votation.status, votation.scheduled_at = STATUS_DRAFT, None
    votation.prepared_by_id = actor.id
    db.session.flush()
    audit.record(
        actor=actor,
        action="votation.saved",
        object_type="votation",
        object_id=votation.id,
        before=before,
        after={
            "title": votation.title,
            "preset": votation.preset,
            "status": votation.status,
            "scheduling_withdrawn": withdrawn,
        },
        now=now,
    )
    db.session.commit()
    return votation


def request_of(votation_id: int, action: str) -> VotationApproval | None:
    return db.session.scalar(
        select(VotationApproval).where(
            VotationApproval.votation_id == votation_id, VotationApproval.action == action
        )
    )


def requests_of(votation_ids: list[int]) -> dict[tuple[int, str], VotationApproval]:
    """The requests of these votations, by (votation, action), for the clerks' list."""
    if not votation_ids:
        return {}
    rows = db.session.scalars(
        select(VotationApproval).where(VotationApproval.votation_id.in_(votation_ids))
    )
    return {(row.votation_id, row.action): row for row in rows}


def publication_approved(votation_id: int) -> bool:
    """Whether a second staff member approved publishing the results (the only way in)."""
    request = request_of(votation_id, ACTION_PUBLISH)
    return request is not None and request.approved_at is not None


def withdraw_scheduling(votation: Votation) -> bool:
    """Editing a votation withdraws its scheduling (requested or approved): the second
    staff member approves what they read. Inside the caller's transaction."""
    request = request_of(votation.id, ACTION_SCHEDULE)
    if request is None:
        return False
    db.session.delete(request)
    return True


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
