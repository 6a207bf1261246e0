"""The demo's participatory budgets (issue 7): one finished with MES results and
follow-up, one open for proposals; seeding twice changes nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import Budget, BudgetBallot, BudgetProposal


def test_the_demo_has_a_finished_budget_with_explained_mes_results_and_one_open(
    app: Flask,
) -> None:
    from civic.budget.setup import phase_of
    from civic.demo import seed

    now = datetime.now(UTC)
    with app.app_context():
        seed(now)
        budgets = db.session.scalars(select(Budget).order_by(Budget.year)).all()
        assert [phase_of(b, now) for b in budgets] == ["followup", "proposals"]
        finished = budgets[0]
        ballots = db.session.scalar(select(func.count()).select_from(BudgetBallot))
        assert ballots is not None and ballots >= 200
        assert len(finished.headings) > 2 and finished.tallied_at is not None
        outcome = json.loads(finished.headings[0].result_json or "{}")
        assert outcome["rule"] == "mes+greedy"
        assert {e["code"] for e in outcome["explanations"]} >= {"bought_by_supporters"}
        statuses = set(
            db.session.scalars(
                select(BudgetProposal.followup_status).where(BudgetProposal.selected.is_(True))
            )
        )
        assert {"planned", "in_progress", "done", "abandoned"} <= statuses
        seed(now)
        assert db.session.scalar(select(func.count()).select_from(Budget)) == 2
