"""The meetings as an iCalendar feed (RFC 5545), written by hand: it is a few lines.

Content lines end with CRLF and are folded at 75 octets (never inside a UTF-8
sequence); TEXT values escape backslash, semicolon, comma and newlines; times
are UTC (``…Z``), so no VTIMEZONE is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from civic.models.meetings import Meeting

DEFAULT_LENGTH = timedelta(hours=3)


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT escaping."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """RFC 5545 §3.1: lines longer than 75 octets continue on lines starting with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines begin with one space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(
    meetings: Iterable[Meeting],
    *,
    now: datetime,
    name: str,
    host: str,
    meeting_url: Callable[[Meeting], str],
    description: Callable[[Meeting], str],
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Civic//Conseil municipal//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        ends_at = meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.id}@{host}",
            f"DTSTAMP:{_stamp(now)}",
            f"LAST-MODIFIED:{_stamp(meeting.updated_at)}",
            f"DTSTART:{_stamp(meeting.starts_at)}",
            f"DTEND:{_stamp(ends_at)}",
            f"SUMMARY:{escape_text(meeting.title)}",
            f"LOCATION:{escape_text(meeting.place)}",
            f"DESCRIPTION:{escape_text(description(meeting))}",
            f"URL:{meeting_url(meeting)}",
            "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
