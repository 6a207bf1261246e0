"""Many residents signing in the same instant: no signature lost, each consequence once.

Every thread has its own app context (so its own session and connection) and
declares its write intent, as a request or a CLI command would. Runs on SQLite
and on PostgreSQL (``DATABASE_URL``).
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import Petition, PetitionThreshold, Signature, User
from civic.models.meetings import AgendaItem
from civic.models.petitions import SCHEDULED
from civic.petitions import signing
from civic.petitions.counting import count_rows
from civic.services import Refused
from tests.integration.test_petitions_signing import NOW, add_figures, open_petition, plan_meeting

SIGNERS = 24


def _sign_all_at_once(app: Flask, petition_id: int, user_ids: list[int]) -> list[str]:
    barrier = threading.Barrier(len(user_ids))
    failures: list[str] = []

    def sign(user_id: int) -> None:
        with app.app_context(), write_intent():
            barrier.wait()
            try:
                user = db.session.get(User, user_id)
                signing.sign(petition_id, user=user, ip="10.0.0.7", now=NOW)
            except Refused as refusal:
                failures.append(str(refusal.message))
            except Exception as error:  # noqa: BLE001 — the test reports any crash
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_signers_crossing_5_percent_together_create_one_agenda_item_and_an_exact_count(
    app: Flask, people: Any
) -> None:
    with app.app_context(), write_intent():
        add_figures(population=100)
        meeting = plan_meeting()
        petition_id = open_petition(people)
        meeting_id = meeting.id
        db.session.commit()
    user_ids = [people.make(f"signer{n}", level="resident") for n in range(SIGNERS)]
    # A few of them click twice: the second click must be refused, not counted.
    failures = _sign_all_at_once(app, petition_id, [*user_ids, *user_ids[:4]])
    assert len(failures) == 4 and all("déjà signé" in f for f in failures), failures
    with app.app_context():
        petition = db.session.get(Petition, petition_id)
        rows = count_rows(petition_id)
        assert petition.collected_count == rows.collected == SIGNERS
        assert petition.counted_residents == rows.counted_residents == SIGNERS
        assert db.session.scalar(select(func.count()).select_from(Signature)) == SIGNERS
        items = list(db.session.scalars(select(AgendaItem)))
        assert sorted(i.kind for i in items) == ["petition_answer", "petition_presentation"]
        assert {i.meeting_id for i in items} == {meeting_id}
        stamps = db.session.scalars(select(PetitionThreshold.name)).all()
        # 24 of 100 inhabitants: the 5 % debate and the 10 % referendum, once each.
        assert sorted(stamps) == ["council_debate", "referendum"]
        assert petition.debate_progress == SCHEDULED
        from civic.models.votations import Votation

        assert db.session.scalar(select(func.count()).select_from(Votation)) == 1
