"""Votations a petition calls for (docs/rules.md §3, §6), and what their results oblige.

The votations area organises, opens and counts them; this layer adds the draft a
crossed threshold obliges (inside the signer's transaction, once) and puts a
published result on the council's agenda.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from civic.events import VotationResultsPublished
from civic.extensions import db
from civic.followup import agenda, wording
from civic.models.meetings import KIND_VOTATION_RESULT
from civic.models.votations import (
    KIND_RECALL,
    KIND_REFERENDUM,
    PRESET_CHARTER,
    STATUS_DRAFT,
    Votation,
    VotationQuestion,
)

YES_NO = [["oui", "Oui"], ["non", "Non"]]
TITLE_MAX = 200
QUESTION_MAX = 500


def votation_for_petition(petition_id: int, kind: str) -> Votation | None:
    """The votation a petition triggered, if any (the petition page links to it)."""
    return db.session.scalar(
        select(Votation).where(Votation.origin_petition_id == petition_id, Votation.kind == kind)
    )


def votations_for_petition(petition_id: int, kinds: list[str]) -> list[Votation]:
    """The votations a petition triggered, in the order of ``kinds`` (one query)."""
    found = db.session.scalars(
        select(Votation).where(Votation.origin_petition_id == petition_id, Votation.kind.in_(kinds))
    )
    return sorted(found, key=lambda votation: kinds.index(votation.kind))


def create_draft_from_petition(
    *, petition_id: int, kind: str, question: str, now: datetime
) -> Votation:
    """Add the draft votation a petition calls for, inside the caller's transaction.

    Does not commit. Idempotent per (petition, kind): a second call returns the
    first draft, and the unique constraint on (origin_petition_id, kind) stops two
    concurrent callers from adding two (the loser's insert is rolled back to a
    savepoint and it reads the winner's row). A clerk completes and schedules it.
    """
    if kind not in (KIND_REFERENDUM, KIND_RECALL):
        raise ValueError(f"a petition triggers a referendum or a recall, not {kind!r}")
    existing = votation_for_petition(petition_id, kind)
    if existing is not None:
        return existing
    text = " ".join(question.split())[:QUESTION_MAX] or wording.question_to_write()
    votation = Votation(
        kind=kind,
        preset=PRESET_CHARTER,
        status=STATUS_DRAFT,
        title=text[:TITLE_MAX],
        origin_petition_id=petition_id,
        created_at=now,
        questions=[
            VotationQuestion(
                position=0, text=text, choices_json=json.dumps(YES_NO), approve_choice="oui"
            )
        ],
    )
    try:
        with db.session.begin_nested():
            db.session.add(votation)
    except IntegrityError:
        winner = votation_for_petition(petition_id, kind)
        if winner is None:
            raise
        return winner
    return votation


def on_results_published(event: VotationResultsPublished) -> None:
    """The council takes note of a votation's result: an item on its agenda."""
    votation = db.session.get(Votation, event.votation_id)
    if votation is None:
        raise LookupError(f"no votation {event.votation_id}")
    agenda.schedule_agenda_item(
        kind=KIND_VOTATION_RESULT,
        title=wording.votation_result_title(votation)[: agenda.TITLE_MAX],
        subject_type="votation",
        subject_id=votation.id,
        now=event.now,
    )
