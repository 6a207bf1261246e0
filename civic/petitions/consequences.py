"""What crossing a threshold sets in motion, once (design §3, §7).

A threshold's consequence code (from the rule set) picks the progress column it
moves and the action: an agenda item through the meetings area, or a votation
draft through the votations area. Both areas' functions are idempotent and add
inside our transaction, so the petition row lock plus the stamps make each
consequence happen exactly once. When the votations area is absent the progress
stays ``awaiting`` and says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from civic.core.thresholds import ThresholdRule
from civic.models import Petition
from civic.models.petitions import AWAITING, DONE, NOT_REACHED, SCHEDULED
from civic.petitions.history import record_event

SUBJECT_TYPE = "petition"
# consequence code -> the progress column it moves.
PROGRESS_COLUMN = {
    "council_debate": "debate_progress",
    "council_agenda": "debate_progress",
    "referendum": "referendum_progress",
    "recall_votation": "recall_progress",
}
# consequence code -> the agenda item kinds it creates (meetings area).
AGENDA_KINDS = {
    "council_debate": ("petition_presentation", "petition_answer"),
    "council_agenda": ("cgct_request",),
}
VOTATION_KINDS = {"referendum": "referendum", "recall_votation": "recall"}


def _meetings() -> Any:
    try:
        from civic.meetings import services
    except ImportError:
        return None
    return services


def _votations() -> Any:
    try:
        from civic.votations import services
    except ImportError:
        return None
    return services


def progress_column(rule: ThresholdRule) -> str | None:
    return PROGRESS_COLUMN.get(rule.consequence)


def _agenda_title(kind: str, petition: Petition) -> str:
    if kind == "petition_presentation":
        return _("Présentation de la pétition « %(title)s » par son porteur", title=petition.title)
    if kind == "petition_answer":
        return _("Réponse du conseil à la pétition « %(title)s »", title=petition.title)
    return _(
        "Demande d'inscription à l'ordre du jour (CGCT L1112-16) : %(title)s", title=petition.title
    )


def start(petition: Petition, rule: ThresholdRule, now: datetime) -> None:
    """Create the consequence of a newly crossed threshold (caller holds the row lock)."""
    column = progress_column(rule)
    progress = AWAITING
    if rule.consequence in AGENDA_KINDS:
        meetings = _meetings()
        if meetings is not None:
            items = [
                meetings.schedule_agenda_item(
                    kind=kind,
                    title=_agenda_title(kind, petition)[:300],
                    subject_type=SUBJECT_TYPE,
                    subject_id=petition.id,
                    now=now,
                    description=petition.decision_asked[:2000],
                )
                for kind in AGENDA_KINDS[rule.consequence]
            ]
            meeting = items[0].meeting
            if meeting is not None:
                progress = SCHEDULED
                record_event(
                    petition, "scheduled", now=now, threshold=rule.name, meeting_id=meeting.id
                )
            else:
                record_event(petition, "awaiting_meeting", now=now, threshold=rule.name)
    elif rule.consequence in VOTATION_KINDS:
        votations = _votations()
        if votations is not None:
            votation = votations.create_draft_from_petition(
                petition_id=petition.id,
                kind=VOTATION_KINDS[rule.consequence],
                question=_votation_question(petition, rule),
                now=now,
            )
            progress = SCHEDULED
            record_event(
                petition, "votation_drafted", now=now, threshold=rule.name, votation_id=votation.id
            )
        else:
            record_event(petition, "awaiting_votation", now=now, threshold=rule.name)
    if column is not None:
        setattr(petition, column, progress)


def _votation_question(petition: Petition, rule: ThresholdRule) -> str:
    if rule.consequence == "recall_votation":
        return _(
            "Approuvez-vous la révocation de %(official)s ?",
            official=petition.recall_official or "",
        )
    return petition.decision_asked


def undo(petition: Petition, rule: ThresholdRule, reason: str, now: datetime) -> bool:
    """Withdraw a consequence not yet carried out; False when it must stand."""
    column = progress_column(rule)
    if column is not None and getattr(petition, column) == DONE:
        return False
    if rule.consequence in AGENDA_KINDS:
        meetings = _meetings()
        if meetings is not None:
            kinds = AGENDA_KINDS[rule.consequence]
            if any(
                (item := meetings.agenda_item_for(kind, SUBJECT_TYPE, petition.id)) is not None
                and not _removable(meetings, item, now)
                for kind in kinds
            ):
                return False
            for kind in kinds:
                meetings.unschedule_agenda_item(
                    kind=kind,
                    subject_type=SUBJECT_TYPE,
                    subject_id=petition.id,
                    reason=reason,
                    now=now,
                )
    elif rule.consequence in VOTATION_KINDS:
        votations = _votations()
        if votations is not None and votations.votation_for_petition(
            petition.id, VOTATION_KINDS[rule.consequence]
        ):
            return False  # a votation draft exists: the clerks take it from there
    if column is not None:
        setattr(petition, column, NOT_REACHED)
    return True


def _removable(meetings: Any, item: Any, now: datetime) -> bool:
    meeting = item.meeting
    if meeting is None:
        return True
    from civic.models.meetings import MEETING_PLANNED

    return bool(meeting.status == MEETING_PLANNED and meeting.starts_at > now)


def agenda_items(petition: Petition) -> list[Any]:
    """The agenda items about this petition (for its page)."""
    meetings = _meetings()
    if meetings is None:
        return []
    kinds = [kind for kinds in AGENDA_KINDS.values() for kind in kinds]
    return list(meetings.agenda_items_about(SUBJECT_TYPE, petition.id, kinds))


def votations_of(petition: Petition) -> list[Any]:
    votations = _votations()
    if votations is None:
        return []
    return list(votations.votations_for_petition(petition.id, list(VOTATION_KINDS.values())))
