"""The deterministic, stratified, verifiable draw and its reserve list (docs/rules.md §5).

Design §5: the draw is stratified by quotas and verifiable — from the frozen
pool (whose digest is published), the quotas, the number of seats and the
public seed, anyone re-running the algorithm gets the same panel.

Draw procedure (version 1)
--------------------------
Randomness comes only from ``SeededStream(pool digest, seed)`` (``rng.py``).
Candidates are always considered in ascending code-point order of their ids.

1. *Seats*, one at a time, ``seats`` times: a remaining candidate is
   *eligible* when, after drawing them, the seats still to fill can be filled
   from the candidates still remaining while meeting every quota's min and max
   (decided exactly, see ``completion.py``). With ``E`` eligible candidates,
   ``i = below(E)`` and the ``i``-th eligible candidate (0-based, id order) is
   drawn. So every eligible candidate is equally likely at each step, and the
   finished panel always meets the quotas. ``selected`` lists the panel in draw
   order.
2. *Reserve*, after the panel: go round the panel's seats in draw order (seat
   1, 2, …, ``seats``, 1, 2, …). For seat ``j``, a candidate neither drawn nor
   already in reserve is eligible when swapping them for the seat's holder
   keeps every quota (same category values always qualify). With ``E``
   eligible, ``i = below(E)`` and the ``i``-th in id order joins the reserve;
   with none, seat ``j`` is skipped without reading the stream. Stop after
   ``reserve`` candidates, or after a full round in which nobody was added.
   ``draw_reserve`` runs this step around a panel chosen otherwise (the fair
   draw's, ``lottery.py``), on the stream that chose it, the panel's seats in
   the order given.
3. *Replacement* (``find_replacement``): when a panel member declines, the
   replacement is the first reserve candidate, in reserve order, not already
   used, whose swap for the decliner keeps every quota of the current panel.
   Because each reserve was drawn for a seat, the reserve mirrors the panel's
   make-up, so a decliner is normally replaced by someone of the same
   categories or by a swap the quotas allow.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .completion import find_completion
from .eligibility import EligibilityTracker
from .pool import Pool
from .quotas import InfeasibleQuotasError, Quotas, TypeTable, build_type_table
from .quotas import infeasibility_reasons as _infeasibility_reasons
from .rng import SeededStream


@dataclass(frozen=True)
class Draw:
    """The outcome of a draw: the pool digest it was made on, the seed, the
    panel in draw order and the reserve in replacement order."""

    digest: str
    seed: str
    selected: tuple[str, ...]
    reserve: tuple[str, ...]


@dataclass(frozen=True)
class Replacement:
    """Who takes a declined member's seat (``None`` when no reserve fits), why."""

    declined: str
    replacement: str | None
    reason: str


def _pick(stream: SeededStream, remaining: list[int], type_of: Sequence[int], ok: set[int]) -> int:
    """Draw uniformly among remaining candidates (id order) whose type is in ``ok``."""
    eligible = [c for c in remaining if type_of[c] in ok]
    return eligible[stream.below(len(eligible))]


def draw_panel(pool: Pool, quotas: Quotas, seats: int, seed: str, reserve: int = 0) -> Draw:
    """Draw ``seats`` candidates and ``reserve`` reserves (docs/rules.md §5, procedure in
    the module docstring). Raises ``InfeasibleQuotasError`` with reasons, before
    reading any randomness, when the quotas cannot be met."""
    if reserve < 0:
        raise InfeasibleQuotasError([f"the reserve size must not be negative (got {reserve})"])
    table = build_type_table(pool, quotas)
    low = [q.min for q in quotas.quotas]
    high = [q.max for q in quotas.quotas]
    witness = find_completion(table.types, table.capacity, seats, low, high) if seats >= 0 else None
    if witness is None:
        raise InfeasibleQuotasError(_infeasibility_reasons(pool, quotas, seats))
    stream = SeededStream(pool.digest_bytes(), seed)
    state = EligibilityTracker(table, seats, witness)
    remaining = list(range(len(pool)))
    drawn: list[int] = []
    for _ in range(seats):
        chosen = _pick(stream, remaining, table.type_of, state.eligible_types())
        state.take(table.type_of[chosen])
        remaining.remove(chosen)
        drawn.append(chosen)
    reserves = _draw_reserve(
        stream, table, state.selected_in, state.capacity, drawn, remaining, reserve
    )
    ids = pool.ids()
    return Draw(
        digest=pool.digest(),
        seed=seed,
        selected=tuple(ids[c] for c in drawn),
        reserve=tuple(ids[c] for c in reserves),
    )


