"""The commune's calendar day, as the app reads the dates staff type
(``civic.electorate.local_day``, Europe/Paris by default): from 23:00 UTC in winter,
22:00 in summer, it is already the next day there, and a date taken from UTC's day
would read as yesterday."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from civic.config import DEFAULTS


def commune_day(moment: datetime | None = None) -> date:
    zone = ZoneInfo(DEFAULTS["BABEL_DEFAULT_TIMEZONE"])
    return (moment or datetime.now(UTC)).astimezone(zone).date()
