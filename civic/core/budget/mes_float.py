"""The Method of Equal Shares in floats, with certified error bounds.

Same rule as :mod:`civic.core.budget.mes`, made fast for add1's hundreds of runs: every
budget is a float ``mid`` with a radius ``rad`` such that the exact budget lies in
``[mid - rad, mid + rad]``. A project's price is bracketed by ``[low, up]`` and the
bracket is *checked*: the exact money its supporters would pay at ``up`` reaches the
cost, at ``low`` it does not (up to the rounding of a float sum, bounded below by
``_ROUND``). A decision is taken only when the brackets settle it - one project's ``up``
below every other's ``low``, money clearly above or below a cost, a supporter clearly
short of money or not. Anything closer (a near-tie) raises :class:`Ambiguous` and the
caller redoes the run in exact arithmetic, so the outcome is always the exact one.
"""

from __future__ import annotations

import math
from fractions import Fraction

from civic.core.budget.mes_input import START_CLASS, ZERO_CLASS, MesInput, Num, support

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
            found: list[tuple[int, float, float, float, dict[tuple[int, Num], int]]] = []
            for p in remaining:
                if self.stale[p] > best_up:
                    break
                agg = support(self.inp, self.cls, p)
                if not self._affordable(p, agg):
                    self.alive[p] = False
                    continue
                low, guess, up = self._price(p, agg)
                self.stale[p] = low
                found.append((p, low, guess, up, agg))
                best_up = min(best_up, up)
            remaining = [p for p in remaining if self.alive[p]]
            contenders = [f for f in found if f[1] <= best_up]
            if not contenders:
                break
            if len(contenders) > 1:
                raise Ambiguous("prices too close to order in floats")
            p, low, guess, up, agg = contenders[0]
            self.alive[p] = False
            remaining.remove(p)
            winners.append(p)
            self._pay(p, low, guess, up, agg)
        return tuple(winners)

    def _affordable(self, p: int, agg: dict[tuple[int, Num], int]) -> bool:
        """Supporters' money >= cost (pabutools drops a project when money < cost)."""
        cost = float(self.inp.costs[p])
        mid, rad = self.mid, self.rad
        most = sum(w * (mid[c] + rad[c]) for (c, _), w in agg.items()) * (1 + _ROUND)
        if most < cost:
            return False
        least = sum(w * max(0.0, mid[c] - rad[c]) for (c, _), w in agg.items()) * (1 - _ROUND)
        if least >= cost:
            return True
        raise Ambiguous("supporters' money too close to the cost")

    def _price(self, p: int, agg: dict[tuple[int, Num], int]) -> tuple[float, float, float]:
        """A checked bracket ``low < rho <= up`` and a guess inside it.

        ``up`` solves the price equation with every budget at its lower bound, ``low``
        with every budget at its upper bound (less money, higher price); both are then
        widened a little and checked against the exact-side inequalities.
        """
        cost = float(self.inp.costs[p])
        mid, rad = self.mid, self.rad
        items = [(mid[c], rad[c], float(u), w) for (c, u), w in agg.items()]
        # Usually the radii are tiny: one scan on the middle values, a narrow bracket.
        guess, denom = _solve(sorted((b / u, b, u, w) for b, r, u, w in items), cost)
        bracket = _check(items, cost, guess, guess, _WIDTHS[0] * cost / max(denom, 1.0))
        if bracket is not None:
            return bracket[0], guess, bracket[1]
        up_raw, denom = _solve(
            sorted((max(0.0, b - r) / u, max(0.0, b - r), u, w) for b, r, u, w in items), cost
        )
        low_raw, _ = _solve(sorted(((b + r) / u, b + r, u, w) for b, r, u, w in items), cost)
        guess = (low_raw + up_raw) / 2
        for width in _WIDTHS:
            bracket = _check(items, cost, low_raw, up_raw, width * cost / max(denom, 1.0), width)
            if bracket is not None:
                return bracket[0], guess, bracket[1]
        raise Ambiguous("price bracket does not close")

    def _pay(
        self, p: int, low: float, guess: float, up: float, agg: dict[tuple[int, Num], int]
    ) -> None:
        """Charge min(budget, rho x utility) to each supporter class, keeping bounds."""
        inp, mid, rad, cls = self.inp, self.mid, self.rad, self.cls
        moved: dict[tuple[int, Num], int] = {}
        spread = max(up - guess, guess - low)
        for c, u in agg:
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


def _solve(items: list[tuple[float, float, float, int]], cost: float) -> tuple[float, float]:
    """pabutools' scan on (budget/utility, budget, utility, voters) sorted by ratio: the
    price at which the supporters pay ``cost``, and the utility of those not paying all."""
    denom = float(sum(u * w for _, _, u, w in items))
    paid = 0.0
    rho = math.inf
    for _, b, u, w in items:
        if denom <= 0:
            break
        rho = (cost - paid) / denom
        if rho * u <= b:
            return rho, denom
        paid += w * b
        denom -= w * u
    raise Ambiguous("money too close to the cost to price")


def _check(
    items: list[tuple[float, float, float, int]],
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
    least_at_up = sum(w * min(max(0.0, b - r), up * u) for b, r, u, w in items)
    if least_at_up * (1 - _ROUND) < cost:
        return None
    most_at_low = sum(w * min(b + r, low * u) for b, r, u, w in items)
    if most_at_low * (1 + _ROUND) >= cost:
        return None
    return low, up
