"""Public lists: any page number typed in an address lands on a page that exists; a
search box's odd characters are dropped; a filter form keeps only what it offers, and its
pager links open the same list; the threshold a petition is closest to."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from civic.core.listing import (
    ListForm,
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


FORM = ListForm(states=("answered", "waiting"), sorts=("recent", "supported"), scope="meeting")


def test_a_list_opened_without_arguments_shows_everything_in_the_default_order() -> None:
    filters = FORM.read({}, {3, 7})

    assert (filters.q, filters.state, filters.scope_id, filters.sort, filters.page) == (
        "",
        "",
        None,
        "recent",
        1,
    )
    assert not filters.narrowed
    assert filters.args() == {}


def test_what_the_form_does_not_offer_is_dropped_never_an_error() -> None:
    for typed in ("9", "abc", "-3", "３", str(10**30), ""):
        assert FORM.read({"meeting": typed}, {3, 7}).scope_id is None
    filters = FORM.read({"state": "deleted", "sort": "oldest", "page": "x"}, {3})
    assert (filters.state, filters.sort, filters.page) == ("", "recent", 1)


def test_a_narrowed_list_keeps_its_filters_in_its_pager_links_under_the_forms_names() -> None:
    filters = FORM.read(
        {"q": " piscine\u200b ", "state": "waiting", "meeting": "7", "sort": "supported"}, {3, 7}
    )

    assert filters.narrowed and filters.scope_id == 7 and filters.q == "piscine"
    assert filters.args(2) == {
        "q": "piscine",
        "state": "waiting",
        "meeting": 7,
        "sort": "supported",
        "page": 2,
    }
    budget = ListForm(states=("selected",), sorts=("recent", "cheapest"), scope="heading")
    assert budget.read({"heading": "4"}, {4}).args(1) == {"heading": 4}


ARGUMENTS = st.dictionaries(
    st.sampled_from(["q", "state", "meeting", "sort", "page", "other"]),
    st.one_of(st.sampled_from(["waiting", "supported", "3", "7", "2", "0"]), st.text(max_size=30)),
)


@given(ARGUMENTS, st.integers(1, 50))
def test_a_pager_link_opens_the_same_list_on_its_page(arguments: dict[str, str], page: int) -> None:
    filters = FORM.read(arguments, {3, 7})
    again = FORM.read({name: str(value) for name, value in filters.args(page).items()}, {3, 7})

    assert (again.q, again.state, again.scope_id, again.sort) == (
        filters.q,
        filters.state,
        filters.scope_id,
        filters.sort,
    )
    assert again.page == page
