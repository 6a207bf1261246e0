"""Encrypted ballots under load: casting through the votations area (wrk + gunicorn).

Not a test; run by hand (a few minutes with the defaults):

    .venv/bin/python bench/bench_belenios_casting.py [--clients 50] [--duration 60] [--users 1000]
    .venv/bin/python bench/bench_belenios_casting.py --database postgresql+psycopg://postgres@127.0.0.1:5432/NAME

A fresh database: USERS verified residents (bench0…) and one open votation whose online
vote is encrypted (a 2-of-3 trustees' ceremony, one credential per elector, as
tests/belenios_factory.py makes them; the private credentials stand for the letters the
authority sends). Every elector logs in BEFORE measuring; then ``wrk`` keeps CLIENTS
connections busy for DURATION seconds, each request one new elector's ballot, posted
as the page's form does (HTMX by default, ``--no-js`` as a browser without JavaScript):
the server builds the Belenios ballot from the choice and the credential
(``election generate-ballot``), validates it (``election verify`` on a one-ballot
archive), then, under the write lock, records the voter in the register and adds the
ballot to the box. The same request path as a resident's (bench/bench_voting_wrk.py's
wrk script; rate limits off).

Checks after the run (in this process, gunicorn stopped):

- register rows (online) = ballots in the box = credentials used, between the
  successful answers wrk saw and those plus the requests in flight at the stop;
- the box verifies (``election verify``, timed);
- unless ``--no-count``: the votation closes, the box is tallied, two trustees'
  partial decryptions give the result, and it equals the answers of exactly the
  electors in the register (each elector's answer is a fixed function of their number).

Server CPU counts gunicorn's workers and the belenios-tool processes they ran; ``load``
is /proc/loadavg's 1-minute value at the start and the end (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import bench_voting_wrk as voting  # noqa: E402  (puts REPO on sys.path)
from bench_signing_wrk import lua_string, tree_cpu  # noqa: E402
from harness import free_port, start_gunicorn, stop_group, wait_http  # noqa: E402


def prepare(database: str, instance: str, users: int) -> tuple[object, dict]:
    """USERS residents, an open votation with an encrypted online vote; returns the app,
    the votation, the ballot's fields and each elector's private credential."""
    from civic.extensions import db
    from civic.models import User
    from tests.belenios_factory import give_election

    prepared = voting.prepare(database, instance, users, 1)
    app = voting._app(database, instance)
    with app.app_context():
        staff = [User(identity_key=f"bench-trustee-{n}", verification="resident") for n in range(4)]
        db.session.add_all(staff)
        db.session.commit()
        ids = [u.id for u in staff]
    started = time.perf_counter()
    credentials = give_election(
        app, prepared["votation"], trustee_ids=ids[:3], authority_id=ids[3], voters=users
    )
    prepared["setup_s"] = round(time.perf_counter() - started, 1)
    prepared["credentials"] = list(credentials)
    prepared["actor"] = ids[0]
    with app.app_context():
        db.engine.dispose()
    return app, prepared


def check(app, prepared: dict, ok: int, clients: int, count: bool) -> dict:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from civic.extensions import db
    from civic.models import User, Votation, VoterRegister
    from civic.models.elections import CastCredential, VotationElection
    from civic.models.votations import BALLOT_BLANK
    from civic.votations import encrypted
    from civic.votations.voting import choices_of
    from tests.belenios_factory import partial_decryption

    votation_id = prepared["votation"]
    report: dict = {"problems": []}
    problems = report["problems"]
    with app.app_context():
        register = db.session.scalar(
            select(func.count())
            .select_from(VoterRegister)
            .where(VoterRegister.votation_id == votation_id, VoterRegister.channel == "online")
        )
        used = db.session.scalar(select(func.count()).select_from(CastCredential))
        election = db.session.get(VotationElection, votation_id)
        archive = encrypted.archive_of(election)
        in_box = len(archive.cast_credentials())
        report.update(register=register, credentials_used=used, in_box=in_box)
        if not register == used == in_box:
            problems.append(f"register {register}, credentials {used}, box {in_box}")
        if not ok <= register <= ok + clients:
            problems.append(f"register {register} vs successful answers {ok}")
        started = time.perf_counter()
        archive.verify()
        report["verify_s"] = round(time.perf_counter() - started, 1)
        report["archive_mib"] = round(archive.path.stat().st_size / 2**20, 1)
        if not count:
            return report
        emails = db.session.scalars(
            select(User.email)
            .join(VoterRegister, VoterRegister.user_id == User.id)
            .where(VoterRegister.votation_id == votation_id)
        )
        numbers = [int(re.match(r"bench(\d+)@", e).group(1)) for e in emails]  # type: ignore[union-attr]
        expected = Counter(voting.answer(n, 0) for n in numbers)
        votation = db.session.get(Votation, votation_id)
        votation.closes_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
        started = time.perf_counter()
        encrypted.close_box(
            votation_id, actor=db.session.get(User, prepared["actor"]), now=datetime.now(UTC)
        )
        report["tally_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        for trustee in (1, 2):  # on their devices, then the server checks each share
            archive.add_partial_decryption(partial_decryption(app, votation_id, trustee))
        result = archive.compute_result()
        report["decryptions_s"] = round(time.perf_counter() - started, 1)
        question = db.session.get(Votation, votation_id).questions[0]
        codes = [BALLOT_BLANK] + [code for code, _label in choices_of(question)]
        decrypted = {c: n for c, n in zip(codes, result.counts[0], strict=True) if n}
        report["result"] = decrypted
        if decrypted != dict(expected):
            problems.append(f"decrypted {decrypted} != the register's electors {dict(expected)}")
        started = time.perf_counter()
        archive.verify()
        report["verify_counted_s"] = round(time.perf_counter() - started, 1)
        db.engine.dispose()
    return report


def run(args: argparse.Namespace) -> dict:
    instance = tempfile.mkdtemp(prefix="civic-belenios-cast-")
    url = args.database or f"sqlite:///{instance}/bench.sqlite3"
    app, prepared = prepare(url, instance, args.users)
    (Path(instance) / "config.py").write_text(
        "SECRET_KEY = 'bench'\nIDENTITY_KEY_SECRET = 'bench-identity'\n"
        "RATELIMIT_ENABLED = False\nSESSION_COOKIE_SECURE = False\n"
        f"ARGON2_PARAMETERS = {voting.bench_signing.ARGON2_BENCH!r}\n"
    )
    env = {**os.environ, "CIVIC_INSTANCE_PATH": instance, "DATABASE_URL": url}
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    page = f"/votations/{prepared['votation']}"
    server = start_gunicorn(
        port, env, workers=args.workers, threads=args.threads, log=Path(instance) / "gunicorn.log"
    )
    try:
        wait_http(f"{base}/healthz")
        logged = voting.log_in_all(base, args.users, prepared["fields"])
        users = [
            (cookie, f"{body}&credential={quote(credential, safe='')}")
            for (cookie, body), credential in zip(logged, prepared["credentials"], strict=True)
        ]
        data = Path(instance) / "wrk_data.lua"
        data.write_text(
            f"return {{ page = {lua_string(page)}, users = {{"
            + ",".join(f"{{cookie={lua_string(c)}, body={lua_string(b)}}}" for c, b in users)
            + "} }\n"
        )
        script = Path(instance) / "vote.lua"
        script.write_text(
            voting.LUA
            % {
                "data": data,
                "nthreads": args.wrk_threads,
                "repeat": 1,
                "views": 0,
                "htmx": "" if args.no_js else '["HX-Request"] = "true",',
                "fragment": voting.FRAGMENT,
                "voted": voting.VOTED,
            }
        )
        load_start = voting.load_average()
        cpu_before = tree_cpu(server.pid)
        wrk = subprocess.run(
            ["wrk", "-t", str(args.wrk_threads), "-c", str(args.clients),
             "-d", f"{args.duration}s", "--timeout", "60s", "-s", str(script), base],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        cpu_server = tree_cpu(server.pid) - cpu_before
        load_end = voting.load_average()
    finally:
        stop_group(server)
    line = next(x for x in wrk.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result.update(
        load=(load_start, load_end),
        cpu_ms_per_ballot=round(cpu_server * 1000 / max(result["ok"], 1)),
        rate=round(result["ok"] / (result["duration_us"] / 1e6), 2),
        setup_s=prepared["setup_s"],
    )
    result["check"] = check(app, prepared, result["ok"], args.clients, not args.no_count)
    result["check"]["ok"] = not result["check"]["problems"]
    if args.database is None:
        shutil.rmtree(instance, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent connections")
    parser.add_argument("--users", type=int, default=1000, help="electors (one ballot each)")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--no-js", action="store_true", help="post like a browser without JS")
    parser.add_argument("--no-count", action="store_true", help="skip tally and decryption")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}, {os.cpu_count()} cores, "
          f"load {voting.load_average()}", flush=True)  # fmt: skip
    result = run(args)
    check = result["check"]
    print(json.dumps(result, indent=1))
    mode = "no-JS form, 302" if args.no_js else "HTMX"
    print(
        f"\n| database | clients | mode | ballots/s | p50 | p95 | p99 | errors "
        f"| server CPU / ballot | load | checks |\n"
        f"|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|\n"
        f"| {(args.database or 'sqlite').split(':')[0].split('+')[0]} | {args.clients} | {mode} "
        f"| {result['rate']:.1f} | {result['p50'] / 1000:,.0f} ms | {result['p95'] / 1000:,.0f} ms "
        f"| {result['p99'] / 1000:,.0f} ms | {result['bad'] + result['socket_errors']} "
        f"| {result['cpu_ms_per_ballot']} ms | {result['load'][0]} → {result['load'][1]} "
        f"| {'OK' if check['ok'] else 'FAILED ' + '; '.join(check['problems'])} "
        f"({check['in_box']} in the box) |"
    )


if __name__ == "__main__":
    main()
