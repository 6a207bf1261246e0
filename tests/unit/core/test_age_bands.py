"""Age bands come from the birth date (docs/rules.md §5)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from civic.core.age_bands import AGE_BANDS, age_band_on, lower_bound
from civic.core.electorate import age_on


def test_the_band_changes_on_the_birthday() -> None:
    born = date(1996, 4, 10)
    assert age_band_on(born, date(2026, 4, 9)) == "16-29"
    assert age_band_on(born, date(2026, 4, 10)) == "30-44"


def test_under_sixteen_or_without_a_birth_date_there_is_no_band() -> None:
    assert age_band_on(date(2011, 1, 1), date(2026, 12, 31)) is None
    assert age_band_on(None, date(2026, 1, 1)) is None
    assert age_band_on(date(1926, 1, 1), date(2026, 1, 1)) == "75+"


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2010, 12, 31)),
    after=st.integers(min_value=0, max_value=365 * 40),
)
def test_the_band_is_the_one_whose_bounds_hold_the_age(born: date, after: int) -> None:
    day = date(2027, 1, 1) + timedelta(days=after)
    band = age_band_on(born, day)
    age = age_on(born, day)
    assert band in AGE_BANDS
    assert band is not None and lower_bound(band) <= age
    following = AGE_BANDS.index(band) + 1
    assert following == len(AGE_BANDS) or age < lower_bound(AGE_BANDS[following])
