"""What the two-server set-up must prove (``cluster.py check``, run by hand).

- a session opened on one app server works on the other, and through nginx;
- the login rate limit (10 per minute per client address) counts across both servers:
  the 11th failed login through nginx is refused whichever server gets it, directly on
  either server too, and a forged X-Forwarded-For does not escape it;
- a budget tally started by the admin on the web runs on the RQ worker, not in the
  app server.
"""

from __future__ import annotations

import collections
import re
import time
from typing import Any

import requests
from cluster import REDIS_URL, WORKER_NAME

DEMO_PASSWORD = "civic-demo"

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def token_of(page: str) -> str:
    match = TOKEN.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def log_in(base: str, email: str, session: requests.Session | None = None) -> requests.Session:
    session = session or requests.Session()
    token = token_of(session.get(f"{base}/auth/login").text)
    response = session.post(
        f"{base}/auth/login",
        data={"csrf_token": token, "email": email, "password": DEMO_PASSWORD},
        allow_redirects=False,
    )
    assert response.status_code == 302, f"login of {email} failed: {response.status_code}"
    return session


def run_all(state: dict[str, Any]) -> bool:
    ok = [check_session(state), check_job(state), check_rate_limit(state)]
    print("\nALL CHECKS PASSED" if all(ok) else "\nSOME CHECKS FAILED")
    return all(ok)


def check_session(state: dict[str, Any]) -> bool:
    """Logged in through one app server, the session works on the other and via nginx."""
    first, second = (f"http://127.0.0.1:{p}" for p in state["app_ports"])
    session = log_in(first, "electeur@demo.civic.fr")
    direct = session.get(f"{second}/account/", allow_redirects=False)
    upstreams = collections.Counter()
    through = []
    for _ in range(4):
        response = session.get(f"{state['url']}/account/", allow_redirects=False)
        upstreams[response.headers.get("X-Civic-Upstream")] += 1
        through.append(response.status_code == 200 and "Durand" in response.text)
    fine = direct.status_code == 200 and "Durand" in direct.text and all(through)
    print(
        f"[{'ok' if fine else 'FAILED'}] session: logged in on :{state['app_ports'][0]}, "
        f"/account/ on :{state['app_ports'][1]} → {direct.status_code}; through nginx 4 × "
        f"→ {sum(through)} pages with the resident's name, upstreams {dict(upstreams)}"
    )
    return fine


def check_job(state: dict[str, Any]) -> bool:
    """An admin starts a budget tally on the web; the RQ worker runs it."""
    import psycopg
    from redis import Redis
    from rq.job import Job as RQJob

    plain = state["database"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        # The demo's finished budget, with its results withdrawn, so it can be tallied
        # again (the demo stores them without a job).
        budget_id = connection.execute(
            "UPDATE budgets SET tallied_at = NULL, tally_job_id = NULL WHERE id = "
            "(SELECT min(id) FROM budgets WHERE tallied_at IS NOT NULL) RETURNING id"
        ).fetchone()[0]
    base = state["url"]
    admin = log_in(base, "admin@demo.civic.fr")
    token = token_of(admin.get(f"{base}/admin/budgets/{budget_id}").text)
    started = time.monotonic()
    response = admin.post(
        f"{base}/admin/budgets/{budget_id}/calcul",
        data={"csrf_token": token},
        allow_redirects=False,
    )
    location = response.headers.get("Location", "")
    match = re.search(r"/jobs/([0-9a-f-]{36})", location)
    if response.status_code != 302 or not match:
        print(f"[FAILED] job: the tally was not queued ({response.status_code} {location})")
        return False
    job_id = match.group(1)
    with psycopg.connect(plain, autocommit=True) as connection:
        row = None
        while time.monotonic() - started < 120:
            row = connection.execute(
                "SELECT state, result FROM jobs WHERE id = %s", (job_id,)
            ).fetchone()
            if row and row[0] in ("finished", "failed"):
                break
            time.sleep(0.3)
        tallied = connection.execute(
            "SELECT tallied_at IS NOT NULL FROM budgets WHERE id = %s", (budget_id,)
        ).fetchone()[0]
    took = time.monotonic() - started
    rq_job = RQJob.fetch(job_id, connection=Redis.from_url(REDIS_URL))
    page = admin.get(f"{base}{location}")
    fine = (
        row is not None
        and row[0] == "finished"
        and tallied
        and rq_job.worker_name == WORKER_NAME
        and rq_job.get_status() == "finished"
        and page.status_code == 200
    )
    print(
        f"[{'ok' if fine else 'FAILED'}] job: budget {budget_id} tally {job_id} queued through "
        f"nginx (upstream {response.headers.get('X-Civic-Upstream')}), run by RQ worker "
        f"{rq_job.worker_name!r} (RQ status {rq_job.get_status()}), jobs row "
        f"{row[0] if row else None}, results published: {tallied}, {took:.1f} s; "
        f"job page {page.status_code}"
    )
    return fine


def check_rate_limit(state: dict[str, Any]) -> bool:
    """The per-address login limit (10 per minute) counts across both app servers."""
    from redis import Redis

    redis = Redis.from_url(REDIS_URL)
    _forget_limits(redis)
    base = state["url"]
    session = requests.Session()
    token = token_of(session.get(f"{base}/auth/login").text)
    answers = []
    for number in range(12):
        response = session.post(
            f"{base}/auth/login",
            # A new address each time: only the per-client-address limit can refuse.
            data={"csrf_token": token, "email": f"nobody{number}@example.org", "password": "x"},
            allow_redirects=False,
        )
        answers.append((response.status_code, response.headers.get("X-Civic-Upstream")))
    accepted = [upstream for code, upstream in answers if code == 200]
    refused = [code for code, _ in answers[10:]]
    extra = {}
    for port in state["app_ports"]:
        extra[f":{port} direct"] = session.post(
            f"http://127.0.0.1:{port}/auth/login",
            data={"csrf_token": token, "email": "direct@example.org", "password": "x"},
        ).status_code
    extra["forged X-Forwarded-For"] = session.post(
        f"{base}/auth/login",
        data={"csrf_token": token, "email": "forged@example.org", "password": "x"},
        headers={"X-Forwarded-For": "203.0.113.7"},
    ).status_code
    _forget_limits(redis)
    fine = (
        [code for code, _ in answers[:10]] == [200] * 10
        and refused == [429, 429]
        and len(set(accepted)) == 2
        and set(extra.values()) == {429}
    )
    print(
        f"[{'ok' if fine else 'FAILED'}] rate limit: 12 failed logins through nginx → "
        f"{[code for code, _ in answers]}; the 10 accepted went to "
        f"{dict(collections.Counter(accepted))}; then {extra}"
    )
    return fine


def _forget_limits(redis: Any) -> None:
    for key in redis.scan_iter("LIMITS*"):
        redis.delete(key)
