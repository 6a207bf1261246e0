"""The demo petitions: every state, the promised stories, counters equal to the rows."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from civic.database import write_intent
from civic.extensions import db
from civic.models import CharterSignatory, CouncilDecision, Document, Petition, PetitionAnswer
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
        # The law beside the charter: legal requests past a tenth of the electors, with
        # the mayor's acknowledgement; a council deliberation the answer comes from; the
        # charter's register, which the recall petition names.
        legal = [p for p in petitions if p.legal_progress != "not_reached"]
        assert legal and all(p.counted_legal > 0 for p in legal)
        kinds = set(db.session.scalars(select(Document.kind)))
        assert {"acknowledgement", "draft_deliberation"} <= kinds
        decision = db.session.scalar(
            select(CouncilDecision).where(CouncilDecision.subject_type == "petition")
        )
        answer = db.session.scalar(select(PetitionAnswer))
        assert decision is not None and answer is not None
        assert (answer.answered_as, answer.decision_id) == ("council", decision.id)
        recall = next(p for p in petitions if p.kind == "recall")
        assert db.session.get(CharterSignatory, recall.recall_signatory_id) is not None
        assert recount(now=now, fix=False) == []
        before = len(petitions)
        seed(now)
        assert len(db.session.scalars(select(Petition)).all()) == before
