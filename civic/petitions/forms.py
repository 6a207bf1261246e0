from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from civic.petitions.lifecycle import SUMMARY_MAX, TEXT_MAX, TITLE_MAX
from civic.petitions.moderation import REASON_MAX

KIND_LABELS = {
    "ordinary": _l("Pétition ordinaire"),
    "recall": _l("Pétition de révocation d'un·e élu·e"),
}
RULE_SET_LABELS = {
    "charter": _l("Charte de la commune : habitant·es de 16 ans et plus, seuils de 5 % et 10 %"),
    "cgct": _l("Pétition légale (CGCT L1112-16) : électeurs inscrits, 10 % du corps électoral"),
}
REJECTION_LABELS = {
    "outside_competence": _l("Hors des compétences de la commune"),
    "defamatory": _l("Propos diffamatoires ou injurieux"),
    "duplicate": _l("Doublon d'une pétition existante"),
    "unlawful": _l("Demande contraire à la loi"),
    "other": _l("Autre motif"),
}


def optional_id(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class PetitionForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    easy_read = TextAreaField(
        _l("Résumé en facile à lire et à comprendre (FALC)"),
        validators=[DataRequired(), Length(max=SUMMARY_MAX)],
        description=_l("Phrases courtes, mots simples : ce résumé s'affiche en premier."),
    )
    decision_asked = TextAreaField(
        _l("Décision demandée au conseil municipal"),
        validators=[DataRequired(), Length(max=SUMMARY_MAX)],
    )
    body = TextAreaField(
        _l("Texte de la pétition"),
        validators=[DataRequired(), Length(max=TEXT_MAX)],
        description=_l("Markdown simple accepté (listes, liens, gras)."),
    )
    rule_set_code = RadioField(
        _l("Règles applicables"), choices=list(RULE_SET_LABELS.items()), default="charter"
    )
    kind = SelectField(_l("Type"), choices=list(KIND_LABELS.items()), default="ordinary")
    recall_signatory_id = SelectField(
        _l("Élu·e dont la révocation est demandée"),
        coerce=optional_id,
        description=_l(
            "Seulement pour une pétition de révocation : l'un·e des signataires de la charte."
        ),
    )
    neighbourhood_id = SelectField(_l("Quartier concerné (facultatif)"), coerce=optional_id)
    author_public = BooleanField(
        _l("Afficher mon nom sur la pétition, comme porteur ou porteuse"),
        description=_l(
            "Sans cette case, seuls les agents et les élus de la mairie voient qui porte la "
            "pétition."
        ),
    )


class SignForm(FlaskForm):
    confirm = BooleanField(
        _l("Je soutiens cette pétition et je certifie signer pour moi-même."),
        validators=[InputRequired(message=_l("Cochez la case pour confirmer votre signature."))],
    )
    # Offered to electors only (CGCT L1112-16); the service refuses it from anyone else.
    legal_request = BooleanField(_l("Ma signature vaut aussi demande légale (CGCT L1112-16)."))
    wants_news = BooleanField(
        _l("Tenez-moi informé·e de la suite (seuil atteint, inscription au conseil, réponse).")
    )


class AdmitForm(FlaskForm):
    deadline = DateField(
        _l("Date limite de signature"),
        validators=[Optional()],
        description=_l("Laissez vide pour la durée par défaut (6 mois)."),
    )


class RejectForm(FlaskForm):
    code = SelectField(_l("Motif"), choices=list(REJECTION_LABELS.items()))
    text = TextAreaField(_l("Explication publique"), validators=[Optional(), Length(max=1000)])
    duplicate_of_id = IntegerField(
        _l("Numéro de la pétition dont c'est le doublon"),
        validators=[Optional(), NumberRange(min=1, max=2**31 - 1)],
    )


class PaperForm(FlaskForm):
    family_name = StringField(_l("Nom"), validators=[DataRequired(), Length(max=120)])
    given_names = StringField(_l("Prénoms"), validators=[DataRequired(), Length(max=160)])
    birth_date = StringField(
        _l("Date de naissance"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("JJ/MM/AAAA"),
    )
    address = StringField(_l("Adresse"), validators=[DataRequired(), Length(max=300)])
    neighbourhood_id = SelectField(_l("Quartier"), coerce=optional_id)
    legal_request = BooleanField(
        _l("La case « demande légale (CGCT L1112-16) » est cochée sur la feuille"),
        description=_l("Seulement pour un électeur inscrit ; une demande par trimestre."),
    )


class ReasonForm(FlaskForm):
    reason = StringField(
        _l("Raison de l'invalidation"), validators=[DataRequired(), Length(max=REASON_MAX)]
    )


class BulkInvalidateForm(FlaskForm):
    ip_hash = StringField(_l("Empreinte d'adresse IP"), validators=[Optional(), Length(max=32)])
    email_domain = StringField(
        _l("Domaine de messagerie (ex. exemple.org)"), validators=[Optional(), Length(max=120)]
    )
    since = DateTimeLocalField(_l("Signées à partir de (UTC)"), validators=[Optional()])
    until = DateTimeLocalField(_l("Signées jusqu'à (UTC)"), validators=[Optional()])
    reason = StringField(
        _l("Raison de l'invalidation"), validators=[DataRequired(), Length(max=REASON_MAX)]
    )


ANSWER_AUTHOR_LABELS = {
    "council": _l("Réponse du conseil municipal (avec la délibération dont elle est issue)"),
    "mayor": _l("Réponse du maire"),
    "councillor": _l("Réponse d'un·e élu·e, en son nom"),
}


class AnswerForm(FlaskForm):
    answered_as = RadioField(
        _l("Qui répond ?"),
        choices=list(ANSWER_AUTHOR_LABELS.items()),
        default="councillor",
        validators=[InputRequired(message=_l("Dites qui répond."))],
    )
    decision_id = SelectField(
        _l("Délibération dont la réponse du conseil est issue"),
        coerce=optional_id,
        description=_l("Seulement pour la réponse du conseil municipal."),
    )
    body = TextAreaField(_l("Réponse"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class RuleSetForm(FlaskForm):
    rules = TextAreaField(_l("Règles (JSON)"), validators=[DataRequired(), Length(max=20_000)])
