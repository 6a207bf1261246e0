"""What a petition's crossed threshold obliges (docs/rules.md §3, §7), once.

The rule set's consequence code picks the progress column of the petition it
moves and the action: agenda items for the council, or a votation draft. The
petitions area publishes ``ThresholdCrossed`` / ``ThresholdLost`` holding the
petition row lock; the handlers add inside that transaction and are idempotent,
so the lock plus the threshold stamps make each consequence happen exactly once.
"""

from __future__ import annotations

import json
from typing import Any

from civic.events import ThresholdCrossed, ThresholdLost
from civic.extensions import db
from civic.followup import agenda, news, votations, wording
from civic.models import AgendaItem, Petition, PetitionEvent, Votation
from civic.models.petitions import AWAITING, DONE, NOT_REACHED, SCHEDULED
from civic.models.votations import KIND_RECALL, KIND_REFERENDUM

SUBJECT_TYPE = "petition"
# consequence code -> the progress column it moves.
PROGRESS_COLUMN = {
    "council_debate": "debate_progress",
    "council_agenda": "debate_progress",
    "referendum": "referendum_progress",
    "recall_votation": "recall_progress",
    # CGCT L1112-16 inside a petition of another rule set: its own progress.
    "legal_request": "legal_progress",
}
# consequence code -> the agenda item kinds it creates.
AGENDA_KINDS = {
    "council_debate": ("petition_presentation", "petition_answer"),
    "council_agenda": ("cgct_request",),
    "legal_request": ("cgct_request",),
}
VOTATION_KINDS = {"referendum": KIND_REFERENDUM, "recall_votation": KIND_RECALL}


def _petition(petition_id: int) -> Petition:
    petition = db.session.get(Petition, petition_id)  # locked by the publisher
    if petition is None:
        raise LookupError(f"no petition {petition_id}")
    return petition


def _record(petition: Petition, kind: str, event: ThresholdCrossed, **detail: Any) -> None:
    """A line of the petition's public history (the same shape as the petitions area's)."""
    detail["threshold"] = event.threshold
    db.session.add(
        PetitionEvent(
            petition_id=petition.id,
            kind=kind,
            detail=json.dumps(detail, sort_keys=True, default=str),
            created_at=event.now,
        )
    )


def on_threshold_crossed(event: ThresholdCrossed) -> None:
    """Schedule the agenda items or draft the votation the threshold calls for."""
    petition = _petition(event.petition_id)
    column = PROGRESS_COLUMN.get(event.consequence)
    progress = AWAITING
    if event.consequence in AGENDA_KINDS:
        items = [
            agenda.schedule_agenda_item(
                kind=kind,
                title=wording.petition_agenda_title(kind, petition)[: agenda.TITLE_MAX],
                subject_type=SUBJECT_TYPE,
                subject_id=petition.id,
                now=event.now,
                description=petition.decision_asked[:2000],
            )
            for kind in AGENDA_KINDS[event.consequence]
        ]
        meeting = items[0].meeting
        news.tell_petition_followers(petition, "petition_threshold", now=event.now)
        if meeting is not None:
            progress = SCHEDULED
            _record(petition, "scheduled", event, meeting_id=meeting.id)
            news.tell_petition_followers(petition, "petition_scheduled", now=event.now)
        else:
            _record(petition, "awaiting_meeting", event)
    elif event.consequence in VOTATION_KINDS:
        votation = votations.create_draft_from_petition(
            petition_id=petition.id,
            kind=VOTATION_KINDS[event.consequence],
            question=(
                wording.recall_question(petition)
                if event.consequence == "recall_votation"
                else petition.decision_asked
            ),
            now=event.now,
        )
        progress = SCHEDULED
        _record(petition, "votation_drafted", event, votation_id=votation.id)
        news.tell_petition_followers(petition, "petition_threshold", now=event.now)
    if column is not None:
        setattr(petition, column, progress)


def on_threshold_lost(event: ThresholdLost) -> bool:
    """Withdraw a consequence not yet carried out; False when it must stand."""
    petition = _petition(event.petition_id)
    column = PROGRESS_COLUMN.get(event.consequence)
    if column is not None and getattr(petition, column) == DONE:
        return False
    if event.consequence in AGENDA_KINDS:
        kinds = AGENDA_KINDS[event.consequence]
        if any(
            (item := agenda.agenda_item_for(kind, SUBJECT_TYPE, petition.id)) is not None
            and not agenda.removable(item, event.now)
            for kind in kinds
        ):
            return False
        for kind in kinds:
            agenda.unschedule_agenda_item(
                kind=kind,
                subject_type=SUBJECT_TYPE,
                subject_id=petition.id,
                reason=event.reason,
                now=event.now,
            )
    elif event.consequence in VOTATION_KINDS:
        if votations.votation_for_petition(petition.id, VOTATION_KINDS[event.consequence]):
            return False  # a votation draft exists: the clerks take it from there
    if column is not None:
        setattr(petition, column, NOT_REACHED)
    return True


def agenda_items(petition: Petition) -> list[AgendaItem]:
    """The agenda items about this petition (for its page)."""
    kinds = [kind for kinds in AGENDA_KINDS.values() for kind in kinds]
    return agenda.agenda_items_about(SUBJECT_TYPE, petition.id, kinds)


def votations_of(petition: Petition) -> list[Votation]:
    """The votations this petition triggered (for its page)."""
    return votations.votations_for_petition(petition.id, list(VOTATION_KINDS.values()))
