"""Participatory bodies and the lobby register as open data (``/api/v1``, JSON and CSV)."""

from __future__ import annotations

from datetime import date
from typing import Any

from civic.bodies import lobby, requests, services, sessions
from civic.csv_export import csv_text
from civic.electorate import local_day
from civic.models import Body, Gift, LobbyMeeting
from civic.models.bodies import SEAT_CATEGORIES
from civic.services import now_utc


def body_as_open_data(body: Body, today: date) -> dict[str, Any]:
    return {
        "id": body.id,
        "kind": body.kind,
        "name": body.name,
        "purpose": body.purpose,
        "seats": {c: body.seats_of(c) for c in SEAT_CATEGORIES},
        "term": {"start": body.term_start.isoformat(), "end": body.term_end.isoformat()},
        "members": [
            {"name": m.name, "category": m.category, "representing": m.representing}
            for m in services.members(body.id)
            if m.until is None
        ],
        "sessions": [
            {
                "id": s.id,
                "title": s.title,
                "starts_at": s.starts_at.isoformat(),
                "minutes_published": s.minutes_published_at is not None,
            }
            for s in sessions.sessions_of(body.id)
        ],
        "opinions": [
            {
                "id": o.id,
                "session_id": o.session_id,
                "title": o.title,
                "votes": {"for": o.votes_for, "against": o.votes_against, "abstain": o.abstentions},
                "adopted": o.adopted,
                "published_at": o.published_at.isoformat() if o.published_at else None,
            }
            for o in sessions.opinions_of(body_id=body.id, public=True)
        ],
        "annual_report": {"year": body.report_year} if body.report else None,
        "document_requests": [
            {
                "id": v.request.id,
                "document": v.request.document,
                "received_on": v.request.received_on.isoformat(),
                "due_on": v.deadline.isoformat(),
                "answered_on": v.request.answered_on.isoformat() if v.request.answered_on else None,
                "outcome": v.request.outcome,
                "overdue": v.overdue,
            }
            for v in requests.requests(today, body.id)
        ],
    }


def bodies_as_open_data() -> list[dict[str, Any]]:
    today = local_day(now_utc())
    return [body_as_open_data(b, today) for b in services.bodies()]


def bodies_csv() -> str:
    header = ["id", "kind", "name", "term_start", "term_end"]
    rows: list[list[object]] = [
        [*header, *(f"{c}_seats" for c in SEAT_CATEGORIES), "published_opinions"]
    ]
    for body in services.bodies():
        rows.append(
            [
                body.id,
                body.kind,
                body.name,
                body.term_start.isoformat(),
                body.term_end.isoformat(),
                *(body.seats_of(c) for c in SEAT_CATEGORIES),
                len(sessions.opinions_of(body_id=body.id, public=True)),
            ]
        )
    return csv_text(rows)


PUBLICATION_COLUMNS = ["published_on", "due_on", "published_late"]


def _publication(record: LobbyMeeting | Gift) -> dict[str, Any]:
    """When a register entry was published, when it was due, and whether it was late."""
    return {
        "published_on": local_day(record.recorded_at).isoformat(),
        "due_on": lobby.due_on(record).isoformat(),
        "published_late": lobby.published_late(record),
    }


def _register_csv(columns: list[str], records: list[dict[str, Any]]) -> str:
    """A register's entries as CSV: a list is one cell with `` | `` between its items, a
    yes-or-no field ``yes`` or ``no``."""
    rows: list[list[object]] = [list(columns)]
    for data in records:
        cells: list[object] = []
        for value in (data[c] for c in columns):
            if isinstance(value, list):
                value = " | ".join(value)
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            cells.append(value)
        rows.append(cells)
    return csv_text(rows)


def lobby_meeting_as_open_data(meeting: LobbyMeeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "met_on": meeting.met_on.isoformat(),
        "representative": meeting.representative,
        "official": meeting.official,
        "subject": meeting.subject,
        "documents": [d.strip() for d in (meeting.documents or "").splitlines() if d.strip()],
        **_publication(meeting),
    }


def lobby_meetings_as_open_data() -> list[dict[str, Any]]:
    return [lobby_meeting_as_open_data(m) for m in lobby.meetings()]


def lobby_meetings_csv() -> str:
    columns = ["id", "met_on", "representative", "official", "subject", "documents"]
    return _register_csv(columns + PUBLICATION_COLUMNS, lobby_meetings_as_open_data())


def gift_as_open_data(gift: Gift) -> dict[str, Any]:
    """A gift or invitation of the register: to whom, from whom, what, its value in whole
    euros and whether it was ``declined`` or ``accepted``; never who recorded it."""
    return {
        "id": gift.id,
        "offered_on": gift.offered_on.isoformat(),
        "official": gift.official,
        "giver": gift.giver,
        "description": gift.description,
        "value": gift.value,
        "outcome": gift.outcome,
        **_publication(gift),
    }


def gifts_as_open_data() -> list[dict[str, Any]]:
    return [gift_as_open_data(g) for g in lobby.gifts()]


def gifts_csv() -> str:
    columns = ["id", "offered_on", "official", "giver", "description", "value", "outcome"]
    return _register_csv(columns + PUBLICATION_COLUMNS, gifts_as_open_data())
