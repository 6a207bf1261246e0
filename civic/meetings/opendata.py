"""Meetings as open data: agenda, question time and answers, never personal data (design §8)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from civic.extensions import db
from civic.meetings.agenda import subject_link
from civic.models.meetings import AgendaItem, Meeting


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _meeting_summary(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "title": meeting.title,
        "starts_at": _iso(meeting.starts_at),
        "ends_at": _iso(meeting.ends_at),
        "place": meeting.place,
        "status": meeting.status,
        "minutes_published_at": _iso(meeting.minutes_published_at),
    }


def _agenda_item(item: AgendaItem) -> dict[str, Any]:
    return {
        "position": item.position,
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "subject_type": item.subject_type,
        "subject_id": item.subject_id,
        "subject_url": subject_link(item),
    }


def meetings_as_open_data() -> list[dict[str, Any]]:
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at, Meeting.id))
    return [_meeting_summary(m) for m in meetings]


def meeting_as_open_data(meeting_id: int) -> dict[str, Any] | None:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    return {
        **_meeting_summary(meeting),
        "agenda": [_agenda_item(item) for item in meeting.items],
    }
