"""Failed log-ins slow the next try down, more after each failure, never past a ceiling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from civic.core.login_throttle import ThrottleRule, seconds_to_wait

RULE = ThrottleRule(
    free_failures=5,
    first_wait=timedelta(seconds=30),
    longest_wait=timedelta(minutes=15),
    forget_after=timedelta(hours=24),
)
NOW = datetime(2026, 12, 6, 16, 0, tzinfo=UTC)


def test_a_few_mistakes_cost_nothing_then_the_wait_doubles_up_to_the_ceiling() -> None:
    waits = [RULE.wait_after(n).total_seconds() for n in range(12)]
    assert waits == [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_more_failures_never_shorten_the_wait_nor_pass_the_ceiling(a: int, b: int) -> None:
    fewer, more = sorted((a, b))
    assert RULE.wait_after(fewer) <= RULE.wait_after(more) <= RULE.longest_wait


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**7))
def test_a_quiet_day_forgets_the_count(previous: int, quiet_seconds: int) -> None:
    last = NOW - timedelta(seconds=quiet_seconds)
    counted = RULE.failures_counted(previous, last, NOW)
    assert counted == (1 if quiet_seconds >= 24 * 3600 else previous + 1)


def test_the_wait_is_told_in_whole_seconds_rounded_up() -> None:
    assert seconds_to_wait(None, NOW) == 0
    assert seconds_to_wait(NOW - timedelta(seconds=1), NOW) == 0
    assert seconds_to_wait(NOW + timedelta(seconds=29, microseconds=1), NOW) == 30
    assert seconds_to_wait(NOW + timedelta(days=1), NOW) == 86400
