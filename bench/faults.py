"""Faults during a signing load (run by hand; not a test).

    .venv/bin/python bench/faults.py kill --database sqlite
    .venv/bin/python bench/faults.py kill --database postgresql
    .venv/bin/python bench/faults.py outage

``kill``: a fresh database (``bench_signing.prepare``: verified residents, open
petitions; the commune's population lowered so that the 5 % and 10 % thresholds are
crossed during the run), gunicorn in its own process group, every resident logged in,
then client threads sign (resident, petition) pairs in random order while the whole
gunicorn group (master and workers) is killed with SIGKILL every few seconds and
started again. A signature counts as acknowledged only when the answer is the 302 with
the thank-you flash (read from the signed session cookie). After a last ``kill -9`` the
database is checked by ``fault_checks.verify`` in a fresh process.

``outage``: a throwaway PostgreSQL cluster of our own on port 5433 (``initdb`` into a
temporary folder; the shared server on 5432 is never touched), gunicorn on it, the
same signing load plus logged-in readers, then PostgreSQL is stopped (``-m fast``:
connections cut) and started again, then stopped as by a crash (``-m immediate``) and
started again, without touching gunicorn. Every answer is classified; during the
outage they must be the app's 503 page (no 500, no traceback), afterwards signing must
resume in the same gunicorn processes, and the database check must pass.
"""

from __future__ import annotations

import argparse
import collections
import glob
import http.cookiejar
import json
import os
import random
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fault_checks
import harness
import requests
import urllib3

SECRET_KEY = "bench"
LOGS = Path("/tmp/civic-faults-logs")  # gunicorn's log of the last run of each scenario
UNAVAILABLE = "Service momentanément indisponible"
Pair = tuple[int, int]


# --- the clients ----------------------------------------------------------------------


@dataclass
class Answer:
    sent: float
    done: float
    what: str  # signed | refused | 503-page | 503-other | 500 | conn-refused | conn-lost | …
    detail: str = ""


@dataclass
class Signers:
    """Threads of logged-in residents signing pairs, and what each answer said."""

    base: str
    logins: list[tuple[str, str]]
    pairs: list[Pair]
    threads: int
    readers: int = 0
    acknowledged: set[Pair] = field(default_factory=set)
    attempted: set[Pair] = field(default_factory=set)
    answers: list[Answer] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _running: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        self._queue = collections.deque(self.pairs)
        targets = [self._sign] * self.threads + [self._read] * self.readers
        self._running = [threading.Thread(target=t, daemon=True) for t in targets]
        for thread in self._running:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._running:
            thread.join()

    def count(self, since: float = 0.0, until: float = float("inf")) -> collections.Counter[str]:
        """What the answers to the requests sent between ``since`` and ``until`` said."""
        return collections.Counter(a.what for a in self.answers if since <= a.sent < until)

    def _http(self) -> requests.Session:
        client = requests.Session()
        # The login cookie is sent as it was: no flash piles up in the session.
        client.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        return client

    def _next(self) -> Pair | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def _record(self, answer: Answer, pair: Pair | None = None) -> None:
        with self._lock:
            self.answers.append(answer)
            if pair is None:
                return
            if answer.what == "signed":
                self.acknowledged.add(pair)
            elif answer.what in ("conn-refused", "conn-lost", "503-page", "503-other", "500"):
                self._queue.append(pair)  # the resident tries again later

    def _sign(self) -> None:
        client = self._http()
        while not self._stop.is_set():
            pair = self._next()
            if pair is None:
                return
            number, petition_id = pair
            cookie, token = self.logins[number]
            with self._lock:
                self.attempted.add(pair)
            answer = self._call(
                client,
                "post",
                f"/petitions/{petition_id}/sign",
                headers={"Cookie": cookie},
                data={"csrf_token": token, "confirm": "y"},
            )
            self._record(answer, pair)
            if answer.what.startswith("conn"):
                time.sleep(0.05)

    def _read(self) -> None:
        client = self._http()
        rng = random.Random(7)
        while not self._stop.is_set():
            cookie, _token = rng.choice(self.logins)
            petition_id = rng.choice(self.pairs)[1]
            answer = self._call(client, "get", f"/petitions/{petition_id}", {"Cookie": cookie})
            if answer.what == "200":
                answer.what = "read"
            self._record(answer)
            time.sleep(0.05)

    def _call(self, client: requests.Session, method: str, path: str, headers: dict[str, str],
              data: dict[str, str] | None = None) -> Answer:  # fmt: skip
        sent = time.monotonic()
        try:
            response = client.request(method, self.base + path, headers=headers, data=data,
                                    allow_redirects=False, timeout=60)  # fmt: skip
        except requests.ConnectionError as error:
            refused = isinstance(_reason(error), urllib3.exceptions.NewConnectionError)
            return Answer(sent, time.monotonic(), "conn-refused" if refused else "conn-lost")
        except requests.Timeout:
            return Answer(sent, time.monotonic(), "conn-lost", "timeout")
        return Answer(sent, time.monotonic(), *_classify(response))


