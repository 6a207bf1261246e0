"""The Method of Equal Shares (Peters, Pierczyński & Skowron 2021; equalshares.net).

Every voter gets an equal part of the budget (the *endowment*, by default budget / voters).
Round after round the project that its supporters can buy at the lowest price ``rho``
per unit of utility is bought: each supporter pays ``min(budget left, rho x utility)``.
A project whose supporters have less money left than its cost drops out. Ties are
broken like pabutools' default (``lexico_tie_breaking``): smallest project id as a string.

Utilities: ``cost`` (approval: a project is worth its cost to each supporter, pabutools'
``Cost_Sat``; cumulative: worth its points, ``Additive_Cardinal_Sat``) or ``cardinality``
(every supported project is worth 1). Projects nobody supports are never funded;
supported projects costing nothing are funded first, as pabutools does.

Exactness: budgets are exact ``Fraction`` values, kept per *budget class* (voters who
have paid the same prices share one exact budget), so exact updates cost one operation
per class. Floats only locate where a project's price lies; every price is then
recomputed and certified exactly (see :func:`_price`), and every comparison between
prices is made on the exact values.
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
#: Relative half-width of the band in which float ratios are re-checked exactly. Float
#: errors here are below 1e-12 (a few roundings from correctly rounded inputs).
_BAND = 1e-9
_ZERO_CLASS = 0
_START_CLASS = 1


def _num(x: Fraction) -> Num:
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
    # Approval (or cardinality) utilities are one number per project; points vary.
    by_points = election.vote_type == CUMULATIVE and utility == COST
    fixed = [1 if utility == CARDINALITY else _num(cost[pid]) for pid in candidates]
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
                    u = _num(points[k])
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
        costs=tuple(_num(cost[pid]) for pid in candidates),
        free=tuple(sorted(p.id for p in election.projects if p.id in supported and p.cost == 0)),
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


@dataclass(frozen=True)
class Purchase:
    """One MES round: the project bought, its price per unit of utility, who paid all."""

    project: int
    rho: Fraction
    paid_all: int


@dataclass(frozen=True)
class Dropout:
    """A project whose supporters had less money left than its cost, at some round."""

    project: int
    round: int
    money: Fraction


@dataclass(frozen=True)
class MesRun:
    purchases: tuple[Purchase, ...]
    dropouts: tuple[Dropout, ...]
    endowment: Fraction

    def selected_ids(self, inp: MesInput) -> tuple[str, ...]:
        return inp.free + tuple(inp.ids[p.project] for p in self.purchases)

    def cost(self, inp: MesInput) -> Num:
        return sum((inp.costs[p.project] for p in self.purchases), 0)


def run_mes(inp: MesInput, endowment: Fraction | None = None) -> MesRun:
    """Run MES with the given endowment per voter (default: budget / number of voters)."""
    if endowment is None:
        endowment = inp.budget / inp.num_voters if inp.num_voters else Fraction(0)
    return _Run(inp, endowment).run()


class _Run:
    """The mutable state of one MES run: each group's budget class; budgets exact per
    class (``cb``) with a float mirror (``cf``) to guide the search."""

    def __init__(self, inp: MesInput, endowment: Fraction) -> None:
        self.inp = inp
        self.endowment = endowment
        self.cb: list[Num] = [0, _num(endowment)]
        self.cf: list[float] = [0.0, float(endowment)]
        self.cls = [_START_CLASS] * inp.num_groups
        self.alive = [endowment > 0] * len(inp.ids)
        # Prices only rise as budgets shrink: the last known price is a lower bound.
        self.stale: list[Fraction] = [
            Fraction(c) / t for c, t in zip(inp.costs, inp.total_utility, strict=True)
        ]

    def run(self) -> MesRun:
        purchases: list[Purchase] = []
        dropouts: list[Dropout] = []
        remaining = [p for p in range(len(self.inp.ids)) if self.alive[p]]
        while remaining:
            remaining.sort(key=self.stale.__getitem__)
            best: Fraction | None = None
            tied: list[int] = []
            best_agg: dict[tuple[int, Num], int] = {}
            for p in remaining:
                if best is not None and self.stale[p] > best:
                    break
                agg = self._support(p)
                money = self._money(p, agg)
                if money is not None:
                    self.alive[p] = False
                    dropouts.append(Dropout(p, len(purchases), money))
                    continue
                rho = self._price(p, agg)
                self.stale[p] = rho
                if best is None or rho < best:
                    best, tied, best_agg = rho, [p], agg
                elif rho == best:
                    tied.append(p)
            remaining = [p for p in remaining if self.alive[p]]
            if best is None:
                break
            winner = min(tied, key=self.inp.ids.__getitem__)
            if winner != tied[0]:
                best_agg = self._support(winner)
            self.alive[winner] = False
            remaining.remove(winner)
            purchases.append(Purchase(winner, best, self._pay(winner, best, best_agg)))
        return MesRun(tuple(purchases), tuple(dropouts), self.endowment)

    def _support(self, p: int) -> dict[tuple[int, Num], int]:
        """Supporters of ``p`` with money left, as (class, utility) -> number of voters."""
        inp, cls = self.inp, self.cls
        same = inp.uniform[p]
        agg: dict[tuple[int, Num], int]
        if same is not None:
            counts = Counter(map(cls.__getitem__, inp.light[p]))
            for g, w, _ in inp.heavy[p]:
                counts[cls[g]] += w
            agg = {(c, same): w for c, w in counts.items() if c != _ZERO_CLASS}
        else:
            utils = inp.light_utils[p]
            assert utils is not None
            agg = dict(Counter(zip(map(cls.__getitem__, inp.light[p]), utils, strict=True)))
            for g, w, u in inp.heavy[p]:
                key = (cls[g], u)
                agg[key] = agg.get(key, 0) + w
            agg = {k: w for k, w in agg.items() if k[0] != _ZERO_CLASS}
        return agg

    def _money(self, p: int, agg: dict[tuple[int, Num], int]) -> Fraction | None:
        """The supporters' money if it is below the cost (the project drops out), else None."""
        cost = self.inp.costs[p]
        cb, cf = self.cb, self.cf
        approx = sum(w * cf[c] for (c, _), w in agg.items())
        if approx > cost * (1 + _BAND):
            return None
        exact = sum((w * cb[c] for (c, _), w in agg.items()), Fraction(0))
        return Fraction(exact) if exact < cost else None

    def _price(self, p: int, agg: dict[tuple[int, Num], int]) -> Fraction:
        """Smallest rho with sum over supporters of min(budget, rho x utility) = cost.

        The float scan (pabutools' order: supporters by budget/utility) guesses which
        supporters pay all they have; the exact rho for that guess is then certified by
        checking, exactly, every class whose ratio lies near it (the others are on the
        right side by a margin far above float error). Else: the exact scan.
        """
        cost = self.inp.costs[p]
        cb, cf = self.cb, self.cf
        items = sorted((cf[c] / u, c, u, w) for (c, u), w in agg.items())
        active = sum(u * w for _, _, u, w in items)
        contrib = 0.0
        denom = float(active)
        cost_f = float(cost)
        cut = len(items)
        for i, (ratio, c, u, w) in enumerate(items):
            if denom <= 0 or (cost_f - contrib) / denom <= ratio:
                cut = i
                break
            contrib += w * cf[c]
            denom -= w * u
        den = active - sum(u * w for _, _, u, w in items[:cut])
        if den > 0:
            num = cost - sum((w * cb[c] for _, c, _, w in items[:cut]), Fraction(0))
            rho = Fraction(num) / den
            if self._certified(items, cut, rho):
                return rho
        return self._price_exact(p, agg)

    def _certified(self, items: list[tuple[float, int, Num, int]], cut: int, rho: Fraction) -> bool:
        """Exact check that classes before ``cut`` pay all (b <= rho u), the rest not."""
        cb = self.cb
        lo = float(rho) * (1 - _BAND)
        hi = float(rho) * (1 + _BAND)
        for j in range(cut - 1, -1, -1):
            ratio, c, u, _ = items[j]
            if ratio < lo:
                break
            if cb[c] > rho * u:
                return False
        for j in range(cut, len(items)):
            ratio, c, u, _ = items[j]
            if ratio > hi:
                break
            if cb[c] < rho * u:
                return False
        return True

    def _price_exact(self, p: int, agg: dict[tuple[int, Num], int]) -> Fraction:
        """pabutools' scan in exact arithmetic (used when floats cannot decide)."""
        cb = self.cb
        items = sorted((Fraction(cb[c]) / u, c, u, w) for (c, u), w in agg.items())
        paid: Num = 0
        denom: Num = sum(u * w for _, _, u, w in items)
        for ratio, c, u, w in items:
            rho = Fraction(self.inp.costs[p] - paid) / denom
            if rho <= ratio:
                return rho
            paid += w * cb[c]
            denom -= w * u
        raise AssertionError("affordable project without a price")  # _money ruled it out

    def _pay(self, winner: int, rho: Fraction, agg: dict[tuple[int, Num], int]) -> int:
        """Charge every supporter min(budget, rho x utility); returns how many paid all."""
        inp, cb, cf, cls = self.inp, self.cb, self.cf, self.cls
        moved: dict[tuple[int, Num], int] = {}
        paid_all = 0
        for (c, u), w in agg.items():
            left = cb[c] - rho * u
            if left <= 0:
                moved[(c, u)] = _ZERO_CLASS
                paid_all += w
            else:
                moved[(c, u)] = len(cb)
                cb.append(_num(Fraction(left)))
                cf.append(float(left))
        same = inp.uniform[winner]
        if same is not None:
            for g in inp.light[winner]:
                if cls[g]:
                    cls[g] = moved[(cls[g], same)]
        else:
            utils = inp.light_utils[winner]
            assert utils is not None
            for g, u in zip(inp.light[winner], utils, strict=True):
                if cls[g]:
                    cls[g] = moved[(cls[g], u)]
        for g, _, u in inp.heavy[winner]:
            if cls[g]:
                cls[g] = moved[(cls[g], u)]
        return paid_all
