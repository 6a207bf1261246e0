"""Thematic headings: a heading of the yearly budget that belongs to a theme or a body
(the discrimination observatory's, the youth council's…) rather than to a neighbourhood.

Every resident of the commune votes in it, as in the city-wide heading; it has its own
envelope (its amount, set with the others and counted in the budget's envelope) and its
own ballot and tallying rule (the heading rules form); the population split leaves its
amount as it is.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from civic.audit import services as audit
from civic.budget.setup import vote_has_opened
from civic.decisions import locked, unique_or_refused
from civic.extensions import db
from civic.models import Budget, BudgetHeading, User
from civic.services import Refused

NAME_MAX = 120


class ThematicHeadingForm(FlaskForm):
    name = StringField(
        _l("Nom de la rubrique thématique"),
        description=_l("Par exemple : Observatoire des discriminations."),
        validators=[InputRequired(), Length(max=NAME_MAX)],
    )


def add_thematic_heading(budget_id: int, name: str, *, actor: User, now: datetime) -> BudgetHeading:
    budget = locked(Budget, budget_id)
    if budget is None:
        raise Refused(_("Budget introuvable."))
    if vote_has_opened(budget, now):
        raise Refused(_("Le vote est ouvert : les rubriques ne changent plus."))
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise Refused(_("Donnez un nom (120 caractères au plus)."), "name")
    heading = BudgetHeading(budget_id=budget_id, name=name, thematic=True, amount=0)
    with unique_or_refused(_("Une rubrique porte déjà ce nom."), "name"):
        db.session.add(heading)
    audit.record(
        actor=actor,
        action="budget.thematic_heading_add",
        object_type="budget",
        object_id=budget_id,
        after={"heading": heading.id, "name": name},
        now=now,
    )
    db.session.commit()
    return heading