def _reason(error: requests.ConnectionError) -> object:
    inner = error.args[0] if error.args else None
    return getattr(inner, "reason", inner)


def _classify(response: requests.Response) -> tuple[str, str]:
    code = response.status_code
    if code == 302:
        messages = harness.flash_messages(response, SECRET_KEY)
        if ("success", harness.SUCCESS_FLASH) in messages:
            return "signed", ""
        return "refused", "; ".join(text for _, text in messages)[:120]
    body = response.text
    if code == 503:
        page = UNAVAILABLE in body and "Traceback" not in body
        return ("503-page" if page else "503-other"), body[:120]
    if code >= 500:
        return "500", body[:200]
    return str(code), ""


# --- setting up a run -----------------------------------------------------------------


@dataclass
class Run:
    database: str
    instance: str
    ids: list[int]
    env: dict[str, str]
    port: int
    args: argparse.Namespace

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_server(self) -> subprocess.Popen[bytes]:
        server = harness.start_gunicorn(
            self.port, self.env, workers=self.args.workers, threads=self.args.threads,
            log=Path(self.instance) / "gunicorn.log", tree=self.args.tree,
        )  # fmt: skip
        return server


def prepare(args: argparse.Namespace, database: str) -> Run:
    import bench_signing
    from sqlalchemy import update

    instance = tempfile.mkdtemp(prefix="civic-faults-")
    url = database.format(instance=instance)
    ids = bench_signing.prepare(url, instance, args.users, args.petitions)
    from civic import create_app
    from civic.extensions import db
    from civic.models import CommuneFigure

    # A smaller commune: 5 % and 10 % of it are reached while the run goes on.
    with create_app(bench_signing._config(url)).app_context():
        for name, value in (("population", args.population), ("electorate", args.population)):
            db.session.execute(
                update(CommuneFigure).where(CommuneFigure.name == name).values(value=value)
            )
        db.session.commit()
        db.engine.dispose()
    (Path(instance) / "config.py").write_text(
        f"SECRET_KEY = {SECRET_KEY!r}\nIDENTITY_KEY_SECRET = 'bench-identity'\n"
        "RATELIMIT_ENABLED = False\nSESSION_COOKIE_SECURE = False\n"
        f"ARGON2_PARAMETERS = {bench_signing.ARGON2_BENCH!r}\n"
    )
    env = harness.app_environment(instance, url)
    return Run(url, instance, ids, env, harness.free_port(), args)


def log_in_everyone(run: Run) -> list[tuple[str, str]]:
    import bench_signing_wrk

    return bench_signing_wrk.log_in_all(run.base, run.args.users)  # type: ignore[no-any-return]


def shuffled_pairs(run: Run) -> list[Pair]:
    pairs = [(n, p) for p in run.ids for n in range(run.args.users)]
    random.Random(2026).shuffle(pairs)
    return pairs


# --- kill -9 during the load ----------------------------------------------------------


def kill_loop(args: argparse.Namespace) -> dict[str, Any]:
    if args.database == "sqlite":
        database = "sqlite:///{instance}/faults.sqlite3"
    else:
        database = harness.recreate_database("civic_faults")
    run = prepare(args, database)
    server = run.start_server()
    harness.wait_http(run.base + "/healthz")
    signers = Signers(run.base, log_in_everyone(run), shuffled_pairs(run), args.clients)
    load = [harness.load_average()]
    signers.start()
    started = time.monotonic()
    kills, down = 0, 0.0
    rng = random.Random(9)
    while time.monotonic() - started < args.duration:
        time.sleep(args.interval * rng.uniform(0.5, 1.5))
        killed = time.monotonic()
        harness.kill_group(server.pid)  # SIGKILL to the master and every worker at once
        server.wait()
        kills += 1
        server = run.start_server()
        harness.wait_http(run.base + "/healthz")
        down += time.monotonic() - killed
        load.append(harness.load_average())
    time.sleep(2)
    signers.stop()
    elapsed = time.monotonic() - started
    harness.kill_group(server.pid)  # the last crash: only what reached the disk counts
    server.wait()
    verdict = fault_checks.verify(
        run.database, run.instance, run.ids, signers.acknowledged, signers.attempted
    )
    if args.database != "sqlite":
        harness.drop_database("civic_faults")
    _keep_log(run, f"kill-{args.database}")
    result = {
        "scenario": f"kill -9, {args.database}",
        "seconds": round(elapsed, 1),
        "kills": kills,
        "mean_restart_s": round(down / max(kills, 1), 2),
        "answers": dict(signers.count()),
        "refusals": dict(
            collections.Counter(a.detail for a in signers.answers if a.what == "refused")
        ),
        "load": load,
        **fault_checks.as_dict(verdict),
    }
    print(verdict.summary())
    return result


