"""MES input: an election indexed once for any number of Method of Equal Shares runs.

Utilities (docs/rules.md §6, pabutools' satisfaction measures): ``cost`` - approval: a project is
worth its cost to each supporter (``Cost_Sat``); cumulative: its points
(``Additive_Cardinal_Sat``) - or ``cardinality`` - every supported project is worth 1
(``Cardinality_Sat``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from civic.core.budget.model import CUMULATIVE, TALLIED_VOTE_TYPES, BudgetError, Election

COST = "cost"
CARDINALITY = "cardinality"
UTILITIES = (COST, CARDINALITY)

Num = int | Fraction
#: Budget classes: voters with the same budget left share one class; 0 = nothing left.
ZERO_CLASS = 0
START_CLASS = 1


def exact_num(x: Fraction) -> Num:
    """Integers compute faster than integral Fractions; both are exact."""
    return x.numerator if x.denominator == 1 else x


@dataclass(frozen=True)
class MesInput:
    """An election prepared once for any number of MES runs (e.g. add1's scan).

    Candidates are the supported projects with a positive cost, indexed 0..m-1. For each
    candidate, its supporting ballot groups of weight 1 (``light``, with ``light_utils``
    parallel to it unless every supporter has the same utility ``uniform``) and the
    heavier groups as (group, weight, utility) (``heavy``): one voter per group is the
    common case on large files, and counting those runs in C (``collections.Counter``).
    """

    ids: tuple[str, ...]
    costs: tuple[Num, ...]
    free: tuple[str, ...]
    unsupported: tuple[str, ...]
    worthless: tuple[str, ...]
    num_groups: int
    light: tuple[tuple[int, ...], ...]
    light_utils: tuple[tuple[Num, ...] | None, ...]
    uniform: tuple[Num | None, ...]
    heavy: tuple[tuple[tuple[int, int, Num], ...], ...]
    total_utility: tuple[Num, ...]
    num_voters: int
    budget: Fraction
    utility: str


def prepare(election: Election, utility: str = COST) -> MesInput:
    """Index the election for MES with the given utility (``cost`` or ``cardinality``)."""
    if election.vote_type not in TALLIED_VOTE_TYPES:
        raise BudgetError(f"MES cannot tally {election.vote_type} ballots")
    if utility not in UTILITIES:
        raise BudgetError(f"unknown utility {utility!r}, expected one of {UTILITIES}")
    cost = {p.id: p.cost for p in election.projects}
    supported: set[str] = set()
    for ballot in election.ballots:
        if ballot.points is None:
            supported.update(ballot.projects)
        else:
            supported.update(
                p for p, s in zip(ballot.projects, ballot.points, strict=True) if s > 0
            )
    candidates = sorted(p.id for p in election.projects if p.id in supported and p.cost > 0)
    index = {pid: i for i, pid in enumerate(candidates)}
    # pabutools: under cost utilities a free project is worth its cost, 0, to its
    # supporters, so MES never buys it; with cardinality or points it is bought first.
    free = tuple(sorted(p.id for p in election.projects if p.id in supported and p.cost == 0))
    worthless = utility == COST and election.vote_type != CUMULATIVE
    # Approval (or cardinality) utilities are one number per project; points vary.
    by_points = election.vote_type == CUMULATIVE and utility == COST
    fixed = [1 if utility == CARDINALITY else exact_num(cost[pid]) for pid in candidates]
    light: list[list[int]] = [[] for _ in candidates]
    light_utils: list[list[Num]] = [[] for _ in candidates]
    heavy: list[list[tuple[int, int, Num]]] = [[] for _ in candidates]
    num_groups = 0
    for ballot in election.ballots:
        g, w, points = num_groups, ballot.weight, ballot.points
        found = False
        for k, pid in enumerate(ballot.projects):
            i = index.get(pid)
            if i is None:
                continue
            u = fixed[i]
            if points is not None:
                if points[k] <= 0:
                    continue
                if by_points:
                    u = exact_num(points[k])
            if w == 1:
                light[i].append(g)
                if by_points:
                    light_utils[i].append(u)
            else:
                heavy[i].append((g, w, u))
            found = True
        num_groups += found  # ballots without candidates still count in the endowment
    total_utility = [
        (sum(light_utils[i]) if by_points else len(light[i]) * fixed[i])
        + sum(w * u for _, w, u in heavy[i])
        for i in range(len(candidates))
    ]
    return MesInput(
        ids=tuple(candidates),
        costs=tuple(exact_num(cost[pid]) for pid in candidates),
        free=() if worthless else free,
        worthless=free if worthless else (),
        unsupported=tuple(sorted(p.id for p in election.projects if p.id not in supported)),
        num_groups=num_groups,
        light=tuple(tuple(groups) for groups in light),
        light_utils=tuple(tuple(utils) if by_points else None for utils in light_utils),
        uniform=tuple(None if by_points else u for u in fixed),
        heavy=tuple(tuple(entries) for entries in heavy),
        total_utility=tuple(total_utility),
        num_voters=election.num_voters,
        budget=election.budget,
        utility=utility,
    )


def support(inp: MesInput, cls: list[int], p: int) -> dict[tuple[int, Num], int]:
    """Supporters of ``p`` with money left, as (budget class, utility) -> number of voters.

    ``cls`` maps each ballot group to its budget class; class 0 means no money left.
    """
    same = inp.uniform[p]
    agg: dict[tuple[int, Num], int]
    if same is not None:
        counts = Counter(map(cls.__getitem__, inp.light[p]))
        for g, w, _ in inp.heavy[p]:
            counts[cls[g]] += w
        return {(c, same): w for c, w in counts.items() if c != ZERO_CLASS}
    utils = inp.light_utils[p]
    assert utils is not None  # nosec B101  # for mypy: None only when `same` is set
    agg = dict(Counter(zip(map(cls.__getitem__, inp.light[p]), utils, strict=True)))
    for g, w, u in inp.heavy[p]:
        key = (cls[g], u)
        agg[key] = agg.get(key, 0) + w
    return {k: w for k, w in agg.items() if k[0] != ZERO_CLASS}
