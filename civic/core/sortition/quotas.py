"""Quotas (min/max seats per category value) and the feasibility check (docs/rules.md §5).

Design §5: "the draw is stratified: quotas per gender (parity), optionally per
age band". A quota bounds how many of the drawn seats go to candidates with one
value of one feature (``gender=female``: at least 7, at most 8). This module
holds the quota model and says, with reasons, when quotas cannot be met — in
which case nothing is drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from .completion import SearchLimitError, find_completion
from .pool import Pool


@dataclass(frozen=True)
class Quota:
    """At least ``min`` and at most ``max`` seats for ``feature=value``."""

    feature: str
    value: str
    min: int
    max: int


@dataclass(frozen=True)
class Quotas:
    """A set of quotas, sorted by feature then value. Every candidate's value for
    each feature must have a quota row (as in the Sortition Foundation's tools)."""

    quotas: tuple[Quota, ...]

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(sorted({q.feature for q in self.quotas}))

    def values(self, feature: str) -> tuple[str, ...]:
        return tuple(q.value for q in self.quotas if q.feature == feature)

    def get(self, feature: str, value: str) -> Quota | None:
        for q in self.quotas:
            if q.feature == feature and q.value == value:
                return q
        return None


class InfeasibleQuotasError(ValueError):
    """The quotas cannot be met; ``reasons`` explains why, one line each.
    Nothing is drawn when this is raised (docs/rules.md §5)."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons: tuple[str, ...] = tuple(reasons)
        super().__init__("; ".join(self.reasons))


def make_quotas(quotas: Iterable[Quota]) -> Quotas:
    """Validate and sort quotas; raises ``InfeasibleQuotasError`` on a malformed row
    (negative bound, min above max, the same category twice)."""
    rows = sorted(quotas, key=lambda q: (q.feature, q.value))
    reasons: list[str] = []
    seen: set[tuple[str, str]] = set()
    for q in rows:
        name = f"{q.feature}={q.value}"
        if (q.feature, q.value) in seen:
            reasons.append(f"{name} has more than one quota row")
        seen.add((q.feature, q.value))
        if q.min < 0 or q.max < 0:
            reasons.append(f"{name}: min and max must not be negative")
        elif q.min > q.max:
            reasons.append(f"{name}: min {q.min} exceeds max {q.max}")
    if reasons:
        raise InfeasibleQuotasError(reasons)
    return Quotas(tuple(rows))


@dataclass(frozen=True)
class TypeTable:
    """The pool seen through the quotas: candidate types and the slot bounds.

    A slot is one quota (one feature value), numbered in ``quotas.quotas`` order;
    a type lists one slot per feature (features in sorted order)."""

    types: tuple[tuple[int, ...], ...]
    capacity: tuple[int, ...]
    type_of: tuple[int, ...]  # per candidate, in pool order (sorted ids)
    low: tuple[int, ...]
    high: tuple[int, ...]
    slot_names: tuple[str, ...]


def build_type_table(pool: Pool, quotas: Quotas) -> TypeTable:
    """Group candidates by quota type; raises ``InfeasibleQuotasError`` when the
    pool and the quotas do not describe the same features and values."""
    features = quotas.features
    if tuple(pool.features) != features:
        raise InfeasibleQuotasError(
            [
                f"the pool is frozen on features {', '.join(pool.features) or '(none)'} "
                f"but the quotas are on {', '.join(features) or '(none)'}"
            ]
        )
    slot_of = {(q.feature, q.value): i for i, q in enumerate(quotas.quotas)}
    type_index: dict[tuple[int, ...], int] = {}
    type_of: list[int] = []
    reasons: list[str] = []
    for c in pool.candidates:
        key: list[int] = []
        for feature, value in zip(features, c.values, strict=True):
            slot = slot_of.get((feature, value))
            if slot is None:
                reasons.append(f"candidate {c.id}: {feature}={value} has no quota row")
                slot = -1
            key.append(slot)
        type_of.append(type_index.setdefault(tuple(key), len(type_index)))
    if len(reasons) > 10:
        reasons = [*reasons[:10], f"… and {len(reasons) - 10} more"]
    if reasons:
        raise InfeasibleQuotasError(reasons)
    types: list[tuple[int, ...]] = [()] * len(type_index)
    for key_t, index in type_index.items():
        types[index] = key_t
    counts = Counter(type_of)
    return TypeTable(
        types=tuple(types),
        capacity=tuple(counts[i] for i in range(len(types))),
        type_of=tuple(type_of),
        low=tuple(q.min for q in quotas.quotas),
        high=tuple(q.max for q in quotas.quotas),
        slot_names=tuple(f"{q.feature}={q.value}" for q in quotas.quotas),
    )


def _simple_reasons(table: TypeTable, quotas: Quotas, seats: int, pool_size: int) -> list[str]:
    reasons: list[str] = []
    if seats < 0:
        return [f"the number of seats must not be negative (got {seats})"]
    if seats > pool_size:
        reasons.append(f"{seats} seats but the pool has only {pool_size} candidates")
    in_pool = [0] * len(quotas.quotas)
    for t, cap in zip(table.types, table.capacity, strict=True):
        for s in t:
            in_pool[s] += cap
    for s, q in enumerate(quotas.quotas):
        if in_pool[s] < q.min:
            reasons.append(
                f"{q.feature}={q.value} needs at least {q.min} but the pool has {in_pool[s]}"
            )
    for feature in quotas.features:
        slots = [s for s, q in enumerate(quotas.quotas) if q.feature == feature]
        minima = sum(table.low[s] for s in slots)
        maxima = sum(table.high[s] for s in slots)
        usable = sum(min(table.high[s], in_pool[s]) for s in slots)
        if minima > seats:
            reasons.append(f"{feature}: sum of minima {minima} exceeds {seats} seats")
        if maxima < seats:
            reasons.append(f"{feature}: sum of maxima {maxima} is below {seats} seats")
        elif usable < seats:
            reasons.append(
                f"{feature}: only {usable} seats can be filled within the maxima "
                f"from this pool, below {seats} seats"
            )
    return reasons


def _restricted(table: TypeTable, features: Sequence[int], seats: int) -> list[int] | None:
    """Completion search using only some features (positions in the type tuples)."""
    merged: dict[tuple[int, ...], int] = {}
    for t, cap in zip(table.types, table.capacity, strict=True):
        key = tuple(t[f] for f in features)
        merged[key] = merged.get(key, 0) + cap
    kept = {s for t in table.types for f in features for s in (t[f],)}
    low = [lo if s in kept else 0 for s, lo in enumerate(table.low)]
    high = [hi if s in kept else seats for s, hi in enumerate(table.high)]
    keys = list(merged)
    return find_completion(keys, [merged[k] for k in keys], seats, low, high)


def infeasibility_reasons(pool: Pool, quotas: Quotas, seats: int) -> list[str]:
    """Why ``seats`` seats cannot be drawn from ``pool`` within ``quotas`` (empty
    list when they can). Simple counting reasons come first; when they all pass
    but no panel exists, the smallest combinations of features that clash are
    named (docs/rules.md §5: the core says which quotas fail and why)."""
    try:
        table = build_type_table(pool, quotas)
    except InfeasibleQuotasError as error:
        return list(error.reasons)
    reasons = _simple_reasons(table, quotas, seats, len(pool))
    if reasons:
        return reasons
    n_features = len(quotas.features)
    try:
        if find_completion(table.types, table.capacity, seats, table.low, table.high) is not None:
            return []
        for size in range(2, n_features + 1):
            clashes = [
                combo
                for combo in combinations(range(n_features), size)
                if _restricted(table, combo, seats) is None
            ]
            if clashes:
                return [
                    "the quotas on "
                    + " and ".join(quotas.features[f] for f in combo)
                    + f" cannot be met together by any {seats} candidates of this pool"
                    for combo in clashes
                ]
    except SearchLimitError:
        return ["the quotas are too intricate to check exactly; simplify them"]
    return ["the quotas cannot be met by this pool"]  # pragma: no cover - defensive


def require_feasible(pool: Pool, quotas: Quotas, seats: int) -> None:
    """Raise ``InfeasibleQuotasError`` with reasons unless the draw is possible."""
    reasons = infeasibility_reasons(pool, quotas, seats)
    if reasons:
        raise InfeasibleQuotasError(reasons)
