"""The participatory budgets as open data (``/api/v1/budgets``)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import func, select

from civic.budget.setup import all_budgets, get_budget, phase_of
from civic.extensions import db
from civic.models import Budget, BudgetBallot, BudgetChoice, BudgetProposal


def budget_summary(budget: Budget, now: datetime) -> dict[str, Any]:
    return {
        "id": budget.id,
        "year": budget.year,
        "title": budget.title,
        "envelope": budget.envelope,
        "currency": "EUR",
        "share_of_investment_budget": budget.share_bp / 10_000,
        "investment_budget": {
            "value": budget.investment_budget,
            "source": budget.investment_source,
            "date": budget.investment_date.isoformat(),
        },
        "phase": phase_of(budget, now),
        "dates": {
            "proposals": budget.proposals_from.isoformat(),
            "review": budget.review_from.isoformat(),
            "vote": budget.vote_from.isoformat(),
            "results": budget.results_from.isoformat(),
            "followup": budget.followup_from.isoformat(),
        },
        "url": url_for("api.budget", budget_id=budget.id, _external=True),
    }


def budgets_as_open_data(now: datetime) -> list[dict[str, Any]]:
    return [budget_summary(b, now) for b in all_budgets()]


def budget_as_open_data(budget_id: int, now: datetime) -> dict[str, Any] | None:
    budget = get_budget(budget_id)
    if budget is None:
        return None
    approvals = dict(
        db.session.execute(
            select(BudgetChoice.proposal_id, func.count())
            .join(BudgetProposal, BudgetProposal.id == BudgetChoice.proposal_id)
            .where(BudgetProposal.budget_id == budget.id)
            .group_by(BudgetChoice.proposal_id)
        ).all()
    )
    voters = dict(
        db.session.execute(
            select(BudgetBallot.heading_id, func.count())
            .where(BudgetBallot.heading_id.in_([h.id for h in budget.headings]))
            .group_by(BudgetBallot.heading_id)
        ).all()
    )
    phase = phase_of(budget, now)
    show_votes = budget.tallied_at is not None  # counts stay private until the results
    projects: dict[int, list[dict[str, Any]]] = {h.id: [] for h in budget.headings}
    for p in db.session.scalars(
        select(BudgetProposal)
        .where(BudgetProposal.budget_id == budget.id)
        .order_by(BudgetProposal.id)
    ):
        projects[p.heading_id].append(
            {
                "id": p.id,
                "title": p.title,
                "summary": p.summary,
                "location": p.location,
                "estimated_cost": p.estimated_cost,
                "cost": p.cost,
                "review": {"state": p.state, "reason": p.review_reason},
                "expense_kind": p.expense_kind,
                "merged_into": p.merged_into_id,
                "approvals": approvals.get(p.id, 0) if show_votes else None,
                "selected": p.selected if show_votes else None,
                "status": p.followup_status if show_votes else None,
                "status_reason": p.followup_reason if show_votes else None,
                "spent": p.spent if show_votes else None,
            }
        )
    headings = []
    for h in budget.headings:
        outcome = json.loads(h.result_json) if h.result_json else None
        headings.append(
            {
                "id": h.id,
                "name": h.name,
                "neighbourhood": h.neighbourhood.name if h.neighbourhood else None,
                "thematic": h.thematic,
                "amount": h.amount,
                "ballot": {
                    "format": h.ballot_format,
                    "max_projects": h.max_projects,
                    "min_projects": h.min_projects,
                },
                "rule": {"name": h.rule, "add1_step": h.add1_step},
                "voters": voters.get(h.id, 0) if show_votes else None,
                "winners": outcome["selected"] if outcome else None,
                "outcome": outcome,
                "projects": projects[h.id],
                "pb_file": (
                    url_for("budget.pb_file", budget_id=budget.id, heading_id=h.id, _external=True)
                    if phase in ("results", "followup")
                    else None
                ),
            }
        )
    return {**budget_summary(budget, now), "headings": headings}
