"""The Method of Equal Shares (Peters, Pierczyński & Skowron 2021; equalshares.net).

Every voter gets an equal part of the budget (the *endowment*, by default budget / voters).
Round after round the project that its supporters can buy at the lowest price ``rho``
per unit of utility is bought: each supporter pays ``min(budget left, rho x utility)``.
A project whose supporters have less money left than its cost drops out. Ties are
broken like pabutools' default (``lexico_tie_breaking``): smallest project id as a string.

Utilities: see :mod:`civic.core.budget.mes_input`. Projects nobody supports are never
funded; a supported project costing nothing is bought first, except under approval cost
utilities where it is worth its cost, 0, and is never bought - as pabutools does.

Two engines, same outcome. :func:`run_mes` is exact throughout and records every price
(for explanations): budgets are ``Fraction`` values kept per *budget class* (voters who
have paid the same prices share one budget), floats only guess where a price lies and
the guess is certified exactly (:meth:`_Run._price`). :func:`mes_selection` returns the
winners only, fast: floats with certified error bounds, exact arithmetic on near-ties
(:mod:`civic.core.budget.mes_float`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from civic.core.budget.mes_bounds import Ambiguous
from civic.core.budget.mes_float import Trace, float_winners
from civic.core.budget.mes_input import (
    START_CLASS,
    ZERO_CLASS,
    MesInput,
    Num,
    exact_num,
    support,
)

#: Relative half-width of the band in which float ratios are re-checked exactly. Float
#: errors here are below 1e-12 (a few roundings from correctly rounded inputs).
_BAND = 1e-9


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


def default_endowment(inp: MesInput) -> Fraction:
    """Equal shares: the budget divided by the number of voters."""
    return inp.budget / inp.num_voters if inp.num_voters else Fraction(0)


def run_mes(inp: MesInput, endowment: Fraction | None = None) -> MesRun:
    """Run MES exactly, recording every price (for explanations)."""
    return _Run(inp, default_endowment(inp) if endowment is None else endowment).run()


def mes_selection(
    inp: MesInput, endowment: Fraction, trace: Trace | None = None
) -> tuple[int, ...]:
    """The candidates MES buys, in order, fast (:mod:`civic.core.budget.mes_float`); the
    exact engine is the last resort should the float engine give up."""
    try:
        return float_winners(inp, endowment, trace)
    except Ambiguous:
        return tuple(p.project for p in run_mes(inp, endowment).purchases)


class _Run:
    """The mutable state of one MES run: each group's budget class; budgets exact per
    class (``cb``) with a float mirror (``cf``) to guide the search."""

    def __init__(self, inp: MesInput, endowment: Fraction) -> None:
        self.inp = inp
        self.endowment = endowment
        self.cb: list[Num] = [0, exact_num(endowment)]
        self.cf: list[float] = [0.0, float(endowment)]
        self.cls = [START_CLASS] * inp.num_groups
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
                agg = support(self.inp, self.cls, p)
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
                best_agg = support(self.inp, self.cls, winner)
            self.alive[winner] = False
            remaining.remove(winner)
            purchases.append(Purchase(winner, best, self._pay(winner, best, best_agg)))
        return MesRun(tuple(purchases), tuple(dropouts), self.endowment)

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
                moved[(c, u)] = ZERO_CLASS
                paid_all += w
            else:
                moved[(c, u)] = len(cb)
                cb.append(exact_num(Fraction(left)))
                cf.append(float(left))
        same = inp.uniform[winner]
        if same is not None:
            for g in inp.light[winner]:
                if cls[g]:
                    cls[g] = moved[(cls[g], same)]
        else:
            utils = inp.light_utils[winner]
            assert utils is not None  # nosec B101  # for mypy: None only when `same` is set
            for g, u in zip(inp.light[winner], utils, strict=True):
                if cls[g]:
                    cls[g] = moved[(cls[g], u)]
        for g, _, u in inp.heavy[winner]:
            if cls[g]:
                cls[g] = moved[(cls[g], u)]
        return paid_all
