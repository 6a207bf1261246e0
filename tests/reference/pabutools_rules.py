"""pabutools as the reference implementation (the live comparison and bench/ only: never
the core, never the default test run, which reads its recorded outcomes instead).

Each function returns the set of project ids pabutools selects for one of our rules,
minus the projects nobody voted for (pabutools' greedy funds them with leftover money;
our rules never do).
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any

from pabutools.election import (
    AbstractCumulativeProfile,
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    Cardinality_Sat,
    Cost_Sat,
    parse_pabulib,
)
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

#: The rules the reference outcomes cover (pabutools has an equivalent of each).
RULES = ("greedy", "mes", "mes+greedy", "mes+add1")
VERSION = version("pabutools")


def _points_cost(instance: Any, profile: Any, ballot: Any, project: Any, pre: Any) -> Any:
    # Greedy "most points first" is greedy welfare with satisfaction points x cost.
    return ballot.get(project, 0) * project.cost


class PointsCostSat(AdditiveSatisfaction):  # type: ignore[misc]
    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        super().__init__(instance, profile, ballot, _points_cost)


def load(path: Path) -> tuple[Any, Any]:
    return parse_pabulib(str(path))


def _sats(profile: Any, utility: str) -> tuple[Any, Any]:
    cumulative = isinstance(profile, AbstractCumulativeProfile)
    greedy_sat = PointsCostSat if cumulative else Cost_Sat
    if utility == "cardinality":
        return Cardinality_Sat, greedy_sat
    return (Additive_Cardinal_Sat if cumulative else Cost_Sat), greedy_sat


def _voted(profile: Any) -> set[str]:
    return {p.name for ballot in profile for p in ballot}


def reference(instance: Any, profile: Any, rule: str, utility: str = "cost") -> set[str]:
    """pabutools' winners for ``rule`` (greedy, mes, mes+greedy, mes+add1)."""
    mes_sat, greedy_sat = _sats(profile, utility)
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=greedy_sat)
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, sat_class=mes_sat)
    elif rule == "mes+greedy":
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": mes_sat}, {"sat_class": greedy_sat}],
        )
    elif rule == "mes+add1":
        outcome = exhaustion_by_budget_increase(
            instance,
            profile,
            method_of_equal_shares,
            {"sat_class": mes_sat},
            budget_step=profile.num_ballots(),
            exhaustive_stop=False,
        )
    else:
        raise ValueError(rule)
    return {p.name for p in outcome} & _voted(profile)
