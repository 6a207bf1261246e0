"""Participatory bodies' rules: when a CCSPL is compulsory, whether an opinion is adopted,
the CRPA's one-month deadline for a document request, the lobby register's publication
deadline. Pure: dates in, answers out.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

# CGCT L1413-1: communes of more than 10,000 inhabitants create a consultative
# committee of local public services (CCSPL).
CCSPL_POPULATION_THRESHOLD = 10_000

# CRPA R311-13: the administration's silence for one month on a request for a
# document is a refusal; the requester may then go to the CADA.
DOCUMENT_REQUEST_MONTHS = 1


def ccspl_required(population: int | None) -> bool:
    """A CCSPL is compulsory in a commune of more than 10,000 inhabitants (CGCT L1413-1)."""
    return population is not None and population > CCSPL_POPULATION_THRESHOLD


def opinion_adopted(votes_for: int, votes_against: int) -> bool:
    """An opinion (avis) is adopted by a majority of the votes cast: more for than against
    (abstentions are not votes cast)."""
    if votes_for < 0 or votes_against < 0:
        raise ValueError("a vote count cannot be negative")
    return votes_for > votes_against


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later ("de quantième à quantième"); when that month is
    shorter, its last day (31 January + one month = 28 or 29 February)."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def document_request_deadline(received_on: date) -> date:
    """The last day the commune may answer a request for a document received on
    ``received_on`` before its silence becomes a refusal (CRPA R311-13)."""
    return add_months(received_on, DOCUMENT_REQUEST_MONTHS)


def document_request_overdue(received_on: date, answered_on: date | None, today: date) -> bool:
    """Unanswered after the deadline, or answered after it."""
    deadline = document_request_deadline(received_on)
    if answered_on is not None:
        return answered_on > deadline
    return today > deadline


def lobby_publication_due(met_on: date, days: int) -> date:
    """The last day a meeting with an interest representative may be published."""
    if days < 0:
        raise ValueError("the publication delay cannot be negative")
    return met_on + timedelta(days=days)


def lobby_published_late(met_on: date, published_on: date, days: int) -> bool:
    return published_on > lobby_publication_due(met_on, days)
