"""Forms of the participatory budget: set-up, proposals, review, ballots, follow-up."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from civic.budget.followup import FollowupInput
from civic.budget.proposals import ProposalInput, ReviewInput
from civic.budget.setup import BudgetInput, HeadingRules
from civic.models import Budget, BudgetHeading, BudgetProposal
from civic.models.budget import (
    BALLOT_APPROVAL,
    BALLOT_K_APPROVAL,
    EXPENSE_INVESTMENT,
    EXPENSE_OPERATING,
    FOLLOWUP_ABANDONED,
    FOLLOWUP_DONE,
    FOLLOWUP_IN_PROGRESS,
    FOLLOWUP_PLANNED,
    PROPOSAL_FEASIBLE,
    PROPOSAL_MERGED,
    PROPOSAL_UNFEASIBLE,
)

MONEY_MAX = 10**12
RULE_LABELS = {
    "greedy": _l("Les plus votés d'abord, tant que l'argent suffit"),
    "mes": _l("Partage équitable : chaque votant a la même part de l'argent"),
    "mes+greedy": _l("Partage équitable, puis les plus votés avec l'argent qui reste"),
    "mes+add1": _l("Partage équitable, parts augmentées pas à pas (règle « +1 »)"),
}
FORMAT_LABELS = {
    BALLOT_APPROVAL: _l("Approbation dans la limite du montant de la rubrique"),
    BALLOT_K_APPROVAL: _l("Approbation d'au plus k projets"),
}
FOLLOWUP_LABELS = {
    FOLLOWUP_PLANNED: _l("Prévu"),
    FOLLOWUP_IN_PROGRESS: _l("En cours"),
    FOLLOWUP_DONE: _l("Réalisé"),
    FOLLOWUP_ABANDONED: _l("Abandonné"),
}
STATE_LABELS = {
    "submitted": _l("En attente d'examen"),
    PROPOSAL_FEASIBLE: _l("Réalisable : soumis au vote"),
    PROPOSAL_UNFEASIBLE: _l("Non réalisable"),
    PROPOSAL_MERGED: _l("Fusionnée"),
}
PHASE_LABELS = {
    "upcoming": _l("À venir"),
    "proposals": _l("Dépôt des propositions"),
    "review": _l("Examen des propositions"),
    "vote": _l("Vote"),
    "results": _l("Résultats"),
    "followup": _l("Suivi des projets"),
}


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _aware(value: datetime) -> datetime:
    """The form speaks the commune's local time; services speak UTC."""
    return value.replace(tzinfo=_zone())


def _local(value: datetime) -> datetime:
    return value.astimezone(_zone()).replace(tzinfo=None)


def _when(label: Any) -> DateTimeLocalField:
    return DateTimeLocalField(label, format="%Y-%m-%dT%H:%M", validators=[InputRequired()])


DATE_FIELDS = ("proposals_from", "review_from", "vote_from", "results_from", "followup_from")


class BudgetForm(FlaskForm):
    year = IntegerField(_l("Année"), validators=[InputRequired(), NumberRange(2000, 2200)])
    title = StringField(_l("Titre"), validators=[InputRequired(), Length(max=200)])
    share_percent = DecimalField(
        _l("Part du budget d'investissement (%)"),
        places=2,
        validators=[InputRequired(), NumberRange(0, 100)],
        description=_l("Au moins 10 % ; l'objectif est 25 %."),
    )
    proposals_from = _when(_l("Ouverture des propositions"))
    review_from = _when(_l("Début de l'examen (fin des propositions)"))
    vote_from = _when(_l("Ouverture du vote"))
    results_from = _when(_l("Clôture du vote (résultats)"))
    followup_from = _when(_l("Début du suivi des projets"))
    minimum_support = BooleanField(
        _l(
            "Écarter les projets trop peu soutenus (règle de Świecie : part des votants "
            "inférieure au coût divisé par trois fois le montant)"
        )
    )
    council_vote = BooleanField(
        _l("Les conseils de quartier votent aussi sur les projets de leur rubrique")
    )

    def fill_from(self, budget: Budget) -> None:
        self.year.data = budget.year
        self.title.data = budget.title
        self.share_percent.data = Decimal(budget.share_bp) / 100
        for name in DATE_FIELDS:
            self[name].data = _local(getattr(budget, name))
        self.minimum_support.data = budget.minimum_support
        self.council_vote.data = budget.council_vote

    def details(self) -> BudgetInput:
        return BudgetInput(
            year=self.year.data or 0,
            title=self.title.data or "",
            share_bp=int((self.share_percent.data or 0) * 100),
            minimum_support=bool(self.minimum_support.data),
            council_vote=bool(self.council_vote.data),
            **{name: _aware(self[name].data) for name in DATE_FIELDS},
        )


