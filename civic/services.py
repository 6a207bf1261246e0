"""What every service shares: the refusal a view turns into a clear message."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_babel import format_number
from flask_babel import gettext as _


class Refused(Exception):
    """A rule said no. ``message`` is already translated (or lazily translatable);
    ``field`` names the form field to attach it to, if any. Nothing was written."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def now_utc() -> datetime:
    """The clock, read once by the view and passed down (services take ``now``)."""
    return datetime.now(UTC)


def within_limit(text: str, limit: int, field: str) -> str:
    """``text`` stripped, or a refusal when it is longer than ``limit`` characters: what a
    person wrote is never cut silently, they are told and keep their text."""
    text = text.strip()
    if len(text) > limit:
        raise Refused(
            _(
                "Ce texte compte %(length)s caractères, pour %(limit)s au plus : raccourcissez-le.",
                length=format_number(len(text)),
                limit=format_number(limit),
            ),
            field,
        )
    return text
