"""Participatory bodies' rules: the CCSPL threshold, opinions, the CRPA's one-month deadline
and the lobby register's publication deadline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.core.bodies import (
    add_months,
    ccspl_required,
    document_request_deadline,
    document_request_overdue,
    lobby_publication_due,
    lobby_published_late,
    opinion_adopted,
)


@pytest.mark.parametrize(
    ("population", "required"), [(None, False), (9_999, False), (10_000, False), (10_001, True)]
)
def test_a_ccspl_is_compulsory_above_ten_thousand_inhabitants(
    population: int | None, required: bool
) -> None:
    assert ccspl_required(population) is required


def test_an_opinion_needs_more_votes_for_than_against() -> None:
    assert opinion_adopted(5, 4)
    assert not opinion_adopted(4, 4)
    assert not opinion_adopted(0, 0)
    with pytest.raises(ValueError):
        opinion_adopted(-1, 0)


def test_a_request_received_on_the_15th_is_due_on_the_15th_of_next_month() -> None:
    assert document_request_deadline(date(2026, 3, 15)) == date(2026, 4, 15)
    assert document_request_deadline(date(2026, 12, 20)) == date(2027, 1, 20)


def test_a_request_received_on_the_31st_is_due_on_the_last_day_of_a_shorter_month() -> None:
    assert document_request_deadline(date(2026, 1, 31)) == date(2026, 2, 28)
    assert document_request_deadline(date(2028, 1, 31)) == date(2028, 2, 29)


def test_a_request_is_overdue_the_day_after_its_deadline_until_answered() -> None:
    received = date(2026, 3, 15)
    assert not document_request_overdue(received, None, date(2026, 4, 15))
    assert document_request_overdue(received, None, date(2026, 4, 16))
    assert not document_request_overdue(received, date(2026, 4, 10), date(2026, 6, 1))
    assert document_request_overdue(received, date(2026, 4, 20), date(2026, 6, 1))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 1, 1)))
def test_the_deadline_is_between_28_and_31_days_after_the_request(received: date) -> None:
    deadline = document_request_deadline(received)
    assert timedelta(days=28) <= deadline - received <= timedelta(days=31)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 1, 1)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 1, 1)),
)
def test_a_later_request_is_never_due_earlier(one: date, other: date) -> None:
    first, second = sorted((one, other))
    assert document_request_deadline(first) <= document_request_deadline(second)


@given(st.dates(max_value=date(9000, 1, 1)), st.integers(min_value=0, max_value=1200))
def test_adding_months_keeps_the_day_or_ends_the_month(start: date, months: int) -> None:
    later = add_months(start, months)
    assert (later.year * 12 + later.month) - (start.year * 12 + start.month) == months
    assert later.day == start.day or (later + timedelta(days=1)).day == 1


def test_a_lobby_meeting_is_due_for_publication_a_set_number_of_days_after_it() -> None:
    met = date(2026, 5, 4)
    assert lobby_publication_due(met, 15) == date(2026, 5, 19)
    assert not lobby_published_late(met, date(2026, 5, 19), 15)
    assert lobby_published_late(met, date(2026, 5, 20), 15)
    with pytest.raises(ValueError):
        lobby_publication_due(met, -1)
