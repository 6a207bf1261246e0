"""Who belongs to an electorate: one description, one decision (docs/rules.md §1, §4).

Every act that asks "may this person take part?" (signing a petition, a paper
signature, a votation, the participatory budget, a neighbourhood council, a
question at a council meeting) describes its electorate with :class:`Electorate`
and asks :func:`refusal` about the person's plain facts on a given day. The same
description is translated into a database filter outside the core; the cutoff
birth date it uses comes from :func:`born_on_or_before` here, so counting the
eligible and checking one person cannot disagree.

The day is the commune's *local* calendar day (Europe/Paris): someone born on
7 March 2010 is 16 from 00:00 local time on 7 March 2026, while UTC still reads
6 March. The caller converts the instant; the core takes the date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction

__all__ = [
    "DEFAULT_QUORUM_PERCENT",
    "ELECTOR_MINIMUM_AGE",
    "LOCAL_REFERENDUM_QUORUM_PERCENT",
    "RESIDENT_MINIMUM_AGE",
    "Electorate",
    "Person",
    "Refusal",
    "age_on",
    "born_on_or_before",
    "refusal",
]

RESIDENT_MINIMUM_AGE = 16
"""Residents take part from 16, whatever their nationality (docs/rules.md §1)."""

ELECTOR_MINIMUM_AGE = 18
"""Registered electors are of age (Code électoral L2); the legal presets use it."""

DEFAULT_QUORUM_PERCENT = Fraction(25)
"""Charter votation: binding when a quarter of the eligible took part (docs/rules.md §4)."""

LOCAL_REFERENDUM_QUORUM_PERCENT = Fraction(50)
"""Local referendum: adopted only if half of the registered electors took part (CGCT LO 1112-7)."""


class Refusal(StrEnum):
    """Why a person is outside an electorate; checked in this order."""

    ACCOUNT_DELETED = "account_deleted"
    RESIDENCE_NOT_VERIFIED = "residence_not_verified"
    NOT_ELECTOR = "not_elector"
    NOT_ON_MUNICIPAL_LIST = "not_on_municipal_list"  # EU citizen, list not counted here
    TOO_YOUNG = "too_young"  # or no birth date known
    OUTSIDE_NEIGHBOURHOODS = "outside_neighbourhoods"


@dataclass(frozen=True)
class Electorate:
    """Who may take part.

    - ``minimum_age``: aged at least this on the day asked about;
    - ``residence_verified``: residence checked by the town hall (or on an imported list);
    - ``electors_only``: registered on the electoral list; with
      ``eu_complementary_list`` the EU citizens on the complementary municipal list
      count too (they vote in local referendums, CGCT LO 1112-11);
    - ``neighbourhoods``: empty for the whole commune, otherwise the ids of the
      neighbourhoods whose residents belong.
    """

    minimum_age: int = RESIDENT_MINIMUM_AGE
    residence_verified: bool = True
    electors_only: bool = False
    eu_complementary_list: bool = True
    neighbourhoods: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.minimum_age < 0:
            raise ValueError("minimum_age must not be negative")


@dataclass(frozen=True)
class Person:
    """What is known of a person, as plain facts."""

    birth_date: date | None
    residence_verified: bool = False
    elector: bool = False
    eu_citizen: bool = False
    neighbourhood_id: int | None = None
    deleted: bool = False


def age_on(birth_date: date, day: date) -> int:
    """Full years on ``day`` (someone born on 29 February is a year older on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def born_on_or_before(day: date, years: int) -> date:
    """The latest birth date of someone aged ``years`` on ``day``.

    ``age_on(b, day) >= years`` exactly when ``b <= born_on_or_before(day, years)``;
    on 28 February of a common year, someone born on 29 February of a leap year
    is not yet a year older, so the cutoff is the 28th.
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year - years, day=28)


def refusal(electorate: Electorate, person: Person, day: date) -> Refusal | None:
    """Why ``person`` is outside ``electorate`` on the local day ``day``, or None."""
    if person.deleted:
        return Refusal.ACCOUNT_DELETED
    if electorate.electors_only:
        if not person.elector:
            return Refusal.NOT_ELECTOR
        if person.eu_citizen and not electorate.eu_complementary_list:
            return Refusal.NOT_ON_MUNICIPAL_LIST
    elif electorate.residence_verified and not (person.residence_verified or person.elector):
        return Refusal.RESIDENCE_NOT_VERIFIED
    if electorate.minimum_age and (
        person.birth_date is None
        or person.birth_date > born_on_or_before(day, electorate.minimum_age)
    ):
        return Refusal.TOO_YOUNG
    if electorate.neighbourhoods and person.neighbourhood_id not in electorate.neighbourhoods:
        return Refusal.OUTSIDE_NEIGHBOURHOODS
    return None
