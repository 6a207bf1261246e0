"""Rate limits live in Redis when it is configured (several app servers share them).
If Redis goes down, logging in and signing must go on, still limited: Flask-Limiter
falls back to each server's memory (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED, on by
default). Without it, every login answered 500 while Redis was down.

Run in a fresh interpreter: the limiter is one object per process and keeps the
storage of the first app that set it up (the test session's, in memory).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.conftest import REPO

SCENARIO = textwrap.dedent(
    """
    import json, sys
    from civic import create_app
    from civic.extensions import db
    from tests.conftest import _test_config, post

    # Port 1 on loopback: nothing listens, every Redis call fails at once.
    app = create_app({
        **_test_config(sys.argv[1]),
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",
        "RATELIMIT_LOGIN": "3 per minute",
    })
    client = app.test_client()
    form = {"email": "nobody@example.org", "password": "not the password"}
    print(json.dumps([post(client, "/auth/login", form).status_code for _ in range(4)]))
    with app.app_context():
        db.engine.dispose()
    """
)


def test_with_the_rate_limit_store_down_logins_are_answered_and_still_limited(
    app: object, database_url: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, database_url],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    statuses = json.loads(done.stdout.strip().splitlines()[-1])
    assert statuses[:3] == [200, 200, 200]  # the form again, with its message
    assert statuses[3] == 429
