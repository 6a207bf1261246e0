"""Tally a pabulib file from the command line.

    python -m civic.core.budget --rule RULE [--utility cost|cardinality] [--step N] FILE.pb

Options beyond these: ``--completion greedy|none`` and ``--explain``.

Prints ``{"rule": ..., "selected": [...], "cost": ..., "parameters": {...}, "warnings":
[...]}`` as JSON; ``--explain`` adds the reason for every project. What the reader read
leniently (a vote naming a project twice, counted once) is a warning: in ``warnings``
and as a ``warning: ...`` line on stderr. Bad input: one line on stderr, status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import NoReturn

from civic.core.budget.mes_input import UTILITIES
from civic.core.budget.model import BudgetError, Explanation, Outcome
from civic.core.budget.pabulib import PabulibError, parse_number, read_election
from civic.core.budget.rules import RULES, tally


def number_json(value: Fraction) -> int | float | str:
    """Integers as integers; other fractions as a float when exact, else "p/q"."""
    if value.denominator == 1:
        return value.numerator
    if Fraction(float(value)) == value:
        return float(value)
    return str(value)


def explanation_json(e: Explanation) -> dict[str, object]:
    out: dict[str, object] = {"project": e.project_id, "code": e.code}
    for name in ("score", "budget_left", "threshold", "rho", "share", "supporters_money"):
        value = getattr(e, name)
        if value is not None:
            out[name] = number_json(value)
    if e.best_rho is not None:
        out["best_rho"] = number_json(e.best_rho)
    if e.round is not None:
        out["round"] = e.round
    if e.paid_all:
        out["paid_all"] = e.paid_all
    return out


def outcome_json(outcome: Outcome, explain: bool) -> dict[str, object]:
    out: dict[str, object] = {
        "rule": outcome.rule,
        "selected": list(outcome.selected),
        "cost": number_json(outcome.cost),
        "parameters": dict(outcome.parameters),
    }
    if explain:
        out["explanations"] = [explanation_json(e) for e in outcome.explanations]
    return out


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line too (status 2, like bad files)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Tally FILE.pb with RULE and print the winners as JSON."""
    parser = _Parser(prog="python -m civic.core.budget", description=__doc__)
    parser.add_argument("--rule", required=True, help=", ".join(RULES))
    parser.add_argument("--utility", default="cost", help=" or ".join(UTILITIES))
    parser.add_argument("--step", help="mes+add1: endowment increase per voter (default 1)")
    parser.add_argument(
        "--completion",
        choices=("greedy", "none"),
        help="complete the MES outcome greedily (default: only for mes+greedy)",
    )
    parser.add_argument("--explain", action="store_true", help="add the reason per project")
    parser.add_argument("file", help="a pabulib .pb file")
    args = parser.parse_args(argv)
    try:
        if args.rule not in RULES:
            raise BudgetError(f"unknown rule {args.rule!r}, expected one of {', '.join(RULES)}")
        if args.utility not in UTILITIES:
            raise BudgetError(f"unknown utility {args.utility!r}, expected cost or cardinality")
        step = None if args.step is None else parse_number(args.step, "--step")
        warnings: list[str] = []
        election = read_election(args.file, warnings.append)
        complete = None if args.completion is None else args.completion == "greedy"
        outcome = tally(
            election,
            args.rule,
            utility=args.utility,
            step=step,
            complete=complete,
            explain=args.explain,
        )
    except (PabulibError, BudgetError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    out = outcome_json(outcome, args.explain)
    out["warnings"] = warnings
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
