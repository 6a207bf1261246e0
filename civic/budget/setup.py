"""Budget set-up (admin): the envelope, the phases' dates, the headings and their rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.commune.services import current_figure, neighbourhoods
from civic.core.budget import ballot
from civic.electorate import local_day
from civic.extensions import db
from civic.models import Budget, BudgetHeading, User
from civic.models.budget import (
    BALLOT_K_APPROVAL,
    HEADING_RULES,
    PHASE_FOLLOWUP,
    PHASE_PROPOSALS,
    PHASE_RESULTS,
    PHASE_REVIEW,
    PHASE_UPCOMING,
    PHASE_VOTE,
    SHARE_MIN_BP,
)
from civic.models.commune import FIGURE_INVESTMENT_BUDGET
from civic.services import Refused, within_limit

TITLE_MAX = 200


def phase_of(budget: Budget, now: datetime) -> str:
    """The phase in force at ``now``: each one runs from its date to the next one's."""
    if now < budget.proposals_from:
        return PHASE_UPCOMING
    if now < budget.review_from:
        return PHASE_PROPOSALS
    if now < budget.vote_from:
        return PHASE_REVIEW
    if now < budget.results_from:
        return PHASE_VOTE
    if now < budget.followup_from:
        return PHASE_RESULTS
    return PHASE_FOLLOWUP


def last_vote_day(budget: Budget) -> date:
    """The day of the vote's last instant (ages are counted on that day)."""
    return local_day(budget.results_from - timedelta(microseconds=1))


def vote_has_opened(budget: Budget, now: datetime) -> bool:
    return now >= budget.vote_from


def get_budget(budget_id: int) -> Budget | None:
    return db.session.get(Budget, budget_id)


def all_budgets() -> list[Budget]:
    return list(db.session.scalars(select(Budget).order_by(Budget.year.desc(), Budget.id.desc())))


@dataclass(frozen=True)
class BudgetInput:
    year: int
    title: str
    share_bp: int
    proposals_from: datetime
    review_from: datetime
    vote_from: datetime
    results_from: datetime
    followup_from: datetime
    minimum_support: bool = False
    council_vote: bool = False


def _check_input(data: BudgetInput) -> None:
    if data.share_bp < SHARE_MIN_BP:
        raise Refused(
            _("La part du budget d'investissement doit être d'au moins 10 %."), "share_percent"
        )
    if data.share_bp > 10_000:
        raise Refused(_("La part ne peut pas dépasser 100 %."), "share_percent")
    dates = [
        data.proposals_from,
        data.review_from,
        data.vote_from,
        data.results_from,
        data.followup_from,
    ]
    if any(later <= earlier for earlier, later in zip(dates, dates[1:], strict=False)):
        raise Refused(
            _("Les dates doivent se suivre : propositions, examen, vote, résultats, puis suivi."),
            "review_from",
        )


def create_budget(data: BudgetInput, *, actor: User, now: datetime) -> Budget:
    """A new yearly budget: envelope = investment budget in force x share; a city-wide
    heading and one per neighbourhood (amounts 0 until the admin sets them)."""
    _check_input(data)
    figure = current_figure(FIGURE_INVESTMENT_BUDGET, local_day(now))
    if figure is None:
        raise Refused(
            _("Enregistrez d'abord le budget d'investissement de la commune (Administration).")
        )
    budget = Budget(
        year=data.year,
        title=within_limit(data.title, TITLE_MAX, "title"),
        investment_budget=figure.value,
        investment_source=figure.source,
        investment_date=figure.effective_date,
        created_at=now,
        created_by_id=actor.id,
    )
    _apply(budget, data)
    budget.headings = [BudgetHeading(name=_("Toute la ville"))] + [
        BudgetHeading(name=hood.name, neighbourhood_id=hood.id) for hood in neighbourhoods()
    ]
    db.session.add(budget)
    db.session.flush()
    audit.record(
        actor=actor,
        action="budget.created",
        object_type="budget",
        object_id=budget.id,
        after=budget_dict(budget),
        now=now,
    )
    db.session.commit()
    return budget


def _apply(budget: Budget, data: BudgetInput) -> None:
    budget.year = data.year
    budget.title = within_limit(data.title, TITLE_MAX, "title")
    budget.share_bp = data.share_bp
    budget.envelope = budget.investment_budget * data.share_bp // 10_000
    budget.proposals_from = data.proposals_from
    budget.review_from = data.review_from
    budget.vote_from = data.vote_from
    budget.results_from = data.results_from
    budget.followup_from = data.followup_from
    budget.minimum_support = data.minimum_support
    budget.council_vote = data.council_vote


def update_budget(budget_id: int, data: BudgetInput, *, actor: User, now: datetime) -> Budget:
    """Change the share, dates or options; the envelope and the rules freeze when the
    vote opens (later dates may still move, e.g. to extend the follow-up)."""
    budget = _budget(budget_id)
    _check_input(data)
    if vote_has_opened(budget, now) and (
        data.share_bp != budget.share_bp
        or data.vote_from != budget.vote_from
        or data.minimum_support != budget.minimum_support
    ):
        raise Refused(_("Le vote est ouvert : l'enveloppe et les règles ne changent plus."))
    before = budget_dict(budget)
    _apply(budget, data)
    if sum(h.amount for h in budget.headings) > budget.envelope:
        raise Refused(
            _("Les rubriques dépassent la nouvelle enveloppe : réduisez-les d'abord."),
            "share_percent",
        )
    audit.record(
        actor=actor,
        action="budget.updated",
        object_type="budget",
        object_id=budget.id,
        before=before,
        after=budget_dict(budget),
        now=now,
    )
    db.session.commit()
    return budget


