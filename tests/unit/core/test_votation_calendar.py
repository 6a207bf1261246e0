"""Votations that cannot be rushed: notice before opening, a minimum voting period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from civic.core.votation_calendar import (
    CalendarRule,
    add_months,
    check_period,
    check_schedule,
    rule_from_settings,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
REFERENDUM = CalendarRule(notice_months=2, min_voting_hours=10, source="CGCT LO 1112-3")
CHARTER = CalendarRule(notice_days=14, min_voting_hours=7 * 24)


def test_a_three_minute_referendum_is_too_short() -> None:
    opens = NOW + timedelta(days=90)
    problem = check_period(opens, opens + timedelta(minutes=3), REFERENDUM)
    assert problem is not None and problem.code == "period_too_short"
    assert problem.min_period == timedelta(hours=10)


def test_a_polling_day_of_ten_hours_is_long_enough_for_a_referendum() -> None:
    opens = datetime(2026, 6, 7, 6, 0, tzinfo=UTC)
    assert check_period(opens, opens + timedelta(hours=10), REFERENDUM) is None


def test_a_referendum_opens_two_calendar_months_after_scheduling_at_the_earliest() -> None:
    earliest = datetime(2026, 5, 2, 9, 0, tzinfo=UTC)
    too_soon = check_schedule(
        earliest - timedelta(minutes=1), earliest + timedelta(hours=10), REFERENDUM, now=NOW
    )
    assert too_soon is not None and too_soon.code == "notice_too_short"
    assert too_soon.earliest_opening == earliest
    assert check_schedule(earliest, earliest + timedelta(hours=10), REFERENDUM, now=NOW) is None


def test_a_charter_votation_needs_two_weeks_notice_and_a_week_of_voting() -> None:
    opens = NOW + timedelta(days=14)
    assert check_schedule(opens, opens + timedelta(days=7), CHARTER, now=NOW) is None
    early = check_schedule(opens - timedelta(hours=1), opens + timedelta(days=7), CHARTER, now=NOW)
    assert early is not None and early.code == "notice_too_short"
    short = check_schedule(opens, opens + timedelta(days=6), CHARTER, now=NOW)
    assert short is not None and short.code == "period_too_short"


def test_a_period_that_is_missing_or_runs_backwards_is_refused_first() -> None:
    assert check_schedule(None, NOW, CHARTER, now=NOW).code == "no_period"  # type: ignore[union-attr]
    backwards = check_period(NOW + timedelta(days=30), NOW + timedelta(days=20), CHARTER)
    assert backwards is not None and backwards.code == "closes_before_opens"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2026, 3, 31, 8, tzinfo=UTC), 2, datetime(2026, 5, 31, 8, tzinfo=UTC)),
        (datetime(2026, 12, 31, 8, tzinfo=UTC), 2, datetime(2027, 2, 28, 8, tzinfo=UTC)),
        (datetime(2027, 12, 31, 8, tzinfo=UTC), 2, datetime(2028, 2, 29, 8, tzinfo=UTC)),
        (datetime(2026, 11, 15, 8, tzinfo=UTC), 2, datetime(2027, 1, 15, 8, tzinfo=UTC)),
        (datetime(2026, 1, 10, 8, tzinfo=UTC), 0, datetime(2026, 1, 10, 8, tzinfo=UTC)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_end_of_the_month(
    start: datetime, months: int, expected: datetime
) -> None:
    assert add_months(start, months) == expected


def test_a_rule_is_read_from_the_configuration_and_rejects_what_it_does_not_know() -> None:
    rule = rule_from_settings({"notice_days": 14, "min_voting_hours": 168})
    assert rule == CalendarRule(notice_days=14, min_voting_hours=168)
    with pytest.raises(ValueError, match="unknown"):
        rule_from_settings({"notice_weeks": 2})
    with pytest.raises(ValueError, match="whole number"):
        rule_from_settings({"notice_days": "14"})
    with pytest.raises(ValueError, match="negative"):
        rule_from_settings({"notice_days": -1})


def test_the_shipped_configuration_follows_the_law_for_the_legal_presets() -> None:
    from civic.config import DEFAULTS

    calendar = DEFAULTS["VOTATION_CALENDAR"]
    for preset in ("cgct_referendum", "cgct_consultation"):
        rule = rule_from_settings(calendar[preset])
        # Their two months run from the deliberation's transmission to the prefect, not
        # from the scheduling: civic.core.legal_track checks them (test_legal_track.py).
        assert rule.notice_months == 0 and rule.min_voting_hours >= 10
        assert "R41" in rule.source
    charter = rule_from_settings(calendar["charter"])
    assert charter.notice_days == 14 and charter.min_voting_hours == 7 * 24
