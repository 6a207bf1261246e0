"""Forms of the legal track's votations: the organising deliberation, a station's report."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from civic.models.votation_legal import NUMBER_MAX, OBSERVATION_MAX, SUBJECT_MAX
from civic.models.votations import BALLOT_BLANK, BALLOT_NULL, Votation
from civic.votations.legal import DeliberationDetails
from civic.votations.stations import ReportDetails
from civic.votations.voting import PAPER_COUNT_MAX, STATION_MAX, choices_of

_COUNT = [InputRequired(), NumberRange(min=0, max=PAPER_COUNT_MAX)]


class DeliberationForm(FlaskForm):
    subject = StringField(
        _l("Objet soumis aux électeurs"),
        validators=[InputRequired(), Length(max=SUBJECT_MAX)],
        description=_l(
            "Tel que la délibération le nomme : deux votes sur le même objet sont séparés "
            "d'un an au moins (CGCT LO 1112-6, L1112-21)."
        ),
    )
    number = StringField(
        _l("Numéro de la délibération"), validators=[InputRequired(), Length(max=NUMBER_MAX)]
    )
    adopted_on = DateField(_l("Date de la délibération"), validators=[InputRequired()])
    transmitted_on = DateField(
        _l("Date de transmission au préfet"),
        validators=[Optional()],
        description=_l(
            "Le scrutin a lieu deux mois au moins après (CGCT LO 1112-3, L1112-17) ; pour un "
            "référendum, la transmission se fait dans les huit jours."
        ),
    )

    # Choices: civic.votations.same_subject.choices (the view sets them).
    same_subject_as_id = SelectField(
        _l("Même objet qu'un vote antérieur"),
        coerce=lambda value: "" if value is None else str(value),
        validate_choice=False,  # the service checks the vote against the list
        description=_l(
            "Si cet objet a déjà été soumis aux électeurs de la commune, même formulé "
            "autrement, choisissez ce vote : le délai d'un an s'applique (CGCT LO 1112-6, "
            "L1112-21)."
        ),
    )

    def details(self) -> DeliberationDetails:
        chosen = (self.same_subject_as_id.data or "").strip()
        return DeliberationDetails(
            subject=self.subject.data or "",
            number=self.number.data or "",
            adopted_on=self.adopted_on.data,
            transmitted_on=self.transmitted_on.data,
            # Not a number is no vote of the list: the service refuses it by name.
            same_subject_as_id=int(chosen) if chosen.isdigit() else (-1 if chosen else None),
        )


def station_report_form(votation: Votation, **kwargs: Any) -> FlaskForm:
    """A station's report: registered, voters, then per question each choice, blank, spoiled."""

    class StationReportForm(FlaskForm):
        polling_station = StringField(
            _l("Bureau de vote"), validators=[InputRequired(), Length(max=STATION_MAX)]
        )
        registered = IntegerField(_l("Électeurs inscrits"), validators=_COUNT)
        voters = IntegerField(_l("Votants (émargements)"), validators=_COUNT)
        observation = TextAreaField(
            _l("Observations du procès-verbal"),
            validators=[Optional(), Length(max=OBSERVATION_MAX)],
            description=_l("Obligatoire si les bulletins dépouillés diffèrent des votants."),
        )

    for question in votation.questions:
        options = [
            *choices_of(question),
            (BALLOT_BLANK, str(_l("Bulletins blancs"))),
            (BALLOT_NULL, str(_l("Bulletins nuls"))),
        ]
        for code, label in options:
            setattr(
                StationReportForm,
                f"q{question.id}_{code}",
                IntegerField(label, default=0, validators=_COUNT),
            )
    return StationReportForm(**kwargs)


def report_details(form: FlaskForm, votation: Votation) -> ReportDetails:
    counts: dict[int, dict[str, int]] = {}
    for question in votation.questions:
        codes = [code for code, _label in choices_of(question)] + [BALLOT_BLANK, BALLOT_NULL]
        counts[question.id] = {code: form[f"q{question.id}_{code}"].data or 0 for code in codes}
    return ReportDetails(
        polling_station=form.polling_station.data or "",
        registered=form.registered.data or 0,
        voters=form.voters.data or 0,
        counts=counts,
        observation=form.observation.data or "",
    )
