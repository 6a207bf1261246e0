"""The demo commune has residents served at the counter, some without e-mail, and acts
the clerk did for them with their consent (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import CounterAct, CounterCheck, User


def test_the_demo_has_counter_served_residents_and_their_acts_once(app: Flask) -> None:
    from civic.demo import seed

    with app.app_context(), write_intent():
        seed(datetime.now(UTC))
        served = db.session.scalars(
            select(User).join(CounterCheck, CounterCheck.user_id == User.id)
        ).all()
        assert len(served) == 4
        assert sum(person.email is None for person in served) == 2
        assert all(person.is_verified_resident for person in served)
        kinds = set(db.session.scalars(select(CounterAct.kind)))
        assert kinds == {"signature", "question"}
        acts = db.session.scalar(select(func.count(CounterAct.id)))
        seed(datetime.now(UTC))
        assert db.session.scalar(select(func.count(CounterCheck.id))) == 4
        assert db.session.scalar(select(func.count(CounterAct.id))) == acts
