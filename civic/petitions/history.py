"""The petition's public history (admitted, thresholds crossed, scheduled, answered…)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select

from civic.extensions import db
from civic.models import Petition, PetitionEvent, User


def record_event(
    petition: Petition, kind: str, *, now: datetime, actor: User | None = None, **detail: Any
) -> PetitionEvent:
    """Add one history line inside the caller's transaction (never a signer's name)."""
    event = PetitionEvent(
        petition_id=petition.id,
        kind=kind,
        detail=json.dumps(detail, sort_keys=True, default=str) if detail else None,
        created_at=now,
        actor_id=actor.id if actor else None,
    )
    db.session.add(event)
    return event


def events_of(petition_id: int) -> list[tuple[PetitionEvent, dict[str, Any]]]:
    """The history, oldest first, each line with its decoded detail."""
    events = db.session.scalars(
        select(PetitionEvent)
        .where(PetitionEvent.petition_id == petition_id)
        .order_by(PetitionEvent.created_at, PetitionEvent.id)
    )
    return [(event, json.loads(event.detail) if event.detail else {}) for event in events]
