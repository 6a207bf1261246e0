"""The counter's forms: a person registered in person, an e-mail attached later."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from civic.frontdesk.services import DOCUMENT_MAX


class CounterRegistrationForm(FlaskForm):
    family_name = StringField(_l("Nom de famille"), validators=[DataRequired(), Length(max=120)])
    given_names = StringField(_l("Prénoms"), validators=[DataRequired(), Length(max=160)])
    birth_date = DateField(
        _l("Date de naissance"),
        validators=[InputRequired(message=_l("Indiquez une date valide (jj/mm/aaaa)."))],
    )
    address = StringField(_l("Adresse postale"), validators=[DataRequired(), Length(max=300)])
    neighbourhood_id = SelectField(_l("Quartier"), coerce=int, validators=[InputRequired()])
    identity_document = StringField(
        _l("Pièce d'identité vue"),
        description=_l("Ce que vous avez vu, pas une copie : « carte d'identité », « passeport »…"),
        validators=[DataRequired(), Length(max=DOCUMENT_MAX)],
    )
    residence_document = StringField(
        _l("Justificatif de domicile vu"),
        description=_l(
            "Par exemple « facture d'énergie de moins de 3 mois », « quittance de loyer »."
        ),
        validators=[DataRequired(), Length(max=DOCUMENT_MAX)],
    )
    email = EmailField(
        _l("Adresse électronique (facultative)"),
        description=_l(
            "Si la personne en a une : elle recevra un lien pour choisir son mot de passe."
        ),
        validators=[Optional(), Email(check_deliverability=False), Length(max=254)],
    )


class AttachEmailForm(FlaskForm):
    email = EmailField(
        _l("Adresse électronique"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Nom ou prénom"), validators=[Optional(), Length(max=80)])
