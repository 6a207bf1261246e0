"""Who may vote in a votation, and how many may (docs/rules.md §4).

Who: the votation's electorate (``civic.core.electorate``) on the last voting
day, the commune's local day. The charter default: verified residents (any
nationality) aged ``min_age``+. The CGCT presets: registered electors only
(French, and EU citizens on the complementary list), optionally those of some
neighbourhoods.

How many: the denominator of turnout and quorum is the commune's sourced figure
for that electorate, never a count of accounts: the electoral list (plus the EU
complementary list) for electors, the population aged 16 and over for
residents; for a part of the commune, the sum of those neighbourhoods' figures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Select, select

from civic.commune.services import current_figure, current_neighbourhood_figure
from civic.core.electorate import RESIDENT_MINIMUM_AGE, Electorate
from civic.electorate import account_filter, local_day, person_of, refusal_of
from civic.extensions import db
from civic.models import Neighbourhood, User
from civic.models.commune import (
    FIGURE_ELECTORATE,
    FIGURE_ELECTORATE_EU,
    FIGURE_POPULATION_16_PLUS,
)
from civic.models.votations import ELECTORATE_ELECTORS, Votation
from civic.services import Refused

__all__ = [
    "EligibleFigure",
    "eligible_figure",
    "eligible_users",
    "electorate_of",
    "last_voting_day",
    "local_day",
    "refusal_reason",
]


def last_voting_day(votation: Votation) -> date | None:
    """The day of the period's last instant (a period ending at midnight ends the day before)."""
    if votation.closes_at is None:
        return None
    return local_day(votation.closes_at - timedelta(microseconds=1))


def electorate_of(votation: Votation) -> Electorate:
    return Electorate(
        minimum_age=votation.min_age,
        electors_only=votation.electorate == ELECTORATE_ELECTORS,
        neighbourhoods=frozenset(votation.neighbourhood_ids),
    )


def _age_day(votation: Votation) -> tuple[Electorate, date]:
    electorate = electorate_of(votation)
    day = last_voting_day(votation)
    if day is None:  # a draft without a period: no age to check yet
        return replace(electorate, minimum_age=0), date.max
    return electorate, day


def eligible_users(votation: Votation) -> Select[int]:
    """The ids of the accounts eligible now, as a query (the same rule as one person)."""
    electorate, day = _age_day(votation)
    return select(User.id).where(*account_filter(electorate, day))


def refusal_reason(votation: Votation, user: User) -> str | None:
    """Why this person may not vote in this votation, in words, or None if they may."""
    electorate, day = _age_day(votation)
    return refusal_of(electorate, person_of(user), day)


@dataclass(frozen=True)
class EligibleFigure:
    """The denominator of a votation: a sourced figure, with its source and date."""

    value: int
    source: str
    effective_date: date


def eligible_figure(votation: Votation, on: date) -> EligibleFigure:
    """The commune's sourced figure for this votation's electorate, in force on ``on``.

    Refused, naming the figure, when it is missing: turnout is never measured
    against the accounts on the site."""
    electors = votation.electorate == ELECTORATE_ELECTORS
    if not electors and votation.min_age != RESIDENT_MINIMUM_AGE:
        raise Refused(
            _(
                "Aucun chiffre officiel des habitants de %(age)d ans et plus : la "
                "participation se mesure sur les habitants de 16 ans et plus (INSEE). "
                "Fixez l'âge minimum à 16 ans.",
                age=votation.min_age,
            )
        )
    name = FIGURE_ELECTORATE if electors else FIGURE_POPULATION_16_PLUS
    if votation.neighbourhood_ids:
        return _neighbourhoods_figure(name, votation.neighbourhood_ids, on)
    figure = current_figure(name, on)
    if figure is None:
        raise Refused(_missing(name, None, on))
    parts = [(figure.value, figure.source, figure.effective_date)]
    if electors:
        # EU citizens on the complementary list vote in local referendums (LO 1112-11).
        eu = current_figure(FIGURE_ELECTORATE_EU, on)
        if eu is not None:
            parts.append((eu.value, eu.source, eu.effective_date))
    return _combined(parts)


def _neighbourhoods_figure(name: str, ids: list[int], on: date) -> EligibleFigure:
    parts = []
    for hood_id in ids:
        figure = current_neighbourhood_figure(name, hood_id, on)
        if figure is None:
            hood = db.session.get(Neighbourhood, hood_id)
            raise Refused(_missing(name, hood.name if hood else str(hood_id), on))
        parts.append((figure.value, figure.source, figure.effective_date))
    return _combined(parts)


def _combined(parts: list[tuple[int, str, date]]) -> EligibleFigure:
    """The sum of the parts; when they are not all of the same date (the electoral list
    and the EU complementary list), each source keeps its own date, not only the latest."""
    sources = list(dict.fromkeys(source for _value, source, _day in parts))
    if len({day for _value, _source, day in parts}) > 1:
        sources = list(
            dict.fromkeys(
                _("%(source)s (au %(day)s)", source=source, day=format_date(day, "d MMMM y"))
                for _value, source, day in parts
            )
        )
    return EligibleFigure(
        value=sum(value for value, _source, _day in parts),
        source=" ; ".join(sources)[:600],
        effective_date=max(day for _value, _source, day in parts),
    )


def _missing(name: str, neighbourhood: str | None, on: date) -> str:
    what = (
        _("le nombre d'électeurs inscrits")
        if name == FIGURE_ELECTORATE
        else _("le nombre d'habitants de 16 ans et plus")
    )
    if neighbourhood is None:
        return _(
            "Il manque un chiffre officiel de la commune en vigueur le %(day)s : %(what)s "
            "(à saisir, avec sa source, dans « Chiffres de la commune »).",
            what=what,
            day=format_date(on, "d MMMM y"),
        )
    return _(
        "Il manque un chiffre officiel du quartier %(name)s en vigueur le %(day)s : %(what)s "
        "(à saisir, avec sa source, dans « Chiffres de la commune »).",
        name=neighbourhood,
        what=what,
        day=format_date(on, "d MMMM y"),
    )
