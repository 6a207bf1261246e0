"""Public lists: which page of a list one reads, what a list's filter form asks for, and
which threshold a petition is closest to (the home page and the petition list's sort).

Pure: a page number typed in an address (``page=10**30``, ``page=-1``, ``page=abc``)
becomes a page that exists, and an unknown filter is dropped, never an error.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from civic.core.thresholds import ThresholdStatus

T = TypeVar("T")

# A page number longer than this is not a number anyone typed: the first page.
PAGE_DIGITS_MAX = 9


@dataclass(frozen=True)
class Page:
    """One page of a list: its number (from 1), how many pages, and the slice's bounds."""

    number: int
    count: int
    total: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    def of(self, items: Sequence[T]) -> list[T]:
        """This page's items out of the whole list."""
        return list(items[self.offset : self.offset + self.per_page])


def page_number(text: str | None) -> int:
    """The page asked for in an address; 1 for anything that is not a small positive number."""
    if text is None or not text.isascii() or not text.isdigit() or len(text) > PAGE_DIGITS_MAX:
        return 1
    return max(1, int(text))


def page_of(total: int, asked: int, per_page: int) -> Page:
    """The page to show: the one asked for, or the last one when the list is shorter."""
    if per_page < 1:
        raise ValueError("per_page must be positive")
    count = max(1, -(-total // per_page))
    return Page(number=min(max(1, asked), count), count=count, total=total, per_page=per_page)


def closest_threshold(statuses: Iterable[ThresholdStatus]) -> ThresholdStatus | None:
    """The threshold not yet reached that the petition is closest to (the greatest share
    of its signatures gathered; the fewest remaining on a tie); None once all are reached."""
    pending = [s for s in statuses if not s.reached]
    if not pending:
        return None
    return max(pending, key=lambda s: (s.progress, -s.remaining))


def closeness(statuses: Iterable[ThresholdStatus]) -> Fraction:
    """How close a petition is to its next threshold, for sorting: the progress towards
    it, or -1 when none is left to reach (such petitions sort last)."""
    closest = closest_threshold(statuses)
    return Fraction(-1) if closest is None else closest.progress


# A search longer than this is cut: titles are at most 200 characters.
SEARCH_MAX = 100
SEARCH_WORDS_MAX = 8


def search_words(text: str | None) -> list[str]:
    """The words of a search box: compatibility-normalised, control and format characters
    (NUL, bidirectional marks, zero-width spaces) dropped, at most SEARCH_WORDS_MAX."""
    if not text:
        return []
    cleaned = unicodedata.normalize("NFKC", text[: SEARCH_MAX * 4])
    kept = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in cleaned
        if unicodedata.category(c) not in ("Cf", "Cs", "Co", "Cn")
    )
    return kept[:SEARCH_MAX].split()[:SEARCH_WORDS_MAX]


def like_pattern(word: str) -> str:
    """``word`` anywhere, for SQL ``LIKE … ESCAPE '\\'``: its own ``%``, ``_`` and ``\\``
    are matched as themselves."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class ListForm:
    """What a public list's filter form offers: the states it may show, its sorts (the
    first is the default order), and the address argument that narrows the list to one
    object (``heading`` of a budget, ``meeting`` of the council)."""

    states: tuple[str, ...]
    sorts: tuple[str, ...]
    scope: str

    def read(self, args: Mapping[str, str], scope_ids: AbstractSet[int]) -> ListFilters:
        """The filters an address asks for; anything unknown, or an object the form does
        not offer, is dropped."""
        typed = args.get(self.scope, "")
        chosen = int(typed) if typed.isascii() and typed.isdigit() else 0
        return ListFilters(
            form=self,
            q=" ".join(search_words(args.get("q"))),
            state=args.get("state", "") if args.get("state") in self.states else "",
            scope_id=chosen if chosen in scope_ids else None,
            sort=args.get("sort", "") if args.get("sort") in self.sorts else self.sorts[0],
            page=page_number(args.get("page")),
        )


@dataclass(frozen=True)
class ListFilters:
    """A list's search words, state, object it is narrowed to, sort and page."""

    form: ListForm
    q: str
    state: str
    scope_id: int | None
    sort: str
    page: int

    def args(self, page: int = 1) -> dict[str, object]:
        """The address arguments of this list on another page (pager links): only those
        that differ from the list as it first opens."""
        values: dict[str, object] = {
            "q": self.q,
            "state": self.state,
            self.form.scope: self.scope_id or "",
            "sort": "" if self.sort == self.form.sorts[0] else self.sort,
            "page": "" if page == 1 else page,
        }
        return {name: value for name, value in values.items() if value != ""}

    @property
    def narrowed(self) -> bool:
        """Whether the list shows fewer than all its items (its empty message says so)."""
        return bool(self.q or self.state or self.scope_id)
