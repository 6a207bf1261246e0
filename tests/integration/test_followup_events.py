"""Domain events: the follow-up layer's handlers are registered by create_app, run in
the publisher's transaction, and store their text in the commune's language."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask_babel import get_locale
from sqlalchemy import select

from civic import events
from civic.events import Event, ProposalFeasible, publish
from civic.extensions import db
from civic.models import AgendaItem, PetitionEvent
from civic.petitions import signing
from tests.integration.test_petitions_signing import add_figures, open_petition, signer

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def event_types() -> list[type[Event]]:
    return [
        each
        for each in vars(events).values()
        if isinstance(each, type) and issubclass(each, Event) and each is not Event
    ]


@pytest.mark.parametrize("event_type", event_types(), ids=lambda each: each.__name__)
def test_create_app_registers_a_handler_for_every_event_an_area_publishes(
    app: Flask, event_type: type[Event]
) -> None:
    assert events.handlers_of(app, event_type)


def test_an_event_nobody_handles_does_nothing() -> None:
    bare = Flask("bare")
    with bare.app_context():
        assert publish(ProposalFeasible(now=NOW, proposal_id=1)) == []


def test_an_english_reading_signer_crossing_the_threshold_puts_a_french_title_on_the_agenda(
    app: Flask, people: Any
) -> None:
    with app.app_context():
        add_figures()
        petition_id = open_petition(people, title="Des arbres rue Thénard")
        signers = [signer(people, f"s{number}") for number in range(5)]
        with app.test_request_context(headers={"Cookie": "civic_lang=en"}):
            assert str(get_locale()) == "en"
            for user in signers:
                signing.sign(petition_id, user=user, ip=None, now=NOW)
        titles = db.session.scalars(
            select(AgendaItem.title)
            .where(AgendaItem.subject_id == petition_id)
            .order_by(AgendaItem.kind)
        ).all()
    assert titles == [
        "Réponse du conseil à la pétition « Des arbres rue Thénard »",
        "Présentation de la pétition « Des arbres rue Thénard » par son porteur",
    ]


def test_an_english_reading_signer_withdrawing_writes_the_reason_in_french_in_the_history(
    app: Flask, people: Any
) -> None:
    with app.app_context():
        add_figures()
        petition_id = open_petition(people)
        signers = [signer(people, f"s{number}") for number in range(5)]
        with app.test_request_context(headers={"Cookie": "civic_lang=en"}):
            for user in signers:
                signing.sign(petition_id, user=user, ip=None, now=NOW)
            signing.withdraw_signature(petition_id, user=signers[0], now=NOW)
        lost = db.session.scalar(
            select(PetitionEvent.detail).where(
                PetitionEvent.petition_id == petition_id, PetitionEvent.kind == "threshold_lost"
            )
        )
    assert lost is not None and json.loads(lost)["reason"] == "retrait de signatures"
