"""Every consequence ends in a council deliberation (docs/rules.md §3, §9).

A submitted petition gets its acknowledgement of receipt (CRPA L112-3). When a
threshold is crossed the petition's file gets its documents (the draft deliberation
with the figures; for a legal request, the mayor's acknowledgement of receipt, CGCT
L1112-16), each linked from the history. A clerk then records
the council's decision on that threshold (``civic.deliberations``), shown on the
petition's page and in ``/api/v1/petitions/<id>``.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from civic.core.council_decision import DecisionFacts
from civic.core.thresholds import Base, ThresholdRule, ThresholdStatus, evaluated_rules
from civic.decisions import locked
from civic.deliberations import services as deliberations
from civic.documents import services as documents
from civic.extensions import db
from civic.followup.petitions import PROGRESS_COLUMN, agenda_items
from civic.models import CouncilDecision, Petition, User
from civic.models.petitions import DONE
from civic.petitions.history import record_event
from civic.petitions.labels import SIGNER_LABELS
from civic.petitions.rules import petition_rules
from civic.services import Refused

SUBJECT_TYPE = "petition"
# The consequences that are the law's petition (CGCT L1112-16), in any rule set.
LEGAL_CONSEQUENCES = frozenset({"legal_request", "council_agenda"})


RECEIPT = "submission"  # the matter of the acknowledgement issued when it is submitted


def acknowledge_receipt(petition: Petition, now: datetime) -> None:
    """The acknowledgement of receipt every submitted petition gets (CRPA L112-3), once,
    with its history line; does not commit. Until the petition is published only its
    carrier and the clerks read it (``documents.register_reader``)."""
    document = documents.generate(
        subject_type=SUBJECT_TYPE,
        subject_id=petition.id,
        kind="acknowledgement",
        matter=RECEIPT,
        title=_l("Accusé de réception de la pétition"),
        now=now,
        petition=petition,
        receipt=True,
    )
    record_event(
        petition,
        "document_issued",
        now=now,
        document_id=document.id,
        document_kind="acknowledgement",
    )


def issue_documents(
    petition: Petition, rule: ThresholdRule, status: ThresholdStatus, now: datetime
) -> None:
    """The documents a crossed threshold calls for, once, each with its history line.

    Called after ``ThresholdCrossed`` was handled, so the agenda item (and its meeting,
    which the acknowledgement names) exists.
    """
    meeting = next(
        (item.meeting for item in agenda_items(petition) if item.meeting is not None), None
    )
    context = {
        "petition": petition,
        "status": status,
        "consequence": rule.consequence,
        "meeting": meeting,
        "counted_label": SIGNER_LABELS[rule.counts.value],
        "base_label": _l("habitant·es")
        if rule.base is Base.POPULATION
        else _l("électeurs inscrits"),
    }
    kinds = ["draft_deliberation"]
    if rule.consequence in LEGAL_CONSEQUENCES:
        kinds.insert(0, "acknowledgement")
    for kind in kinds:
        title = (
            _l("Accusé de réception de la demande (CGCT L1112-16)")
            if kind == "acknowledgement"
            else _l("Projet de délibération")
        )
        document = documents.generate(
            subject_type=SUBJECT_TYPE,
            subject_id=petition.id,
            kind=kind,
            matter=rule.name,
            title=title,
            now=now,
            **context,
        )
        record_event(
            petition,
            "document_issued",
            now=now,
            threshold=rule.name,
            document_id=document.id,
            document_kind=kind,
        )


def matters_awaiting_decision(petition: Petition) -> list[str]:
    """The crossed thresholds whose council decision is not recorded yet."""
    decided = {d.matter for d in deliberations.decisions_about(SUBJECT_TYPE, petition.id)}
    return [name for name in petition.stamps() if name not in decided]


def record_council_decision(
    petition_id: int,
    *,
    matter: str,
    facts: DecisionFacts,
    summary: str | None,
    actor: User,
    now: datetime,
    today: date,
) -> CouncilDecision:
    """A clerk records the council's deliberation on a crossed threshold (audited)."""
    petition = locked(Petition, petition_id)
    if petition is None or not petition.is_visible:
        raise Refused(_("Cette pétition n'existe pas."))
    stamps = petition.stamps()
    if matter not in stamps:
        raise Refused(
            _("Le conseil délibère sur un seuil atteint par la pétition : choisissez-en un."),
            "matter",
        )
    reached_at = stamps[matter]
    decision = deliberations.record_decision(
        subject_type=SUBJECT_TYPE,
        subject_id=petition.id,
        matter=matter,
        facts=facts,
        summary=summary,
        not_before=reached_at.date() if reached_at is not None else None,
        actor=actor,
        now=now,
        today=today,
    )
    # The consequence is carried out: the council has deliberated on it.
    rule = {r.name: r for r in evaluated_rules(petition_rules(petition), petition.kind)}.get(matter)
    column = PROGRESS_COLUMN.get(rule.consequence) if rule is not None else None
    if column is not None:
        setattr(petition, column, DONE)
    record_event(
        petition,
        "council_decided",
        now=now,
        actor=actor,
        threshold=matter,
        outcome=decision.outcome,
        number=decision.number,
    )
    db.session.commit()
    return decision
