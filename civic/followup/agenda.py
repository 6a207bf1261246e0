"""The council's agenda: where petitions, questions and votation results land
(docs/rules.md §7).

The follow-up handlers call :func:`schedule_agenda_item` inside the caller's
transaction; an item goes on the next planned meeting, or waits (``meeting_id``
NULL) and is attached, in creation order, when a clerk creates the next planned
meeting (``civic.meetings``, which also shows the agenda).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from civic.audit import services as audit

# One lock key for every writer that may touch the agenda and the audit log: a
# caller that already appended to the audit log holds it, so taking a second,
# separate key here could deadlock against a caller that takes them the other way.
from civic.audit.services import _AUDIT_LOCK_KEY as _WRITERS_LOCK_KEY
from civic.extensions import db
from civic.followup import news
from civic.models import Petition
from civic.models.meetings import (
    AGENDA_KINDS,
    MEETING_PLANNED,
    AgendaItem,
    Meeting,
)

TITLE_MAX = 300

QUESTION_TIME_SUBJECT = "meeting_questions"

# subject_type -> (endpoint, its id argument, anchor) of the page an item concerns;
# the URL is built when the agenda is shown. A subject type not listed here is
# shown without a link.
SUBJECT_LINKS: dict[str, tuple[str, str, str | None]] = {
    "petition": ("petitions.show", "petition_id", None),
    "votation": ("votations.show", "votation_id", None),
    QUESTION_TIME_SUBJECT: ("meetings.show", "meeting_id", "question-time"),
}


def subject_link(item: AgendaItem) -> str | None:
    """The link to what an item concerns, or None for a subject without a page."""
    if item.subject_type is None or item.subject_id is None:
        return None
    link = SUBJECT_LINKS.get(item.subject_type)
    if link is None:
        return None
    endpoint, argument, anchor = link
    # url_for takes the route's arguments as **Any, apart from its own _anchor and the like.
    values: dict[str, Any] = {argument: item.subject_id}
    return url_for(endpoint, _anchor=anchor, **values)


def serialise_agenda_writers() -> None:
    """Make concurrent agenda writers take turns.

    PostgreSQL: a transaction-scoped advisory lock; the statements after it see
    what the previous holder committed. SQLite: write transactions already begin
    with BEGIN IMMEDIATE (``civic.database``), so there is nothing more to do.
    """
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITERS_LOCK_KEY})


def next_planned_meeting(now: datetime) -> Meeting | None:
    """The earliest meeting still ``planned`` that starts after ``now``."""
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.status == MEETING_PLANNED, Meeting.starts_at > now)
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


def next_position(meeting: Meeting) -> int:
    last = db.session.scalar(
        select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
    )
    return (last or 0) + 1


def agenda_item_for(kind: str, subject_type: str, subject_id: int) -> AgendaItem | None:
    """The item about this subject, with ``item.meeting`` (None while it waits)."""
    return db.session.scalar(
        select(AgendaItem).where(
            AgendaItem.kind == kind,
            AgendaItem.subject_type == subject_type,
            AgendaItem.subject_id == subject_id,
        )
    )


def agenda_items_about(subject_type: str, subject_id: int, kinds: list[str]) -> list[AgendaItem]:
    """The items of these kinds about this subject, in the order of ``kinds`` (one query)."""
    found = db.session.scalars(
        select(AgendaItem).where(
            AgendaItem.kind.in_(kinds),
            AgendaItem.subject_type == subject_type,
            AgendaItem.subject_id == subject_id,
        )
    )
    return sorted(found, key=lambda item: kinds.index(item.kind))


def schedule_agenda_item(
    *,
    kind: str,
    title: str,
    subject_type: str,
    subject_id: int,
    now: datetime,
    description: str | None = None,
) -> AgendaItem:
    """Put a subject on the council's agenda, once; does not commit.

    The item goes last on the next planned meeting after ``now``, or waits for
    the next meeting a clerk creates. When an item with the same (kind, subject)
    exists it is returned unchanged: the unique constraint guarantees that two
    concurrent callers end up with the same single item.
    """
    if kind not in AGENDA_KINDS:
        raise ValueError(f"unknown agenda item kind: {kind!r}")
    if not title.strip() or len(title) > TITLE_MAX:
        raise ValueError(f"an agenda title has 1 to {TITLE_MAX} characters")
    serialise_agenda_writers()
    existing = agenda_item_for(kind, subject_type, subject_id)
    if existing is not None:
        return existing
    meeting = next_planned_meeting(now)
    item = AgendaItem(
        kind=kind,
        title=title,
        description=description,
        subject_type=subject_type,
        subject_id=subject_id,
        meeting_id=meeting.id if meeting else None,
        position=next_position(meeting) if meeting else 0,
        created_at=now,
        attached_at=now if meeting else None,
    )
    try:
        # A savepoint, so that losing a race leaves the caller's transaction usable.
        with db.session.begin_nested():
            db.session.add(item)
            db.session.flush()
    except IntegrityError:
        existing = agenda_item_for(kind, subject_type, subject_id)
        if existing is None:
            raise
        return existing
    audit.record(
        actor=None,
        action="agenda_item.scheduled",
        object_type="agenda_item",
        object_id=item.id,
        after=_audit_view(item),
        now=now,
    )
    return item


def removable(item: AgendaItem, now: datetime) -> bool:
    """Whether an item may still come off the agenda: it waits, or its meeting is
    planned and has not started."""
    meeting = item.meeting
    return meeting is None or (meeting.status == MEETING_PLANNED and meeting.starts_at > now)


def unschedule_agenda_item(
    *, kind: str, subject_type: str, subject_id: int, reason: str, now: datetime
) -> bool:
    """Take a subject off the agenda unless its meeting has already taken place.

    Returns True when no item about it remains (removed now, or there was none),
    False when the item stays because its meeting is held or has started.
    Does not commit.
    """
    serialise_agenda_writers()
    item = agenda_item_for(kind, subject_type, subject_id)
    if item is None:
        return True
    if not removable(item, now):
        return False
    audit.record(
        actor=None,
        action="agenda_item.unscheduled",
        object_type="agenda_item",
        object_id=item.id,
        before=_audit_view(item),
        reason=reason,
        now=now,
    )
    db.session.delete(item)
    db.session.flush()
    return True


def attach_waiting_items(meeting: Meeting, now: datetime) -> list[AgendaItem]:
    """Attach every waiting item to ``meeting``, in creation order (caller serialised)."""
    waiting = waiting_items()
    position = next_position(meeting)
    for offset, item in enumerate(waiting):
        item.meeting_id = meeting.id
        item.position = position + offset
        item.attached_at = now
    db.session.flush()
    # A petition waiting for a meeting is now on one: tell who follows it, once.
    petition_ids = {item.subject_id for item in waiting if item.subject_type == "petition"}
    for petition_id in sorted(i for i in petition_ids if i is not None):
        petition = db.session.get(Petition, petition_id)
        if petition is not None:
            news.tell_petition_followers(petition, "petition_scheduled", now=now)
    return waiting


def waiting_items() -> list[AgendaItem]:
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id.is_(None))
            .order_by(AgendaItem.created_at, AgendaItem.id)
        )
    )


def _audit_view(item: AgendaItem) -> dict[str, object]:
    return {
        "kind": item.kind,
        "title": item.title,
        "subject_type": item.subject_type,
        "subject_id": item.subject_id,
        "meeting_id": item.meeting_id,
    }
