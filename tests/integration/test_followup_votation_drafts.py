"""Drafts a petition calls for: one per (petition, kind), even when callers race."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.followup import votations as services
from civic.models import Votation

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def count_votations() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Votation)) or 0)


def test_a_petition_adds_a_draft_referendum_without_committing(app: Flask) -> None:
    with app.app_context():
        votation = services.create_draft_from_petition(
            petition_id=7, kind="referendum", question="Faut-il piétonniser la place ?", now=NOW
        )
        assert votation.status == "draft"
        assert votation.questions[0].text == "Faut-il piétonniser la place ?"
        db.session.rollback()
        assert count_votations() == 0


def test_a_second_call_returns_the_same_draft(app: Flask) -> None:
    with app.app_context():
        first = services.create_draft_from_petition(
            petition_id=7, kind="recall", question="Révoquer la décision ?", now=NOW
        )
        db.session.commit()
        again = services.create_draft_from_petition(
            petition_id=7, kind="recall", question="Autre texte", now=NOW
        )
        db.session.commit()
        assert again.id == first.id
        assert services.votation_for_petition(7, "recall") is not None
        assert services.votation_for_petition(7, "referendum") is None
        assert count_votations() == 1


def test_a_consultation_cannot_come_from_a_petition(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError):
        services.create_draft_from_petition(
            petition_id=1, kind="consultation", question="?", now=NOW
        )


def test_concurrent_callers_leave_exactly_one_draft(app: Flask) -> None:
    barrier = threading.Barrier(4)
    ids: list[int] = []
    errors: list[BaseException] = []

    def call() -> None:
        try:
            with app.app_context(), write_intent():
                barrier.wait()
                votation = services.create_draft_from_petition(
                    petition_id=42, kind="referendum", question="Q ?", now=NOW
                )
                db.session.commit()
                ids.append(votation.id)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(ids)) == 1
    with app.app_context():
        assert count_votations() == 1
