"""Background tasks of the participatory budget (run by ``civic.jobs``)."""

from __future__ import annotations

from typing import Any

from civic import jobs
from civic.budget import results
from civic.extensions import db
from civic.services import now_utc


def tally(budget_id: int) -> dict[str, Any]:
    """Tally every heading with its published rule, then publish the outcomes."""
    plans = results.tally_plans(budget_id)
    # End the reading transaction: on SQLite it holds the write lock, and progress is
    # written from another connection while the core computes.
    db.session.rollback()
    outcomes = {}
    for done, plan in enumerate(plans):
        jobs.report_progress(done / max(len(plans), 1), plan.name)
        outcomes[plan.heading_id] = results.compute(plan)
    jobs.report_progress(1.0, None)
    results.store_outcomes(budget_id, outcomes, now_utc())
    return {str(h): o["selected"] for h, o in outcomes.items()}
