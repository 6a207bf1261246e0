from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Field,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from civic.auth.passwords import MAX_LENGTH, MIN_LENGTH, weakness


def new_password(_form: FlaskForm, field: Field) -> None:
    """A password being chosen: long enough and not a common one
    (civic.auth.passwords), said on its field with the form's other errors."""
    problem = weakness(field.data or "")
    if problem is not None:
        raise ValidationError(problem)


class RegistrationForm(FlaskForm):
    family_name = StringField(_l("Nom de famille"), validators=[DataRequired(), Length(max=120)])
    given_names = StringField(_l("Prénoms"), validators=[DataRequired(), Length(max=160)])
    birth_date = DateField(
        _l("Date de naissance"),
        validators=[InputRequired(message=_l("Indiquez une date valide (jj/mm/aaaa)."))],
    )
    email = EmailField(
        _l("Adresse électronique"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    address = StringField(_l("Adresse postale"), validators=[DataRequired(), Length(max=300)])
    neighbourhood_id = SelectField(_l("Quartier"), coerce=int, validators=[InputRequired()])
    password = PasswordField(
        _l("Mot de passe"),
        validators=[DataRequired(), Length(max=MAX_LENGTH), new_password],
        description=_l("Au moins %(n)d caractères.", n=MIN_LENGTH),
    )
    password_again = PasswordField(
        _l("Mot de passe, à nouveau"),
        validators=[
            DataRequired(),
            EqualTo("password", message=_l("Les mots de passe diffèrent.")),
        ],
    )
    lives_here = BooleanField(
        _l("J'habite la commune."),
        validators=[DataRequired(message=_l("Civic est réservé aux habitant·es de la commune."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("Adresse électronique"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Rester connecté·e sur cet appareil"), validators=[Optional()])


class ResetRequestForm(FlaskForm):
    email = EmailField(
        _l("Adresse électronique"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Nouveau mot de passe"),
        validators=[DataRequired(), Length(max=MAX_LENGTH), new_password],
        description=_l("Au moins %(n)d caractères.", n=MIN_LENGTH),
    )
    password_again = PasswordField(
        _l("Nouveau mot de passe, à nouveau"),
        validators=[
            DataRequired(),
            EqualTo("password", message=_l("Les mots de passe diffèrent.")),
        ],
    )


class SecondFactorForm(FlaskForm):
    """The code of the authenticator app, or a recovery code (civic.auth.second_factor)."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l(
            "Les 6 chiffres affichés par votre application d'authentification, "
            "ou l'un de vos codes de secours."
        ),
    )
