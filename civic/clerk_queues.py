"""The clerks' to-do list (``/clerk/``): what waits for a clerk, queue by queue.

Feature areas never import one another, so the page listing every queue cannot ask
each area itself. Each area declares its queues instead (a tuple of ``Queue`` in its
``queues.py``), and ``create_app`` registers them here, as it does the processings of
personal data (``civic.privacy``). A queue tells how many items wait and which has
waited longest; its own page lists them, searched and paginated with ``Search`` and
``page_of``, oldest first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from sqlalchemy import ColumnElement, Select, func, or_, select

from civic.core import listing
from civic.extensions import db

_QUEUES = "civic.clerk_queues"

PER_PAGE = 20
PAGE_MAX = 10_000
# A day searched outside these is no day anyone arrived on (and would overflow a date).
DAY_MIN = date(1900, 1, 1)
DAY_MAX = date(2999, 12, 31)

T = TypeVar("T")


@dataclass(frozen=True)
class Tally:
    """How many items wait; the oldest one (what it is, since when) and where to act."""

    count: int
    oldest: str | None = None
    since: datetime | None = None
    url: str | None = None


@dataclass(frozen=True)
class Queue:
    key: str
    title: Any  # lazy text: "Résidences à vérifier"
    tally: Callable[[], Tally]


def register(app: Flask, queues: Iterable[Queue]) -> None:
    """Add an area's queues (``create_app`` calls it once per area)."""
    known = app.extensions.setdefault(_QUEUES, {})
    for queue in queues:
        if queue.key in known:
            raise ValueError(f"clerk queue {queue.key!r} declared twice")
        known[queue.key] = queue


def registered(app: Flask | None = None) -> list[Queue]:
    """Every declared queue, in the order the areas were registered."""
    app = app or current_app
    return list(app.extensions.get(_QUEUES, {}).values())


@dataclass(frozen=True)
class Search:
    """A queue's search, read from the query string: a name or an address, a day, the
    page. Whatever is sent, it is bounded (no error for a strange value: it is ignored)."""

    text: str = ""
    day: date | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Search:
        # The words as the public lists read them (no control or invisible characters:
        # a NUL would be refused by PostgreSQL); a day within reach of the calendar.
        text = " ".join(listing.search_words(args.get("q")))
        try:
            day: date | None = date.fromisoformat((args.get("jour") or "").strip()[:10])
        except ValueError:
            day = None
        if day is not None and not DAY_MIN <= day <= DAY_MAX:
            day = None
        page = min(listing.page_number(args.get("page")), PAGE_MAX)
        return cls(text=text, day=day, page=page)

    def matching(self, *columns: Any) -> list[ColumnElement[bool]]:
        """Conditions on the text: every word appears in one of the columns."""
        return [
            or_(*(column.ilike(listing.like_pattern(word), escape="\\") for column in columns))
            for word in self.text.split()
        ]

    def on_day(self, column: Any) -> list[ColumnElement[bool]]:
        """Condition on the commune's calendar day the item came in, when a day is asked."""
        if self.day is None:
            return []
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        start = datetime.combine(self.day, time.min, tzinfo=zone).astimezone(UTC)
        end = datetime.combine(self.day + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
        return [column >= start, column < end]

    def args(self, page: int, route: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The arguments of another page of the same search (the route's own first)."""
        found: dict[str, Any] = {**(route or {}), "page": page}
        if self.text:
            found["q"] = self.text
        if self.day:
            found["jour"] = self.day.isoformat()
        return found


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    total: int
    per_page: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.per_page < self.total

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.per_page))


def count_of(statement: Select[Any]) -> int:
    """How many rows a statement selects (one query)."""
    return int(
        db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
        or 0
    )


def tally_of(
    statement: Select[Any],
    describe: Callable[[Any], tuple[str | None, datetime | None, str]],
    url: str | None = None,
) -> Tally:
    """A queue's tally from its statement (oldest first): the count, and what
    ``describe`` says of the oldest row (what it is, since when, where to act on it)."""
    oldest = db.session.scalar(statement.limit(1))
    if oldest is None:
        return Tally(count=0, url=url)
    label, since, where = describe(oldest)
    return Tally(count=count_of(statement), oldest=label, since=since, url=where)


def page_of(statement: Select[Any], search: Search, per_page: int = PER_PAGE) -> Page[Any]:
    """One page of an ordered statement's rows (the last one when fewer pages exist than
    the number asked), and how many match in all (two queries)."""
    total = count_of(statement)
    shown = listing.page_of(total, search.page, per_page)
    items = list(db.session.scalars(statement.offset(shown.offset).limit(per_page)))
    return Page(items=items, number=shown.number, total=total, per_page=per_page)
