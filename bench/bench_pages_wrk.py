"""A busy day: anonymous views of one petition's page, straight from gunicorn and
through nginx's micro-cache, side by side (issue 19).

    .venv/bin/python bench/bench_pages_wrk.py --clients 200 --duration 15 --rounds 2

One SQLite database (``bench_signing.prepare``: a commune, open petitions), gunicorn
with 2 sync workers (one per core, as in production) and nginx in front of it with
the micro-cache of README's production section (``NGINX_CONF`` below holds the same
directives). Each round runs wrk CLIENTS connections for DURATION seconds on
``/petitions/<id>`` without a cookie, first at gunicorn, then at nginx; the report
gives the median of the rounds, the non-2xx answers, nginx's cache statuses (HIT,
UPDATING, MISS…) and how many requests reached gunicorn through nginx. ``load`` is
/proc/loadavg's 1-minute value at the end (other work on the machine included).

nginx: Debian's package (``apt-get install -y nginx``); run as an ordinary user with
its own pid, logs and cache under a temporary folder.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
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
import harness  # noqa: E402

NGINX_CONF = """\
worker_processes 1;
{user}
pid {state}/nginx.pid;
error_log {state}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  log_format cache '$upstream_cache_status $status';
  access_log {state}/nginx-access.log cache buffer=256k;
  client_body_temp_path {state}/tmp/body;
  proxy_temp_path {state}/tmp/proxy;
  fastcgi_temp_path {state}/tmp/fastcgi;
  uwsgi_temp_path {state}/tmp/uwsgi;
  scgi_temp_path {state}/tmp/scgi;
  proxy_cache_path {state}/cache levels=1:2 keys_zone=civic_pages:10m max_size=200m
                   inactive=10m use_temp_path=off;
  upstream civic {{ server 127.0.0.1:{app_port}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://civic;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_cache civic_pages;
      proxy_cache_key "$scheme$host$request_uri|$cookie_civic_lang|$http_hx_request";
      proxy_cache_bypass $cookie_session $cookie_remember_token;
      proxy_no_cache $cookie_session $cookie_remember_token;
      proxy_cache_lock on;
      proxy_cache_use_stale updating;
      proxy_cache_background_update on;
      proxy_cache_revalidate on;
      add_header X-Cache $upstream_cache_status always;
    }}
  }}
}}
"""


def run_wrk(url: str, clients: int, duration: int, threads: int) -> dict[str, float]:
    """wrk's requests per second and non-2xx count for ``url``."""
    output = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{duration}s",
         "--timeout", "30s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {
        "rate": rate,
        "requests": total,
        "bad": int(bad.group(1)) if bad else 0,
        "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan"),
    }


def drained(url: str) -> None:
    """Until the server answers at once: nothing queued before the next run."""
    for _ in range(600):
        started = time.perf_counter()
        requests.get(url, timeout=60)
        if time.perf_counter() - started < 0.1:
            return
        time.sleep(0.5)


def start_nginx(state: Path, port: int, app_port: int) -> None:
    (state / "tmp").mkdir(parents=True, exist_ok=True)
    (state / "cache").mkdir(exist_ok=True)
    conf = state / "nginx.conf"
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(NGINX_CONF.format(state=state, port=port, app_port=app_port, user=user))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([nginx, "-c", str(conf), "-p", str(state)], check=True)


def stop_nginx(state: Path) -> None:
    pid = int((state / "nginx.pid").read_text())
    os.kill(pid, 15)


def cache_statuses(state: Path) -> collections.Counter[str]:
    lines = (state / "nginx-access.log").read_text().splitlines()
    return collections.Counter(line.split()[0] for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tree", type=Path, default=REPO, help="the code to serve")
    args = parser.parse_args()
    tree = args.tree.resolve()
    sys.path.insert(0, str(tree))  # prepare() builds the database with that code

    instance = Path(tempfile.mkdtemp(prefix="civic-pages-"))
    url = f"sqlite:///{instance}/bench.sqlite3"
    ids = bench_signing.prepare(url, str(instance), 1, 3)
    (instance / "config.py").write_text(
        "SECRET_KEY = 'bench'\nIDENTITY_KEY_SECRET = 'bench-identity'\n"
        "RATELIMIT_ENABLED = False\nSESSION_COOKIE_SECURE = False\n"
    )
    app_port, nginx_port = harness.free_port(), harness.free_port()
    env = harness.app_environment(instance, url)
    server = harness.start_gunicorn(app_port, env, workers=args.workers, threads=1, tree=tree)
    state = instance / "nginx"
    path = f"/petitions/{ids[0]}"
    results: dict[str, list[dict[str, float]]] = {"gunicorn": [], "nginx micro-cache": []}
    statuses: collections.Counter[str] = collections.Counter()
    try:
        harness.wait_http(f"http://127.0.0.1:{app_port}/healthz")
        start_nginx(state, nginx_port, app_port)
        harness.wait_http(f"http://127.0.0.1:{nginx_port}/healthz")
        for _ in range(args.rounds):
            for name, port in (("nginx micro-cache", nginx_port), ("gunicorn", app_port)):
                # gunicorn first works through what the last run left in its backlog
                # (wrk gone), then the page is fetched once (nginx: cached).
                drained(f"http://127.0.0.1:{app_port}/healthz")
                target = f"http://127.0.0.1:{port}{path}"
                requests.get(target, timeout=60)
                results[name].append(run_wrk(target, args.clients, args.duration, args.wrk_threads))
        statuses = cache_statuses(state)
    finally:
        if (state / "nginx.pid").exists():
            stop_nginx(state)
        harness.stop_group(server)
    print(f"{args.clients} clients, {args.duration} s, {args.rounds} rounds, GET {path}")
    print(f"{'server':<20} {'views/s (median)':>17} {'p99 ms':>8} {'non-2xx':>8}  rounds")
    for name, runs in results.items():
        rate = statistics.median(r["rate"] for r in runs)
        p99 = statistics.median(r["p99_ms"] for r in runs)
        bad = sum(int(r["bad"]) for r in runs)
        each = ", ".join(f"{r['rate']:.0f}" for r in runs)
        print(f"{name:<20} {rate:>17.0f} {p99:>8.1f} {bad:>8}  {each}")
    print("nginx cache statuses:", dict(statuses), f"load {harness.load_average()}")
    shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
