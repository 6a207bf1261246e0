"""Rate limits hold across workers and hosts without Redis: they are counted in the
database (civic/rate_limits.py), so 10 a minute stays 10 a minute however many
gunicorn workers answer. Before, each worker counted apart in its memory.

Two workers are two processes here, each building the app on the same database: the
limiter is one object per process, so two apps in one process would share its
storage whatever that storage is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading

from flask import Flask

from civic.rate_limits import DatabaseStorage
from tests.conftest import REPO

WORKER = textwrap.dedent(
    """
    import json, sys
    from civic import create_app
    from civic.config import DEFAULTS
    from civic.extensions import db
    from tests.conftest import _test_config, post

    config = _test_config(sys.argv[1])
    del config["RATELIMIT_STORAGE_URI"]  # the default, as in production
    app = create_app({**config, "RATELIMIT_LOGIN": "3 per minute"})
    client = app.test_client()
    form = {"email": "nobody@example.org", "password": "not the password"}
    print(json.dumps([post(client, "/auth/login", form).status_code for _ in range(2)]))
    with app.app_context():
        db.engine.dispose()
    """
)


def _worker(database_url: str) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", WORKER, database_url],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_two_workers_on_one_database_share_one_login_limit(app: Flask, database_url: str) -> None:
    assert app.config["RATELIMIT_STORAGE_URI"] == "civic-database://"
    # 3 a minute: the first worker answers two tries, the second one more, then refuses.
    assert _worker(database_url) == [200, 200]
    assert _worker(database_url) == [200, 429]


def test_hits_at_the_same_moment_are_each_counted_once(app: Flask) -> None:
    storage = DatabaseStorage()
    counts: list[int] = []
    ready = threading.Barrier(8)

    def hit() -> None:
        with app.app_context():
            ready.wait()
            for _ in range(5):
                counts.append(storage.incr("LIMITER/race", 60))

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Every hit saw a count of its own: none lost, none counted twice.
    assert sorted(counts) == list(range(1, 41))
    with app.app_context():
        assert storage.get("LIMITER/race") == 40


def test_a_window_that_ended_starts_again_from_one(app: Flask) -> None:
    storage = DatabaseStorage()
    with app.app_context():
        assert storage.incr("LIMITER/window", 60) == 1
        assert storage.incr("LIMITER/window", 60) == 2
        # A window of no length has ended by the next hit.
        assert storage.incr("LIMITER/short", 0) == 1
        assert storage.incr("LIMITER/short", 0) == 1
        assert storage.get("LIMITER/short") == 0
        assert storage.get_expiry("LIMITER/window") > storage.get_expiry("LIMITER/short")
        storage.clear("LIMITER/window")
        assert storage.get("LIMITER/window") == 0
