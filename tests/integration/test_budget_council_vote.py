"""A neighbourhood council is asked to vote on its heading's items when the admin enables it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from sqlalchemy import select

from civic.budget.proposals import ReviewInput, review_proposal
from civic.extensions import db
from civic.models import BudgetProposal, Neighbourhood, User
from civic.models.councils import Council, CouncilMotion
from tests.budget_factory import heading_ids, make_budget
from tests.conftest import People


def proposal_in(app: Flask, heading_id: int) -> int:
    with app.app_context():
        from civic.models import BudgetHeading

        heading = db.session.get(BudgetHeading, heading_id)
        assert heading is not None
        proposal = BudgetProposal(
            budget_id=heading.budget_id,
            heading_id=heading_id,
            title="Jardin partagé",
            description="Un jardin.",
            summary="Un jardin pour tous.",
            estimated_cost=20_000,
        )
        db.session.add(proposal)
        db.session.commit()
        return proposal.id


def council_for(app: Flask) -> int:
    with app.app_context():
        hood = db.session.scalar(select(Neighbourhood))
        assert hood is not None
        council = Council(
            neighbourhood_id=hood.id,
            seats=8,
            drawn_seats=4,
            volunteer_seats=4,
            term_start=date(2026, 1, 1),
            term_end=date(2028, 12, 31),
            quorum_kind="more_than_fraction",
            majority="simple",
        )
        db.session.add(council)
        db.session.commit()
        return council.id


def review(app: Flask, proposal_id: int, clerk_id: int) -> None:
    with app.app_context():
        clerk = db.session.get(User, clerk_id)
        proposal = db.session.get(BudgetProposal, proposal_id)
        assert clerk is not None and proposal is not None
        review_proposal(
            proposal_id,
            # As the review page does: the clerk corrects the review they saw.
            ReviewInput("feasible", "", 20_000, "investment", None, proposal.reviewed_at),
            actor=clerk,
            now=datetime.now(UTC),
        )


def motions(app: Flask) -> list[tuple[str, int | None]]:
    with app.app_context():
        return [(m.subject_type, m.subject_id) for m in db.session.scalars(select(CouncilMotion))]


def test_a_feasible_neighbourhood_item_goes_to_its_council_when_enabled(
    app: Flask, people: People
) -> None:
    clerk = people.make("clerk", roles=("clerk",))
    council_for(app)
    budget = make_budget(app, "review", council_vote=True)
    city, neighbourhood = heading_ids(app, budget)[:2]
    local = proposal_in(app, neighbourhood)
    citywide = proposal_in(app, city)
    review(app, local, clerk)
    review(app, citywide, clerk)
    review(app, local, clerk)  # reviewed again: still one motion
    assert motions(app) == [("budget_proposal", local)]


def test_without_the_option_no_council_is_asked(app: Flask, people: People) -> None:
    clerk = people.make("clerk", roles=("clerk",))
    council_for(app)
    budget = make_budget(app, "review", council_vote=False)
    local = proposal_in(app, heading_ids(app, budget)[1])
    review(app, local, clerk)
    assert motions(app) == []
