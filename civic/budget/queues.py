"""The participatory budget's queue on the clerks' to-do list (civic.clerk_queues)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civic.clerk_queues import Queue, Tally, tally_of
from civic.models import BudgetProposal
from civic.models.budget import PROPOSAL_SUBMITTED


def _proposals() -> Tally:
    statement = (
        select(BudgetProposal)
        .where(BudgetProposal.state == PROPOSAL_SUBMITTED)
        .order_by(BudgetProposal.created_at, BudgetProposal.id)
    )
    return tally_of(
        statement,
        lambda p: (p.title, p.created_at, url_for("budget_clerk.review", budget_id=p.budget_id)),
        url_for("budget_clerk.index"),
    )


QUEUES = (Queue(key="proposals", title=_l("Propositions de budget à examiner"), tally=_proposals),)
