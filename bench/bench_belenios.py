"""Benchmark: the encrypted ballot engine (civic/belenios.py) on belenios-tool.

Not a test; run by hand (a few minutes with the defaults):

    .venv/bin/python bench/bench_belenios.py [--ballots 200] [--small 20] [--target 17120]

Runs a 2-of-3 threshold election on one yes/no question (the 2048-bit group) twice, with
``--small`` and with ``--ballots`` ballots, through the same functions Civic calls, and
times each step: building a ballot, validating one, casting one (validation, the
one-ballot-per-credential check, adding it to the box), then from closing to a verified
result: end of voting + encrypted tally, each trustee's partial decryption (on their own
device) and the server's check of it, the result, and ``election verify``. Each phase of
the count is timed in wall seconds and in belenios-tool's CPU seconds (which do not
depend on the machine's load); the CPU seconds are fitted as fixed + per-ballot cost from
the two sizes and extrapolated to ``--target`` ballots (17,120: the demo commune's
electorate, a town the size of Sens). Prints a Markdown report with the date, the commit
and the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from civic import belenios  # noqa: E402
from civic.belenios import ElectionArchive, Question, TrusteeKey  # noqa: E402

YES, NO = [[1, 0]], [[0, 1]]


def clock(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall seconds of ``fn()``, and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def children_cpu() -> float:
    """CPU seconds used so far by finished child processes (belenios-tool runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Phases:
    """Wall and CPU seconds of each named phase (CPU: of belenios-tool, load-independent)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def run(self, name: str, fn: Callable[[], Any]) -> Any:
        cpu = children_cpu()
        self.wall[name], result = clock(fn)
        self.cpu[name] = children_cpu() - cpu
        return result


def ceremony() -> tuple[list[TrusteeKey], belenios.ThresholdKey]:
    keys = [belenios.trustee_generate_key() for _ in range(3)]
    certificates = [k.certificate for k in keys]
    belenios.check_certificates(certificates)
    polynomials = [belenios.trustee_polynomial(certificates, k, 2) for k in keys]
    vinputs = belenios.verification_inputs(certificates, polynomials)
    voutputs = [
        belenios.trustee_verification(certificates, k, v)
        for k, v in zip(keys, vinputs, strict=True)
    ]
    return keys, belenios.combine_trustees(certificates, polynomials, voutputs)


def election(directory: Path, ballots: int) -> tuple[Phases, dict[str, float]]:
    """One election of ``ballots`` voters: its count's phases, and the casting figures."""
    setup = Phases()
    keys, threshold = setup.run("ceremony", ceremony)
    uuid = belenios.new_uuid()
    credentials = setup.run("credentials", partial(belenios.generate_credentials, uuid, ballots))
    template = belenios.election_template("Bench", "", [Question("?", ("Oui", "Non"))])
    election = belenios.make_election(uuid, template, threshold.trustees)
    archive = ElectionArchive.create(directory, election, threshold.trustees, credentials.public)

    casting: dict[str, list[float]] = {"build": [], "validate": [], "cast": []}
    for voter, private in enumerate(credentials.private):
        step = Phases()
        choice = YES if voter % 3 else NO
        ballot = step.run("build", partial(belenios.generate_ballot, archive, private, choice))
        if voter < 20:
            step.run("validate", partial(archive.validate_ballot, ballot))
        step.run("cast", partial(archive.cast, ballot))
        for name, seconds in step.wall.items():
            casting[name].append(seconds)
    figures = {
        "build": statistics.median(casting["build"]),
        "validate": statistics.median(casting["validate"]),
        "cast_first": statistics.median(casting["cast"][:10]),
        "cast_last": statistics.median(casting["cast"][-10:]),
        "ceremony": setup.wall["ceremony"],
        "credentials": setup.wall["credentials"],
        "bytes": 0.0,
    }

    count = Phases()
    count.run("close", archive.close)
    for number in (1, 3):
        trustee, dkey = keys[number - 1], threshold.decryption_keys[number - 1]
        share = count.run(
            f"trustee_{number}",
            partial(belenios.trustee_partial_decryption, archive, trustee, dkey, number),
        )
        count.run(f"check_{number}", partial(archive.add_partial_decryption, share))
    result = count.run("result", archive.compute_result)
    count.run("verify", archive.verify)
    expected = sum(1 for voter in range(ballots) if voter % 3)
    assert result.counts == ((expected, ballots - expected),), result.counts
    figures["bytes"] = archive.path.stat().st_size
    return count, figures


COUNT_PHASES = (
    ("close", "end of voting + encrypted tally (server)"),
    ("trustee_1", "partial decryption, trustee 1 (own device)"),
    ("check_1", "check of that partial decryption (server)"),
    ("trustee_3", "partial decryption, trustee 3 (own device)"),
    ("check_3", "check of that partial decryption (server)"),
    ("result", "result (made by the k-th check: read from the archive)"),
    ("verify", "`election verify` of the archive"),
)


def fit(
    small: dict[str, float], large: dict[str, float], n0: int, n1: int, key: str
) -> tuple[float, float]:
    """Fixed seconds and seconds per ballot, from the two sizes."""
    per_ballot = max(0.0, (large[key] - small[key]) / (n1 - n0))
    return max(0.0, large[key] - per_ballot * n1), per_ballot


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ballots", type=int, default=200)
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--target", type=int, default=17120)
    args = parser.parse_args()
    n0, n1, target = args.small, args.ballots, args.target
    with tempfile.TemporaryDirectory(prefix="bench-belenios-") as tmp:
        small, _ = election(Path(tmp) / "small", n0)
        large, casting = election(Path(tmp) / "large", n1)
    load = os.getloadavg()[0]
    version = belenios.run(["--version"], cwd=REPO).strip()
    lines = [
        f"# belenios-tool {version}: encrypted ballots, {n0} and {n1} ballots",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}, "
        f"{platform.machine()}, {os.cpu_count()} cores (load average {load:.1f} at the end), "
        f"Python {platform.python_version()}, 2-of-3 trustees, group {belenios.GROUP}.",
        "",
        "| casting, one ballot (median wall seconds) | s |",
        "|---|---:|",
        f"| build (`election generate-ballot`) | {casting['build']:.3f} |",
        f"| validate (one-credential archive, `election verify`) | {casting['validate']:.3f} |",
        f"| cast (validate, one per credential, add), first 10 | {casting['cast_first']:.3f} |",
        f"| cast, last 10 (box of {n1}) | {casting['cast_last']:.3f} |",
        "",
        f"Set-up: 3 trustees' ceremony {casting['ceremony']:.1f} s, "
        f"{n1} credentials {casting['credentials']:.2f} s. "
        f"Archive: {casting['bytes'] / n1 / 1024:.1f} KiB per ballot.",
        "",
        "From closing to a verified result: wall seconds at both sizes; belenios-tool's CPU "
        f"seconds fitted as fixed + per ballot and extrapolated to {target} ballots "
        "(CPU time does not depend on the machine's load; one core per step).",
        "",
        f"| phase | wall, {n0} | wall, {n1} | CPU, {n1} | CPU ms per ballot | CPU s for {target} |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total = 0.0
    for key, label in COUNT_PHASES:
        fixed, per_ballot = fit(small.cpu, large.cpu, n0, n1, key)
        extrapolated = fixed + per_ballot * target
        total += extrapolated
        lines.append(
            f"| {label} | {small.wall[key]:.2f} | {large.wall[key]:.2f} | {large.cpu[key]:.2f} "
            f"| {per_ballot * 1000:.1f} | {extrapolated:.0f} |"
        )
    lines.append(
        f"| **total** | {sum(small.wall.values()):.2f} | {sum(large.wall.values()):.2f} "
        f"| {sum(large.cpu.values()):.2f} | | **{total:.0f} ({total / 60:.1f} min)** |"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
