"""Council meetings: what clerks schedule, and the agenda other areas add to (docs/rules.md §7).

What a civic act puts on the agenda is added by the follow-up layer
(``civic.followup.agenda``: ``schedule_agenda_item``, ``unschedule_agenda_item``,
``subject_link``); this area plans the meetings, attaches the items waiting for
one, and lets clerks edit the agenda.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.extensions import db
from civic.followup.agenda import (
    QUESTION_TIME_SUBJECT,
    TITLE_MAX,
    attach_waiting_items,
    next_planned_meeting,
    next_position,
    serialise_agenda_writers,
    subject_link,
    waiting_items,
)
from civic.meetings.opendata import meeting_as_open_data, meetings_as_open_data
from civic.models import User
from civic.models.meetings import (
    KIND_DELIBERATION,
    KIND_QUESTION_TIME,
    MEETING_HELD,
    MEETING_PLANNED,
    PAST_STATUSES,
    AgendaItem,
    Meeting,
)
from civic.services import Refused

__all__ = [
    "QUESTION_TIME_SUBJECT",
    "MeetingDetails",
    "add_agenda_item",
    "calendar_meetings",
    "get_agenda_item",
    "create_meeting",
    "get_meeting",
    "mark_held",
    "meeting_as_open_data",
    "meetings_as_open_data",
    "move_agenda_item",
    "next_planned_meeting",
    "past_meetings",
    "remove_agenda_item",
    "subject_link",
    "upcoming_meetings",
    "update_meeting",
    "waiting_items",
]

MEETING_TITLE_MAX = 200
PLACE_MAX = 300
DESCRIPTION_MAX = 2000


@dataclass(frozen=True)
class MeetingDetails:
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str


def get_meeting(meeting_id: int) -> Meeting | None:
    return db.session.get(Meeting, meeting_id)


def upcoming_meetings() -> list[Meeting]:
    """Meetings not yet held, soonest first (a planned meeting whose hour has passed
    stays listed until a clerk marks it held)."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.status == MEETING_PLANNED)
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def calendar_meetings(now: datetime) -> list[Meeting]:
    """What the iCalendar feed lists: the past year and everything ahead."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.starts_at >= now - timedelta(days=366))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def get_agenda_item(item_id: int) -> AgendaItem | None:
    return db.session.get(AgendaItem, item_id)


def past_meetings(page: int = 1, per_page: int = 20) -> tuple[list[Meeting], bool]:
    rows = list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.status.in_(PAST_STATUSES))
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page + 1)
        )
    )
    return rows[:per_page], len(rows) > per_page


def _check_details(details: MeetingDetails, now: datetime) -> MeetingDetails:
    title = details.title.strip()
    place = details.place.strip()
    if not title or len(title) > MEETING_TITLE_MAX:
        raise Refused(_("Donnez un intitulé (200 caractères au plus)."), "title")
    if not place or len(place) > PLACE_MAX:
        raise Refused(_("Indiquez le lieu (300 caractères au plus)."), "place")
    if details.starts_at <= now:
        raise Refused(_("Une séance se planifie dans le futur."), "day")
    if details.ends_at is not None and details.ends_at <= details.starts_at:
        raise Refused(_("La fin doit suivre le début de la séance."), "end_time")
    if details.ends_at is not None and details.ends_at - details.starts_at > timedelta(hours=24):
        raise Refused(_("Une séance dure moins de 24 heures."), "end_time")
    return MeetingDetails(title, details.starts_at, details.ends_at, place)


def _meeting_view(meeting: Meeting) -> dict[str, object]:
    return {
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else None,
        "place": meeting.place,
        "status": meeting.status,
    }


def create_meeting(details: MeetingDetails, *, actor: User, now: datetime) -> Meeting:
    """Plan a meeting with its question time, then attach every waiting agenda item."""
    details = _check_details(details, now)
    serialise_agenda_writers()
    meeting = Meeting(
        title=details.title,
        starts_at=details.starts_at,
        ends_at=details.ends_at,
        place=details.place,
        status=MEETING_PLANNED,
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
    )
    db.session.add(meeting)
    db.session.flush()
    db.session.add(
        AgendaItem(
            meeting_id=meeting.id,
            position=1,
            kind=KIND_QUESTION_TIME,
            # Stored in French like every agenda title; shown translated (kind-based).
            title="Questions des habitantes et des habitants",
            subject_type=QUESTION_TIME_SUBJECT,
            subject_id=meeting.id,
            created_at=now,
            attached_at=now,
        )
    )
    db.session.flush()
    # Waiting items belong to the next planned meeting: this one, unless an
    # earlier one is still planned (then nothing waits, by construction).
    if next_planned_meeting(now) is meeting:
        attached = attach_waiting_items(meeting, now)
    else:
        attached = []
    audit.record(
        actor=actor,
        action="meeting.created",
        object_type="meeting",
        object_id=meeting.id,
        after={**_meeting_view(meeting), "attached_items": [i.id for i in attached]},
        now=now,
    )
    db.session.commit()
    return meeting


def _planned_meeting(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise Refused(_("Cette séance n'existe pas."))
    if meeting.status != MEETING_PLANNED:
        raise Refused(_("Cette séance a eu lieu : son ordre du jour ne change plus."))
    return meeting


def update_meeting(
    meeting_id: int, details: MeetingDetails, *, actor: User, now: datetime
) -> Meeting:
    meeting = _planned_meeting(meeting_id)
    details = _check_details(details, now)
    before = _meeting_view(meeting)
    meeting.title = details.title
    meeting.starts_at = details.starts_at
    meeting.ends_at = details.ends_at
    meeting.place = details.place
    meeting.updated_at = now
    audit.record(
        actor=actor,
        action="meeting.updated",
        object_type="meeting",
        object_id=meeting.id,
        before=before,
        after=_meeting_view(meeting),
        now=now,
    )
    db.session.commit()
    return meeting


def mark_held(meeting_id: int, *, actor: User, now: datetime) -> Meeting:
    meeting = _planned_meeting(meeting_id)
    if meeting.starts_at > now:
        raise Refused(_("La séance n'a pas encore commencé."))
    meeting.status = MEETING_HELD
    meeting.held_at = now
    meeting.updated_at = now
    audit.record(
        actor=actor,
        action="meeting.held",
        object_type="meeting",
        object_id=meeting.id,
        before={"status": MEETING_PLANNED},
        after={"status": MEETING_HELD},
        now=now,
    )
    db.session.commit()
    return meeting


def add_agenda_item(
    meeting_id: int, *, title: str, description: str | None, actor: User, now: datetime
) -> AgendaItem:
    """A clerk's own agenda line (a deliberation), last on the agenda."""
    meeting = _planned_meeting(meeting_id)
    title = title.strip()
    description = (description or "").strip() or None
    if not title or len(title) > TITLE_MAX:
        raise Refused(_("Donnez un intitulé (300 caractères au plus)."), "title")
    if description and len(description) > DESCRIPTION_MAX:
        raise Refused(_("Description trop longue (2 000 caractères au plus)."), "description")
    serialise_agenda_writers()
    item = AgendaItem(
        meeting_id=meeting.id,
        position=next_position(meeting),
        kind=KIND_DELIBERATION,
        title=title,
        description=description,
        created_at=now,
        attached_at=now,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(
        actor=actor,
        action="agenda_item.added",
        object_type="agenda_item",
        object_id=item.id,
        after={"meeting_id": meeting.id, "title": title},
        now=now,
    )
    db.session.commit()
    return item


def _item_on_planned_meeting(item_id: int) -> tuple[AgendaItem, Meeting]:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id is None:
        raise Refused(_("Ce point de l'ordre du jour n'existe pas."))
    return item, _planned_meeting(item.meeting_id)


def move_agenda_item(item_id: int, *, up: bool, actor: User, now: datetime) -> AgendaItem:
    """Swap an item with its neighbour; positions are renumbered 1..n on the way."""
    item, meeting = _item_on_planned_meeting(item_id)
    serialise_agenda_writers()
    items = list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )
    index = items.index(item)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        raise Refused(_("Ce point est déjà en tête ou en fin d'ordre du jour."))
    items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        each.position = position
    audit.record(
        actor=actor,
        action="agenda_item.moved",
        object_type="agenda_item",
        object_id=item.id,
        before={"rank": index + 1},
        after={"rank": other + 1},
        now=now,
    )
    db.session.commit()
    return item


def remove_agenda_item(item_id: int, *, actor: User, now: datetime) -> None:
    """Clerks remove their own lines; items other areas scheduled are theirs to withdraw."""
    item, meeting = _item_on_planned_meeting(item_id)
    if item.kind != KIND_DELIBERATION:
        raise Refused(_("Ce point a été inscrit automatiquement : il ne peut pas être retiré ici."))
    audit.record(
        actor=actor,
        action="agenda_item.removed",
        object_type="agenda_item",
        object_id=item.id,
        before={"meeting_id": meeting.id, "title": item.title},
        now=now,
    )
    db.session.delete(item)
    db.session.commit()
