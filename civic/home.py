"""The home page's cards: what is open now and what has just happened.

Each feature area registers a provider in ``create_app`` (as it registers its
processings of personal data); the home page asks each one for its cards, so the
main area imports none of them. A provider runs a fixed number of queries, whatever
the number of petitions, votations or meetings, and returns few cards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask import Flask, current_app

NOW = "now"  # open now: something to do, until a day
RECENT = "recent"  # has just happened: a result, an answer

# How many cards of what has just happened the page shows, newest first.
RECENT_SHOWN = 6

_PROVIDERS = "civic.home.providers"


@dataclass(frozen=True)
class Card:
    """One card of the home page, in the reader's language, linking to its page."""

    section: str  # NOW or RECENT
    kind: str  # what it is, in a word: « Votation », « Pétition »…
    title: str
    url: str
    text: str  # one plain sentence: what one may do, or what happened
    at: datetime  # orders the cards: the deadline (NOW) or the moment (RECENT)
    until: date | None = None  # the last day one may act, shown as such
    progress: tuple[int, int] | None = None  # (value, maximum) of a <progress>


Provider = Callable[[datetime], Iterable[Card]]


def register(app: Flask, provider: Provider) -> None:
    """Add an area's provider (``create_app`` calls it once per area)."""
    app.extensions.setdefault(_PROVIDERS, []).append(provider)


def cards(now: datetime) -> dict[str, list[Card]]:
    """Every provider's cards: open now, soonest deadline first; then what has just
    happened, newest first."""
    found: list[Card] = []
    for provider in current_app.extensions.get(_PROVIDERS, []):
        found.extend(provider(now))
    return {
        NOW: sorted((c for c in found if c.section == NOW), key=lambda c: c.at),
        RECENT: sorted((c for c in found if c.section == RECENT), key=lambda c: c.at, reverse=True)[
            :RECENT_SHOWN
        ],
    }
