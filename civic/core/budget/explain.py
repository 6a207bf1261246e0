"""Turn an MES run (plus its greedy completion) into an :class:`Outcome` with reasons.

The reasons are data, not sentences: the web layer words them (docs/rules.md §6: results
"explain themselves: why each project won or lost").
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from civic.core.budget.greedy import fill_greedily
from civic.core.budget.mes import MesRun
from civic.core.budget.mes_input import CARDINALITY, MesInput
from civic.core.budget.model import (
    APPROVAL_LIKE,
    BOUGHT_BY_SUPPORTERS,
    COMPLETED,
    FREE,
    NO_UTILITY,
    NO_VOTES,
    UNAFFORDABLE,
    Election,
    Explanation,
    Outcome,
)


def mes_outcome(
    election: Election,
    inp: MesInput,
    selection: tuple[int, ...],
    run: MesRun | None,
    *,
    rule: str,
    parameters: Mapping[str, str],
    complete: bool,
) -> Outcome:
    """The outcome of an MES run, completed greedily by score when ``complete``;
    explained when the exact ``run`` is given."""
    selected = list(inp.free) + [inp.ids[p] for p in selection]
    if complete:
        added, greedy_reasons = fill_greedily(election, selected, code=COMPLETED)
        selected.extend(added)
    order = {p.id: i for i, p in enumerate(election.projects)}
    return Outcome(
        rule=rule,
        selected=tuple(sorted(selected)),
        cost=election.total_cost(selected),
        parameters=dict(parameters),
        explanations=() if run is None else _reasons(election, inp, run, complete, order),
    )


def _reasons(
    election: Election, inp: MesInput, run: MesRun, complete: bool, order: dict[str, int]
) -> tuple[Explanation, ...]:
    scores = election.scores()
    reasons: dict[str, Explanation] = {}
    for pid in inp.unsupported:
        reasons[pid] = Explanation(pid, NO_VOTES, score=scores[pid])
    for pid in inp.free:
        reasons[pid] = Explanation(pid, FREE, score=scores[pid])
    for pid in inp.worthless:
        reasons[pid] = Explanation(pid, NO_UTILITY, score=scores[pid])
    # What a supporter pays per approval (or point) is rho x (utility per unit of score).
    per_unit_cost = election.vote_type in APPROVAL_LIKE and inp.utility != CARDINALITY
    for number, purchase in enumerate(run.purchases, start=1):
        pid = inp.ids[purchase.project]
        unit = Fraction(inp.costs[purchase.project]) if per_unit_cost else Fraction(1)
        reasons[pid] = Explanation(
            pid,
            BOUGHT_BY_SUPPORTERS,
            score=scores[pid],
            round=number,
            rho=purchase.rho,
            share=purchase.rho * unit,
            paid_all=purchase.paid_all,
        )
    for dropout in run.dropouts:
        pid = inp.ids[dropout.project]
        reasons[pid] = Explanation(
            pid,
            UNAFFORDABLE,
            score=scores[pid],
            round=dropout.round + 1,
            supporters_money=dropout.money,
            best_rho=Fraction(inp.costs[dropout.project]) / inp.total_utility[dropout.project],
        )
    if complete:
        _, greedy_reasons = fill_greedily(election, run.selected_ids(inp), code=COMPLETED)
        for reason in greedy_reasons:
            if reason.code == COMPLETED:
                reasons[reason.project_id] = reason
    return tuple(sorted(reasons.values(), key=lambda e: order[e.project_id]))
