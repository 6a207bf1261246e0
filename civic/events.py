"""Domain events: what happened in one area that obliges something of another.

A feature area never calls another. When something it decided obliges the council
to act (a petition's threshold crossed, a votation's result published, a budget
proposal found feasible), it publishes a small frozen fact::

    events.publish(ThresholdCrossed(petition_id=petition.id, ...))

and the handlers registered for that event's type run at once, in the caller's
transaction, in the order they were registered: what they add is committed (or
rolled back) with the caller's change, so the caller's locks and unique
constraints make each consequence happen exactly once. ``publish`` returns what
the handlers returned (a ``ThresholdLost`` handler answers whether it could
withdraw what it had started).

Handlers are registered per application by ``create_app``
(``civic.followup.register_handlers``); an event nobody handles does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, current_app

_EXTENSION = "civic.events"


@dataclass(frozen=True)
class Event:
    """Something that happened; every event says when (``now`` of the caller)."""

    now: datetime


@dataclass(frozen=True)
class ThresholdCrossed(Event):
    """A petition crossed a threshold for the first time (docs/rules.md §3)."""

    petition_id: int
    threshold: str
    consequence: str  # the rule set's consequence code (council_debate, referendum…)


@dataclass(frozen=True)
class ThresholdLost(Event):
    """A petition fell back under a threshold it had crossed (signatures invalidated
    or withdrawn). Handlers return False when what the threshold started must stand."""

    petition_id: int
    threshold: str
    consequence: str
    reason: str


@dataclass(frozen=True)
class VotationResultsPublished(Event):
    """A votation's results were published (docs/rules.md §6)."""

    votation_id: int


@dataclass(frozen=True)
class ProposalFeasible(Event):
    """A clerk found a participatory-budget proposal feasible (docs/rules.md §5)."""

    proposal_id: int


Handler = Callable[[Any], Any]


def register(app: Flask, event_type: type[Event], handler: Handler) -> None:
    """Run ``handler(event)`` for every ``event_type`` published in this application."""
    handlers: dict[type[Event], list[Handler]] = app.extensions.setdefault(_EXTENSION, {})
    handlers.setdefault(event_type, []).append(handler)


def handlers_of(app: Flask, event_type: type[Event]) -> list[Handler]:
    return list(app.extensions.get(_EXTENSION, {}).get(event_type, []))


def publish(event: Event) -> list[Any]:
    """Run the handlers of this event's type now, in the caller's transaction."""
    return [handler(event) for handler in handlers_of(current_app, type(event))]
