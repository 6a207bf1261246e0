"""Signing load through nginx on two app servers (run by hand; not a test).

    .venv/bin/python bench/bench_cluster.py --clients 50 --clients 200 --baseline

Each run builds a fresh PostgreSQL database with ``bench_signing.prepare`` (rate limits
off and cheap Argon2, as in the single-server bench), starts the set-up of
``cluster.py`` on it (nginx → 2 gunicorn servers, shared Redis, RQ worker), logs every
resident in through nginx, runs ``wrk`` with ``bench_signing_wrk``'s Lua script against
nginx, checks counters = rows with ``bench_signing_wrk.check``, counts which app server
answered each signature (nginx's access log), and stops everything. With
``--baseline`` each round also runs ``bench_signing_wrk.one_run``: one gunicorn with the
same total of workers, no nginx, the same PostgreSQL server, under the same load.
"""

from __future__ import annotations

import argparse
import collections
import signal
import statistics
import time
from argparse import Namespace
from pathlib import Path
from typing import Any

import cluster
import harness
from harness import REPO

BASELINE_DATABASE = "civic_cluster_baseline"


def bench(args: Namespace) -> None:
    import bench_signing_wrk as wrk_bench

    print(f"load average before: {harness.load_average()}", flush=True)
    rows: list[dict[str, Any]] = []
    for clients in args.clients:
        for round_number in range(args.rounds):
            result = one_cluster_run(args, clients)
            rows.append(result)
            _print_run(round_number, result)
            if args.baseline:
                # Same total of workers, same database server, no nginx.
                single = Namespace(**{**vars(args), "clients": clients, "port": 8766})
                single.workers, single.threads = args.workers * 2, args.threads
                url = harness.recreate_database(BASELINE_DATABASE)
                server = (single.workers, single.threads)
                base = wrk_bench.one_run(single, "one server", REPO, url, server)
                harness.drop_database(BASELINE_DATABASE)
                base.update(clients=clients, setup="1 × gunicorn, PostgreSQL, direct")
                rows.append(base)
                _print_run(round_number, base)
    print(f"\nload average after: {harness.load_average()}")
    print("| set-up | clients | runs | signatures/s | p50 | p95 | p99 | errors | checks |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    groups: dict[tuple[str, int], list[dict[str, Any]]] = collections.defaultdict(list)
    for row in rows:
        groups[(row["setup"], row["clients"])].append(row)
    for (setup, clients), runs in groups.items():

        def med(key: str, runs: list[dict[str, Any]] = runs) -> float:
            return statistics.median(r[key] for r in runs)

        errors = sum(r["bad"] + r["socket_errors"] for r in runs)
        checks = ", ".join(r["check"].split()[0] for r in runs)
        print(
            f"| {setup} | {clients} | {len(runs)} | {med('rate'):.0f} "
            f"| {med('p50') / 1000:,.0f} ms | {med('p95') / 1000:,.0f} ms "
            f"| {med('p99') / 1000:,.0f} ms | {errors} | {checks} |"
        )


def _print_run(round_number: int, r: dict[str, Any]) -> None:
    print(
        f"round {round_number + 1} {r['setup']} c={r['clients']}: {r['rate']:.0f}/s "
        f"p50 {r['p50'] / 1000:.0f} ms p95 {r['p95'] / 1000:.0f} ms p99 {r['p99'] / 1000:.0f} ms "
        f"bad {r['bad']} sock {r['socket_errors']} load {r['load']:.1f} "
        f"{r.get('upstreams', '')} | {r['check']}",
        flush=True,
    )


def one_cluster_run(args: Namespace, clients: int) -> dict[str, Any]:
    import bench_signing_wrk as wrk_bench

    state = cluster.start(args, bench={"users": args.users, "petitions": args.petitions})
    base = state["url"]
    try:
        users = wrk_bench.log_in_all(base, args.users)
        script = wrk_bench.write_script(
            cluster.STATE, state["ids"], users, args.wrk_threads, args.views
        )
        access_log = cluster.STATE / "nginx-access.log"
        harness.kill_group(state["pids"]["nginx"], signal.SIGUSR1)  # reopen: count this run only
        time.sleep(0.2)
        access_log.write_text("")
        result = wrk_bench.run_wrk(script, base, clients, args.duration, args.wrk_threads)
        load = float(Path("/proc/loadavg").read_text().split()[0])
        harness.kill_group(state["pids"]["nginx"], signal.SIGUSR1)  # flush the log buffer
        time.sleep(0.5)
        upstreams = collections.Counter(
            line.split()[-2] for line in access_log.read_text().splitlines() if "/sign" in line
        )
    finally:
        cluster.stop(Namespace(keep_database=True), quiet=True)
    result["rate"] = result["ok"] / (result["duration_us"] / 1e6)
    result.update(
        setup="nginx → 2 × gunicorn, PostgreSQL",
        clients=clients,
        load=load,
        upstreams=dict(upstreams),
        check=wrk_bench.check(state["database"], state["instance"], state["ids"], result["ok"],
                              clients),
    )  # fmt: skip
    harness.drop_database(cluster.BENCH_DATABASE)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, action="append", help="connections (repeat)")
    parser.add_argument("--users", type=int, default=200, help="residents")
    parser.add_argument("--petitions", type=int, default=60)
    parser.add_argument("--duration", type=int, default=15, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=2, help="runs per client count")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--baseline", action="store_true", help="also one server, direct")
    # bench_signing_wrk's script can view the petition page before signing (default: no).
    parser.add_argument("--views", type=int, default=0, help="page views before each signature")
    args = parser.parse_args()
    args.clients = args.clients or [50, 200]
    bench(args)


if __name__ == "__main__":
    main()
