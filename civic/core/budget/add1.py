"""MES with the "add1" completion real cities used (equalshares.net; Assen 2024,
Świecie 2023, Wieliczka 2023).

Rule: run MES with endowment budget/n, then budget/n + step, + 2 step, ... (default step:
one currency unit per voter) **until the outcome would overspend** the real budget; keep
the last outcome that fits. Greedy completion of what is left is optional
(``tally(..., complete=True)``): the published outcomes of the three cities are the add1
outcomes as they are - Assen 2024 left 23,300 EUR unspent although its project 7
(12,000) would have fitted. This is a linear scan on purpose: the outcome is not
monotone in the endowment, so bisection is a different rule (issue 9: on Łódź 2022 it
gives 45 winners instead of 44). The step trades time for resolution: one forint per
voter means about 23,000 MES runs on Budapest 2024.

pabutools offers two neighbours: ``exhaustion_by_budget_increase(..., exhaustive_stop=False,
budget_step=n x step)`` is this rule (without the completion), while
``method_of_equal_shares(..., voter_budget_increment=step)`` also stops at the first
*exhaustive* outcome (no further project fits) - an earlier stop, hence a different rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from civic.core.budget.mes import default_endowment, mes_selection
from civic.core.budget.mes_float import Trace
from civic.core.budget.mes_input import MesInput, Num

DEFAULT_STEP = Fraction(1)


@dataclass(frozen=True)
class Add1Result:
    """The endowment kept, what MES buys with it, and how many MES runs the scan took."""

    endowment: Fraction
    selection: tuple[int, ...]
    runs: int


def equal_shares_add1(inp: MesInput, step: Fraction = DEFAULT_STEP) -> Add1Result:
    """The last MES outcome, endowment raised by ``step`` at a time, that fits the budget."""
    if step <= 0:
        raise ValueError("the add1 step must be positive")
    base = default_endowment(inp)
    everything = sum(inp.costs, 0)
    if everything <= inp.budget:
        # No outcome can overspend: the scan runs to pabutools' bound, where every
        # voter alone can pay for everything, so every candidate is bought.
        endowment = max(base, Fraction(everything) + 1)
        return Add1Result(endowment, mes_selection(inp, endowment), 1)

    def cost(selection: tuple[int, ...]) -> Num:
        return sum((inp.costs[p] for p in selection), 0)

    # At budget/n MES never overspends (it spends the voters' money only), so `fitting`
    # starts valid; once the endowment covers every cost alone, all candidates are
    # bought and the total overspends, so the scan ends.
    trace = Trace()  # consecutive runs mostly split the voters the same way
    fitting = Add1Result(base, mes_selection(inp, base, trace), 1)
    k = 1
    while True:
        endowment = base + k * step
        selection = mes_selection(inp, endowment, trace)
        if cost(selection) > inp.budget:
            return Add1Result(fitting.endowment, fitting.selection, k + 1)
        fitting = Add1Result(endowment, selection, k + 1)
        k += 1
