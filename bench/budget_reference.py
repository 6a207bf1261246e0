"""Reference outcomes: pabutools' winners on real pabulib files, recorded as JSON.

The default test run compares ``civic.core.budget`` with this record without importing
pabutools (``tests/unit/core/budget/test_budget_reference.py``); ``make test-reference``
runs pabutools live and checks the record is still what it computes. Rewrite the record
when a committed file or pabutools changes:

    .venv/bin/python bench/budget_reference.py
        # the files of tests/data/pabulib -> tests/data/pabulib/reference.json

Or look at any directory of ``.pb`` files, the whole public archive for instance:

    .venv/bin/python bench/budget_reference.py DIR --out /tmp/archive.json \\
        [--rules greedy,mes,mes+greedy,mes+add1] [--add1-everywhere] [--timeout SECONDS]
        [--jobs N]

For every file: its sha256, vote type and number of voters, what our reader warned about
(or why it refused the file), whether pabutools reads it, and for every rule pabutools'
winners (minus the projects nobody voted for: our rules never fund them) with whether
our core names the same ones. ``mes+add1`` is pabutools' ``exhaustion_by_budget_increase``
(one currency unit per voter per step): minutes on the larger files (5 on Wieliczka
2023), so it is run where the city used equal shares (META ``rule`` equalshares/...),
everywhere with ``--add1-everywhere``; ``--timeout`` bounds any run (a rule that runs out
of time is listed under ``timed_out``, not recorded). Ballots that are read but not
tallied (ordinal) get no outcomes. The summary goes to stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from civic.core.budget import PabulibError, read_election, tally  # noqa: E402
from civic.core.budget.model import TALLIED_VOTE_TYPES  # noqa: E402
from tests.reference.pabutools_rules import RULES, VERSION, load, reference  # noqa: E402

COMMITTED = REPO / "tests" / "data" / "pabulib"


class TimedOut(Exception):
    pass


@contextmanager
def time_limit(seconds: int | None) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (pabutools is pure Python: SIGALRM works)."""
    if not seconds:
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TimedOut

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def add1_applies(meta: dict[str, str] | Any) -> bool:
    """Whether the city used equal shares (pabulib's META ``rule``: equalshares/add1...)."""
    return str(meta.get("rule", "")).startswith("equalshares")


def file_entry(
    path: Path, rules: tuple[str, ...], timeout: int | None, add1_everywhere: bool = False
) -> dict[str, Any]:
    entry: dict[str, Any] = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    warnings: list[str] = []
    try:
        election = read_election(path, warnings.append)
    except PabulibError as error:
        entry["refused_by_us"] = str(error)
        election = None
    else:
        entry["vote_type"] = election.vote_type
        entry["voters"] = election.num_voters
        if warnings:
            entry["warnings"] = warnings
    try:
        instance, profile = load(path)
    except Exception as error:  # noqa: BLE001 - any failure of the reference is reported
        entry["refused_by_pabutools"] = f"{type(error).__name__}: {error}"
        return entry
    if election is None or election.vote_type not in TALLIED_VOTE_TYPES:
        return entry
    outcomes: dict[str, list[str]] = {}
    disagreements: dict[str, dict[str, list[str]]] = {}
    seconds: dict[str, float] = {}
    for rule in rules:
        if rule == "mes+add1" and not (add1_everywhere or add1_applies(election.meta)):
            continue
        start = time.perf_counter()
        try:
            with time_limit(timeout):
                theirs = reference(instance, profile, rule)
        except TimedOut:
            entry.setdefault("timed_out", []).append(rule)
            continue
        seconds[rule] = round(time.perf_counter() - start, 3)
        outcomes[rule] = sorted(theirs)
        ours = set(tally(election, rule, explain=False).selected)
        if ours != theirs:
            disagreements[rule] = {
                "only_ours": sorted(ours - theirs),
                "only_pabutools": sorted(theirs - ours),
            }
    entry["outcomes"] = outcomes
    entry["pabutools_seconds"] = seconds
    if disagreements:
        entry["disagreements"] = disagreements
    return entry


def _entry_job(
    args: tuple[Path, tuple[str, ...], int | None, bool],
) -> tuple[str, dict[str, Any]]:
    path, rules, timeout, add1_everywhere = args
    return path.name, file_entry(path, rules, timeout, add1_everywhere)


def summary(files: dict[str, dict[str, Any]]) -> list[str]:
    def count(key: str) -> int:
        return sum(1 for e in files.values() if key in e)

    lines = [
        f"{len(files)} files; refused by pabutools: {count('refused_by_pabutools')}; "
        f"refused by us: {count('refused_by_us')}; read with a warning: {count('warnings')}",
    ]
    for name, e in files.items():
        if "refused_by_us" in e and "refused_by_pabutools" not in e:
            lines.append(f"  pabutools reads, we refuse: {name}: {e['refused_by_us']}")
        for rule, diff in e.get("disagreements", {}).items():
            lines.append(f"  DISAGREE {name} {rule}: {diff}")
        if e.get("timed_out"):
            lines.append(f"  timed out: {name}: {', '.join(e['timed_out'])}")
    agreed = sum(
        len(e.get("outcomes", {})) - len(e.get("disagreements", {})) for e in files.values()
    )
    compared = sum(len(e.get("outcomes", {})) for e in files.values())
    lines.append(f"same winners as pabutools: {agreed} of {compared} (file, rule) pairs")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=COMMITTED)
    parser.add_argument("--out", type=Path, help="default: FOLDER/reference.json")
    parser.add_argument("--rules", default=",".join(RULES))
    parser.add_argument("--add1-everywhere", action="store_true")
    parser.add_argument("--timeout", type=int, help="seconds per pabutools run")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    rules = tuple(r for r in args.rules.split(",") if r)
    unknown = set(rules) - set(RULES)
    if unknown:
        parser.error(f"unknown rules {sorted(unknown)}, expected some of {', '.join(RULES)}")
    paths = sorted(args.folder.glob("*.pb"))
    if not paths:
        parser.error(f"no .pb file in {args.folder}")
    started = time.perf_counter()
    # Largest first, so that the longest runs start at once when they run side by side.
    jobs = [
        (p, rules, args.timeout, args.add1_everywhere)
        for p in sorted(paths, key=lambda p: -p.stat().st_size)
    ]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            done = dict(pool.map(_entry_job, jobs))
    else:
        done = dict(map(_entry_job, jobs))
    files = {name: done[name] for name in sorted(done)}
    record = {
        "written_by": "bench/budget_reference.py",
        "pabutools": VERSION,
        "python": sys.version.split()[0],
        "date": datetime.now(UTC).date().isoformat(),
        "rules": list(rules),
        "add1": "everywhere" if args.add1_everywhere else "where the city used equal shares",
        "utility": "cost",
        "note": (
            "outcomes: pabutools' winners per rule, minus projects nobody voted for; "
            "mes+add1 is exhaustion_by_budget_increase with a step of one unit per voter"
        ),
        "files": files,
    }
    out = args.out or args.folder / "reference.json"
    out.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for line in summary(files):
        print(line)
    print(f"written {out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
