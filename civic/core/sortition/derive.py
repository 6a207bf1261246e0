"""Deriving quotas for a neighbourhood council draw (docs/rules.md §5).

Design §5: "quotas per gender (parity), optionally per age band". Two helpers
the web layer calls before a draw:

* ``derive_gender_quotas`` — parity: ``|women - men| <= 1`` among the drawn
  seats whenever the pool allows it. The other gender values ("non-binary",
  "prefer not to say", …) are neither forced nor excluded: together they may
  take between ``⌊o⌋`` and ``⌈o⌉`` seats, where ``o`` = their share of the pool ×
  seats — so a small group keeps a chance in proportion to its size instead of
  being rounded to no seat at all — and women and men each get between
  ``⌊(seats - ⌈o⌉)/2⌋`` and ``⌈(seats - ⌊o⌋)/2⌉`` seats. Both bounds are within one
  seat of each other, so parity holds in every drawn panel. When the pool has
  too few women (or men) for parity, all of them are given seats, the others
  keep ``o`` rounded half up, and the rest goes to the other gender; a note says so.
* ``derive_proportional_quotas`` — age bands (or any feature) proportional to
  the neighbourhood's population: band ``b`` gets ``⌊seats × pop_b / total⌋``
  to ``⌈seats × pop_b / total⌉`` seats (widened by ``tolerance``), capped by
  the candidates the pool has in that band; seats a band cannot fill are
  offered to the bands with the largest remaining population share.

Both return plain quotas plus notes; nothing here reads the database or clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .quotas import Quota


@dataclass(frozen=True)
class DerivedQuotas:
    """Quotas for one feature, and notes explaining any departure from the rule."""

    quotas: tuple[Quota, ...]
    notes: tuple[str, ...]


def _round_half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))


def derive_gender_quotas(
    seats: int,
    pool_counts: Mapping[str, int],
    *,
    feature: str = "gender",
    women: str = "female",
    men: str = "male",
) -> DerivedQuotas:
    """Min/max seats per gender value for the parity rule (docs/rules.md §5; rule in the
    module docstring). ``pool_counts`` gives the number of candidates per value."""
    n_w, n_m = pool_counts.get(women, 0), pool_counts.get(men, 0)
    others = sorted(v for v in pool_counts if v not in (women, men))
    n_o = sum(pool_counts[v] for v in others)
    total = n_w + n_m + n_o
    share = Fraction(seats * n_o, total) if total else Fraction(0)
    o = min(n_o, _round_half_up(share))
    o_floor = min(n_o, int(share))
    o_ceil = min(n_o, -(-share.numerator // share.denominator))
    half_lo, half_hi = (seats - o_ceil) // 2, (seats - o_floor + 1) // 2
    notes: list[str] = []
    bounds: dict[str, tuple[int, int]] = {}
    if n_w >= half_lo and n_m >= half_lo:
        bounds[women] = (half_lo, min(half_hi, n_w))
        bounds[men] = (half_lo, min(half_hi, n_m))
        o_lo = max(0, seats - bounds[women][1] - bounds[men][1])
        o_hi = min(n_o, o_ceil, seats - bounds[women][0] - bounds[men][0])
    else:
        scarce, plenty = (women, men) if n_w < half_lo else (men, women)
        n_scarce, n_plenty = pool_counts.get(scarce, 0), pool_counts.get(plenty, 0)
        notes.append(
            f"parity impossible: the pool has {n_scarce} {scarce} for {half_lo} seats; "
            f"all of them get a seat"
        )
        bounds[scarce] = (n_scarce, n_scarce)
        rest = max(0, seats - o - n_scarce)
        if rest > n_plenty:
            notes.append(f"the pool has only {n_plenty} {plenty} for {rest} seats")
            rest = n_plenty
        bounds[plenty] = (rest, rest)
        o_lo = o_hi = max(o, seats - n_scarce - rest)
    quotas = [
        Quota(feature, women, *bounds[women]),
        Quota(feature, men, *bounds[men]),
    ]
    for value in others:
        # The others share [o_lo, o_hi] seats between them; each is capped by its pool count.
        quotas.append(Quota(feature, value, 0, min(pool_counts[value], o_hi)))
    if others and o_lo > 0 and sum(min(pool_counts[v], o_hi) for v in others) < o_lo:
        notes.append(f"the pool has too few {', '.join(others)} for {o_lo} seats")
    return DerivedQuotas(tuple(sorted(quotas, key=lambda q: q.value)), tuple(notes))


def derive_proportional_quotas(
    seats: int,
    population: Mapping[str, int],
    pool_counts: Mapping[str, int],
    *,
    feature: str = "age",
    tolerance: int = 0,
) -> DerivedQuotas:
    """Min/max seats per value proportional to ``population`` (e.g. the
    neighbourhood's residents per age band, from the census), docs/rules.md §5; rule in
    the module docstring. Values with no population get no seat."""
    total = sum(population.values())
    if total <= 0:
        return DerivedQuotas((), ("no population figures: no proportional quotas",))
    notes: list[str] = []
    bounds: dict[str, list[int]] = {}
    for value in sorted(population):
        ideal = Fraction(seats * population[value], total)
        low = max(0, int(ideal) - tolerance)
        high = -(-ideal.numerator // ideal.denominator) + tolerance
        available = pool_counts.get(value, 0)
        if available < low:
            notes.append(f"{feature}={value}: the pool has {available} for at least {low} seats")
            low = available
        bounds[value] = [low, min(high, available)]
    # Seats the capped bands cannot take go to the bands with spare candidates,
    # largest population first (ties by name).
    missing = seats - sum(high for _, high in bounds.values())
    by_share = sorted(bounds, key=lambda v: (-population[v], v))
    while missing > 0:
        spare = [v for v in by_share if bounds[v][1] < pool_counts.get(v, 0)]
        if not spare:
            notes.append(f"{feature}: the pool cannot fill {seats} seats")
            break
        for value in spare:
            if missing == 0:
                break
            bounds[value][1] += 1
            missing -= 1
    quotas = tuple(Quota(feature, v, low, high) for v, (low, high) in bounds.items())
    for value in sorted(set(pool_counts) - set(population)):
        notes.append(f"{feature}={value}: not in the population figures, no seat")
    extra = tuple(Quota(feature, v, 0, 0) for v in sorted(set(pool_counts) - set(population)))
    return DerivedQuotas(tuple(sorted(quotas + extra, key=lambda q: q.value)), tuple(notes))
