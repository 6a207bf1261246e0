from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from civic.charter.services import MANDATE_MAX, NAME_MAX


class SignatoryForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(), Length(max=NAME_MAX)])
    mandate = StringField(
        _l("Mandat"),
        validators=[DataRequired(), Length(max=MANDATE_MAX)],
        description=_l("Par exemple : maire, adjointe aux mobilités, conseiller municipal."),
    )
    signed_on = DateField(_l("Date de signature de la charte"), validators=[InputRequired()])
