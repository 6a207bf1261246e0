"""The calendar rules of each preset (notice, voting period) in a clerk's words.

The rules are pure (``civic.core.votation_calendar``); their figures come from
``VOTATION_CALENDAR`` in the configuration, in one place.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _

from civic.core.votation_calendar import (
    CalendarProblem,
    CalendarRule,
    check_period,
    check_schedule,
    rule_from_settings,
)
from civic.services import Refused


def calendar_rule(preset: str) -> CalendarRule:
    """The preset's notice and period minimums, from ``VOTATION_CALENDAR``."""
    settings = current_app.config["VOTATION_CALENDAR"].get(preset, {})
    return rule_from_settings(settings)


def _notice(rule: CalendarRule) -> str:
    parts = []
    if rule.notice_months:
        parts.append(ngettext("%(num)s mois", "%(num)s mois", rule.notice_months))
    if rule.notice_days or not parts:
        parts.append(ngettext("%(num)s jour", "%(num)s jours", rule.notice_days))
    return _(" et ").join(parts)


def _duration(hours: int) -> str:
    if hours and hours % 24 == 0:
        return ngettext("%(num)s jour", "%(num)s jours", hours // 24)
    return ngettext("%(num)s heure", "%(num)s heures", hours)


def _source(rule: CalendarRule) -> str:
    return rule.source or _("règle de la commune")


def calendar_refusal(problem: CalendarProblem, rule: CalendarRule) -> Refused:
    """The clerk's words for a calendar the preset does not allow."""
    if problem.code == "no_period":
        return Refused(_("Fixez l'ouverture et la clôture du vote."), "opens_at")
    if problem.code == "closes_before_opens":
        return Refused(_("La clôture doit suivre l'ouverture."), "closes_at")
    if problem.code == "period_too_short":
        return Refused(
            _(
                "Le vote doit rester ouvert au moins %(duration)s (%(source)s).",
                duration=_duration(rule.min_voting_hours),
                source=_source(rule),
            ),
            "closes_at",
        )
    earliest = problem.earliest_opening
    return Refused(
        _(
            "Le vote ne peut ouvrir que %(notice)s au moins après sa programmation, "
            "soit le %(moment)s au plus tôt (%(source)s).",
            notice=_notice(rule),
            moment=format_datetime(earliest, "d MMMM yyyy, HH:mm") if earliest else "",
            source=_source(rule),
        ),
        "opens_at",
    )


def refuse_short_period(preset: str, opens_at: datetime | None, closes_at: datetime | None) -> None:
    """Saving a votation: a period given in full must last the preset's minimum."""
    if opens_at is None or closes_at is None:
        return
    rule = calendar_rule(preset)
    problem = check_period(opens_at, closes_at, rule)
    if problem is not None:
        raise calendar_refusal(problem, rule)


def refuse_early_or_short(
    preset: str, opens_at: datetime | None, closes_at: datetime | None, *, now: datetime
) -> None:
    """Scheduling at ``now``: the preset's notice before opening, and its period."""
    rule = calendar_rule(preset)
    problem = check_schedule(opens_at, closes_at, rule, now=now)
    if problem is not None:
        raise calendar_refusal(problem, rule)
