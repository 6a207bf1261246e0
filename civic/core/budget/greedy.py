"""Greedy rules: most approvals (or points) first, as most cities count.

``greedy`` skips a project that no longer fits and goes on down the ranking;
``greedy-no-skip`` stops at the first project that does not fit (Wrocław 2015);
``greedy-threshold`` first drops projects whose score is below a minimum score
(pabulib META ``min_project_score_threshold``, e.g. Łódź 2022: 100 votes, Warszawa 2026:
3000, Katowice 2020: 200 points). The ranking is by total score, ties broken by the
smaller project id as a string (pabutools' ``lexico_tie_breaking``). Projects nobody
voted for are never funded (pabutools' greedy would fund them with leftover money).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from civic.core.budget.model import (
    BELOW_THRESHOLD,
    COMPLETED,
    DID_NOT_FIT,
    NO_VOTES,
    NOT_REACHED,
    SELECTED,
    TALLIED_VOTE_TYPES,
    BudgetError,
    Election,
    Explanation,
    Outcome,
)

THRESHOLD_KEY = "min_project_score_threshold"


def ranking(election: Election) -> list[tuple[str, Fraction]]:
    """Projects by decreasing score, ties by the smaller id (as a string)."""
    if election.vote_type not in TALLIED_VOTE_TYPES:
        raise BudgetError(f"greedy cannot tally {election.vote_type} ballots")
    scores = election.scores()
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def fill_greedily(
    election: Election,
    already: Iterable[str] = (),
    *,
    skip: bool = True,
    threshold: Fraction | None = None,
    code: str = SELECTED,
) -> tuple[list[str], list[Explanation]]:
    """Add projects down the ranking while money is left; explain every other project.

    ``already`` are projects bought before (e.g. by MES); they are neither re-bought nor
    explained here.
    """
    chosen = set(already)
    cost = {p.id: p.cost for p in election.projects}
    left = election.budget - election.total_cost(chosen)
    picked: list[str] = []
    reasons: list[Explanation] = []
    stopped = False
    for pid, score in ranking(election):
        if pid in chosen:
            continue
        if score <= 0:
            reasons.append(Explanation(pid, NO_VOTES, score=score))
        elif threshold is not None and score < threshold:
            reasons.append(Explanation(pid, BELOW_THRESHOLD, score=score, threshold=threshold))
        elif stopped:
            reasons.append(Explanation(pid, NOT_REACHED, score=score, budget_left=left))
        elif cost[pid] <= left:
            left -= cost[pid]
            picked.append(pid)
            reasons.append(Explanation(pid, code, score=score, budget_left=left))
        else:
            reasons.append(Explanation(pid, DID_NOT_FIT, score=score, budget_left=left))
            stopped = not skip
    return picked, reasons


def greedy(election: Election, *, skip: bool = True, threshold: Fraction | None = None) -> Outcome:
    """Greedy by score (docs/rules.md §6: "most votes first, skip what no longer fits")."""
    picked, reasons = fill_greedily(election, skip=skip, threshold=threshold)
    if threshold is not None:
        rule, params = "greedy-threshold", {"threshold": str(threshold)}
    else:
        rule, params = ("greedy" if skip else "greedy-no-skip"), {}
    return Outcome(
        rule=rule,
        selected=tuple(sorted(picked)),
        cost=election.total_cost(picked),
        parameters=params,
        explanations=tuple(reasons),
    )


def meta_threshold(election: Election) -> Fraction:
    """The minimum score a pabulib file records for ``greedy-threshold``."""
    text = election.meta.get(THRESHOLD_KEY)
    if text is None:
        raise BudgetError(f"greedy-threshold needs META {THRESHOLD_KEY}")
    try:
        return Fraction(text.replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise BudgetError(f"META {THRESHOLD_KEY} is not a number: {text!r}") from None


__all__ = ["COMPLETED", "fill_greedily", "greedy", "meta_threshold", "ranking"]
