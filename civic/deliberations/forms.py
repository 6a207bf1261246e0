"""The form a clerk fills in from the minutes: the council's decision (docs/rules.md §9)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from civic.core.council_decision import NUMBER_MAX, DecisionFacts
from civic.deliberations.services import OUTCOME_LABELS, SUMMARY_MAX, VOTES_MAX

_VOTES = [InputRequired(), NumberRange(min=0, max=VOTES_MAX)]


class DecisionForm(FlaskForm):
    outcome = RadioField(
        _l("Décision du conseil municipal"),
        choices=list(OUTCOME_LABELS.items()),
        validators=[InputRequired(message=_l("Choisissez la décision du conseil."))],
    )
    decided_on = DateField(_l("Date de la délibération"), validators=[InputRequired()])
    number = StringField(
        _l("Numéro de la délibération"), validators=[DataRequired(), Length(max=NUMBER_MAX)]
    )
    votes_for = IntegerField(_l("Voix pour"), validators=_VOTES)
    votes_against = IntegerField(_l("Voix contre"), validators=_VOTES)
    abstentions = IntegerField(_l("Abstentions"), validators=_VOTES)
    summary = TextAreaField(
        _l("Ce que le conseil a décidé (texte amendé, engagements)"),
        validators=[Optional(), Length(max=SUMMARY_MAX)],
    )

    def facts(self) -> DecisionFacts:
        """The decision as the core checks it (after ``validate_on_submit``)."""
        return DecisionFacts(
            outcome=self.outcome.data or "",
            decided_on=self.decided_on.data or date.min,
            deliberation_number=self.number.data or "",
            votes_for=self.votes_for.data or 0,
            votes_against=self.votes_against.data or 0,
            abstentions=self.abstentions.data or 0,
        )
