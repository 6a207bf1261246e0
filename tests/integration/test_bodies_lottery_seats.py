"""A drawn member who withdraws after sitting (issue 20): their seat ends the day before the
clerk records it, and the reserve who takes it sits from that day, so the body never counts
more drawn members than its drawn seats."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from civic.bodies import lottery, lottery_seats, services
from civic.database import write_intent
from civic.electorate import local_day
from civic.extensions import db
from civic.models import BodyMember, User
from civic.services import Refused

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
PEOPLE = "\n".join(f"Personne {n} ; {n} rue Haute, Sens" for n in range(1, 13))


def test_a_member_who_withdraws_weeks_later_leaves_the_day_before_and_the_reserve_sits(
    app: Flask, people: Any
) -> None:
    people.make("agent", level="elector", roles=("clerk", "admin"))
    with app.app_context(), write_intent():
        clerk = db.session.scalar(db.select(User).where(User.email == "agent@example.org"))
        assert clerk is not None
        body = services.create_body(
            services.BodyInput(
                kind="citizen_audit",
                name="Audit",
                purpose="Auditer les comptes.",
                seats={"drawn": 2},
                term_start=date(2026, 11, 1),
                term_end=date(2029, 11, 1),
            ),
            actor=clerk,
            now=NOW,
        )
        start = lottery.LotteryInput("electoral_list", invitations=8, seats=2, people=PEOPLE)
        drawn = lottery.start(body.id, start, actor=clerk, now=NOW)
        lottery_id = drawn.id
        lottery.invite(lottery_id, "1 2 3", actor=clerk, now=NOW)
        for n, person in enumerate(lottery.people(lottery_id, invited=True)):
            gender = ("female", "male")[n % 2]
            lottery.record_answer(lottery_id, person.code, gender, actor=clerk, now=NOW)
        pool = lottery_seats.PoolInput(mode="stratified", reserve=3)
        lottery_seats.freeze_pool(lottery_id, pool, actor=clerk, now=NOW)
        seated = lottery_seats.seat(lottery_id, "4 5 6", actor=clerk, now=NOW)
        leaving = json.loads(seated.selected or "[]")[0]  # seated first: the first row

        later = NOW + timedelta(days=20)
        taken = lottery_seats.decline(lottery_id, leaving, actor=clerk, now=later)
        assert taken is not None
        members = db.session.scalars(
            db.select(BodyMember).where(BodyMember.body_id == body.id).order_by(BodyMember.id)
        ).all()
        assert [(m.since, m.until) for m in members] == [
            (local_day(NOW), local_day(later) - timedelta(days=1)),
            (local_day(NOW), None),
            (local_day(later), None),
        ]
        sitting = services.members(body.id, local_day(later))
        assert len(sitting) == 2
        assert members[-1].name.startswith("Personne")

        # A seat filled before seats were linked to the draw is ended on the body's page.
        other = next(p for p in lottery.people(lottery_id, invited=True) if p.seated)
        other.member_id = None
        db.session.commit()
        with pytest.raises(Refused) as refusal:
            lottery_seats.decline(lottery_id, other.code, actor=clerk, now=later)
        assert "avant le suivi des désistements" in str(refusal.value.message)
        assert len(services.members(body.id, local_day(later))) == 2