def amounts_form(budget: Budget, **kwargs: Any) -> FlaskForm:
    class AmountsForm(FlaskForm):
        pass

    for heading in budget.headings:
        setattr(
            AmountsForm,
            f"h{heading.id}",
            IntegerField(
                heading.name,
                default=heading.amount,
                validators=[InputRequired(), NumberRange(0, MONEY_MAX)],
            ),
        )
    return AmountsForm(**kwargs)


def amounts_of(form: FlaskForm, budget: Budget) -> dict[int, int]:
    return {h.id: form[f"h{h.id}"].data for h in budget.headings}


class SplitForm(FlaskForm):
    city_share = IntegerField(
        _l("Part de la rubrique « Toute la ville » (%)"),
        default=40,
        validators=[InputRequired(), NumberRange(0, 100)],
        description=_l("Le reste est réparti entre les quartiers selon leur population."),
    )


class HeadingRulesForm(FlaskForm):
    ballot_format = SelectField(_l("Bulletin"), choices=list(FORMAT_LABELS.items()))
    max_projects = IntegerField(
        _l("Nombre maximum de projets (k)"), validators=[Optional(), NumberRange(1, 1000)]
    )
    min_projects = IntegerField(
        _l("Nombre minimum de projets"), default=0, validators=[Optional(), NumberRange(0, 1000)]
    )
    rule = SelectField(_l("Règle de calcul"), choices=list(RULE_LABELS.items()))
    add1_step = IntegerField(
        _l("Pas de la méthode « +1 » (€ par votant)"),
        default=1,
        validators=[Optional(), NumberRange(1, MONEY_MAX)],
    )

    def fill_from(self, heading: BudgetHeading) -> None:
        self.ballot_format.data = heading.ballot_format
        self.max_projects.data = heading.max_projects
        self.min_projects.data = heading.min_projects
        self.rule.data = heading.rule
        self.add1_step.data = heading.add1_step

    def details(self) -> HeadingRules:
        return HeadingRules(
            ballot_format=self.ballot_format.data or "",
            max_projects=self.max_projects.data,
            min_projects=self.min_projects.data or 0,
            rule=self.rule.data or "",
            add1_step=self.add1_step.data or 1,
        )


class ProposalForm(FlaskForm):
    heading_id = SelectField(_l("Rubrique"), coerce=int, validators=[InputRequired()])
    title = StringField(_l("Titre du projet"), validators=[InputRequired(), Length(max=200)])
    summary = TextAreaField(
        _l("Résumé en mots simples"),
        validators=[InputRequired(), Length(max=500)],
        description=_l("Deux ou trois phrases courtes, compréhensibles par toutes et tous."),
    )
    description = TextAreaField(_l("Description"), validators=[InputRequired(), Length(max=10_000)])
    location = StringField(_l("Lieu"), validators=[Optional(), Length(max=200)])
    estimated_cost = IntegerField(
        _l("Coût estimé (€)"), validators=[InputRequired(), NumberRange(1, MONEY_MAX)]
    )
    image = FileField(_l("Image (facultative)"), description=_l("PNG, JPEG ou WebP, 2 Mo au plus."))

    def details(self) -> ProposalInput:
        return ProposalInput(
            heading_id=self.heading_id.data or 0,
            title=self.title.data or "",
            description=self.description.data or "",
            summary=self.summary.data or "",
            location=self.location.data or "",
            estimated_cost=self.estimated_cost.data or 0,
        )


