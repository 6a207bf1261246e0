"""The electorate rule: one description, one decision (docs/rules.md §1, §4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.core.electorate import (
    ELECTOR_MINIMUM_AGE,
    RESIDENT_MINIMUM_AGE,
    Electorate,
    Person,
    Refusal,
    age_on,
    born_on_or_before,
    refusal,
)

RESIDENTS = Electorate()
ELECTORS = Electorate(minimum_age=ELECTOR_MINIMUM_AGE, electors_only=True)

days = st.dates(date(1990, 1, 1), date(2100, 12, 31))
births = st.dates(date(1900, 1, 1), date(2100, 12, 31))


def resident(born: date | None, **facts: object) -> Person:
    return Person(birth_date=born, residence_verified=True, **facts)  # type: ignore[arg-type]


def test_a_resident_is_sixteen_on_the_local_day_of_the_birthday() -> None:
    assert refusal(RESIDENTS, resident(date(2010, 3, 7)), date(2026, 3, 7)) is None
    assert refusal(RESIDENTS, resident(date(2010, 3, 7)), date(2026, 3, 6)) is Refusal.TOO_YOUNG


def test_someone_born_on_29_february_is_a_year_older_on_1_march_of_a_common_year() -> None:
    born = date(2008, 2, 29)
    assert refusal(ELECTORS, Person(born, elector=True), date(2026, 2, 28)) is Refusal.TOO_YOUNG
    assert refusal(ELECTORS, Person(born, elector=True), date(2026, 3, 1)) is None


def test_an_unknown_birth_date_is_refused_as_too_young() -> None:
    assert refusal(RESIDENTS, resident(None), date(2026, 1, 1)) is Refusal.TOO_YOUNG


@pytest.mark.parametrize(
    ("electorate", "person", "reason"),
    [
        (RESIDENTS, Person(date(1980, 1, 1)), Refusal.RESIDENCE_NOT_VERIFIED),
        (RESIDENTS, resident(date(1980, 1, 1), deleted=True), Refusal.ACCOUNT_DELETED),
        (ELECTORS, resident(date(1980, 1, 1)), Refusal.NOT_ELECTOR),
        (
            Electorate(electors_only=True, eu_complementary_list=False),
            Person(date(1980, 1, 1), elector=True, eu_citizen=True),
            Refusal.NOT_ON_MUNICIPAL_LIST,
        ),
        (
            Electorate(neighbourhoods=frozenset({1, 2})),
            resident(date(1980, 1, 1), neighbourhood_id=3),
            Refusal.OUTSIDE_NEIGHBOURHOODS,
        ),
        (ELECTORS, Person(date(1980, 1, 1), elector=True, eu_citizen=True), None),
        (Electorate(residence_verified=False), Person(date(1980, 1, 1)), None),
    ],
)
def test_each_condition_gives_its_own_reason(
    electorate: Electorate, person: Person, reason: Refusal | None
) -> None:
    assert refusal(electorate, person, date(2026, 6, 1)) is reason


@given(born=births, day=days, years=st.integers(0, 120))
def test_the_cutoff_birth_date_agrees_with_the_age(born: date, day: date, years: int) -> None:
    assert (age_on(born, day) >= years) == (born <= born_on_or_before(day, years))


@given(born=births, day=days)
def test_one_day_later_is_never_younger(born: date, day: date) -> None:
    assert age_on(born, day + timedelta(days=1)) >= age_on(born, day)


@given(
    born=st.one_of(st.none(), births),
    day=days,
    verified=st.booleans(),
    elector=st.booleans(),
    hood=st.one_of(st.none(), st.integers(1, 4)),
    minimum=st.sampled_from([0, RESIDENT_MINIMUM_AGE, ELECTOR_MINIMUM_AGE]),
    hoods=st.frozensets(st.integers(1, 4), max_size=2),
)
def test_a_refusal_names_a_condition_the_person_fails(
    born: date | None,
    day: date,
    verified: bool,
    elector: bool,
    hood: int | None,
    minimum: int,
    hoods: frozenset[int],
) -> None:
    electorate = Electorate(minimum_age=minimum, neighbourhoods=hoods)
    person = Person(born, residence_verified=verified, elector=elector, neighbourhood_id=hood)
    reason = refusal(electorate, person, day)
    old_enough = minimum == 0 or (born is not None and age_on(born, day) >= minimum)
    inside = not hoods or hood in hoods
    assert (reason is None) == ((verified or elector) and old_enough and inside)


def test_a_negative_minimum_age_is_not_an_electorate() -> None:
    with pytest.raises(ValueError):
        Electorate(minimum_age=-1)
