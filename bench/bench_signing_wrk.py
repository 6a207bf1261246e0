"""Signing load with wrk (a compiled client), side by side for several code trees.

    .venv/bin/python bench/bench_signing_wrk.py --tree before=/tmp/civic-before --tree after=.
    .venv/bin/python bench/bench_signing_wrk.py --database postgresql+psycopg://postgres@127.0.0.1:5432/civic_bench

Each round builds a fresh database (``bench_signing.prepare``: USERS verified
residents, PETITIONS open petitions), starts gunicorn from each tree in turn
(2 sync workers by default; ``name=path:W:T`` sets workers and threads),
logs every resident in BEFORE measuring (Argon2 at login is not in the loop),
then ``wrk`` keeps CLIENTS connections busy for DURATION seconds, each request a
new (resident, petition) signature taken in petition-major order, so every
connection hits the same hot petition row at once. Rounds alternate the trees
so background load on the machine falls on all of them; the report gives the
median of the rounds. After each run: counters equal rows on every petition,
no duplicate (resident, petition) row, and rows equal the 302 answers wrk saw
(plus at most CLIENTS requests in flight when wrk stopped).

The CPU columns say who used the two cores: gunicorn (user+system seconds of
its workers per signature) and wrk; ``load`` is /proc/loadavg's 1-minute value
at the end of the run (other work on the machine included).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import bench_signing  # noqa: E402

LUA = r"""
local data = dofile("%(data)s")
local threads = {}
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  thread:set("nthreads", %(nthreads)d)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  k = 0
  ok = 0
  bad = 0
  views = 0
  exhausted = 0
