"""Apply every declared retention period: ``flask civic retention``, run daily.

Each ``Retention`` with an eraser is applied once per run: the eraser erases or
anonymises what is past its period and reports how many records it changed; one
audit entry says so (no names: the kind, the count, the cutoff), and the run commits
kind by kind, so a run stopped halfway has finished what it reported and the next one
does the rest. Erasers are idempotent: a second run the same day changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from civic.audit import services as audit
from civic.extensions import db
from civic.privacy import registered


@dataclass(frozen=True)
class Erased:
    processing: str
    retention: str
    before: datetime
    count: int


def run(now: datetime) -> list[Erased]:
    """Apply every retention that has an eraser; what each one changed."""
    done = []
    for processing in registered():
        for retention in processing.retention:
            if retention.erase is None:
                continue
            before = retention.cutoff(now, current_app.config)
            count = retention.erase(now, before)
            if count:
                audit.record(
                    actor=None,
                    action="retention.applied",
                    object_type="processing",
                    object_id=processing.key,
                    after={"kind": retention.key, "count": count, "before": before.isoformat()},
                    now=now,
                )
            db.session.commit()
            done.append(Erased(processing.key, retention.key, before, count))
    return done
