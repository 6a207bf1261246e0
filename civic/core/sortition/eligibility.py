"""Which candidate types may still be drawn without breaking a quota (docs/rules.md §5).

Design §5's stratified draw picks, at each seat, uniformly among the candidates
whose selection leaves the remaining seats fillable within every quota. This
module keeps that set up to date during one draw. The answer is a property of
the state alone (exact, see ``completion.py``); the shortcuts below only save
time:

* a *witness* is one way to fill the remaining seats (counts per type); any
  type in a witness is eligible, and so is a type that one swap turns into a
  witness member without leaving the quotas;
* once a type is not eligible it never becomes eligible again later in the
  same draw (a completion of a later state is also one of the earlier state),
  so it is not re-examined.
"""

from __future__ import annotations

from .completion import find_completion
from .quotas import TypeTable

_KEEP_WITNESSES = 12


class EligibilityTracker:
    """Mutable working state of one draw's seats (never leaves the package)."""

    def __init__(self, table: TypeTable, seats: int, witness: list[int]) -> None:
        self.table = table
        self.capacity = list(table.capacity)
        self.selected_in = [0] * len(table.low)
        self.seats_left = seats
        self.witnesses = [witness]
        self.dead: set[int] = set()
        self._by_type: dict[int, list[int]] = {}

    def _counts(self, witness: list[int]) -> list[int]:
        counts = list(self.selected_in)
        for t, n in enumerate(witness):
            if n:
                for s in self.table.types[t]:
                    counts[s] += n
        return counts

    def _search(self, t: int) -> list[int] | None:
        """Exact search for a completion that draws one more of type ``t``."""
        table = self.table
        mine = table.types[t]
        self.capacity[t] -= 1
        try:
            low = list(table.low)
            high = list(table.high)
            for s, n in enumerate(self.selected_in):
                low[s] = max(0, low[s] - n - (s in mine))
                high[s] -= n + (s in mine)
            rest = find_completion(table.types, self.capacity, self.seats_left - 1, low, high)
        finally:
            self.capacity[t] += 1
        if rest is not None:
            rest[t] += 1
        return rest

    def eligible_types(self) -> set[int]:
        """The types whose next draw keeps the quotas satisfiable."""
        types, high = self.table.types, self.table.high
        counted = [(w, self._counts(w)) for w in self.witnesses]
        self._by_type = {}
        for t, cap in enumerate(self.capacity):
            if not cap or t in self.dead:
                continue
            mine = types[t]
            if any(self.selected_in[s] >= high[s] for s in mine):
                self.dead.add(t)
                continue
            found = next((w for w in self.witnesses if w[t] >= 1), None)
            if found is None:
                found = self._swap(t, counted)
            if found is None:
                found = self._search(t)
                if found is None:
                    self.dead.add(t)
                    continue
                counted.append((found, self._counts(found)))
            self._by_type[t] = found
        return set(self._by_type)

    def _swap(self, t: int, counted: list[tuple[list[int], list[int]]]) -> list[int] | None:
        types, low, high = self.table.types, self.table.low, self.table.high
        mine = types[t]
        for witness, counts in counted:
            for u, n in enumerate(witness):
                if n and all(
                    a == b or (counts[a] < high[a] and counts[b] > low[b])
                    for a, b in zip(mine, types[u], strict=True)
                ):
                    swapped = list(witness)
                    swapped[u] -= 1
                    swapped[t] += 1
                    counted.append((swapped, self._counts(swapped)))
                    return swapped
        return None

    def take(self, t: int) -> None:
        """Record that a candidate of eligible type ``t`` was drawn."""
        kept: list[list[int]] = []
        for witness in [self._by_type[t], *self._by_type.values()]:
            if witness[t] >= 1:
                rest = list(witness)
                rest[t] -= 1
                if rest not in kept:
                    kept.append(rest)
            if len(kept) >= _KEEP_WITNESSES:
                break
        self.witnesses = kept
        self.capacity[t] -= 1
        for s in self.table.types[t]:
            self.selected_in[s] += 1
        self.seats_left -= 1
