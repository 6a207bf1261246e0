"""Exact test: can the remaining seats still be filled within the quotas?

Design §5 (stratified draw): a candidate may only be drawn if, after drawing
them, the remaining seats can still be filled from the remaining pool within
every quota. With one feature this is a counting argument; with several
features (gender × age band × neighbourhood) it is an integer feasibility
problem, which this module solves exactly by a depth-first search over
candidate *types* (a type is one combination of quota values; candidates of the
same type are interchangeable for the quotas).

The search only decides *whether* a completion exists, so the draw does not
depend on how the search explores: any exact method gives the same draw.

Each node of the search checks, for every feature, that the seats still to fill
lie between the sum of the unmet minima and the sum of the still-usable maxima,
and memoises the states already proven dead. It gives up (``SearchLimitError``)
after ``node_limit`` nodes rather than run for ever on a pathological input.
"""

from __future__ import annotations

from collections.abc import Sequence

DEFAULT_NODE_LIMIT = 500_000


class SearchLimitError(RuntimeError):
    """The exact feasibility search exceeded its node budget."""


def find_completion(
    types: Sequence[Sequence[int]],
    capacity: Sequence[int],
    seats: int,
    low: Sequence[int],
    high: Sequence[int],
    node_limit: int = DEFAULT_NODE_LIMIT,
) -> list[int] | None:
    """Return counts ``x[t]`` (``0 <= x[t] <= capacity[t]``, summing to ``seats``)
    such that for every slot ``s``, ``low[s] <= sum(x[t] for t having s) <= high[s]``,
    or ``None`` when no such counts exist.

    ``types[t]`` lists the slots of type ``t``, one slot per feature, and the
    slots of every feature partition the types (every type has exactly one value
    per feature). ``low``/``high`` are the bounds still to meet, per slot.
    """
    n_slots = len(low)
    if (
        seats < 0
        or any(h < 0 for h in high)
        or any(lo > h for lo, h in zip(low, high, strict=True))
    ):
        return None
    if seats == 0:
        return [0] * len(types) if all(lo <= 0 for lo in low) else None
    # Features: group slots by which position they take in the type tuples.
    n_features = len(types[0]) if types else 0
    features: list[list[int]] = [[] for _ in range(n_features)]
    for type_slots in types:
        for f, s in enumerate(type_slots):
            if s not in features[f]:
                features[f].append(s)
    for f_slots in features:
        f_slots.sort()
    order = [t for t in range(len(types)) if capacity[t] > 0]
    n_order = len(order)
    # suffix[j][s]: capacity of the types order[j:] having slot s; suffix_total[j] likewise.
    suffix = [[0] * n_slots for _ in range(n_order + 1)]
    suffix_total = [0] * (n_order + 1)
    for j in range(n_order - 1, -1, -1):
        t = order[j]
        row = suffix[j]
        row[:] = suffix[j + 1]
        for s in types[t]:
            row[s] += capacity[t]
        suffix_total[j] = suffix_total[j + 1] + capacity[t]
    if n_features == 0:
        # No quotas: any `seats` candidates will do.
        if suffix_total[0] < seats:
            return None
        counts = [0] * len(types)
        left = seats
        for t in order:
            take = min(left, capacity[t])
            counts[t] = take
            left -= take
        return counts

    assigned = [0] * n_slots
    chosen = [0] * n_order
    dead: set[tuple[int, ...]] = set()
    nodes = 0

    def alive(j: int, total: int) -> bool:
        left = seats - total
        if left > suffix_total[j]:
            return False
        caps = suffix[j]
        for f_slots in features:
            need = 0
            room = 0
            for s in f_slots:
                a = assigned[s]
                if a > high[s] or a + caps[s] < low[s]:
                    return False
                if low[s] > a:
                    need += low[s] - a
                room += min(high[s] - a, caps[s])
            if need > left or room < left:
                return False
        return True

    # Iterative depth-first search: stack of (depth, next count to try, lowest count).
    total = 0
    if not alive(0, 0):
        return None
    stack: list[list[int]] = []

    def bounds(j: int) -> tuple[int, int]:
        t = order[j]
        cap = capacity[t]
        left = seats - total
        upper = min(cap, left)
        lower = max(0, left - suffix_total[j + 1])
        for s in types[t]:
            upper = min(upper, high[s] - assigned[s])
            lower = max(lower, low[s] - assigned[s] - (suffix[j + 1][s]))
        return lower, upper

    lower, upper = bounds(0)
    stack.append([upper, lower])
    while stack:
        j = len(stack) - 1
        frame = stack[j]
        t = order[j]
        # Undo the previous count tried at this depth, if any.
        prev = chosen[j]
        if prev:
            for s in types[t]:
                assigned[s] -= prev
            total -= prev
            chosen[j] = 0
        if frame[0] < frame[1]:
            stack.pop()
            if j > 0:
                dead.add((j, *assigned))
            continue
        x = frame[0]
        frame[0] -= 1
        nodes += 1
        if nodes > node_limit:
            raise SearchLimitError(f"feasibility search exceeded {node_limit} nodes")
        for s in types[t]:
            assigned[s] += x
        total += x
        chosen[j] = x
        if j + 1 == n_order:
            if total == seats and all(low[s] <= assigned[s] <= high[s] for s in range(n_slots)):
                counts = [0] * len(types)
                for k, tk in enumerate(order):
                    counts[tk] = chosen[k]
                return counts
            continue
        key = (j + 1, *assigned)
        if key in dead or not alive(j + 1, total):
            continue
        lower, upper = bounds(j + 1)
        if lower > upper:
            dead.add(key)
            continue
        stack.append([upper, lower])
    return None
