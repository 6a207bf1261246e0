"""Signing throughput and latency under gunicorn (run by hand; not a test).

    .venv/bin/python bench/bench_signing.py                       # SQLite
    .venv/bin/python bench/bench_signing.py --database postgresql+psycopg://postgres@127.0.0.1:5432/civic_bench

Builds a fresh database (schema, figures, CLIENTS verified residents, PETITIONS
open petitions), starts gunicorn on it, logs CLIENTS clients in, then every
client signs every petition in the same order, so all 50 hit the same petition
row at once (the worst case: one hot petition, as on Revoke Article 50 day).
Reports signatures per second, p50/p95 latency, and checks afterwards that
every petition's counters equal its signature rows and no signature is missing
or doubled. Rate limits are switched off for the run (they would refuse a
benchmark from one address, by design).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PASSWORD = "bench-password-1"
ARGON2_BENCH = {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}


def prepare(database_url: str, instance: str, clients: int, petitions: int) -> list[int]:
    os.environ["CIVIC_INSTANCE_PATH"] = instance
    from civic import create_app
    from civic.auth.emails import canonical_email
    from civic.auth.passwords import hash_password
    from civic.auth.services import person_key
    from civic.core.thresholds import CHARTER
    from civic.extensions import db
    from civic.models import CommuneFigure, Neighbourhood, Petition, User
    from civic.petitions.rules import snapshot

    app = create_app(_config(database_url))
    now = datetime.now(UTC)
    with app.app_context():
        db.drop_all()
        db.create_all()
        hood = Neighbourhood(name="Centre", population=26_000)
        db.session.add(hood)
        for name, value in (("population", 26_050), ("electorate", 17_120)):
            db.session.add(
                CommuneFigure(
                    name=name, value=value, source="bench", effective_date=date(2026, 1, 1)
                )
            )
        author = User(identity_key="bench-author", verification="resident")
        db.session.add(author)
        db.session.flush()
        hashed = hash_password(PASSWORD)
        for number in range(clients):
            email = f"bench{number}@example.org"
            db.session.add(
                User(
                    email=email,
                    email_canonical=canonical_email(email),
                    password_hash=hashed,
                    family_name=f"Bench{number}",
                    given_names="Client",
                    birth_date=date(1980, 1, 1),
                    neighbourhood_id=hood.id,
                    identity_key=person_key(f"Bench{number}", "Client", date(1980, 1, 1)),
                    verification="resident",
                    email_confirmed_at=now,
                )
            )
        ids = []
        for number in range(petitions):
            petition = Petition(
                title=f"Pétition {number}",
                body="-",
                easy_read="-",
                decision_asked="-",
                rule_set_code="charter",
                rule_set_snapshot=snapshot(CHARTER),
                state="open",
                author_id=author.id,
                submitted_at=now,
                opened_at=now,
            )
            db.session.add(petition)
            db.session.flush()
            ids.append(petition.id)
        db.session.commit()
        db.engine.dispose()
    return ids


def _config(database_url: str) -> dict[str, object]:
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "bench",
        "IDENTITY_KEY_SECRET": "bench-identity",
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        # Cheap hashes for the bench accounts: logging in is not what is measured.
        "ARGON2_PARAMETERS": ARGON2_BENCH,
    }


def login(base: str, number: int) -> tuple[requests.Session, str]:
    session = requests.Session()
    page = session.get(f"{base}/auth/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    response = session.post(
        f"{base}/auth/login",
        data={"csrf_token": token, "email": f"bench{number}@example.org", "password": PASSWORD},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:300]
    page = session.get(f"{base}/petitions/").text
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return session, token


def run(args: argparse.Namespace) -> None:
    instance = tempfile.mkdtemp(prefix="civic-bench-")
    database = args.database or f"sqlite:///{instance}/bench.sqlite3"
    ids = prepare(database, instance, args.clients, args.petitions)
    env = {**os.environ, "CIVIC_INSTANCE_PATH": instance, "DATABASE_URL": database}
    config = Path(instance) / "config.py"
    config.write_text(
        "SECRET_KEY = 'bench'\nIDENTITY_KEY_SECRET = 'bench-identity'\n"
        "RATELIMIT_ENABLED = False\nSESSION_COOKIE_SECURE = False\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "--threads", str(args.threads),
         "-b", f"127.0.0.1:{args.port}", "wsgi:app"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/health", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        sessions = [login(base, n) for n in range(args.clients)]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(args.clients)

        def client(session: requests.Session, token: str) -> None:
            barrier.wait()
            for petition_id in ids:
                started = time.perf_counter()
                response = session.post(
                    f"{base}/petitions/{petition_id}/sign",
                    data={"csrf_token": token, "confirm": "y"},
                    allow_redirects=False,
                )
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 302:
                        errors.append(f"{response.status_code}")

        threads = [threading.Thread(target=client, args=s) for s in sessions]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    check = verify(database, instance, ids, args.clients)
    latencies.sort()
    print(
        f"database: {database.split(':')[0]}  "
        f"gunicorn: {args.workers} workers × {args.threads} threads"
    )
    print(f"clients: {args.clients}  petitions: {len(ids)}  signatures attempted: {len(latencies)}")
    print(f"wall: {wall:.1f} s  throughput: {len(latencies) / wall:.0f} signatures/s")
    print(
        f"latency p50: {statistics.median(latencies) * 1000:.0f} ms  "
        f"p95: {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms  "
        f"max: {latencies[-1] * 1000:.0f} ms"
    )
    print(f"errors: {len(errors)} {sorted(set(errors))[:5]}")
    print(check)


def verify(database: str, instance: str, ids: list[int], clients: int) -> str:
    os.environ["CIVIC_INSTANCE_PATH"] = instance
    from civic import create_app
    from civic.extensions import db
    from civic.models import Petition
    from civic.petitions.counting import count_rows

    app = create_app(_config(database))
    bad = []
    with app.app_context():
        for petition_id in ids:
            petition = db.session.get(Petition, petition_id)
            rows = count_rows(petition_id)
            if not petition.collected_count == rows.collected == clients:
                bad.append((petition_id, petition.collected_count, rows.collected))
    return (
        "check: every petition has exactly one row per client and counters equal rows"
        if not bad
        else f"check FAILED: {bad[:5]}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--petitions", type=int, default=40)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    run(parser.parse_args())