def _swap_keeps_quotas(table: TypeTable, counts: Sequence[int], leaving: int, joining: int) -> bool:
    return all(
        a == b or (counts[a] + 1 <= table.high[a] and counts[b] - 1 >= table.low[b])
        for a, b in zip(table.types[joining], table.types[leaving], strict=True)
    )


def draw_reserve(
    stream: SeededStream, pool: Pool, quotas: Quotas, panel: Sequence[str], wanted: int
) -> tuple[str, ...]:
    """Step 2 of the module docstring (the reserve) around ``panel``, a quota-valid
    panel chosen otherwise, reading on from ``stream`` (docs/rules.md §5). Raises
    ``InfeasibleQuotasError`` when the panel is not one of the pool's, or breaks a quota."""
    table = build_type_table(pool, quotas)
    index = {c.id: i for i, c in enumerate(pool.candidates)}
    reasons = [f"{m} is not in the pool" for m in panel if m not in index]
    if len(set(panel)) != len(panel):
        reasons.append("the panel lists the same id twice")
    if wanted < 0:
        reasons.append(f"the reserve size must not be negative (got {wanted})")
    if reasons:
        raise InfeasibleQuotasError(reasons)
    drawn = [index[m] for m in panel]
    counts = [0] * len(table.low)
    capacity = list(table.capacity)
    for c in drawn:
        capacity[table.type_of[c]] -= 1
        for s in table.types[table.type_of[c]]:
            counts[s] += 1
    if any(not lo <= n <= hi for lo, n, hi in zip(table.low, counts, table.high, strict=True)):
        raise InfeasibleQuotasError(["the panel does not meet the quotas"])
    taken = set(drawn)
    remaining = [c for c in range(len(pool)) if c not in taken]
    ids = pool.ids()
    reserves = _draw_reserve(stream, table, counts, capacity, drawn, remaining, wanted)
    return tuple(ids[c] for c in reserves)


def _draw_reserve(
    stream: SeededStream,
    table: TypeTable,
    counts: Sequence[int],
    capacity: list[int],
    drawn: list[int],
    remaining: list[int],
    wanted: int,
) -> list[int]:
    reserves: list[int] = []
    seat = 0
    misses = 0
    while len(reserves) < wanted and drawn and misses < len(drawn):
        leaving = table.type_of[drawn[seat]]
        ok = {
            t
            for t, cap in enumerate(capacity)
            if cap and _swap_keeps_quotas(table, counts, leaving, t)
        }
        seat = (seat + 1) % len(drawn)
        if not ok:
            misses += 1
            continue
        misses = 0
        chosen = _pick(stream, remaining, table.type_of, ok)
        capacity[table.type_of[chosen]] -= 1
        remaining.remove(chosen)
        reserves.append(chosen)
    return reserves


def find_replacement(
    pool: Pool,
    quotas: Quotas,
    panel: Sequence[str],
    declined: str,
    reserve: Sequence[str],
    used: Collection[str] = (),
) -> Replacement:
    """The first unused reserve whose swap for ``declined`` keeps every quota of
    ``panel`` (docs/rules.md §5 draw, step 3 of the module docstring)."""
    table = build_type_table(pool, quotas)
    index = {c.id: i for i, c in enumerate(pool.candidates)}
    if declined not in panel:
        return Replacement(declined, None, f"{declined} is not on the panel")
    counts = [0] * len(table.low)
    for member in panel:
        for s in table.types[table.type_of[index[member]]]:
            counts[s] += 1
    leaving = table.type_of[index[declined]]
    for candidate in reserve:
        if candidate in used or candidate in panel:
            continue
        if _swap_keeps_quotas(table, counts, leaving, table.type_of[index[candidate]]):
            return Replacement(declined, candidate, "first unused reserve that keeps the quotas")
    return Replacement(
        declined, None, f"no unused reserve can take the seat of {declined} within the quotas"
    )