# --- PostgreSQL stopped and started during the load -----------------------------------


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own in a temporary folder (never the shared one)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="civic-faults-pg-"))
        self.data = self.folder / "data"
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        # The server refuses to run as root: run its tools as the postgres user then.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.folder, "postgres", "postgres")

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_owner, *command], check=True, stdout=subprocess.DEVNULL)

    def create(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                  "-o", options, "-w", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


def outage(args: argparse.Namespace) -> dict[str, Any]:
    postgres = ThrowawayPostgres(args.pg_port)
    try:
        postgres.create()
        run = prepare(args, harness.recreate_database("civic_faults", port=args.pg_port))
        server = run.start_server()
        harness.wait_http(run.base + "/healthz")
        signers = Signers(
            run.base, log_in_everyone(run), shuffled_pairs(run), args.clients, readers=2
        )
        processes = _process_tree(server.pid)
        signers.start()
        cycles = []
        time.sleep(args.warm)
        for mode in ("fast", "immediate"):
            down = time.monotonic()
            postgres.stop(mode)
            time.sleep(args.outage)
            postgres.start()
            up = time.monotonic()
            load = harness.load_average()
            time.sleep(args.recover)
            cycles.append(_cycle(signers, mode, down, up, load))
        signers.stop()
        same_processes = server.poll() is None and _process_tree(server.pid) == processes
        harness.stop_group(server)
        verdict = fault_checks.verify(
            run.database, run.instance, run.ids, signers.acknowledged, signers.attempted
        )
        _keep_log(run, "outage")
    finally:
        postgres.remove()
    shown = ("500", "503-other", "refused")
    examples = {a.what: a.detail for a in signers.answers if a.what in shown}
    result = {
        "scenario": "PostgreSQL stopped and started",
        "tree": str(args.tree),
        "cycles": cycles,
        "answers": dict(signers.count()),
        "errors_500": signers.count()["500"],
        "same_gunicorn_processes": same_processes,
        "examples": examples,
        **fault_checks.as_dict(verdict),
    }
    print(verdict.summary())
    return result


def _keep_log(run: Run, name: str) -> None:
    LOGS.mkdir(exist_ok=True)
    shutil.copy(Path(run.instance) / "gunicorn.log", LOGS / f"{name}-gunicorn.log")
    shutil.rmtree(run.instance, ignore_errors=True)


def _process_tree(pid: int) -> set[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return {pid, *map(int, children)}


def _cycle(signers: Signers, mode: str, down: float, up: float, load: str) -> dict[str, Any]:
    after = [a for a in signers.answers if a.sent >= up and a.what == "signed"]
    first = min((a.done for a in after), default=None)
    return {
        "mode": mode,
        "outage_s": round(up - down, 1),
        "during": dict(signers.count(down, up)),
        "after": dict(signers.count(up)),
        "resumed_after_s": None if first is None else round(first - up, 2),
        "load": load,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["kill", "outage"])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--users", type=int, default=150, help="residents")
    parser.add_argument("--petitions", type=int, default=20)
    parser.add_argument("--population", type=int, default=800, help="commune figure for the run")
    parser.add_argument("--clients", type=int, default=32, help="signing threads")
    parser.add_argument("--duration", type=float, default=60, help="kill: seconds of killing")
    parser.add_argument("--interval", type=float, default=4, help="kill: mean seconds between")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--pg-port", type=int, default=5433, help="outage: throwaway cluster")
    parser.add_argument("--warm", type=float, default=5, help="outage: seconds before the stop")
    parser.add_argument("--outage", type=float, default=8, help="outage: seconds stopped")
    parser.add_argument("--recover", type=float, default=10, help="outage: seconds after")
    parser.add_argument("--tree", type=Path, default=harness.REPO, help="code tree to serve")
    parser.add_argument("--json", type=Path, help="append the result as one JSON line")
    args = parser.parse_args()
    result = kill_loop(args) if args.scenario == "kill" else outage(args)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        with args.json.open("a") as handle:
            handle.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
