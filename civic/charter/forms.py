from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from civic.charter.services import MANDATE_MAX, NAME_MAX


class SignatoryForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(), Length(max=NAME_MAX)])
    mandate = StringField(
        _l("Mandat"),
        validators=[DataRequired(), Length(max=MANDATE_MAX)],
        description=_l("Par exemple : maire, adjointe aux mobilités, conseiller municipal."),
    )
    signed_on = DateField(_l("Date de signature de la charte"), validators=[InputRequired()])
    mandate_ended_on = DateField(
        _l("Fin du mandat (si elle a déjà eu lieu)"),
        validators=[Optional()],
        description=_l(
            "Sans date, le mandat prend fin au renouvellement général du conseil municipal "
            "qui suit la signature. L'entrée est effacée du registre un an après la fin du "
            "mandat."
        ),
    )


class MandateEndForm(FlaskForm):
    mandate_ended_on = DateField(_l("Fin du mandat"), validators=[InputRequired()])
