"""Exact budgets behind a float MES run, computed only when a near-tie needs them.

The float engine (:mod:`civic.core.budget.mes_float`) records how every budget class was
made - from which class, by which round's payment, at which utility - and what each
round's winner's supporters looked like. When floats cannot settle a decision (two
prices too close, money too close to a cost), this ledger replays just the exact
arithmetic needed: the exact price of each earlier round, then the exact budgets.
"""

from __future__ import annotations

from fractions import Fraction

from civic.core.budget.mes_input import START_CLASS, ZERO_CLASS, MesInput, Num, exact_num


def exact_price(cost: Num, budgets: list[Num], utils: list[Num], voters: list[int]) -> Fraction:
    """pabutools' scan in exact arithmetic: supporters by budget/utility, the first one
    who can pay an equal price for what the poorer ones (paying all) leave."""
    items = sorted(
        (Fraction(b) / u, b, u, w) for b, u, w in zip(budgets, utils, voters, strict=True) if b > 0
    )
    paid: Num = 0
    denom: Num = sum(u * w for _, _, u, w in items)
    for ratio, b, u, w in items:
        rho = Fraction(cost - paid) / denom
        if rho <= ratio:
            return rho
        paid += w * b
        denom -= w * u
    raise ValueError("the supporters cannot pay the cost")  # callers checked the money


class ExactLedger:
    def __init__(self, inp: MesInput, endowment: Fraction) -> None:
        self.inp = inp
        self.values: dict[int, Num] = {ZERO_CLASS: 0, START_CLASS: exact_num(endowment)}
        self.parent = [ZERO_CLASS, ZERO_CLASS]
        self.origin: list[tuple[int, Num]] = [(-1, 0), (-1, 0)]
        self.rounds: list[tuple[int, list[int], list[Num], list[int]]] = []
        self.prices: list[Fraction | None] = []

    def start_round(
        self, project: int, classes: list[int], utils: list[Num], voters: list[int]
    ) -> int:
        """Record who pays for this round's winner; returns the round's number."""
        self.rounds.append((project, classes, utils, voters))
        self.prices.append(None)
        return len(self.rounds) - 1

    def new_class(self, parent: int, round_number: int, util: Num) -> None:
        """A class left with max(0, parent's budget - price x util)."""
        self.parent.append(parent)
        self.origin.append((round_number, util))

    def set_price(self, round_number: int, rho: Fraction) -> None:
        self.prices[round_number] = rho

    def price(self, round_number: int) -> Fraction:
        known = self.prices[round_number]
        if known is not None:
            return known
        for earlier in range(round_number):  # in order: keeps the recursion shallow
            self.price(earlier)
        project, classes, utils, voters = self.rounds[round_number]
        budgets = [self.budget(c) for c in classes]
        rho = exact_price(self.inp.costs[project], budgets, utils, voters)
        self.prices[round_number] = rho
        return rho

    def budget(self, c: int) -> Num:
        chain = []
        while c not in self.values:
            chain.append(c)
            c = self.parent[c]
        value = self.values[c]
        for d in reversed(chain):
            round_number, util = self.origin[d]
            left = value - self.price(round_number) * util
            value = exact_num(Fraction(left)) if left > 0 else 0
            self.values[d] = value
        return value

    def money(self, classes: list[int], voters: list[int]) -> Num:
        return sum((w * self.budget(c) for c, w in zip(classes, voters, strict=True)), 0)

    def price_now(
        self, project: int, classes: list[int], utils: list[Num], voters: list[int]
    ) -> Fraction:
        budgets = [self.budget(c) for c in classes]
        return exact_price(self.inp.costs[project], budgets, utils, voters)
