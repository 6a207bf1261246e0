"""Who may vote in a votation (design §4), as one rule for a person and as a query.

The charter default: verified residents (any nationality) aged ``min_age``+ on
the last voting day. The CGCT presets: registered electors only (French, and EU
citizens on the complementary list), optionally those of some neighbourhoods.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, select

from civic.models import User
from civic.models.accounts import ELECTOR, VERIFIED_LEVELS
from civic.models.votations import ELECTORATE_ELECTORS, Votation


def local_day(moment: object) -> date:
    """The commune's calendar day of an aware datetime."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return moment.astimezone(zone).date()  # type: ignore[attr-defined,no-any-return]


def last_voting_day(votation: Votation) -> date | None:
    """The day of the period's last instant (a period ending at midnight ends the day before)."""
    if votation.closes_at is None:
        return None
    return local_day(votation.closes_at - timedelta(microseconds=1))


def born_on_or_before(day: date, years: int) -> date:
    """The latest birth date of someone aged ``years`` on ``day`` (29 February → 28)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def eligible_users(votation: Votation) -> Select[tuple[int]]:
    """The ids of the accounts eligible now, as a query (counted at closing)."""
    query = select(User.id).where(User.deleted_at.is_(None))
    if votation.electorate == ELECTORATE_ELECTORS:
        query = query.where(User.verification == ELECTOR)
    else:
        query = query.where(User.verification.in_(sorted(VERIFIED_LEVELS)))
    last_day = last_voting_day(votation)
    if votation.min_age and last_day is not None:
        query = query.where(User.birth_date <= born_on_or_before(last_day, votation.min_age))
    if votation.neighbourhood_ids:
        query = query.where(User.neighbourhood_id.in_(votation.neighbourhood_ids))
    return query


def refusal_reason(votation: Votation, user: User) -> str | None:
    """Why this person may not vote in this votation, in words, or None if they may."""
    if user.deleted_at is not None:
        return _("Ce compte est supprimé.")
    if votation.electorate == ELECTORATE_ELECTORS:
        if user.verification != ELECTOR:
            return _(
                "Ce vote est réservé aux électeurs inscrits sur la liste électorale de la "
                "commune (y compris la liste complémentaire des citoyens de l'Union européenne)."
            )
    elif user.verification not in VERIFIED_LEVELS:
        return _("Votre résidence doit d'abord être vérifiée par la mairie.")
    last_day = last_voting_day(votation)
    if votation.min_age and last_day is not None:
        age = user.age_on(last_day)
        if age is None or age < votation.min_age:
            return _(
                "Il faut avoir %(age)s ans au dernier jour du vote (%(day)s).",
                age=votation.min_age,
                day=last_day.strftime("%d/%m/%Y"),
            )
    if votation.neighbourhood_ids and user.neighbourhood_id not in votation.neighbourhood_ids:
        return _(
            "Cette consultation est limitée à certains quartiers, dont le vôtre ne fait pas partie."
        )
    return None
