"""The Method of Equal Shares in floats, with certified error bounds.

Same rule as :mod:`civic.core.budget.mes`, made fast for add1's hundreds of runs: every
budget is a float ``mid`` with a radius ``rad`` such that the exact budget lies in
``[mid - rad, mid + rad]``. A project's price is bracketed by ``[low, up]`` and the
bracket is *checked*: the exact money its supporters would pay at ``up`` reaches the
cost, at ``low`` it does not (up to the rounding of a float sum, bounded below by
``ROUND``). A decision is taken only when the brackets settle it - one project's ``up``
below every other's ``low``, money clearly above or below a cost, a supporter clearly
short of money or not. Anything closer (a near-tie) is settled by exact arithmetic on
exact budgets replayed from the run's history (:mod:`civic.core.budget.mes_ledger`),
so the outcome is always the exact one. :class:`Ambiguous` remains as a last resort.
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from itertools import repeat
from operator import add, sub

from civic.core.budget.mes_bounds import ROUND, WIDTHS, Ambiguous, Support, check, solve, sumprod
from civic.core.budget.mes_input import START_CLASS, ZERO_CLASS, MesInput, Num, support
from civic.core.budget.mes_ledger import ExactLedger

_EPS = 2.0**-52


class Trace:
    """How an earlier run split the voters into budget classes, round by round.

    add1 runs MES again and again with a slightly larger endowment; as long as a run
    takes the same decisions as the previous one (same winner, same supporters paying
    all or not), the split into classes - hence each project's supporters per class -
    is the same, and only the budgets' values differ. So those counts are reused.
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.cls: list[list[int]] = []  # each group's class when round r starts
        self.counts: list[dict[int, tuple[list[int], list[Num], list[int]]]] = []
        self.moves: list[tuple[int, tuple[int, ...]]] = []  # winner, classes it created


def float_winners(
    inp: MesInput, endowment: Fraction, trace: Trace | None = None
) -> tuple[int, ...]:
    """The candidates MES buys, in order. ``trace`` (add1) carries work over from the
    previous run."""
    try:
        return _FloatRun(inp, endowment, trace).run()
    except Ambiguous:
        if trace is not None:
            trace.clear()
        raise


