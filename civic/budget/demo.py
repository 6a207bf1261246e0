"""Demo participatory budgets: last year's, finished (city-wide and neighbourhood
headings, a few hundred ballots, results under the Method of Equal Shares with their
explanations, follow-up statuses), and this year's, open for proposals.

Generated, not copied from pabulib, so the demo needs nothing outside the repository.
Ballots go in with bulk inserts; the tally is the same code the background job runs.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from civic.budget import results
from civic.budget.setup import last_vote_day, split_amounts
from civic.commune.services import current_figure, neighbourhoods
from civic.core.electorate import Electorate
from civic.electorate import account_filter
from civic.extensions import db
from civic.models import Budget, BudgetBallot, BudgetChoice, BudgetHeading, BudgetProposal, User
from civic.models.accounts import VERIFIED_LEVELS
from civic.models.budget import (
    FOLLOWUP_STATES,
    PROPOSAL_FEASIBLE,
    PROPOSAL_UNFEASIBLE,
)
from civic.models.commune import FIGURE_INVESTMENT_BUDGET, CommuneFigure

MARKER = "Budget participatif (démonstration)"
DAY = timedelta(days=1)
CITY_PROJECTS = [
    ("Pistes cyclables entre les quartiers", 180_000),
    ("Rénovation du skatepark", 95_000),
    ("Forêt urbaine au parc de la Mairie", 120_000),
    ("Toilettes publiques accessibles", 60_000),
    ("Fontaines à eau potable", 35_000),
    ("Tiers-lieu numérique à la médiathèque", 140_000),
    ("Parcours sportif en plein air", 70_000),
    ("Abris à vélos sécurisés", 45_000),
    ("Jardins partagés sur les toits", 150_000),
    ("Éclairage solaire des chemins", 85_000),
]
LOCAL_PROJECTS = [
    ("Aire de jeux", 40_000),
    ("Bancs et ombrages", 12_000),
    ("Boîtes à livres", 3_000),
    ("Plantation d'arbres", 18_000),
    ("Ralentisseurs devant l'école", 25_000),
]
STATUS_REASONS = {"abandoned": "Le terrain s'est révélé inondable ; le montant revient au budget."}


def seed(now: datetime, summary: list[str]) -> None:
    if db.session.scalar(select(Budget.id).where(Budget.title.startswith(MARKER))):
        return
    figure = current_figure(FIGURE_INVESTMENT_BUDGET, now.date())
    if figure is None:
        return
    rng = random.Random(2025)  # nosec B311  # demo data, reproducible from a fixed seed
    # A budget is named for the year it is voted in: this one opened ten days ago, and
    # the previous one ran within its own year (proposals from March, results in June),
    # whatever the day the demo is seeded.
    opened = now - 10 * DAY
    year = (opened + 60 * DAY).year
    last_spring = datetime(year - 1, 3, 1, 8, tzinfo=UTC)
    finished = _budget(figure, year - 1, last_spring, rng, share_bp=1_500)
    voters = _vote(finished, rng)
    results.store_outcomes(
        finished.id,
        {p.heading_id: results.compute(p) for p in results.tally_plans(finished.id)},
        finished.results_from + DAY,
    )
    _follow_up(finished, rng, now)
    current = _budget(figure, year, opened, rng, share_bp=2_000, proposals=False)
    _proposals(current, rng, now, feasible_share=0.0, per_heading=2)
    summary.append(
        f"participatory budgets: {finished.year} finished ({voters} ballots, MES results), "
        f"{current.year} open for proposals"
    )


def _budget(
    figure: CommuneFigure,
    year: int,
    start: datetime,
    rng: random.Random,
    *,
    share_bp: int,
    proposals: bool = True,
) -> Budget:
    budget = Budget(
        year=year,
        title=f"{MARKER} {year}",
        investment_budget=figure.value,
        investment_source=figure.source,
        investment_date=figure.effective_date,
        share_bp=share_bp,
        envelope=figure.value * share_bp // 10_000,
        proposals_from=start,
        review_from=start + 30 * DAY,
        vote_from=start + 60 * DAY,
        results_from=start + 90 * DAY,
        followup_from=start + 100 * DAY,
        minimum_support=False,
        created_at=start - 10 * DAY,
    )
    budget.headings = [BudgetHeading(name="Toute la ville", rule="mes+greedy")] + [
        BudgetHeading(name=h.name, neighbourhood_id=h.id, rule="mes") for h in neighbourhoods()
    ]
    db.session.add(budget)
    db.session.flush()
    for heading_id, amount in split_amounts(budget, 4_000).items():
        next(h for h in budget.headings if h.id == heading_id).amount = amount
    if proposals:
        _proposals(budget, rng, start + DAY, feasible_share=0.9, per_heading=None)
    db.session.flush()
    return budget


def _proposals(
    budget: Budget,
    rng: random.Random,
    when: datetime,
    *,
    feasible_share: float,
    per_heading: int | None,
) -> None:
    authors = list(
        db.session.scalars(select(User.id).where(User.verification.in_(VERIFIED_LEVELS)).limit(50))
    )
    for heading in budget.headings:
        catalogue = CITY_PROJECTS if heading.neighbourhood_id is None else LOCAL_PROJECTS
        for title, cost in catalogue[:per_heading]:
            cost = min(cost, heading.amount)
            name = title if heading.neighbourhood_id is None else f"{title} — {heading.name}"
            feasible = rng.random() < feasible_share
            db.session.add(
                BudgetProposal(
                    budget_id=budget.id,
                    heading_id=heading.id,
                    author_id=rng.choice(authors) if authors else None,
                    title=name,
                    description=f"{title}. Proposition d'habitants, chiffrée avec les services.",
                    summary=f"{title} : un projet pour {heading.name}.",
                    location=heading.name,
                    estimated_cost=cost,
                    final_cost=cost if feasible else None,
                    created_at=when,
                    state=PROPOSAL_FEASIBLE
                    if feasible
                    else (PROPOSAL_UNFEASIBLE if feasible_share else "submitted"),
                    review_reason=None
                    if feasible or not feasible_share
                    else ("Le terrain n'appartient pas à la commune."),
                    reviewed_at=when + 35 * DAY if feasible_share else None,
                )
            )


def _vote(budget: Budget, rng: random.Random) -> int:
    """Most verified residents 16+ vote in the city-wide heading and their own one."""
    voters = account_filter(Electorate(minimum_age=budget.min_age), last_vote_day(budget))
    people = db.session.execute(
        select(User.id, User.identity_key, User.neighbourhood_id).where(*voters)
    ).all()
    projects: dict[int, list[BudgetProposal]] = {}
    for each in budget.headings:
        projects[each.id] = list(
            db.session.scalars(
                select(BudgetProposal).where(
                    BudgetProposal.heading_id == each.id,
                    BudgetProposal.state == PROPOSAL_FEASIBLE,
                )
            )
        )
    appeal = {p.id: rng.random() for ps in projects.values() for p in ps}
    by_hood = {h.neighbourhood_id: h for h in budget.headings}
    rows, choices = [], []
    for person in people:
        if rng.random() > 0.8:
            continue
        for heading in (by_hood[None], by_hood.get(person.neighbourhood_id)):
            if heading is None or not projects[heading.id]:
                continue
            chosen = [p for p in projects[heading.id] if rng.random() < appeal[p.id]]
            while sum(p.cost for p in chosen) > heading.amount:
                chosen.pop(rng.randrange(len(chosen)))
            if not chosen:
                continue
            rows.append(
                {
                    "heading_id": heading.id,
                    "identity_key": person.identity_key,
                    "voter_id": person.id,
                    "channel": "online",
                    "cast_at": budget.vote_from + rng.random() * 29 * DAY,
                }
            )
            choices.append([p.id for p in chosen])
    if not rows:
        return 0
    ids = db.session.scalars(
        insert(BudgetBallot).returning(BudgetBallot.id, sort_by_parameter_order=True), rows
    ).all()
    db.session.execute(
        insert(BudgetChoice),
        [
            {"ballot_id": b, "proposal_id": p}
            for b, ps in zip(ids, choices, strict=True)
            for p in ps
        ],
    )
    return len(rows)


def _follow_up(budget: Budget, rng: random.Random, now: datetime) -> None:
    funded = db.session.scalars(
        select(BudgetProposal).where(
            BudgetProposal.budget_id == budget.id, BudgetProposal.selected.is_(True)
        )
    ).all()
    for n, proposal in enumerate(funded):
        status = FOLLOWUP_STATES[n % len(FOLLOWUP_STATES)]
        proposal.followup_status = status
        proposal.followup_reason = STATUS_REASONS.get(status)
        share = {"planned": 0.0, "in_progress": rng.uniform(0.2, 0.7), "done": 1.0}.get(
            status, 0.05
        )
        proposal.spent = int(proposal.cost * share)
        proposal.followup_updated_at = now - rng.randrange(1, 60) * DAY
    db.session.flush()
