"""Participatory budgets in a given phase, for the budget tests (named after the phases)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask

from civic.extensions import db
from civic.models import Budget, BudgetHeading, BudgetProposal, CommuneFigure, Neighbourhood
from civic.models.budget import PHASES, PROPOSAL_FEASIBLE

DAY = timedelta(days=1)


def record_investment_budget(app: Flask, value: int = 1_000_000) -> None:
    with app.app_context():
        db.session.add(
            CommuneFigure(
                name="investment_budget",
                value=value,
                source="Budget primitif 2026",
                effective_date=date(2026, 1, 1),
            )
        )
        db.session.commit()


def dates_for(phase: str, now: datetime | None = None) -> dict[str, datetime]:
    """Phase boundaries placing ``now`` one day into ``phase`` (or before all)."""
    now = now or datetime.now(UTC)
    names = ("proposals_from", "review_from", "vote_from", "results_from", "followup_from")
    index = PHASES.index(phase)  # 0 = upcoming: every boundary in the future
    return {name: now + (i + 1 - index) * 2 * DAY - DAY for i, name in enumerate(names)}


def move_to(app: Flask, budget_id: int, phase: str) -> None:
    with app.app_context():
        budget = db.session.get(Budget, budget_id)
        assert budget is not None
        for name, value in dates_for(phase).items():
            setattr(budget, name, value)
        db.session.commit()


def make_budget(
    app: Flask, phase: str, *, amounts: tuple[int, ...] = (100_000, 60_000), **fields: Any
) -> int:
    """A budget with a city-wide heading and one per existing neighbourhood."""
    with app.app_context():
        budget = Budget(
            year=2026,
            title="Budget participatif 2026",
            investment_budget=1_000_000,
            investment_source="Budget primitif 2026",
            investment_date=date(2026, 1, 1),
            share_bp=2_000,
            envelope=200_000,
            **dates_for(phase),
            **fields,
        )
        hoods = list(db.session.scalars(db.select(Neighbourhood).order_by(Neighbourhood.name)))
        budget.headings = [BudgetHeading(name="Toute la ville", amount=amounts[0])] + [
            BudgetHeading(name=h.name, neighbourhood_id=h.id, amount=a)
            for h, a in zip(hoods, amounts[1:], strict=False)
        ]
        db.session.add(budget)
        db.session.commit()
        return budget.id


def heading_ids(app: Flask, budget_id: int) -> list[int]:
    with app.app_context():
        budget = db.session.get(Budget, budget_id)
        assert budget is not None
        return [h.id for h in budget.headings]


def add_projects(app: Flask, heading_id: int, costs: dict[str, int]) -> dict[str, int]:
    """Feasible projects (title -> cost) of a heading; returns title -> id."""
    with app.app_context():
        heading = db.session.get(BudgetHeading, heading_id)
        assert heading is not None
        made = {}
        for title, cost in costs.items():
            p = BudgetProposal(
                budget_id=heading.budget_id,
                heading_id=heading_id,
                title=title,
                description=f"Description de {title}.",
                summary=f"{title} en mots simples.",
                estimated_cost=cost,
                final_cost=cost,
                state=PROPOSAL_FEASIBLE,
            )
            db.session.add(p)
            db.session.flush()
            made[title] = p.id
        db.session.commit()
        return made


def proposal_fields(heading_id: int) -> dict[str, str]:
    """What a resident types in the proposal form (the picture apart)."""
    return {
        "heading_id": str(heading_id),
        "title": "Fresque",
        "summary": "Une fresque.",
        "description": "Sur le mur de l'école.",
        "location": "École",
        "estimated_cost": "5000",
    }
