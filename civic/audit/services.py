"""Append to the audit log inside the caller's transaction (the caller commits once)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text

from civic.core.audit_chain import GENESIS_HASH, ChainCheck, entry_hash, verify_chain
from civic.extensions import db
from civic.models import AuditEntry, User

# Any constant key: PostgreSQL advisory locks serialise appenders so the chain
# never forks; on SQLite the write transaction (BEGIN IMMEDIATE) already does.
_AUDIT_LOCK_KEY = 7_404_001


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def record(
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: Any = None,
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
    now: datetime,
) -> AuditEntry:
    """Add one audit entry to the current transaction; does not commit."""
    now = now.astimezone(UTC)
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _AUDIT_LOCK_KEY})
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    fields = {
        "seq": seq,
        "created_at": now.isoformat(),
        "actor_id": actor.id if actor else None,
        "actor_label": _actor_label(actor),
        "action": action,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "before": _as_text(before),
        "after": _as_text(after),
        "reason": reason,
    }
    entry = AuditEntry(
        seq=seq,
        created_at=now,
        actor_id=fields["actor_id"],
        actor_label=fields["actor_label"],
        action=action,
        object_type=object_type,
        object_id=fields["object_id"],
        before=fields["before"],
        after=fields["after"],
        reason=reason,
        prev_hash=prev_hash,
        entry_hash=entry_hash(prev_hash, fields),
    )
    session.add(entry)
    session.flush()
    return entry


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "system"
    roles = ",".join(sorted(actor.role_names)) or "resident"
    return f"user #{actor.id} ({roles})"


def verify() -> ChainCheck:
    """Check the stored rows as they are now (plain rows, not cached ORM objects, in a
    fresh transaction so an older snapshot cannot hide a change)."""
    db.session.rollback()
    table = AuditEntry.__table__
    rows = db.session.execute(select(table).order_by(table.c.seq)).mappings()
    return verify_chain(
        {**row, "created_at": row["created_at"].isoformat()} for row in rows.yield_per(1000)
    )
