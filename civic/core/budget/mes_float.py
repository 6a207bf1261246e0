"""The Method of Equal Shares in floats, with certified error bounds.

Same rule as :mod:`civic.core.budget.mes`, made fast for add1's hundreds of runs: every
budget is a float ``mid`` with a radius ``rad`` such that the exact budget lies in
``[mid - rad, mid + rad]``. A project's price is bracketed by ``[low, up]`` and the
bracket is *checked*: the exact money its supporters would pay at ``up`` reaches the
cost, at ``low`` it does not (up to the rounding of a float sum, bounded below by
``_ROUND``). A decision is taken only when the brackets settle it - one project's ``up``
below every other's ``low``, money clearly above or below a cost, a supporter clearly
short of money or not. Anything closer (a near-tie) is settled by exact arithmetic on
exact budgets replayed from the run's history (:mod:`civic.core.budget.mes_ledger`),
so the outcome is always the exact one. :class:`Ambiguous` remains as a last resort.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate, repeat
from operator import add, mul, sub, truediv

from civic.core.budget.mes_input import START_CLASS, ZERO_CLASS, MesInput, Num, support
from civic.core.budget.mes_ledger import ExactLedger

#: Relative error bound of a float sum of fewer than 400,000 terms (n x 2^-53 < 5e-11).
_ROUND = 1e-10
#: Relative widths tried for a price bracket, narrowest first.
_WIDTHS = (1e-9, 1e-7, 1e-5)
_EPS = 2.0**-52


class Ambiguous(Exception):
    """A decision the float bounds cannot settle: use exact arithmetic."""


def float_winners(inp: MesInput, endowment: Fraction) -> tuple[int, ...]:
    """The candidates MES buys, in order; raises :class:`Ambiguous` on a near-tie."""
    return _FloatRun(inp, endowment).run()


class _FloatRun:
    def __init__(self, inp: MesInput, endowment: Fraction) -> None:
        self.inp = inp
        e = float(endowment)
        self.mid: list[float] = [0.0, e]
        self.rad: list[float] = [0.0, abs(e) * _EPS]
        self.cls = [START_CLASS] * inp.num_groups
        self.alive = [endowment > 0] * len(inp.ids)
        self.ledger = ExactLedger(inp, endowment)
        # Lower bounds of the prices (they only rise): cost / total utility, rounded down.
        self.stale = [
            float(c) / float(t) * (1 - 1e-12)
            for c, t in zip(inp.costs, inp.total_utility, strict=True)
        ]

    def run(self) -> tuple[int, ...]:
        winners: list[int] = []
        remaining = [p for p in range(len(self.inp.ids)) if self.alive[p]]
        while remaining:
            remaining.sort(key=self.stale.__getitem__)
            best_up = math.inf
            found: list[tuple[int, float, float, float, _Support, Fraction | None]] = []
            for p in remaining:
                if self.stale[p] > best_up:
                    break
                sup = self._support(p)
                if not self._affordable(p, sup):
                    self.alive[p] = False
                    continue
                low, guess, up, exact = self._price(p, sup)
                self.stale[p] = low
                found.append((p, low, guess, up, sup, exact))
                best_up = min(best_up, up)
            remaining = [p for p in remaining if self.alive[p]]
            contenders = [f for f in found if f[1] <= best_up]
            if not contenders:
                break
            if len(contenders) > 1:  # too close for floats: exact prices decide
                priced = [self._exactly(*f) for f in contenders]
                best = min(f[5] for f in priced if f[5] is not None)
                tied = [f for f in priced if f[5] == best]
                contenders = [min(tied, key=lambda f: self.inp.ids[f[0]])]
            p, low, guess, up, sup, exact = contenders[0]
            self.alive[p] = False
            remaining.remove(p)
            winners.append(p)
            self._pay(p, low, guess, up, sup, exact)
        return tuple(winners)

    def _support(self, p: int) -> _Support:
        """Supporters with money left as parallel lists: class, utility, voters, and the
        class's budget bounds (mid - rad and mid + rad)."""
        inp = self.inp
        same = inp.uniform[p]
        if same is not None:  # approval: count classes in C, no (class, utility) keys
            counts = Counter(map(self.cls.__getitem__, inp.light[p]))
            for g, w, _ in inp.heavy[p]:
                counts[self.cls[g]] += w
            counts.pop(ZERO_CLASS, None)
            classes = list(counts)
            exact_utils: list[Num] = [same] * len(classes)
            weights = list(counts.values())
        else:
            agg = support(inp, self.cls, p)
            classes = [c for c, _ in agg]
            exact_utils = [u for _, u in agg]
            weights = list(agg.values())
        mids = list(map(self.mid.__getitem__, classes))
        rads = list(map(self.rad.__getitem__, classes))
        return _Support(
            classes=classes,
            exact_utils=exact_utils,
            utils=list(map(float, exact_utils)),
            weights=weights,
            voters=list(map(float, weights)),
            mids=mids,
            lows=list(map(max, repeat(0.0), map(sub, mids, rads))),
            highs=list(map(add, mids, rads)),
        )

    def _affordable(self, p: int, sup: _Support) -> bool:
        """Supporters' money >= cost (pabutools drops a project when money < cost)."""
        cost = float(self.inp.costs[p])
        if sumprod(sup.voters, sup.highs) * (1 + _ROUND) < cost:
            return False
        if sumprod(sup.voters, sup.lows) * (1 - _ROUND) >= cost:
            return True
        return self.ledger.money(sup.classes, sup.weights) >= self.inp.costs[p]

    def _price(self, p: int, sup: _Support) -> tuple[float, float, float, Fraction | None]:
        """A checked bracket ``low <= rho <= up``, a guess inside it, and the exact price
        when floats could not bracket it.

        First a narrow bracket around the price computed on the middle budgets; if the
        radii are too wide for it, ``up`` solves the price equation with every budget at
        its lower bound and ``low`` with every budget at its upper bound.
        """
        cost = float(self.inp.costs[p])
        try:
            guess, denom = _solve(sup.mids, sup.utils, sup.voters, cost)
            # The budgets' uncertainty moves the price by about (sum of radii) / denom.
            spread = sumprod(sup.voters, list(map(sub, sup.highs, sup.mids)))
            slack = (_WIDTHS[0] * cost + spread) / max(denom, 1.0)
            bracket = _check(sup, cost, guess, guess, slack)
            if bracket is not None:
                return bracket[0], guess, bracket[1], None
            up_raw, denom = _solve(sup.lows, sup.utils, sup.voters, cost)
            low_raw, _ = _solve(sup.highs, sup.utils, sup.voters, cost)
            guess = (low_raw + up_raw) / 2
            for width in _WIDTHS:
                slack = width * cost / max(denom, 1.0)
                bracket = _check(sup, cost, low_raw, up_raw, slack, width)
                if bracket is not None:
                    return bracket[0], guess, bracket[1], None
        except Ambiguous:
            pass
        _, low, guess, up, _, exact = self._exactly(p, 0.0, 0.0, 0.0, sup, None)
        return low, guess, up, exact

    def _exactly(
        self, p: int, low: float, guess: float, up: float, sup: _Support, exact: Fraction | None
    ) -> tuple[int, float, float, float, _Support, Fraction | None]:
        """The same contender with its exact price and a tight bracket around it."""
        if exact is None:
            exact = self.ledger.price_now(p, sup.classes, sup.exact_utils, sup.weights)
        rho = float(exact)  # correctly rounded
        return p, rho * (1 - 4 * _EPS), rho, rho * (1 + 4 * _EPS), sup, exact

    def _pay(
        self, p: int, low: float, guess: float, up: float, sup: _Support, exact: Fraction | None
    ) -> None:
        """Charge min(budget, rho x utility) to each supporter class, keeping bounds."""
        inp, mid, rad, cls = self.inp, self.mid, self.rad, self.cls
        round_number = self.ledger.start_round(p, sup.classes, sup.exact_utils, sup.weights)
        if exact is not None:
            self.ledger.set_price(round_number, exact)
        moved: dict[tuple[int, Num], int] = {}
        spread = max(up - guess, guess - low)
        for c, u in zip(sup.classes, sup.exact_utils, strict=True):
            b, r, uf = mid[c], rad[c], float(u)
            if (b + r) * (1 + 4 * _EPS) <= low * uf * (1 - 4 * _EPS):
                moved[(c, u)] = ZERO_CLASS  # surely pays everything it has
                continue
            if (b - r) * (1 - 4 * _EPS) > up * uf * (1 + 4 * _EPS):
                new_mid = b - guess * uf
                new_rad = r + uf * spread + 4 * _EPS * (b + guess * uf)
            else:  # may or may not be short of money: left with something in [0, top]
                top = (b + r - low * uf) * (1 + 4 * _EPS)
                new_mid = new_rad = max(top, 0.0) / 2
            moved[(c, u)] = len(mid)
            mid.append(new_mid)
            rad.append(new_rad)
            self.ledger.new_class(c, round_number, u)
        same = inp.uniform[p]
        if same is not None:
            for g in inp.light[p]:
                if cls[g]:
                    cls[g] = moved[(cls[g], same)]
        else:
            utils = inp.light_utils[p]
            assert utils is not None
            for g, u in zip(inp.light[p], utils, strict=True):
                if cls[g]:
                    cls[g] = moved[(cls[g], u)]
        for g, _, u in inp.heavy[p]:
            if cls[g]:
                cls[g] = moved[(cls[g], u)]


