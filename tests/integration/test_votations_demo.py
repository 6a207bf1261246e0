"""The demo votations went through both steps of the two-person rule."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from civic.database import write_intent
from civic.extensions import db
from civic.models import Votation, VotationApproval
from civic.models.commune import FIGURE_ELECTORATE, FIGURE_POPULATION_16_PLUS
from tests.conftest import People
from tests.votations_factory import record_commune_figures


def test_the_demo_votations_were_scheduled_and_published_by_two_staff_members(
    app: Flask, people: People
) -> None:
    from civic.votations.demo import seed

    record_commune_figures(app, **{FIGURE_POPULATION_16_PLUS: 21_000, FIGURE_ELECTORATE: 17_000})
    clerk = people.make("agent", level="elector", roles=("clerk",))
    admin = people.make("admin", level="elector", roles=("admin",))
    for n in range(20):
        people.make(f"voter{n}", level="elector")
    # The demo's staff accounts are found by their addresses.
    with app.app_context():
        from civic.models import User

        db.session.get(User, clerk).email = "agent@demo.civic.fr"  # type: ignore[union-attr]
        db.session.get(User, admin).email = "admin@demo.civic.fr"  # type: ignore[union-attr]
        db.session.commit()
    with app.app_context(), write_intent():
        summary: list[str] = []
        seed(datetime.now(UTC), summary)
        votations = list(db.session.scalars(select(Votation)))
        assert sorted(v.status for v in votations) == ["published", "published", "scheduled"]
        approvals = list(db.session.scalars(select(VotationApproval)))
        assert sorted(a.action for a in approvals) == ["publish"] * 2 + ["schedule"] * 3
        for approval in approvals:
            assert approval.requested_by_id == clerk and approval.approved_by_id == admin
            assert approval.approved_at is not None
        seed(datetime.now(UTC), summary)
        assert len(db.session.scalars(select(Votation)).all()) == 3
