from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from civic.councils.draws import RESERVE_MAX, SEED_MAX
from civic.councils.sessions import MOTION_TITLE_MAX, TEXT_MAX, TITLE_MAX
from civic.models.councils import (
    AGE_BANDS,
    DRAW_FAIR,
    DRAW_PLAIN,
    GENDER_FEMALE,
    GENDER_MALE,
    GENDER_NON_BINARY,
    GENDER_UNSAID,
    KIND_POOL,
    KIND_VOLUNTEER,
    VOTE_ABSTAIN,
    VOTE_AGAINST,
    VOTE_FOR,
)

SEATS = [InputRequired(message=_l("Indiquez un nombre.")), NumberRange(min=0, max=200)]


class CouncilForm(FlaskForm):
    neighbourhood_id = SelectField(_l("Quartier"), coerce=int)
    drawn_seats = IntegerField(_l("Sièges tirés au sort"), validators=SEATS, default=8)
    volunteer_seats = IntegerField(_l("Sièges de volontaires"), validators=SEATS, default=6)
    association_seats = IntegerField(
        _l("Sièges réservés aux associations"), validators=SEATS, default=2
    )
    term_start = DateField(_l("Début du mandat"), validators=[InputRequired()])
    term_end = DateField(_l("Fin du mandat"), validators=[InputRequired()])
    quorum_kind = SelectField(
        _l("Quorum"),
        choices=[
            ("more_than_fraction", _l("Plus de la fraction des membres")),
            ("at_least_fraction", _l("Au moins la fraction des membres")),
            ("minimum_present", _l("Un nombre minimal de présents")),
        ],
    )
    quorum_numerator = IntegerField(
        _l("Fraction du quorum : numérateur"), validators=SEATS, default=1
    )
    quorum_denominator = IntegerField(
        _l("Fraction du quorum : dénominateur"),
        validators=[InputRequired(), NumberRange(min=1, max=100)],
        default=2,
    )
    quorum_minimum = IntegerField(_l("Nombre minimal de présents"), validators=SEATS, default=0)
    majority = SelectField(
        _l("Majorité"),
        choices=[
            ("simple", _l("Simple : plus de pour que de contre")),
            ("absolute", _l("Absolue : plus de la moitié des présents")),
        ],
    )
    age_16_29 = IntegerField(
        _l("Habitants de 16 à 29 ans"), validators=[Optional(), NumberRange(min=0)]
    )
    age_30_44 = IntegerField(
        _l("Habitants de 30 à 44 ans"), validators=[Optional(), NumberRange(min=0)]
    )
    age_45_59 = IntegerField(
        _l("Habitants de 45 à 59 ans"), validators=[Optional(), NumberRange(min=0)]
    )
    age_60_74 = IntegerField(
        _l("Habitants de 60 à 74 ans"), validators=[Optional(), NumberRange(min=0)]
    )
    age_75 = IntegerField(
        _l("Habitants de 75 ans et plus"), validators=[Optional(), NumberRange(min=0)]
    )

    AGE_FIELDS = dict(
        zip(AGE_BANDS, ("age_16_29", "age_30_44", "age_45_59", "age_60_74", "age_75"), strict=True)
    )


class ApplicationForm(FlaskForm):
    kind = RadioField(
        _l("Je candidate"),
        choices=[
            (KIND_POOL, _l("au tirage au sort")),
            (KIND_VOLUNTEER, _l("à un siège de volontaire")),
        ],
        validators=[InputRequired(message=_l("Choisissez un type de candidature."))],
    )
    gender = RadioField(
        _l("Genre (pour la parité du tirage)"),
        choices=[
            (GENDER_FEMALE, _l("Femme")),
            (GENDER_MALE, _l("Homme")),
            (GENDER_NON_BINARY, _l("Non-binaire")),
            (GENDER_UNSAID, _l("Je préfère ne pas le dire")),
        ],
        validators=[InputRequired(message=_l("Choisissez une réponse."))],
    )
    publish_name = BooleanField(_l("Publier mon nom si je siège au conseil"))


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Décision"),
        choices=[("eligible", _l("Éligible")), ("ineligible", _l("Inéligible"))],
        validators=[InputRequired(message=_l("Choisissez une décision."))],
    )
    reason = StringField(_l("Raison de l'inéligibilité"), validators=[Optional(), Length(max=500)])


class TeamForm(FlaskForm):
    member_ids = SelectMultipleField(_l("Co-animateurs et co-animatrices"), coerce=int)


class FreezeForm(FlaskForm):
    mode = RadioField(
        _l("Mode de tirage"),
        choices=[
            (DRAW_PLAIN, _l("Tirage stratifié (immédiat)")),
            (DRAW_FAIR, _l("Tirage équitable (maximin, loterie de 1 000 panels)")),
        ],
        default=DRAW_PLAIN,
        validators=[InputRequired()],
    )
    reserve = IntegerField(
        _l("Taille de la liste de réserve"),
        validators=[InputRequired(), NumberRange(min=0, max=RESERVE_MAX)],
        default=4,
    )


class SeedForm(FlaskForm):
    seed = StringField(
        _l("Graine publique"),
        validators=[InputRequired(message=_l("Saisissez la graine.")), Length(max=SEED_MAX)],
        description=_l("Par exemple les cinq dés lancés en séance : 3-6-1-4-2."),
    )


class SessionForm(FlaskForm):
    title = StringField(_l("Intitulé"), validators=[InputRequired(), Length(max=TITLE_MAX)])
    starts_at = DateTimeLocalField(
        _l("Date et heure"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()]
    )
    place = StringField(_l("Lieu"), validators=[Optional(), Length(max=TITLE_MAX)])
    agenda = TextAreaField(_l("Ordre du jour (Markdown)"), validators=[Length(max=TEXT_MAX)])


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Compte rendu (Markdown)"), validators=[Length(max=TEXT_MAX)])


class AttendanceForm(FlaskForm):
    member_ids = SelectMultipleField(_l("Membres présents"), coerce=int)


class MotionForm(FlaskForm):
    title = StringField(
        _l("Motion soumise au vote"), validators=[InputRequired(), Length(max=MOTION_TITLE_MAX)]
    )


class VoteForm(FlaskForm):
    choice = RadioField(
        _l("Mon vote"),
        choices=[
            (VOTE_FOR, _l("Pour")),
            (VOTE_AGAINST, _l("Contre")),
            (VOTE_ABSTAIN, _l("Abstention")),
        ],
        validators=[InputRequired(message=_l("Choisissez pour, contre ou abstention."))],
    )
