from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from civic.auth.forms import ResetPasswordForm
from civic.auth.passwords import MAX_LENGTH


class ChangePasswordForm(ResetPasswordForm):
    """The new password twice (as a reset asks it), and the current one."""

    current_password = PasswordField(
        _l("Mot de passe actuel"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )


class ChangeEmailForm(FlaskForm):
    email = EmailField(
        _l("Nouvelle adresse électronique"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    password = PasswordField(
        _l("Votre mot de passe, pour confirmer"),
        validators=[DataRequired(), Length(max=MAX_LENGTH)],
    )
