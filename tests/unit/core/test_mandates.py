"""A municipal mandate ends at the council's general renewal, every six years in March."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from civic.core.mandates import last_renewal_before

MARCH_2032 = date(2032, 3, 1)


def test_the_last_renewal_before_a_day_is_found_from_the_next_one() -> None:
    assert last_renewal_before(date(2027, 3, 9), MARCH_2032) == date(2026, 3, 1)
    assert last_renewal_before(date(2026, 3, 1), MARCH_2032) == date(2020, 3, 1)
    assert last_renewal_before(date(2026, 3, 2), MARCH_2032) == date(2026, 3, 1)
    # A renewal the commune forgot to update still counts six years at a time.
    assert last_renewal_before(date(2040, 1, 1), date(2026, 3, 1)) == date(2038, 3, 1)


@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    renewal=st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31)),
)
def test_it_is_a_renewal_of_the_cycle_in_the_six_years_before_the_day(
    day: date, renewal: date
) -> None:
    found = last_renewal_before(day, renewal)
    assert found < day <= found.replace(year=found.year + 6)
    assert found.day == 1 and found.month == renewal.month
    assert (found.year - renewal.year) % 6 == 0
