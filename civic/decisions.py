"""One decision per object, whoever clicks at the same moment.

Every staff decision on one object (admitting a petition, verifying a residence,
deciding a council application, moderating a question or a signature, reviewing a
budget proposal) reads its object with :func:`locked` and then checks the state it
expects: the second of two staff members acting at once reads the first one's
decision and is told so by :func:`already_decided`; nothing else is written, so the
audit log and the public history hold one entry for the one decision.

Residents racing to create the same row (one question per meeting, one application
per council) meet the unique constraint: :func:`unique_or_refused` turns the loser's
constraint error into the usual refusal.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from civic.extensions import db
from civic.models import AuditEntry, User
from civic.services import Refused

T = TypeVar("T")


def locked(model: type[T], object_id: int) -> T | None:
    """The row as it stands now, locked until this transaction ends.

    PostgreSQL (READ COMMITTED): ``SELECT … FOR UPDATE OF`` the row: a second
    decider waits here for the first one's commit, then reads the decided state.
    SQLite: write transactions are serialised (``BEGIN IMMEDIATE``), so the
    transaction is the lock. Either way the row is read again even when the
    request loaded it before (``populate_existing``).
    """
    return db.session.get(model, object_id, with_for_update={"of": model}, populate_existing=True)


def already_decided(decision: Any, *, by_id: int | None, at: datetime | None = None) -> Refused:
    """The refusal the second person sees: ``decision`` (e.g. "Cette pétition a déjà
    été admise"), by whom and when when known, and that nothing changed."""
    decider = db.session.get(User, by_id) if by_id is not None else None
    name = decider.display_name if decider is not None else ""
    if name and at is not None:
        return Refused(
            _(
                "%(decision)s par %(name)s le %(moment)s : rien n'a changé.",
                decision=decision,
                name=name,
                moment=format_datetime(at, "d MMMM y, HH:mm"),  # the site's one format
            )
        )
    if name:
        return Refused(
            _("%(decision)s par %(name)s : rien n'a changé.", decision=decision, name=name)
        )
    return Refused(_("%(decision)s : rien n'a changé.", decision=decision))


def last_actor(action: str, object_type: str, object_id: object) -> int | None:
    """Who took the last ``action`` on the object, read from the audit log: for the
    objects that keep the moment of a decision but not the person."""
    return db.session.scalar(
        select(AuditEntry.actor_id)
        .where(
            AuditEntry.action == action,
            AuditEntry.object_type == object_type,
            AuditEntry.object_id == str(object_id),
        )
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    )


@contextmanager
def unique_or_refused(message: Any, field: str | None = None) -> Iterator[None]:
    """Add the new row(s) inside the block: they are written at once in a savepoint;
    if a unique constraint says someone else's identical row got in first (two
    submissions racing), the savepoint is undone and ``Refused(message)`` raised."""
    try:
        with db.session.begin_nested():
            yield
            db.session.flush()
    except IntegrityError as error:
        raise Refused(message, field) from error


def serialised_on(key: str) -> None:
    """Until this transaction ends, nobody else serialised on the same ``key`` gets
    past this call: for a check-then-insert that no unique constraint can guard (one
    account per person, docs/rules.md §3, where older duplicates are kept for clerks).

    PostgreSQL: a transaction-scoped advisory lock on the key's 64-bit hash (two keys
    sharing a hash only wait for each other). SQLite: write transactions are already
    serialised (``BEGIN IMMEDIATE``), so nothing to do.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key}
        )
