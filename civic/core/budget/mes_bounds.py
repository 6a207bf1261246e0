"""Float helpers of the fast MES engine: a project's supporters as parallel lists, the
price equation solved by bisection, and the check that a bracket holds the exact price.

``ROUND`` bounds the relative error of a float sum of fewer than 400,000 terms
(n x 2^-53 < 5e-11); every check is widened by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import mul, truediv

from civic.core.budget.mes_input import Num

ROUND = 1e-10
#: Relative widths tried for a price bracket, narrowest first.
WIDTHS = (1e-9, 1e-7, 1e-5)


class Ambiguous(Exception):
    """A decision the float bounds cannot settle: use exact arithmetic."""


def sumprod(xs: list[float], ys: list[float]) -> float:
    total: float = sum(map(mul, xs, ys))
    return total


def solve(
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


def check(
    sup: Support,
    cost: float,
    low_raw: float,
    up_raw: float,
    slack: float,
    width: float = WIDTHS[0],
) -> tuple[float, float] | None:
    """Widen ``[low_raw, up_raw]`` and check it brackets the exact price: at ``up`` even
    the least money the supporters may have covers the cost, at ``low`` even the most
    does not."""
    up = up_raw * (1 + width) + slack
    low = max(0.0, low_raw * (1 - width) - slack)
    least_at_up = sumprod(sup.voters, list(map(min, sup.lows, map(mul, repeat(up), sup.utils))))
    if least_at_up * (1 - ROUND) < cost:
        return None
    most_at_low = sumprod(sup.voters, list(map(min, sup.highs, map(mul, repeat(low), sup.utils))))
    if most_at_low * (1 + ROUND) >= cost:
        return None
    return low, up


@dataclass
class Support:
    classes: list[int]
    exact_utils: list[Num]
    utils: list[float]
    weights: list[int]
    voters: list[float]
    mids: list[float]
    lows: list[float]
    highs: list[float]