def proposal_form(budget: Budget, **kwargs: Any) -> ProposalForm:
    form = ProposalForm(**kwargs)
    form.heading_id.choices = [(h.id, h.name) for h in budget.headings]
    return form


class ReviewForm(FlaskForm):
    decision = SelectField(
        _l("Décision"),
        choices=[
            (PROPOSAL_FEASIBLE, _l("Réalisable")),
            (PROPOSAL_UNFEASIBLE, _l("Non réalisable")),
            (PROPOSAL_MERGED, _l("Doublon : fusionner")),
        ],
    )
    reason = TextAreaField(_l("Raison (publique)"), validators=[Optional(), Length(max=1000)])
    final_cost = IntegerField(
        _l("Coût final (€)"), validators=[Optional(), NumberRange(1, MONEY_MAX)]
    )
    expense_kind = SelectField(
        _l("Type de dépense"),
        choices=[
            (EXPENSE_INVESTMENT, _l("Investissement")),
            (EXPENSE_OPERATING, _l("Fonctionnement (non éligible)")),
        ],
    )
    merge_into_id = SelectField(_l("Fusionner avec"), coerce=int, validators=[Optional()])
    # The review shown on the page ("" if none): a decision taken meanwhile by someone
    # else is not overwritten unseen.
    reviewed_at_seen = HiddenField()

    def details(self) -> ReviewInput:
        try:
            seen = datetime.fromisoformat(self.reviewed_at_seen.data or "")
        except ValueError:
            seen = None
        return ReviewInput(
            decision=self.decision.data or "",
            reason=self.reason.data or "",
            final_cost=self.final_cost.data,
            expense_kind=self.expense_kind.data or "",
            merge_into_id=self.merge_into_id.data or None,
            reviewed_at_seen=seen,
        )


def review_form(proposal: BudgetProposal, others: list[BudgetProposal], **kw: Any) -> ReviewForm:
    form = ReviewForm(prefix=f"p{proposal.id}", **kw)
    form.merge_into_id.choices = [(0, "—")] + [
        (p.id, p.title)
        for p in others
        if p.id != proposal.id and p.heading_id == proposal.heading_id
    ]
    return form


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BallotForm(FlaskForm):
    projects = MultiCheckboxField(_l("Projets"), coerce=int, validate_choice=False)


def ballot_form(projects: list[BudgetProposal], **kwargs: Any) -> BallotForm:
    form = BallotForm(**kwargs)
    form.projects.choices = [(p.id, p.title) for p in projects]
    return form


class PaperBallotForm(BallotForm):
    family_name = StringField(_l("Nom de famille"), validators=[InputRequired(), Length(max=120)])
    given_names = StringField(_l("Prénoms"), validators=[InputRequired(), Length(max=160)])
    birth_date = DateField(_l("Date de naissance"), validators=[InputRequired()])
    neighbourhood_id = SelectField(_l("Quartier de résidence"), coerce=int)


class FollowupForm(FlaskForm):
    status = SelectField(_l("Statut"), choices=list(FOLLOWUP_LABELS.items()))
    reason = TextAreaField(
        _l("Raison ou commentaire (public)"), validators=[Optional(), Length(max=1000)]
    )
    spent = IntegerField(
        _l("Dépensé à ce jour (€)"),
        default=0,
        validators=[InputRequired(), NumberRange(0, MONEY_MAX)],
    )

    def details(self) -> FollowupInput:
        return FollowupInput(
            status=self.status.data or "", reason=self.reason.data or "", spent=self.spent.data or 0
        )
