"""The electorate rule of ``civic.core.electorate`` applied to accounts and instants.

Three things every area needs and must do alike: the commune's calendar day of a
UTC instant (:func:`local_day`), the core's verdict on an account in words
(:func:`refusal_of`, :func:`refuse_unless_eligible`), and the same rule as a
database filter (:func:`account_filter`), so a count of eligible accounts and
the check of one person agree (docs/rules.md §1, §4).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import ColumnElement

from civic.core.electorate import Electorate, Person, Refusal, born_on_or_before, refusal
from civic.models import User
from civic.models.accounts import ELECTOR, VERIFIED_LEVELS
from civic.services import Refused

_VERIFIED = sorted(VERIFIED_LEVELS)


def local_day(moment: datetime) -> date:
    """The commune's calendar day (``BABEL_DEFAULT_TIMEZONE``, Europe/Paris) of an aware instant."""
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


class Account(Protocol):
    """What is read of an account: a ``User`` or the hot path's ``SessionAccount``."""

    birth_date: date | None
    verification: str
    neighbourhood_id: int | None
    deleted_at: datetime | None


def person_of(account: Account) -> Person:
    """An account's plain facts for the core."""
    return Person(
        birth_date=account.birth_date,
        residence_verified=account.verification in VERIFIED_LEVELS,
        elector=account.verification == ELECTOR,
        eu_citizen=bool(getattr(account, "eu_citizen", False)),
        neighbourhood_id=account.neighbourhood_id,
        deleted=account.deleted_at is not None,
    )


def refusal_message(
    reason: Refusal, electorate: Electorate, day: date, where: str | None = None
) -> str:
    """The refusal in plain French, the same wherever it is given (``where`` names the
    neighbourhoods of a limited electorate, when the caller knows them)."""
    if reason is Refusal.ACCOUNT_DELETED:
        return _("Ce compte est supprimé.")
    if reason is Refusal.RESIDENCE_NOT_VERIFIED:
        return _("Votre résidence doit d'abord être vérifiée par la mairie.")
    if reason is Refusal.NOT_ELECTOR:
        return _(
            "Réservé aux électeurs inscrits sur la liste électorale de la commune (y compris "
            "la liste complémentaire des citoyens de l'Union européenne)."
        )
    if reason is Refusal.NOT_ON_MUNICIPAL_LIST:
        return _("Réservé aux électeurs inscrits sur la liste électorale principale.")
    if reason is Refusal.TOO_YOUNG:
        return _(
            "Il faut avoir au moins %(age)d ans le %(day)s.",
            age=electorate.minimum_age,
            day=format_date(day, "d MMMM y"),
        )
    if where:
        return _("Réservé aux habitants du quartier %(name)s.", name=where)
    return _("Réservé aux habitants de certains quartiers, dont le vôtre ne fait pas partie.")


def refusal_of(
    electorate: Electorate, person: Person, day: date, where: str | None = None
) -> str | None:
    """Why ``person`` may not take part on the local ``day``, in words, or None."""
    reason = refusal(electorate, person, day)
    return None if reason is None else refusal_message(reason, electorate, day, where)


def refuse_unless_eligible(
    electorate: Electorate,
    person: Person,
    day: date,
    field: str | None = None,
    *,
    where: str | None = None,
) -> None:
    """Raise :class:`Refused` with the core's reason when ``person`` is outside."""
    message = refusal_of(electorate, person, day, where)
    if message is not None:
        raise Refused(message, field)


def account_filter(electorate: Electorate, day: date) -> list[ColumnElement[bool]]:
    """The same rule as :func:`civic.core.electorate.refusal`, as WHERE clauses on ``users``."""
    clauses: list[ColumnElement[bool]] = [User.deleted_at.is_(None)]
    if electorate.electors_only:
        clauses.append(User.verification == ELECTOR)
        if not electorate.eu_complementary_list:
            clauses.append(User.eu_citizen.is_(False))
    elif electorate.residence_verified:
        clauses.append(User.verification.in_(_VERIFIED))
    if electorate.minimum_age:
        clauses.append(User.birth_date <= born_on_or_before(day, electorate.minimum_age))
    if electorate.neighbourhoods:
        clauses.append(User.neighbourhood_id.in_(sorted(electorate.neighbourhoods)))
    return clauses
