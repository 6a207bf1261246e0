"""Forms of the votations area: the clerk's editor, the ballot, the paper desk."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from civic.core.electorate import DEFAULT_QUORUM_PERCENT, RESIDENT_MINIMUM_AGE
from civic.extensions import db
from civic.forms import required
from civic.models.elections import VotationElection
from civic.models.votations import (
    BALLOT_BLANK,
    BALLOT_NULL,
    KIND_CONSULTATION,
    KIND_RECALL,
    KIND_REFERENDUM,
    PRESET_CGCT_CONSULTATION,
    PRESET_CGCT_REFERENDUM,
    PRESET_CHARTER,
    Votation,
)
from civic.votations.encrypted import CREDENTIAL_MAX
from civic.votations.paper import REASON_MAX
from civic.votations.services import QUESTION_MAX, TITLE_MAX, VotationDetails
from civic.votations.voting import STATION_MAX, choices_of

TEXT_MAX = 20_000

# Where the votation comes from; what it is called follows from its rules (its track,
# civic.votations.track): a citizens' vote is never a "référendum" or a "consultation".
KIND_LABELS = {
    KIND_REFERENDUM: _l("Demandée par pétition"),
    KIND_RECALL: _l("Révocatoire, demandée par pétition"),
    KIND_CONSULTATION: _l("Décidée par le conseil"),
}
PRESET_LABELS = {
    PRESET_CHARTER: _l(
        "Votation citoyenne (charte) : habitants de 16 ans et plus, engagement politique du "
        "conseil si le quorum est atteint"
    ),
    PRESET_CGCT_REFERENDUM: _l(
        "Référendum local (CGCT LO 1112-1 et suivants) : électeurs, bureaux de vote"
    ),
    PRESET_CGCT_CONSULTATION: _l(
        "Consultation des électeurs (CGCT L1112-15) : un avis, électeurs, bureaux de vote"
    ),
}


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _aware(value: datetime | None) -> datetime | None:
    """The form speaks the commune's local time; services speak UTC."""
    return None if value is None else value.replace(tzinfo=_zone())


