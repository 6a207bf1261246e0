"""A tallied project's explanation in words (docs/rules.md §6: "why each project won or
lost"): the core's code and numbers, said in plain French with its plurals."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from flask_babel import format_currency, ngettext
from flask_babel import gettext as _


def _number(value: object) -> Fraction:
    return Fraction(str(value))


def _euros(value: object) -> str:
    return format_currency(round(float(_number(value)), 2), "EUR")


def explain(e: dict[str, Any], cost: int) -> str:
    """The core's explanation code and numbers, in words (docs/rules.md §6: "why each project
    won or lost")."""
    code = e.get("code")
    if code == "selected":
        return _(
            "Financé : classé parmi les plus soutenus ; il restait ensuite %(left)s.",
            left=_euros(e["budget_left"]),
        )
    if code == "completed":
        return _(
            "Financé en complément : l'argent restant après le partage égal suffisait "
            "(il restait ensuite %(left)s).",
            left=_euros(e["budget_left"]),
        )
    if code == "did_not_fit":
        return _(
            "Non retenu : ne rentrait pas, il ne restait que %(left)s pour un coût de %(cost)s.",
            left=_euros(e["budget_left"]),
            cost=_euros(cost),
        )
    if code == "not_reached":
        return _("Non retenu : le classement s'est arrêté à un projet plus soutenu.")
    if code == "below_threshold":
        return _("Non retenu : moins de voix que le minimum (%(n)s).", n=e.get("threshold"))
    if code == "bought_by_supporters":
        supporters = int(_number(e.get("score", 0)))
        paid_all = int(e.get("paid_all", 0))
        bought = ngettext(
            "Financé au tour %(round)s par son seul soutien, qui a payé %(share)s de sa part.",
            "Financé au tour %(round)s par ses %(num)s soutiens : chacun a payé %(share)s "
            "de sa part.",
            supporters,
            round=e.get("round"),
            share=_euros(e["share"]),
        )
        if not paid_all:
            return bought
        return " ".join(
            (
                bought,
                ngettext(
                    "%(num)s a donné tout ce qui lui restait.",
                    "%(num)s ont donné tout ce qui leur restait.",
                    paid_all,
                ),
            )
        )
    if code == "unaffordable":
        money = _number(e["supporters_money"])
        return ngettext(
            "Non financé : au tour %(round)s, son seul soutien n'avait plus que %(money)s "
            "pour un coût de %(cost)s ; il lui aurait fallu %(missing)s de plus (ou coûter "
            "au plus %(money)s).",
            "Non financé : au tour %(round)s, ses %(num)s soutiens n'avaient plus que "
            "%(money)s en tout pour un coût de %(cost)s ; il lui aurait fallu %(missing)s "
            "de plus (ou coûter au plus %(money)s).",
            int(_number(e.get("score", 0))),
            round=e.get("round"),
            money=_euros(money),
            cost=_euros(cost),
            missing=_euros(Fraction(cost) - money),
        )
    if code == "ineligible":
        return _(
            "Écarté avant le calcul : sa part des votants était inférieure à son coût divisé "
            "par trois fois le montant de la rubrique (règle de soutien minimum)."
        )
    if code == "free":
        return _("Sans coût : financé d'office.")
    if code == "no_utility":
        return _("Sans coût : rien à partager entre ses soutiens.")
    return _("Non retenu : aucun vote.")