end
function request()
  views_due = views_due or 0
  if views_due > 0 then
    -- a resident reading the petition page (the one being signed) between signatures
    views_due = views_due - 1
    local last = data.users[((k * nthreads + tid) %% #data.users) + 1]
    return wrk.format("GET", "/petitions/" .. data.petitions[current_p or 1], {
      ["Cookie"] = last.cookie,
    })
  end
  views_due = %(views)d
  local index = (tid - 1) + k * nthreads
  k = k + 1
  local users = #data.users
  local p = math.floor(index / users) + 1
  if p > #data.petitions then
    exhausted = exhausted + 1
    return wrk.format("GET", "/health")
  end
  current_p = p
  local u = data.users[(index %% users) + 1]
  return wrk.format("POST", "/petitions/" .. data.petitions[p] .. "/sign", {
    ["Cookie"] = u.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "csrf_token=" .. u.token .. "&confirm=y")
end
function response(status, headers, body)
  -- a signature answers 302 (redirect to the page), a page view 200
  if status == 302 then ok = ok + 1
  elseif status == 200 then views = views + 1
  else bad = bad + 1 end
end
function done(summary, latency, requests)
  local ok_total, bad_total, exhausted_total, views_total = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    ok_total = ok_total + t:get("ok")
    views_total = views_total + t:get("views")
    bad_total = bad_total + t:get("bad")
    exhausted_total = exhausted_total + t:get("exhausted")
  end
  io.write(string.format(
        'RESULT {"ok": %%d, "views": %%d, "bad": %%d, "exhausted": %%d, "duration_us": %%d, ' ..
    '"p50": %%d, "p95": %%d, "p99": %%d, "max": %%d, "socket_errors": %%d}\n',
    ok_total, views_total, bad_total, exhausted_total, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII is a valid Lua string literal


def cpu_seconds(pid: int) -> float:
    """user+system CPU of a process and its reaped children (gunicorn workers)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks


def tree_cpu(pid: int) -> float:
    total = cpu_seconds(pid)
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else []:
        try:
            total += cpu_seconds(int(child))
        except FileNotFoundError:
            pass
    return total


def log_in_all(base: str, users: int) -> list[tuple[str, str]]:
    def one(number: int) -> tuple[str, str]:
        session, token = bench_signing.login(base, number)
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        return cookie, token

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, range(users)))


def write_script(
    folder: Path, petitions: list[int], users: list[tuple[str, str]], threads: int, views: int
) -> Path:
    """The wrk Lua script (and its data file) for these petitions and logged-in users."""
    data = folder / "wrk_data.lua"
    data.write_text(
        "return { petitions = {"
        + ",".join(str(i) for i in petitions)
        + "}, users = {"
        + ",".join(f"{{cookie={lua_string(c)}, token={lua_string(t)}}}" for c, t in users)
        + "} }\n"
    )
    script = folder / "sign.lua"
    script.write_text(LUA % {"data": data, "nthreads": threads, "views": views})
    return script


def run_wrk(script: Path, base: str, clients: int, duration: int, threads: int) -> dict:
    """Run wrk against ``base`` (one server, or nginx in front of several); its counts."""
    wrk = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{duration}s",
         "--timeout", "30s", "-s", str(script), base],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in wrk.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def one_run(
    args: argparse.Namespace, name: str, tree: Path, database: str | None, server: tuple[int, int]
) -> dict:
    instance = tempfile.mkdtemp(prefix="civic-wrk-")
    url = database or f"sqlite:///{instance}/bench.sqlite3"
    ids = bench_signing.prepare(url, instance, args.users, args.petitions)
    (Path(instance) / "config.py").write_text(
        "SECRET_KEY = 'bench'\nIDENTITY_KEY_SECRET = 'bench-identity'\n"
        "RATELIMIT_ENABLED = False\nSESSION_COOKIE_SECURE = False\n"
        f"ARGON2_PARAMETERS = {bench_signing.ARGON2_BENCH!r}\n"
    )
    env = {
        **os.environ,
        "CIVIC_INSTANCE_PATH": instance,
        "DATABASE_URL": url,
        "PYTHONPATH": str(tree),
    }
    workers, threads = server
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers),
               "--threads", str(threads), "-b", f"127.0.0.1:{args.port}",
               "--backlog", "2048", "wsgi:app"]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(150):
            try:
                requests.get(f"{base}/health", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        users = log_in_all(base, args.users)
        script = write_script(Path(instance), ids, users, args.wrk_threads, args.views)
        cpu_before = tree_cpu(server.pid)
        before = os.times()
        started = time.perf_counter()
        result = run_wrk(script, base, args.clients, args.duration, args.wrk_threads)
        wall = time.perf_counter() - started
        cpu_server = tree_cpu(server.pid) - cpu_before
        load = float(Path("/proc/loadavg").read_text().split()[0])
        usage = os.times()
        cpu_wrk = (usage.children_user + usage.children_system) - (
            before.children_user + before.children_system
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    result.update(
        name=name,
        wall=wall,
        cpu_server=cpu_server,
        cpu_wrk=cpu_wrk,
        load=load,
        check=check(url, instance, ids, result["ok"], args.clients),
    )
    result["rate"] = result["ok"] / (result["duration_us"] / 1e6)
    result["view_rate"] = result["views"] / (result["duration_us"] / 1e6)
    answered = result["ok"] + result["views"] + result["bad"] + result["socket_errors"]
    result["error_rate"] = (result["bad"] + result["socket_errors"]) / max(answered, 1)
    if database is None:
        shutil.rmtree(instance, ignore_errors=True)
    return result


def check(database: str, instance: str, ids: list[int], ok: int, clients: int) -> str:
    os.environ["CIVIC_INSTANCE_PATH"] = instance
    from sqlalchemy import func, select

    from civic import create_app
    from civic.extensions import db
    from civic.models import Petition, Signature
    from civic.petitions.counting import count_rows

    app = create_app(bench_signing._config(database))
    with app.app_context():
        drift = []
        total = 0
        for petition_id in ids:
            petition = db.session.get(Petition, petition_id)
            rows = count_rows(petition_id)
            total += rows.collected
            if petition.collected_count != rows.collected:
                drift.append((petition_id, petition.collected_count, rows.collected))
        doubled = db.session.scalar(
            select(func.count()).select_from(
                select(Signature.petition_id, Signature.identity_key)
                .group_by(Signature.petition_id, Signature.identity_key)
                .having(func.count() > 1)
                .subquery()
            )
        )
        db.session.remove()
        db.engine.dispose()
    lost = total < ok
    fine = not drift and not doubled and not lost and total <= ok + clients
    return f"{'OK' if fine else 'FAILED'} rows={total} ok={ok} drift={drift[:3]} doubled={doubled}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tree",
        action="append",
        help="name=path[:WORKERS:THREADS] of a code tree to serve (default gunicorn "
        "--workers/--threads); the same path twice with two settings compares them",
    )
    parser.add_argument(
        "--views", type=int, default=0, help="page views of the petition before each signature"
    )
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent connections")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--petitions", type=int, default=60)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    # One sync worker a core: measured best on this 2-core machine (bench/README-signing.md).
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    trees = []
    for spec in args.tree or [f"current={REPO}"]:
        name, where = spec.split("=", 1)
        path, *server = where.split(":")
        workers, threads = (
            (int(server[0]), int(server[1])) if server else (args.workers, args.threads)
        )
        trees.append((name, path, (workers, threads)))
    results: dict[str, list[dict]] = {name: [] for name, _, _ in trees}
    for round_number in range(args.rounds):
        for name, path, server in trees:
            result = one_run(args, name, Path(path).resolve(), args.database, server)
            results[name].append(result)
            print(
                f"round {round_number + 1} {name} ({server[0]}×{server[1]}): "
                f"{result['rate']:.0f}/s views {result['view_rate']:.0f}/s "
                f"p50 {result['p50'] / 1000:.0f} ms p95 {result['p95'] / 1000:.0f} ms "
                f"p99 {result['p99'] / 1000:.0f} ms bad {result['bad']} "
                f"sock {result['socket_errors']} cpu server {result['cpu_server']:.1f} s "
                f"wrk {result['cpu_wrk']:.1f} s "
                f"load {result['load']:.1f} exhausted {result['exhausted']} | {result['check']}",
                flush=True,
            )
    print(
        f"\ndatabase: {(args.database or 'sqlite').split(':')[0]}  clients: {args.clients}  "
        f"views per signature: {args.views}  {args.duration} s × {args.rounds} rounds"
    )
    print(
        "| tree | gunicorn | signatures/s | page views/s | p50 ms | p95 ms | p99 ms "
        "| errors (rate) | server CPU ms/request |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, runs in results.items():

        def med(key: str, runs: list[dict] = runs) -> float:
            return statistics.median(r[key] for r in runs)

        cpu = statistics.median(r["cpu_server"] * 1000 / max(r["ok"] + r["views"], 1) for r in runs)
        errors = sum(r["bad"] + r["socket_errors"] for r in runs)
        server = next(f"{w}×{t}" for n, _, (w, t) in trees if n == name)
        print(
            f"| {name} | {server} | {med('rate'):.0f} | {med('view_rate'):.0f} "
            f"| {med('p50') / 1000:.0f} | {med('p95') / 1000:.0f} | {med('p99') / 1000:.0f} "
            f"| {errors} ({med('error_rate'):.2%}) | {cpu:.1f} |"
        )
    print("checks:", "; ".join(r["check"].split()[0] for rs in results.values() for r in rs))


if __name__ == "__main__":
    main()
