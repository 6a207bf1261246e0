from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from civic.models.accounts import STAFF_ROLES

FIGURE_LABELS = {
    "population": _l("Population municipale (INSEE)"),
    "electorate": _l("Électeurs inscrits"),
    "electorate_eu": _l(
        "Citoyens de l'Union européenne inscrits sur la liste complémentaire municipale"
    ),
    "population_16_plus": _l("Habitants de 16 ans et plus (INSEE, population par âge)"),
    "investment_budget": _l("Budget d'investissement annuel (€)"),
}
ROLE_LABELS = {
    "clerk": _l("Agent·e / greffier·e"),
    "councillor": _l("Élu·e"),
    "admin": _l("Administrateur·rice"),
}


class FigureForm(FlaskForm):
    name = SelectField(_l("Chiffre"), choices=list(FIGURE_LABELS.items()))
    # Choices set by the view from the neighbourhoods; 0 is the whole commune.
    neighbourhood_id = SelectField(
        _l("Pour"),
        coerce=int,
        default=0,
        description=_l(
            "Par quartier : seulement les électeurs inscrits et les habitants de 16 ans et plus."
        ),
    )
    value = IntegerField(
        _l("Valeur"),
        validators=[
            InputRequired(message=_l("Indiquez un nombre entier.")),
            NumberRange(min=1, max=10**12),
        ],
    )
    source = StringField(
        _l("Source"),
        validators=[DataRequired(), Length(max=300)],
        description=_l(
            "Par exemple : INSEE, populations légales 2023, publiées le 1er janvier 2026."
        ),
    )
    effective_date = DateField(
        _l("En vigueur à partir du"),
        validators=[InputRequired(message=_l("Indiquez une date valide."))],
    )


class NeighbourhoodForm(FlaskForm):
    name = StringField(_l("Nom du quartier"), validators=[DataRequired(), Length(max=120)])
    population = IntegerField(
        _l("Population"),
        validators=[InputRequired(message=_l("Indiquez un nombre entier.")), NumberRange(0, 10**8)],
    )
    population_source = StringField(_l("Source"), validators=[Optional(), Length(max=300)])


class StaffRoleForm(FlaskForm):
    email = EmailField(
        _l("Adresse électronique du compte"), validators=[DataRequired(), Length(max=254)]
    )
    role = SelectField(_l("Rôle"), choices=[(r, ROLE_LABELS[r]) for r in STAFF_ROLES])
    action = SelectField(
        _l("Action"), choices=[("grant", _l("Accorder")), ("revoke", _l("Retirer"))]
    )
