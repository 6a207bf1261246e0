"""Benchmark: do log-in, registration and password reset take as long whether the
address (or the person) has an account? (They must: nobody may learn who is
registered from the time an answer takes.)

Not a test; run by hand (about a minute):

    .venv/bin/python bench/bench_enumeration.py [--rounds 20]

Builds the app on a temporary SQLite database with the production Argon2 parameters
(civic/config.py) and mails kept in memory, creates one account, then times through the
test client, alternating the cases: a log-in with a wrong password for the known
address and for an unknown one; a registration for a new person, for the known address,
and for the known person with another address; a reset for the known address and for an
unknown one. Prints the median and quartiles in milliseconds per case. The mails go
through the job queue (a worker thread): after each timed request the bench waits for
the job it queued, outside the timing, so one case's mail never slows the next.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

from civic import create_app  # noqa: E402
from civic.extensions import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                "SECRET_KEY": "bench",
                "IDENTITY_KEY_SECRET": "bench",
                "MAIL_BACKEND": "locmem",
                "RATELIMIT_ENABLED": False,
                # The same wrong password again and again: measured, not slowed down.
                "LOGIN_THROTTLE": {
                    "free_failures": 10**9,
                    "account_free_failures": 10**9,
                    "first_wait_seconds": 30,
                    "longest_wait_seconds": 900,
                    "forget_after_hours": 24,
                },
                "SESSION_COOKIE_SECURE": False,
            }
        )
        with app.app_context():
            db.create_all()
            hood = _setup(app)
        cases = _cases(app, hood)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, run in cases.items():
                started = time.perf_counter()
                run()
                times[name].append((time.perf_counter() - started) * 1000)
                _wait_for_jobs(app)  # the mail the request queued, outside the timing
        print(f"| case ({args.rounds} rounds, production Argon2) | median ms | quartiles ms |")
        print("|---|---|---|")
        for name, values in times.items():
            q1, _median, q3 = statistics.quantiles(values, n=4)
            print(f"| {name} | {statistics.median(values):.1f} | {q1:.1f} – {q3:.1f} |")


def _wait_for_jobs(app: Flask) -> None:
    from sqlalchemy import func, select

    from civic.models.jobs import JOB_QUEUED, JOB_RUNNING, Job

    with app.app_context():
        while db.session.scalar(
            select(func.count()).where(Job.state.in_((JOB_QUEUED, JOB_RUNNING)))
        ):
            db.session.rollback()
            time.sleep(0.005)


def _setup(app: object) -> int:
    from civic.auth.emails import canonical_email
    from civic.auth.passwords import hash_password
    from civic.auth.services import person_key
    from civic.models import Neighbourhood, User

    hood = Neighbourhood(name="Centre", population=1000)
    db.session.add(hood)
    db.session.flush()
    db.session.add(
        User(
            email="ana@example.org",
            email_canonical=canonical_email("ana@example.org"),
            password_hash=hash_password("le bon mot de passe"),
            family_name="Martin",
            given_names="Ana",
            birth_date=date(1990, 5, 17),
            address="1 rue Haute",
            neighbourhood_id=hood.id,
            identity_key=person_key("Martin", "Ana", date(1990, 5, 17)),
        )
    )
    db.session.commit()
    return hood.id


def _post(client: FlaskClient, path: str, data: dict[str, str]) -> None:
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token
    client.post(path, data={"csrf_token": token.group(1), **data})


def _cases(app: object, hood: int) -> dict[str, Callable[[], None]]:
    counter = iter(range(10**6))

    def registration(**changes: str) -> dict[str, str]:
        data = {
            "family_name": "Martin",
            "given_names": "Ana",
            "birth_date": "1990-05-17",
            "email": "ana@example.org",
            "address": "1 rue Haute",
            "neighbourhood_id": str(hood),
            "password": "un mot de passe",
            "password_again": "un mot de passe",
            "lives_here": "y",
        }
        data.update(changes)
        return data

    def client() -> FlaskClient:
        return app.test_client()  # type: ignore[attr-defined,no-any-return]

    def new_person() -> dict[str, str]:
        n = next(counter)
        return registration(
            family_name=f"Nouveau{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}",
            email=f"new{n}@example.org",
        )

    return {
        "log-in, known address, wrong password": lambda: _post(
            client(), "/auth/login", {"email": "ana@example.org", "password": "pas le bon"}
        ),
        "log-in, unknown address": lambda: _post(
            client(), "/auth/login", {"email": "nobody@example.org", "password": "pas le bon"}
        ),
        "registration, new person": lambda: _post(client(), "/auth/register", new_person()),
        "registration, known address": lambda: _post(
            client(), "/auth/register", registration(family_name="Autre")
        ),
        "registration, known person, other address": lambda: _post(
            client(), "/auth/register", registration(email="autre@example.org")
        ),
        "reset, known address": lambda: _post(
            client(), "/auth/reset", {"email": "ana@example.org"}
        ),
        "reset, unknown address": lambda: _post(
            client(), "/auth/reset", {"email": "nobody@example.org"}
        ),
    }


if __name__ == "__main__":
    main()
