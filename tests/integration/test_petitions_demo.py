"""The demo petitions: every state, the promised stories, counters equal to the rows."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from civic.database import write_intent
from civic.extensions import db
from civic.models import Petition, PetitionAnswer
from civic.models.petitions import STATES
from civic.petitions.moderation import recount
from civic.petitions.rules import evaluate


def test_the_demo_tells_every_petition_story_and_seeds_once(app: Flask) -> None:
    from civic.demo import seed

    now = datetime.now(UTC)
    with app.app_context(), write_intent():
        seed(now)
        petitions = list(db.session.scalars(select(Petition)))
        assert {p.state for p in petitions} == set(STATES)
        short = [
            p
            for p in petitions
            if p.state == "open"
            and (e := evaluate(p, now.date())) is not None
            and 0 < e.statuses[0].remaining <= 20
        ]
        assert short, "one petition a few signatures short of 5 %"
        answered = db.session.scalars(select(PetitionAnswer.petition_id)).all()
        assert len(answered) == 1
        assert any(p.referendum_progress != "not_reached" for p in petitions)
        assert any(p.kind == "recall" for p in petitions)
        assert recount(now=now, fix=False) == []
        before = len(petitions)
        seed(now)
        assert len(db.session.scalars(select(Petition)).all()) == before
