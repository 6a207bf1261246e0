"""When a municipal mandate ends, for the register of the charter's signatories.

Municipal councillors are elected for six years and their councils renewed entirely
in March (Code électoral L227), so a mandate ends at the latest at the first general
renewal after the official took it: the register keeps an entry while the mandate runs,
and its retention counts from the day it ended (an earlier end, a resignation say, is
recorded by the administrator).

Renewals are counted from the one the commune configured (``COUNCIL_GENERAL_RENEWAL``),
six years apart; a renewal "falls" on the first day of its month.
"""

from __future__ import annotations

from datetime import date

MANDATE_YEARS = 6
"""Code électoral L227: "Les conseillers municipaux sont élus pour six ans"."""


def _years_later(day: date, years: int) -> date:
    # Renewals fall on the first of a month: never a 29 February.
    return day.replace(year=day.year + years)


def last_renewal_before(day: date, renewal: date) -> date:
    """The latest general renewal strictly before ``day``, counting from ``renewal`` (any
    one of them, past or future) six years at a time."""
    current = renewal.replace(day=1)
    while current >= day:
        current = _years_later(current, -MANDATE_YEARS)
    while _years_later(current, MANDATE_YEARS) < day:
        current = _years_later(current, MANDATE_YEARS)
    return current
