"""What every service shares: the refusal a view turns into a clear message."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


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
