"""Recompute published results from open data: ``python -m civic.core <command>`` (docs/rules.md
§8).

Commands:

- ``votation --ballots BALLOTS.csv --eligible N [--quorum 25] [--mode …]``:
  tally exported ballots (a ``choice`` column; empty, ``blank`` or ``blanc``
  for a blank ballot, ``null`` or ``nul`` for a spoiled one).
- ``thresholds --population N --electorate N --collected N --counted N …``:
  a petition's threshold statuses.
- ``questions --questions Q.csv [--budget-minutes 30] …``: which questions
  are answered orally (columns ``id``, ``support``, ``submitted_at`` in ISO 8601).

Results are printed as JSON on stdout.  Bad input prints one line on stderr
and exits with status 2.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

from civic.core.question_time import AdmittedQuestion, select_oral_questions
from civic.core.thresholds import (
    DEFAULT_RULE_SETS,
    BaseFigure,
    BaseFigureError,
    RuleSet,
    SignatureCounts,
    evaluate_thresholds,
    rule_set_from_dict,
    to_fraction,
)
from civic.core.votation import BLANK, NULL, Ballot, TallyMode, tally_votation

PROG = "python -m civic.core"
_BLANK_SPELLINGS = {"", "blank", "blanc"}
_NULL_SPELLINGS = {"null", "nul"}


class InputError(Exception):
    """Bad input found after argument parsing: reported on one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, no usage block: the message must be readable in a CI log.
        self.exit(2, f"{self.prog}: error: {message}\n")


def _jsonable(value: object) -> Any:
    if isinstance(value, Fraction):
        return str(value)  # exact, "1/3"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return _jsonable(Fraction(value // timedelta(microseconds=1), 60_000_000))  # minutes
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(type(value).__name__)


