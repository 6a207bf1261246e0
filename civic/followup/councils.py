"""Items put to a neighbourhood council's vote (docs/rules.md §5).

A participatory-budget proposal found feasible goes, when the budget says so, to
the council of its heading's neighbourhood: a motion on the council's next
session, or waiting for one (the councils area attaches it when a clerk schedules
a session, and runs the vote).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from civic.events import ProposalFeasible
from civic.extensions import db
from civic.followup import wording
from civic.models import Budget, BudgetProposal, Council, CouncilMotion, CouncilSession
from civic.services import Refused

MOTION_TITLE_MAX = 300
SUBJECT_BUDGET_PROPOSAL = "budget_proposal"


def new_motion(
    council_id: int, session_id: int | None, title: str, subject_type: str, subject_id: int | None
) -> CouncilMotion:
    """Add a motion to a council (on a session, or waiting for one); does not commit."""
    title = title.strip()
    if not title or len(title) > MOTION_TITLE_MAX:
        raise Refused(_("Donnez un intitulé (300 caractères au plus)."), "title")
    motion = CouncilMotion(
        council_id=council_id,
        session_id=session_id,
        title=title,
        subject_type=subject_type,
        subject_id=subject_id,
    )
    db.session.add(motion)
    db.session.flush()
    return motion


def put_item_to_vote(
    council_id: int, *, title: str, subject_type: str, subject_id: int, now: datetime
) -> CouncilMotion:
    """Put item ``subject_type``/``subject_id`` (e.g. a participatory-budget item) to
    this council's vote: a motion on its next session (or waiting for one, attached
    when the clerk schedules it on a session). Idempotent: the same open subject is
    returned rather than put twice. Runs inside the caller's transaction (does not
    commit); the caller's area audits its own decision."""
    if db.session.get(Council, council_id) is None:
        raise Refused(_("Ce conseil n'existe pas."))
    existing = db.session.scalar(
        select(CouncilMotion).where(
            CouncilMotion.council_id == council_id,
            CouncilMotion.subject_type == subject_type,
            CouncilMotion.subject_id == subject_id,
            CouncilMotion.closed_at.is_(None),
        )
    )
    if existing is not None:
        return existing
    upcoming = db.session.scalar(
        select(CouncilSession)
        .where(CouncilSession.council_id == council_id, CouncilSession.starts_at >= now)
        .order_by(CouncilSession.starts_at, CouncilSession.id)
        .limit(1)
    )
    motion = new_motion(
        council_id, upcoming.id if upcoming else None, title, subject_type, subject_id
    )
    motion.created_at = now
    db.session.flush()
    return motion


def on_proposal_feasible(event: ProposalFeasible) -> None:
    """When the budget asks it, a feasible item of a neighbourhood heading goes to that
    neighbourhood's council for a vote; the residents' vote is not bound by it."""
    proposal = db.session.get(BudgetProposal, event.proposal_id)
    if proposal is None:
        raise LookupError(f"no budget proposal {event.proposal_id}")
    neighbourhood_id = proposal.heading.neighbourhood_id
    if neighbourhood_id is None or not db.session.get_one(Budget, proposal.budget_id).council_vote:
        return
    council = db.session.scalar(select(Council).where(Council.neighbourhood_id == neighbourhood_id))
    if council is None:
        return
    put_item_to_vote(
        council.id,
        title=wording.council_vote_title(proposal),
        subject_type=SUBJECT_BUDGET_PROPOSAL,
        subject_id=proposal.id,
        now=event.now,
    )