class _FloatRun:
    def __init__(self, inp: MesInput, endowment: Fraction, trace: Trace | None) -> None:
        self.inp = inp
        self.trace = trace
        self.round = 0
        self.following = trace is not None and bool(trace.cls)
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
            if self.following:
                assert self.trace is not None  # nosec B101  # for mypy: following implies a trace
                self.cls = self.trace.cls[self.round]
            elif self.trace is not None:
                self.trace.cls.append(self.cls)
                self.trace.counts.append({})
            remaining.sort(key=self.stale.__getitem__)
            best_up = math.inf
            found: list[tuple[int, float, float, float, Support, Fraction | None]] = []
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
            self.round += 1
        return tuple(winners)

    def _support(self, p: int) -> Support:
        """Supporters with money left as parallel lists: class, utility, voters, and the
        class's budget bounds (mid - rad and mid + rad)."""
        inp = self.inp
        same = inp.uniform[p]
        cache = None if self.trace is None else self.trace.counts[self.round]
        classes: list[int]
        exact_utils: list[Num]
        weights: list[int]
        if cache is not None and p in cache:
            classes, exact_utils, weights = cache[p]
        elif same is not None:  # approval: count classes in C, no (class, utility) keys
            counts = Counter(map(self.cls.__getitem__, inp.light[p]))
            for g, w, _ in inp.heavy[p]:
                counts[self.cls[g]] += w
            counts.pop(ZERO_CLASS, None)
            classes = list(counts)
            exact_utils = [same] * len(classes)
            weights = list(counts.values())
        else:
            agg = support(inp, self.cls, p)
            classes = [c for c, _ in agg]
            exact_utils = [u for _, u in agg]
            weights = list(agg.values())
        if cache is not None:
            cache[p] = (classes, exact_utils, weights)
        mids = list(map(self.mid.__getitem__, classes))
        rads = list(map(self.rad.__getitem__, classes))
        return Support(
            classes=classes,
            exact_utils=exact_utils,
            utils=list(map(float, exact_utils)),
            weights=weights,
            voters=list(map(float, weights)),
            mids=mids,
            lows=list(map(max, repeat(0.0), map(sub, mids, rads))),
            highs=list(map(add, mids, rads)),
        )

    def _affordable(self, p: int, sup: Support) -> bool:
        """Supporters' money >= cost (pabutools drops a project when money < cost)."""
        cost = float(self.inp.costs[p])
        if sumprod(sup.voters, sup.highs) * (1 + ROUND) < cost:
            return False
        if sumprod(sup.voters, sup.lows) * (1 - ROUND) >= cost:
            return True
        return self.ledger.money(sup.classes, sup.weights) >= self.inp.costs[p]

    def _price(self, p: int, sup: Support) -> tuple[float, float, float, Fraction | None]:
        """A checked bracket ``low <= rho <= up``, a guess inside it, and the exact price
        when floats could not bracket it.

        First a narrow bracket around the price computed on the middle budgets; if the
        radii are too wide for it, ``up`` solves the price equation with every budget at
        its lower bound and ``low`` with every budget at its upper bound.
        """
        cost = float(self.inp.costs[p])
        try:
            guess, denom = solve(sup.mids, sup.utils, sup.voters, cost)
            # The budgets' uncertainty moves the price by about (sum of radii) / denom.
            spread = sumprod(sup.voters, list(map(sub, sup.highs, sup.mids)))
            slack = (WIDTHS[0] * cost + spread) / max(denom, 1.0)
            bracket = check(sup, cost, guess, guess, slack)
            if bracket is not None:
                return bracket[0], guess, bracket[1], None
            up_raw, denom = solve(sup.lows, sup.utils, sup.voters, cost)
            low_raw, _ = solve(sup.highs, sup.utils, sup.voters, cost)
            guess = (low_raw + up_raw) / 2
            for width in WIDTHS:
                slack = width * cost / max(denom, 1.0)
                bracket = check(sup, cost, low_raw, up_raw, slack, width)
                if bracket is not None:
                    return bracket[0], guess, bracket[1], None
        except Ambiguous:
            pass
        _, low, guess, up, _, exact = self._exactly(p, 0.0, 0.0, 0.0, sup, None)
        return low, guess, up, exact

    def _exactly(
        self, p: int, low: float, guess: float, up: float, sup: Support, exact: Fraction | None
    ) -> tuple[int, float, float, float, Support, Fraction | None]:
        """The same contender with its exact price and a tight bracket around it."""
        if exact is None:
            exact = self.ledger.price_now(p, sup.classes, sup.exact_utils, sup.weights)
        rho = float(exact)  # correctly rounded
        return p, rho * (1 - 4 * _EPS), rho, rho * (1 + 4 * _EPS), sup, exact

    def _pay(
        self, p: int, low: float, guess: float, up: float, sup: Support, exact: Fraction | None
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
        if self.trace is not None:
            pattern = (p, tuple(moved.values()))
            trace, r = self.trace, self.round
            if self.following and r < len(trace.moves) and trace.moves[r] == pattern:
                if r + 1 < len(trace.cls):
                    return  # same decision as the previous run: its next split applies
            if self.following:  # the runs part here: forget the previous run's future
                del trace.cls[r + 1 :], trace.counts[r + 1 :], trace.moves[r:]
                self.following = False
            trace.moves.append(pattern)
            cls = self.cls = list(cls)  # the recorded split of this round stays intact
        same = inp.uniform[p]
        if same is not None:
            for g in inp.light[p]:
                if cls[g]:
                    cls[g] = moved[(cls[g], same)]
        else:
            utils = inp.light_utils[p]
            assert utils is not None  # nosec B101  # for mypy: None only when `same` is set
            for g, u in zip(inp.light[p], utils, strict=True):
                if cls[g]:
                    cls[g] = moved[(cls[g], u)]
        for g, _, u in inp.heavy[p]:
            if cls[g]:
                cls[g] = moved[(cls[g], u)]
