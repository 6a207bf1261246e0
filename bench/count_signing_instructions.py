"""Instructions per signature, counted by callgrind (run by hand; not a test).

    mkdir /tmp/civic-before && git archive 945e572 | tar -x -C /tmp/civic-before
    .venv/bin/python bench/count_signing_instructions.py /tmp/civic-before /tmp/civic-after

For each code tree, runs this script's in-process loop twice under
``valgrind --tool=callgrind`` (N=60 and N=20 signatures by default) and prints
(I(60) - I(20)) / 40: the instructions of one signature, the first petition's 20
signatures (warm-up) cancelled out. The count is exact to about 0.1 % whatever
else the machine is doing, so it judges a change to the hot path where timings
drift. By default only the loop is instrumented (``--instr-atstart=no``, switched
on and off around it with ``callgrind_control``): start-up, set-up and log-ins run
uninstrumented, several times faster; ``--whole`` counts the whole process
instead, for comparison only: whole-process counts vary from run to run by tens of
millions of instructions (bench/README-signing.md), the loop's by 0.4 %.

``--loop N --profile FILE`` runs the loop alone and writes a cProfile of the
signatures after the first petition's (pstats) to FILE.

The loop (``--loop N``) uses the tree's own code: a fresh SQLite database built
by the tree's ``bench/bench_signing.prepare`` (schema by ``create_all``, commune
figures, RESIDENTS verified residents, PETITIONS open petitions: the same number
whatever N, so set-up is the same in both runs), the bench configuration (rate
limits off, cheap Argon2 for the bench accounts) with TESTING on, every resident
logged in through the log-in form, then N signatures posted by the Flask test
client with the resident's cookie and CSRF token, as wrk does, in
petition-major order (every resident signs the first petition, then the
second...). Every signature must answer 302.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()


def loop(
    tree: Path, signatures: int, residents: int, petitions: int, profile: str | None = None
) -> None:
    sys.path[:0] = [str(tree), str(tree / "bench")]
    instance = tempfile.mkdtemp(prefix="civic-count-")
    os.environ["CIVIC_INSTANCE_PATH"] = instance
    url = f"sqlite:///{instance}/bench.sqlite3"
    import bench_signing  # the tree's own set-up

    ids = bench_signing.prepare(url, instance, residents, petitions)
    import civic
    from civic import create_app

    assert Path(civic.__file__).resolve().is_relative_to(tree), civic.__file__
    app = create_app({**bench_signing._config(url), "TESTING": True})
    clients = []
    for number in range(residents):
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        answer = client.post(
            "/auth/login",
            data={
                "csrf_token": token,
                "email": f"bench{number}@example.org",
                "password": bench_signing.PASSWORD,
            },
        )
        assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
        page = client.get("/petitions/").get_data(as_text=True)
        token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)  # type: ignore[union-attr]
        clients.append((client, token))
    profiler = cProfile.Profile() if profile else None
    _instrument("on")
    for index in range(signatures):
        if profiler is not None and index == residents:  # from the second petition on
            profiler.enable()
        client, token = clients[index % residents]
        petition = ids[index // residents]
        answer = client.post(
            f"/petitions/{petition}/sign", data={"csrf_token": token, "confirm": "y"}
        )
        assert answer.status_code == 302, (answer.status_code, answer.get_data(as_text=True)[:300])
    _instrument("off")
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)


def _instrument(switch: str) -> None:
    """Under ``--instr-atstart=no``: count only the loop (start-up runs uninstrumented,
    several times faster; the difference of two runs is the same)."""
    if os.environ.get("CIVIC_COUNT_LOOP_ONLY"):
        subprocess.run(["callgrind_control", "-i", switch, str(os.getpid())], check=True)


def instructions(tree: Path, signatures: int, args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="civic-callgrind-") as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            *([] if args.whole else ["--instr-atstart=no"]),
            sys.executable, str(HERE), str(tree), "--loop", str(signatures),
            "--residents", str(args.residents), "--petitions", str(args.petitions),
        ]  # fmt: skip
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        if not args.whole:
            env["CIVIC_COUNT_LOOP_ONLY"] = "1"
        subprocess.run(command, check=True, env=env, capture_output=True)
        if args.keep:
            keep = Path(args.keep) / f"{tree.name}-{signatures}.callgrind"
            keep.write_bytes(out.read_bytes())
        for line in out.read_text().splitlines():
            # "summary:" is 0 when instrumentation starts off; "totals:" has the count
            if line.startswith("totals:"):
                return int(line.split()[1])
    raise RuntimeError("no totals in callgrind's output")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path, help="code trees (git archive)")
    parser.add_argument("--loop", type=int, help="run the loop of N signatures (inner mode)")
    parser.add_argument("--many", type=int, default=60)
    parser.add_argument("--few", type=int, default=20)
    parser.add_argument("--residents", type=int, default=20)
    parser.add_argument("--petitions", type=int, default=3)
    parser.add_argument("--keep", help="folder to keep the callgrind files in")
    parser.add_argument(
        "--whole", action="store_true", help="count the whole process (slower, and not exact)"
    )
    parser.add_argument(
        "--profile",
        help="with --loop: cProfile the signatures after the first petition's into this file",
    )
    args = parser.parse_args()
    if args.loop is not None:
        loop(args.trees[0].resolve(), args.loop, args.residents, args.petitions, args.profile)
        return
    assert args.many <= args.residents * args.petitions, "more signatures than pairs"
    for tree in args.trees:
        tree = tree.resolve()
        many = instructions(tree, args.many, args)
        few = instructions(tree, args.few, args)
        per = (many - few) / (args.many - args.few)
        print(f"{tree}: I({args.many}) = {many:,}  I({args.few}) = {few:,}  "
              f"per signature = {per / 1e6:.2f} M", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