def _print_json(payload: object) -> None:
    if dataclasses.is_dataclass(payload) and not isinstance(payload, type):
        payload = dataclasses.asdict(payload)
    json.dump(payload, sys.stdout, default=_jsonable, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _read_rows(path: str, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file (comma, semicolon or tab separated; "-" for stdin), numbered from 2.

    In a one-column file an empty line is a row with an empty value (a blank
    ballot); in a wider file it is skipped.
    """
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {path}: {error}") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in required if name not in header]
    if missing:
        raise InputError(f"{path}: missing column(s): {', '.join(missing)}")
    for row in reader:
        if not row and len(header) > 1:
            continue
        values = [value.strip() for value in row] + [""] * (len(header) - len(row))
        yield reader.line_num, dict(zip(header, values, strict=False))


def _fraction(text: str) -> Fraction:
    try:
        return to_fraction(text, "")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value}")
    return value


def _minutes(text: str) -> timedelta:
    value = _fraction(text)
    return timedelta(microseconds=round(value * 60_000_000))


def run_votation(args: argparse.Namespace) -> None:
    """Tally exported ballots (docs/rules.md §4)."""
    ballots: list[Ballot] = []
    for _, row in _read_rows(args.ballots, ["choice"]):
        choice = row["choice"]
        lowered = choice.lower()
        if lowered in _BLANK_SPELLINGS:
            ballots.append(BLANK)
        elif lowered in _NULL_SPELLINGS:
            ballots.append(NULL)
        else:
            ballots.append(choice)
    if args.choices:
        choices = [c.strip() for c in args.choices.split(",") if c.strip()]
    else:
        # Sorted, so the output does not depend on the order of the exported ballots.
        choices = sorted({b for b in ballots if isinstance(b, str)})
        if args.approve and args.approve not in choices:
            choices = sorted([*choices, args.approve])
        if not choices:
            raise InputError("no ballot names a choice: give them with --choices")
    result = tally_votation(
        choices,
        ballots,
        args.eligible,
        mode=args.mode,
        quorum_percent=args.quorum,
        approve_choice=args.approve,
    )
    _print_json(result)


def _load_rule_set(args: argparse.Namespace) -> RuleSet:
    if args.rules_file is None:
        return DEFAULT_RULE_SETS[args.rules]
    try:
        data = json.loads(Path(args.rules_file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read {args.rules_file}: {error}") from None
    return rule_set_from_dict(data)


def run_thresholds(args: argparse.Namespace) -> None:
    """A petition's threshold statuses (docs/rules.md §3)."""
    rule_set = _load_rule_set(args)
    figures_date = args.figures_date or date.min
    figures = {
        name: BaseFigure(name, value, args.source, figures_date)
        for name, value in (("population", args.population), ("electorate", args.electorate))
        if value is not None
    }
    counted_electors = args.counted_electors
    if counted_electors is None:
        if rule_set.eligible_signers == "electors":
            # Under an electors-only rule set every counted signature is an elector's.
            counted_electors = args.counted
        elif any(rule.counts == "electors" for rule in rule_set.thresholds_for(args.kind)):
            raise InputError(f"a {args.kind} petition counts electors: give --counted-electors")
        else:
            counted_electors = 0
    try:
        counts = SignatureCounts(args.collected, args.counted, counted_electors, args.counted_legal)
    except ValueError as error:
        raise InputError(
            f"{error}: counted legal <= counted electors <= counted <= collected"
        ) from None
    try:
        evaluation = evaluate_thresholds(rule_set, counts, figures, args.kind)
    except BaseFigureError as error:
        raise InputError(f"{error} (give --{error.figure})") from None
    statuses = []
    for status in evaluation.statuses:
        entry = dataclasses.asdict(status)
        entry.pop("reached_at")
        if args.figures_date is None:
            entry["base_date"] = None
        statuses.append(entry)
    _print_json(
        {
            "rule_set": rule_set.code,
            "kind": args.kind,
            "statuses": statuses,
            "reached": [s.name for s in evaluation.statuses if s.reached],
        }
    )


def run_questions(args: argparse.Namespace) -> None:
    """Which admitted questions are answered orally (docs/rules.md §7)."""
    questions = []
    for line, row in _read_rows(args.questions, ["id", "support", "submitted_at"]):
        try:
            questions.append(
                AdmittedQuestion(
                    int(row["id"]), int(row["support"]), datetime.fromisoformat(row["submitted_at"])
                )
            )
        except ValueError as error:
            raise InputError(f"{args.questions}, line {line}: {error}") from None
    _print_json(
        select_oral_questions(
            questions, args.budget_minutes, args.minutes_per_question, args.supplementary_minutes
        )
    )


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface; each sub-command's help is its function's docstring."""
    parser = _Parser(prog=PROG, description=__doc__.split("\n\n")[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    votation = commands.add_parser("votation", help=run_votation.__doc__)
    votation.add_argument("--ballots", required=True, help="CSV with a 'choice' column, or -")
    votation.add_argument("--eligible", required=True, type=_count)
    votation.add_argument("--quorum", type=_fraction, default=None, help="percent (default 25)")
    votation.add_argument(
        "--mode", choices=[m.value for m in TallyMode], default="binding_if_quorum"
    )
    votation.add_argument("--choices", help="comma-separated choice codes, in display order")
    votation.add_argument("--approve", help="the choice that adopts the project, e.g. oui")
    votation.set_defaults(run=run_votation)

    thresholds = commands.add_parser("thresholds", help=run_thresholds.__doc__)
    thresholds.add_argument("--population", type=_count)
    thresholds.add_argument("--electorate", type=_count)
    thresholds.add_argument("--collected", required=True, type=_count)
    thresholds.add_argument("--counted", required=True, type=_count, help="verified residents")
    thresholds.add_argument("--counted-electors", type=_count)
    thresholds.add_argument(
        "--counted-legal",
        type=_count,
        default=0,
        help="electors whose signature is also their legal request (CGCT L1112-16)",
    )
    thresholds.add_argument("--rules", choices=sorted(DEFAULT_RULE_SETS), default="charter")
    thresholds.add_argument("--rules-file", help="a rule set stored as JSON (overrides --rules)")
    thresholds.add_argument("--kind", default="ordinary", help="ordinary or recall")
    thresholds.add_argument("--source", default="command line", help="where the figures come from")
    thresholds.add_argument("--figures-date", type=date.fromisoformat, help="YYYY-MM-DD")
    thresholds.set_defaults(run=run_thresholds)

    questions = commands.add_parser("questions", help=run_questions.__doc__)
    questions.add_argument("--questions", required=True, help="CSV: id,support,submitted_at")
    questions.add_argument("--budget-minutes", type=_minutes, default=timedelta(minutes=30))
    questions.add_argument("--minutes-per-question", type=_minutes, default=timedelta(minutes=3))
    questions.add_argument("--supplementary-minutes", type=_minutes, default=timedelta(0))
    questions.set_defaults(run=run_questions)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (0, or 2 for bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except (InputError, ValueError) as error:
        # Core errors (VotationError, RuleSetError, BaseFigureError…) are ValueErrors
        # carrying a code: one line, no traceback.
        print(f"{PROG} {args.command}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not our error; silence the flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
