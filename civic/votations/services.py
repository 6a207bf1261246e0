"""Organising votations: drafts (from petitions or the council), completion, scheduling.

Voting lives in :mod:`civic.votations.voting`, results in
:mod:`civic.votations.results`.
"""

from __future__ import annotations

import json
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from civic.extensions import db
from civic.models.votations import (
    KIND_RECALL,
    KIND_REFERENDUM,
    PRESET_CHARTER,
    STATUS_DRAFT,
    Votation,
    VotationQuestion,
)
from civic.services import Refused

YES_NO = [["oui", "Oui"], ["non", "Non"]]
TITLE_MAX = 200
QUESTION_MAX = 500


def votation_for_petition(petition_id: int, kind: str) -> Votation | None:
    """The votation a petition triggered, if any (the petition page links to it)."""
    return db.session.scalar(
        select(Votation).where(Votation.origin_petition_id == petition_id, Votation.kind == kind)
    )


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
    text = " ".join(question.split())[:QUESTION_MAX] or _("Question à rédiger")
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


def get_votation(votation_id: int) -> Votation:
    votation = db.session.get(Votation, votation_id)
    if votation is None:
        raise Refused(_("Cette votation n'existe pas."))
    return votation
