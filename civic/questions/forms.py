from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from civic.models.questions import ANSWER_KINDS
from civic.questions.labels import ANSWER_LABELS, REJECTION_LABELS
from civic.questions.moderation import ANSWER_MAX, NOTE_MAX
from civic.questions.services import BODY_MAX, BODY_MIN, TITLE_MAX, TITLE_MIN
from civic.questions.settings import LIMITS


class QuestionForm(FlaskForm):
    title = StringField(
        _l("Titre de votre question"),
        validators=[InputRequired(), Length(min=TITLE_MIN, max=TITLE_MAX)],
        description=_l("Une phrase courte, par exemple : « Quand la piscine rouvrira-t-elle ? »"),
    )
    body = TextAreaField(
        _l("Votre question"),
        validators=[InputRequired(), Length(min=BODY_MIN, max=BODY_MAX)],
        description=_l(
            "1 500 caractères au plus. Écrivez simplement : des phrases courtes, "
            "des mots de tous les jours, une idée par phrase."
        ),
    )
    show_name = BooleanField(_l("Afficher mon nom avec ma question"))


class SupportForm(FlaskForm):
    action = HiddenField(validators=[AnyOf(["support", "unsupport"])])


class ModerationForm(FlaskForm):
    decision = RadioField(
        _l("Décision"),
        choices=[("admit", _l("Admettre")), ("reject", _l("Ne pas admettre"))],
        validators=[InputRequired(message=_l("Choisissez une décision."))],
    )
    code = SelectField(
        _l("Motif (public)"),
        choices=[
            ("", _l("— choisir si la question n'est pas admise —")),
            *REJECTION_LABELS.items(),
        ],
        validators=[Optional()],
    )
    duplicate_of_id = IntegerField(
        _l("Doublon de la question n°"),
        validators=[Optional(), NumberRange(min=1, max=2**31 - 1)],
    )
    note = TextAreaField(_l("Précision (publique)"), validators=[Optional(), Length(max=NOTE_MAX)])


class AnswerForm(FlaskForm):
    kind = RadioField(
        _l("Type de réponse"),
        choices=[(k, ANSWER_LABELS[k]) for k in ANSWER_KINDS],
        validators=[InputRequired(message=_l("Choisissez le type de réponse."))],
    )
    text = TextAreaField(_l("Réponse"), validators=[InputRequired(), Length(min=1, max=ANSWER_MAX)])


def _bounded_int(label: str, name: str) -> IntegerField:
    low, high = LIMITS[name]
    return IntegerField(
        label,
        validators=[
            InputRequired(message=_l("Indiquez un nombre entier.")),
            NumberRange(min=low, max=high),
        ],
    )


class QuestionTimeSettingsForm(FlaskForm):
    opens_days_before = _bounded_int(
        _l("Ouverture des questions (jours avant la séance)"), "opens_days_before"
    )
    closes_hours_before = _bounded_int(
        _l("Clôture des questions (heures avant la séance)"), "closes_hours_before"
    )
    budget_minutes = _bounded_int(_l("Durée des questions orales (minutes)"), "budget_minutes")
    per_question_minutes = _bounded_int(_l("Temps par question (minutes)"), "per_question_minutes")
    supplementary_minutes = _bounded_int(
        _l("Temps pour une question complémentaire (minutes)"), "supplementary_minutes"
    )
    written_answer_days = _bounded_int(
        _l("Délai de réponse écrite (jours après la séance)"), "written_answer_days"
    )
