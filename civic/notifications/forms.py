from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from civic.notifications.kinds import FAMILIES


class PreferencesForm(FlaskForm):
    """One "by e-mail" box per family of news (``email_<family>``), and letters by post."""

    by_post = BooleanField(
        _l("Je n'ai pas d'adresse électronique : envoyez-moi ces nouvelles par courrier postal"),
        description=_l("La mairie les envoie à l'adresse de votre compte."),
    )

    def email_fields(self) -> list[BooleanField]:
        return [self[f"email_{family}"] for family in FAMILIES]

    def email_on(self) -> set[str]:
        return {family for family in FAMILIES if self[f"email_{family}"].data}


for _family, _label in FAMILIES.items():
    setattr(PreferencesForm, f"email_{_family}", BooleanField(_label))
