"""Public lists: any page number typed in an address lands on a page that exists; a
search box's odd characters are dropped; the threshold a petition is closest to."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from civic.core.listing import (
    closeness,
    closest_threshold,
    page_number,
    page_of,
    search_words,
)
from civic.core.thresholds import Base, CountedSigners, ThresholdStatus


def status(name: str, counted: int, required: int) -> ThresholdStatus:
    return ThresholdStatus(
        name=name,
        consequence=name,
        percent=Fraction(5),
        base=Base.POPULATION,
        base_value=required * 20,
        base_source="INSEE",
        base_date=date(2026, 1, 1),
        counts=CountedSigners.RESIDENTS,
        collected=counted,
        counted=counted,
        required=required,
        reached=counted >= required,
        remaining=max(0, required - counted),
        progress=min(Fraction(1), Fraction(counted, required)),
        reached_at=None,
    )


def test_a_page_number_that_is_not_a_small_positive_number_is_the_first_page() -> None:
    for typed in (None, "", "0", "-1", "abc", "1e3", "١٢", str(10**30), "²"):
        assert page_number(typed) == 1
    assert page_number("3") == 3


@given(st.integers(min_value=0, max_value=10_000), st.integers(), st.integers(1, 100))
def test_the_page_shown_always_exists_and_holds_at_most_a_page_of_items(
    total: int, asked: int, per_page: int
) -> None:
    page = page_of(total, asked, per_page)

    assert 1 <= page.number <= page.count
    items = page.of(list(range(total)))
    assert len(items) <= per_page
    assert total == 0 or items, "a page that exists is never empty"


@given(st.text(max_size=2000))
def test_search_words_hold_no_control_or_invisible_character(typed: str) -> None:
    words = search_words(typed)

    assert len(words) <= 8 and sum(map(len, words)) <= 100
    assert not any(c in word for word in words for c in "\x00\u200b\u202e\ufeff")


def test_search_words_read_compatibility_forms_as_plain_letters() -> None:
    assert search_words("  ｖélo\x00 \u200bparc\u202e ") == ["vélo", "parc"]


def test_the_closest_threshold_is_the_unreached_one_with_the_most_progress() -> None:
    debate, vote = status("debate", 4, 5), status("vote", 4, 10)

    assert closest_threshold([vote, debate]) == debate
    assert closest_threshold([status("debate", 5, 5), vote]) == vote
    assert closest_threshold([status("debate", 5, 5)]) is None
    assert closeness([status("debate", 5, 5)]) < closeness([vote]) == Fraction(2, 5)
