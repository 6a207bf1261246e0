"""Votations that cannot be rushed: minimum notice and minimum voting period.

A votation is announced some time before it opens (the notice, counted from the
moment it is scheduled, i.e. from the second staff member's approval) and stays
open long enough for everyone to take part (the voting period). Each preset has
its own minimums, configured in one place (``VOTATION_CALENDAR`` in
``civic/config.py``):

- local referendum, CGCT LO 1112-3: the polling day "ne peut intervenir moins de
  deux mois après la transmission de la délibération au représentant de l'État";
- consultation, CGCT L1112-17: the deliberation "est transmise deux mois au moins
  avant la date du scrutin au représentant de l'État";
- both are a polling day under the Electoral Code, open from 8 a.m. to 6 p.m.
  (Code électoral R41): ten hours at least;
- charter votations (docs/rules.md §4): the law says nothing; the defaults are
  two weeks' notice and a week of voting.

Times are timezone-aware; months are calendar months (31 March + 2 months is
31 May; 31 December + 2 months is the last day of February).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = [
    "CalendarProblem",
    "CalendarRule",
    "add_months",
    "check_period",
    "check_schedule",
    "rule_from_settings",
]


@dataclass(frozen=True)
class CalendarRule:
    """The minimums of one preset: notice (months + days) and voting period (hours)."""

    notice_months: int = 0
    notice_days: int = 0
    min_voting_hours: int = 0
    source: str = ""  # where the figures come from: an article, or "" for a local choice

    def __post_init__(self) -> None:
        if min(self.notice_months, self.notice_days, self.min_voting_hours) < 0:
            raise ValueError("a calendar minimum cannot be negative")

    def earliest_opening(self, scheduled_at: datetime) -> datetime:
        """The first moment a votation scheduled at ``scheduled_at`` may open."""
        return add_months(scheduled_at, self.notice_months) + timedelta(days=self.notice_days)

    @property
    def min_period(self) -> timedelta:
        return timedelta(hours=self.min_voting_hours)


@dataclass(frozen=True)
class CalendarProblem:
    """Why a period is refused: ``code`` and the minimum the rule asks for.

    ``code`` is one of "no_period", "closes_before_opens", "period_too_short"
    (``min_period`` says the minimum) and "notice_too_short" (``earliest_opening``
    says the first allowed opening)."""

    code: str
    min_period: timedelta | None = None
    earliest_opening: datetime | None = None


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months later (clamped to the month's end)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def check_period(
    opens_at: datetime | None, closes_at: datetime | None, rule: CalendarRule
) -> CalendarProblem | None:
    """A voting period that exists, runs forward and lasts the rule's minimum, or why not."""
    if opens_at is None or closes_at is None:
        return CalendarProblem("no_period")
    if closes_at <= opens_at:
        return CalendarProblem("closes_before_opens")
    if closes_at - opens_at < rule.min_period:
        return CalendarProblem("period_too_short", min_period=rule.min_period)
    return None


def check_schedule(
    opens_at: datetime | None,
    closes_at: datetime | None,
    rule: CalendarRule,
    *,
    now: datetime,
) -> CalendarProblem | None:
    """Scheduling at ``now``: the period must be valid and open after the notice."""
    problem = check_period(opens_at, closes_at, rule)
    if problem is not None:
        return problem
    earliest = rule.earliest_opening(now)
    if opens_at is not None and opens_at < earliest:
        return CalendarProblem("notice_too_short", earliest_opening=earliest)
    return None


def rule_from_settings(settings: Mapping[str, object]) -> CalendarRule:
    """A rule from a configuration mapping (unknown keys are an error, not ignored)."""
    known = {"notice_months", "notice_days", "min_voting_hours", "source"}
    unknown = set(settings) - known
    if unknown:
        raise ValueError(f"unknown calendar settings: {sorted(unknown)}")
    numbers = {}
    for key in ("notice_months", "notice_days", "min_voting_hours"):
        value = settings.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{key} must be a whole number, not {value!r}")
        numbers[key] = value
    return CalendarRule(**numbers, source=str(settings.get("source", "")))