class VotationForm(FlaskForm):
    kind = SelectField(_l("Origine"), choices=list(KIND_LABELS.items()))
    preset = SelectField(_l("Règles"), choices=list(PRESET_LABELS.items()))
    title = StringField(_l("Titre"), validators=[InputRequired(), Length(max=TITLE_MAX)])
    council_decision = StringField(
        _l("Délibération du conseil (référence)"),
        validators=[Optional(), Length(max=200)],
        description=_l("Obligatoire pour une votation décidée par le conseil."),
    )
    question = TextAreaField(
        _l("Question posée"), validators=[InputRequired(), Length(max=QUESTION_MAX)]
    )
    choices = TextAreaField(
        _l("Choix, un par ligne"),
        default="Oui\nNon",
        validators=[InputRequired(), Length(max=2000)],
        description=_l("Le vote blanc est toujours proposé en plus."),
    )
    approve_choice = StringField(
        _l("Choix qui adopte le projet"),
        default="Oui",
        validators=[Optional(), Length(max=120)],
        description=_l("Laissez vide pour un choix entre plusieurs options."),
    )
    easy_read = TextAreaField(
        _l("Explication en langage simple"), validators=[Optional(), Length(max=TEXT_MAX)]
    )
    arguments_for = TextAreaField(
        _l("Arguments pour (Markdown)"), validators=[Optional(), Length(max=TEXT_MAX)]
    )
    arguments_against = TextAreaField(
        _l("Arguments contre (Markdown)"), validators=[Optional(), Length(max=TEXT_MAX)]
    )
    opens_at = DateTimeLocalField(
        _l("Ouverture du vote"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    closes_at = DateTimeLocalField(
        _l("Clôture du vote"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    quorum_percent = DecimalField(
        _l("Quorum (participation minimale, en %)"),
        default=Decimal(int(DEFAULT_QUORUM_PERCENT)),
        places=1,
        validators=[InputRequired(), NumberRange(min=0, max=100)],
        description=_l("Fixé par la loi à 50 % pour un référendum local."),
    )
    min_age = IntegerField(
        _l("Âge minimal au dernier jour du vote"),
        default=RESIDENT_MINIMUM_AGE,
        validators=[InputRequired(), NumberRange(min=0, max=120)],
    )
    neighbourhoods = SelectMultipleField(
        _l("Quartiers consultés (consultation seulement ; aucun = toute la commune)"),
        coerce=int,
        validators=[Optional()],
    )

    def fill_from(self, votation: Votation) -> None:
        zone = _zone()
        for name in ("kind", "preset", "title", "council_decision"):
            getattr(self, name).data = getattr(votation, name)
        for name in ("easy_read", "arguments_for", "arguments_against", "min_age"):
            getattr(self, name).data = getattr(votation, name)
        self.quorum_percent.data = votation.quorum_percent
        self.opens_at.data = votation.opens_at and votation.opens_at.astimezone(zone)
        self.closes_at.data = votation.closes_at and votation.closes_at.astimezone(zone)
        self.neighbourhoods.data = votation.neighbourhood_ids
        if votation.questions:
            question = votation.questions[0]
            self.question.data = question.text
            pairs = choices_of(question)
            self.choices.data = "\n".join(label for _code, label in pairs)
            self.approve_choice.data = dict(pairs).get(question.approve_choice or "", "")

    def details(self) -> VotationDetails:
        return VotationDetails(
            kind=self.kind.data,
            preset=self.preset.data,
            title=required(self.title.data),
            question=required(self.question.data),
            choices=required(self.choices.data).splitlines(),
            approve_choice=(self.approve_choice.data or "").strip() or None,
            easy_read=self.easy_read.data or "",
            arguments_for=self.arguments_for.data or "",
            arguments_against=self.arguments_against.data or "",
            council_decision=self.council_decision.data,
            opens_at=_aware(self.opens_at.data),
            closes_at=_aware(self.closes_at.data),
            quorum_percent=required(self.quorum_percent.data),
            min_age=required(self.min_age.data),
            neighbourhood_ids=list(self.neighbourhoods.data or []),
        )


def ballot_form(votation: Votation, **kwargs: Any) -> FlaskForm:
    """One radio group per question, blank vote included."""

    class BallotForm(FlaskForm):
        pass

    for question in votation.questions:
        choices = [*choices_of(question), (BALLOT_BLANK, str(_l("Vote blanc")))]
        setattr(
            BallotForm,
            f"q{question.id}",
            RadioField(
                question.text,
                choices=choices,
                validators=[InputRequired(message=_l("Choisissez une réponse."))],
            ),
        )
    if db.session.get(VotationElection, votation.id) is not None:
        # An encrypted online vote: the ballot is made with the voter's own credential,
        # which the server never holds (docs/secrecy.md).
        BallotForm.credential = StringField(
            _l("Votre code de vote"),
            description=_l(
                "Le code reçu par courrier pour cette votation. Votre choix est chiffré "
                "avec lui avant d'être déposé dans l'urne."
            ),
            validators=[
                InputRequired(message=_l("Indiquez votre code de vote.")),
                Length(max=CREDENTIAL_MAX),
            ],
            render_kw={"autocomplete": "off", "spellcheck": "false"},
        )
    return BallotForm(**kwargs)


def answers_of(form: FlaskForm, votation: Votation) -> dict[int, str]:
    return {q.id: form[f"q{q.id}"].data for q in votation.questions}


class PaperVoterForm(FlaskForm):
    person = StringField(
        _l("Adresse e-mail ou numéro de compte de la personne"),
        validators=[InputRequired(), Length(max=254)],
    )
    polling_station = StringField(
        _l("Bureau de vote"), validators=[InputRequired(), Length(max=STATION_MAX)]
    )


class CancelBatchForm(FlaskForm):
    reason = StringField(
        _l("Raison de l'annulation"),
        validators=[InputRequired(), Length(max=REASON_MAX)],
        description=_l("Par exemple : bulletins saisis sous le mauvais bureau."),
    )


def paper_ballots_form(votation: Votation, **kwargs: Any) -> FlaskForm:
    """A count per choice, blank and spoiled, for each question."""

    class PaperBallotsForm(FlaskForm):
        # Its own id: the voter form on the same page has a polling_station field too.
        polling_station = StringField(
            _l("Bureau de vote"),
            validators=[InputRequired(), Length(max=STATION_MAX)],
            id="ballots-polling_station",
        )

    for question in votation.questions:
        options = [
            *choices_of(question),
            (BALLOT_BLANK, str(_l("Blancs"))),
            (BALLOT_NULL, str(_l("Nuls"))),
        ]
        for code, label in options:
            setattr(
                PaperBallotsForm,
                f"q{question.id}_{code}",
                IntegerField(
                    label,
                    default=0,
                    validators=[InputRequired(), NumberRange(min=0, max=100_000)],
                ),
            )
    return PaperBallotsForm(**kwargs)


def paper_counts_of(form: FlaskForm, votation: Votation) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    for question in votation.questions:
        codes = [code for code, _label in choices_of(question)] + [BALLOT_BLANK, BALLOT_NULL]
        counts[question.id] = {code: form[f"q{question.id}_{code}"].data for code in codes}
    return counts
