"""One entry point for every tallying rule: ``tally(election, rule, ...)``."""

from __future__ import annotations

from fractions import Fraction

from civic.core.budget.add1 import DEFAULT_STEP, equal_shares_add1
from civic.core.budget.explain import mes_outcome
from civic.core.budget.greedy import greedy, meta_threshold
from civic.core.budget.mes import default_endowment, mes_selection, run_mes
from civic.core.budget.mes_input import CARDINALITY, COST, prepare
from civic.core.budget.model import CUMULATIVE, BudgetError, Election, Outcome

GREEDY = "greedy"
GREEDY_NO_SKIP = "greedy-no-skip"
GREEDY_THRESHOLD = "greedy-threshold"
MES = "mes"
MES_GREEDY = "mes+greedy"
MES_ADD1 = "mes+add1"
RULES = (GREEDY, GREEDY_NO_SKIP, GREEDY_THRESHOLD, MES, MES_GREEDY, MES_ADD1)


def tally(
    election: Election,
    rule: str,
    *,
    utility: str = COST,
    step: Fraction | None = None,
    threshold: Fraction | None = None,
    complete: bool | None = None,
    explain: bool = True,
) -> Outcome:
    """Tally ``election`` with ``rule`` (one of :data:`RULES`).

    ``utility`` (MES rules): ``cost`` (approval: cost; cumulative: points) or
    ``cardinality``; ``step`` (mes+add1): endowment increase per voter, default 1;
    ``threshold`` (greedy-threshold): minimum score, default the file's META value;
    ``complete``: whether greedy completes the MES outcome (default: only ``mes+greedy``;
    ``mes+add1`` is not completed by default because Assen 2024 did not complete it:
    greedy would also fund project 7, 12,000 EUR of the 23,300 left, which Assen did not);
    ``explain``: record why each project won or lost (MES: one more run, in exact
    arithmetic throughout, to report exact prices; the winners are the same).
    """
    if rule == GREEDY:
        return greedy(election)
    if rule == GREEDY_NO_SKIP:
        return greedy(election, skip=False)
    if rule == GREEDY_THRESHOLD:
        return greedy(
            election, threshold=meta_threshold(election) if threshold is None else threshold
        )
    if rule not in RULES:
        raise BudgetError(f"unknown rule {rule!r}, expected one of {', '.join(RULES)}")
    inp = prepare(election, utility)
    shown_utility = "points" if election.vote_type == CUMULATIVE and utility == COST else utility
    if complete is None:
        complete = rule == MES_GREEDY
    params = {"utility": shown_utility, "completion": "greedy" if complete else "none"}
    if rule == MES_ADD1:
        step = DEFAULT_STEP if step is None else step
        if step <= 0:
            raise BudgetError("the add1 step must be positive")
        found = equal_shares_add1(inp, step)
        endowment = found.endowment
        selection: tuple[int, ...] | None = found.selection
        params.update(step=str(step), runs=str(found.runs))
    else:
        endowment = default_endowment(inp)
        selection = None if explain else mes_selection(inp, endowment)
    params.update(endowment=str(endowment))
    run = run_mes(inp, endowment) if explain else None
    if run is not None:
        selection = tuple(p.project for p in run.purchases)
    assert selection is not None  # nosec B101  # for mypy: every path above sets it
    return mes_outcome(
        election, inp, selection, run, rule=rule, parameters=params, complete=complete
    )


__all__ = ["CARDINALITY", "COST", "RULES", "tally"]