def sumprod(xs: list[float], ys: list[float]) -> float:
    total: float = sum(map(mul, xs, ys))
    return total


def _solve(
    budgets: list[float], utils: list[float], voters: list[float], cost: float
) -> tuple[float, float]:
    """pabutools' scan, by bisection: supporters sorted by budget/utility, the first
    ``i`` at which the ones from ``i`` on can share what the poorer ones (all in) leave
    of the cost. Returns the price and the utility of the supporters not paying all."""
    ratios = list(map(truediv, budgets, utils))
    order = sorted(range(len(ratios)), key=ratios.__getitem__)
    voters_in_order = list(map(voters.__getitem__, order))
    paid = [0.0, *accumulate(map(mul, map(budgets.__getitem__, order), voters_in_order))]
    weights = list(map(mul, map(utils.__getitem__, order), voters_in_order))
    rest = list(accumulate(reversed(weights)))[::-1] + [0.0]
    lo, hi = 0, len(order)
    while lo < hi:  # first i with (cost - paid[i]) / rest[i] <= ratio of the i-th
        i = (lo + hi) // 2
        if rest[i] > 0 and (cost - paid[i]) <= ratios[order[i]] * rest[i]:
            hi = i
        else:
            lo = i + 1
    if lo == len(order) or rest[lo] <= 0:
        raise Ambiguous("money too close to the cost to price")
    return (cost - paid[lo]) / rest[lo], rest[lo]


def _check(
    sup: _Support,
    cost: float,
    low_raw: float,
    up_raw: float,
    slack: float,
    width: float = _WIDTHS[0],
) -> tuple[float, float] | None:
    """Widen ``[low_raw, up_raw]`` and check it brackets the exact price: at ``up`` even
    the least money the supporters may have covers the cost, at ``low`` even the most
    does not."""
    up = up_raw * (1 + width) + slack
    low = max(0.0, low_raw * (1 - width) - slack)
    least_at_up = sumprod(sup.voters, list(map(min, sup.lows, map(mul, repeat(up), sup.utils))))
    if least_at_up * (1 - _ROUND) < cost:
        return None
    most_at_low = sumprod(sup.voters, list(map(min, sup.highs, map(mul, repeat(low), sup.utils))))
    if most_at_low * (1 + _ROUND) >= cost:
        return None
    return low, up


@dataclass
class _Support:
    classes: list[int]
    exact_utils: list[Num]
    utils: list[float]
    weights: list[int]
    voters: list[float]
    mids: list[float]
    lows: list[float]
    highs: list[float]