def _budget(budget_id: int) -> Budget:
    budget = db.session.get(Budget, budget_id)
    if budget is None:
        raise Refused(_("Budget introuvable."))
    return budget


def budget_dict(budget: Budget) -> dict[str, object]:
    return {
        "year": budget.year,
        "title": budget.title,
        "share_bp": budget.share_bp,
        "envelope": budget.envelope,
        "investment_budget": budget.investment_budget,
        "dates": [
            budget.proposals_from.isoformat(),
            budget.review_from.isoformat(),
            budget.vote_from.isoformat(),
            budget.results_from.isoformat(),
            budget.followup_from.isoformat(),
        ],
        "minimum_support": budget.minimum_support,
        "council_vote": budget.council_vote,
    }


def split_by_population(total: int, populations: dict[int, int]) -> dict[int, int]:
    """Split ``total`` euros in proportion to ``populations`` (largest remainders, so
    the parts add up to the total exactly; ties to the smaller key)."""
    people = sum(populations.values())
    if people <= 0:
        return dict.fromkeys(populations, 0)
    parts = {key: total * pop // people for key, pop in populations.items()}
    left = total - sum(parts.values())
    by_remainder = sorted(populations, key=lambda k: (-(total * populations[k] % people), k))
    for key in by_remainder[:left]:
        parts[key] += 1
    return parts


def split_amounts(budget: Budget, city_share_bp: int) -> dict[int, int]:
    """Heading amounts: thematic headings keep theirs; of the rest of the envelope, the
    city-wide heading gets its share, the neighbourhoods the rest by population."""
    thematic = {h.id: h.amount for h in budget.headings if h.thematic}
    left = max(0, budget.envelope - sum(thematic.values()))
    city_total = left * city_share_bp // 10_000
    hoods = {h.id: h.neighbourhood.population for h in budget.headings if h.neighbourhood}
    amounts = split_by_population(left - city_total, hoods) | thematic
    for heading in budget.headings:
        if heading.neighbourhood_id is None and not heading.thematic:
            amounts[heading.id] = city_total
    return amounts


def set_heading_amounts(
    budget_id: int, amounts: dict[int, int], *, actor: User, now: datetime
) -> Budget:
    """Set the amounts of the headings (before the vote); their sum fits the envelope."""
    budget = _budget(budget_id)
    if vote_has_opened(budget, now):
        raise Refused(_("Le vote est ouvert : les montants des rubriques ne changent plus."))
    if any(value < 0 for value in amounts.values()):
        raise Refused(_("Un montant ne peut pas être négatif."))
    headings = {h.id: h for h in budget.headings}
    if not set(amounts) <= set(headings):
        raise Refused(_("Rubrique inconnue."))
    before = {h.name: h.amount for h in budget.headings}
    for heading_id, value in amounts.items():
        headings[heading_id].amount = value
    total = sum(h.amount for h in budget.headings)
    if total > budget.envelope:
        raise Refused(
            _(
                "Les rubriques totalisent %(total)s €, plus que l'enveloppe (%(envelope)s €).",
                total=total,
                envelope=budget.envelope,
            )
        )
    audit.record(
        actor=actor,
        action="budget.amounts_set",
        object_type="budget",
        object_id=budget.id,
        before=before,
        after={h.name: h.amount for h in budget.headings},
        now=now,
    )
    db.session.commit()
    return budget


@dataclass(frozen=True)
class HeadingRules:
    ballot_format: str
    max_projects: int | None
    min_projects: int
    rule: str
    add1_step: int


def set_heading_rules(heading_id: int, data: HeadingRules, *, actor: User, now: datetime) -> None:
    """Ballot format and tallying rule of a heading: chosen before the vote opens, and
    published with it."""
    heading = db.session.get(BudgetHeading, heading_id)
    if heading is None:
        raise Refused(_("Rubrique introuvable."))
    if vote_has_opened(heading.budget, now):
        raise Refused(_("Le vote est ouvert : la règle de calcul est publiée et ne change plus."))
    problem = ballot.rules_problem(data.ballot_format, data.max_projects, data.min_projects)
    if problem == ballot.UNKNOWN_FORMAT:
        raise Refused(_("Format de bulletin inconnu."), "ballot_format")
    if data.rule not in HEADING_RULES:
        raise Refused(_("Règle de calcul inconnue."), "rule")
    if problem == ballot.NO_K:
        raise Refused(_("Indiquez le nombre maximum de projets (k)."), "max_projects")
    if problem == ballot.MINIMUM_ABOVE_K:
        raise Refused(_("Le minimum dépasse le maximum de projets."), "min_projects")
    if data.add1_step < 1:
        raise Refused(_("Le pas doit être d'au moins 1 €."), "add1_step")
    before = heading_rules_dict(heading)
    heading.ballot_format = data.ballot_format
    heading.max_projects = data.max_projects if data.ballot_format == BALLOT_K_APPROVAL else None
    heading.min_projects = data.min_projects
    heading.rule = data.rule
    heading.add1_step = data.add1_step
    audit.record(
        actor=actor,
        action="budget.heading_rules_set",
        object_type="budget_heading",
        object_id=heading.id,
        before=before,
        after=heading_rules_dict(heading),
        now=now,
    )
    db.session.commit()


def heading_rules_dict(heading: BudgetHeading) -> dict[str, object]:
    return {
        "ballot_format": heading.ballot_format,
        "max_projects": heading.max_projects,
        "min_projects": heading.min_projects,
        "rule": heading.rule,
        "add1_step": heading.add1_step,
    }
