"""Two app servers behind nginx, sharing PostgreSQL and Redis, with an RQ worker.

Run by hand (not a test), on one machine, as the production topology in miniature:

    .venv/bin/python bench/cluster.py start   # database, migrations, demo, servers, worker, nginx
    .venv/bin/python bench/cluster.py status
    .venv/bin/python bench/cluster.py check   # bench/cluster_checks.py: session, rate limit, job
    .venv/bin/python bench/cluster.py stop    # stops every process, drops the database

``start`` creates a private PostgreSQL database (``civic_cluster`` on 127.0.0.1:5432),
runs the Alembic migrations and the demo seed, and starts: two gunicorn servers on two
free ports (each its own process group), ``rq worker civic`` on Redis database 9 (ours
alone: ``start`` empties it), and Debian's nginx (installed when missing) with a
generated configuration in the state folder (its own pid, logs and temp paths) as the
load balancer on a free port. Every process gets the same ``DATABASE_URL``,
``REDIS_URL`` (shared rate limits, RQ jobs), ``PROXY_COUNT=1`` (trust nginx's one
X-Forwarded-For hop, no more) and the same instance folder, hence the same
``SECRET_KEY`` and ``IDENTITY_KEY_SECRET``. The signing load through this set-up is
``bench/bench_cluster.py``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

import harness
import requests
from harness import REPO

STATE = Path("/tmp/civic-cluster")
DATABASE = "civic_cluster"
BENCH_DATABASE = "civic_cluster_bench"
REDIS_URL = "redis://127.0.0.1:6379/9"  # our own Redis database: start empties it
WORKER_NAME = "civic-cluster-worker"

NGINX_CONF = """\
worker_processes 1;
{user}
pid {state}/nginx.pid;
error_log {state}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  log_format upstream '$remote_addr "$request" $status $upstream_addr $request_time';
  access_log {state}/nginx-access.log upstream buffer=64k;
  client_body_temp_path {state}/nginx-tmp/body;
  proxy_temp_path {state}/nginx-tmp/proxy;
  fastcgi_temp_path {state}/nginx-tmp/fastcgi;
  uwsgi_temp_path {state}/nginx-tmp/uwsgi;
  scgi_temp_path {state}/nginx-tmp/scgi;
  upstream civic {{
{servers}
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://civic;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      # Appends the client's address: with PROXY_COUNT=1 the app trusts this last
      # hop only, so a forged X-Forwarded-For from the client changes nothing.
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      # Which app server answered (for the checks; production leaves it out).
      add_header X-Civic-Upstream $upstream_addr always;
    }}
  }}
}}
"""


# --- starting and stopping ------------------------------------------------------------


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if found:
        return found
    print("nginx is missing: installing Debian's package", flush=True)
    sudo = [] if _is_root() else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "nginx"], check=True)
    return shutil.which("/usr/sbin/nginx") or "nginx"


def _is_root() -> bool:
    import os

    return os.geteuid() == 0


def start(args: Namespace, *, bench: dict[str, int] | None = None) -> dict[str, Any]:
    """Build the database and start every process; returns (and saves) the state."""
    if (STATE / "state.json").exists():
        stop(args, quiet=True)
    shutil.rmtree(STATE, ignore_errors=True)
    instance = STATE / "instance"
    instance.mkdir(parents=True)
    (STATE / "nginx-tmp").mkdir()
    nginx = nginx_binary()
    _require_services()
    state: dict[str, Any] = {"instance": str(instance), "redis": REDIS_URL, "pids": {}}
    config = "SESSION_COOKIE_SECURE = False  # plain HTTP on this machine\n"
    if bench is None:
        state["database"] = url = harness.recreate_database(DATABASE)
        state["database_name"] = DATABASE
        env = harness.app_environment(instance, url)
        for command in (["db", "upgrade"], ["civic", "seed-demo"]):
            subprocess.run([harness.venv_command("flask"), *command], cwd=REPO, env=env, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
    else:
        import bench_signing

        state["database"] = url = harness.recreate_database(BENCH_DATABASE)
        state["database_name"] = BENCH_DATABASE
        state["ids"] = bench_signing.prepare(url, str(instance), bench["users"], bench["petitions"])
        # As in the single-server bench: one address would hit the limits by design.
        config += f"RATELIMIT_ENABLED = False\nARGON2_PARAMETERS = {bench_signing.ARGON2_BENCH!r}\n"
    (instance / "config.py").write_text(config)
    from civic.secrets import load_or_create

    # Written once before any server starts: every server and the worker read the same.
    load_or_create(str(instance), "secret_key")
    load_or_create(str(instance), "identity_key")
    from redis import Redis

    Redis.from_url(REDIS_URL).flushdb()
    env = harness.app_environment(instance, url, REDIS_URL=REDIS_URL, PROXY_COUNT="1")
    ports = [harness.free_port() for _ in range(2)]
    state["app_ports"] = ports
    for port in ports:
        server = harness.start_gunicorn(
            port, env, workers=args.workers, threads=args.threads, log=STATE / f"app-{port}.log"
        )
        state["pids"][f"app-{port}"] = server.pid
    worker = subprocess.Popen(
        [harness.venv_command("rq"), "worker", "--url", REDIS_URL, "--name", WORKER_NAME, "civic"],
        cwd=REPO, env=env, start_new_session=True,
        stdout=open(STATE / "worker.log", "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )  # fmt: skip
    state["pids"]["worker"] = worker.pid
    for port in ports:
        harness.wait_http(f"http://127.0.0.1:{port}/healthz")
    state["nginx_port"] = port = harness.free_port()
    conf = STATE / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            state=STATE,
            port=port,
            user="user root;" if _is_root() else "",
            servers="\n".join(f"    server 127.0.0.1:{p};" for p in ports),
        )
    )
    proxy = subprocess.Popen(
        [nginx, "-p", str(STATE), "-e", str(STATE / "nginx-error.log"), "-c", str(conf),
         "-g", "daemon off;"],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    state["pids"]["nginx"] = proxy.pid
    state["url"] = f"http://127.0.0.1:{port}"
    harness.wait_http(f"{state['url']}/healthz")
    (STATE / "state.json").write_text(json.dumps(state, indent=2))
    return state


def _require_services() -> None:
    import psycopg
    from redis import Redis

    psycopg.connect(harness.PG_ADMIN.format(port=5432)).close()
    Redis.from_url(REDIS_URL).ping()


def load_state() -> dict[str, Any]:
    path = STATE / "state.json"
    if not path.exists():
        sys.exit("no cluster is running (no state file in /tmp/civic-cluster)")
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def stop(args: Namespace, *, quiet: bool = False) -> None:
    state = load_state()
    pids = state["pids"]
    # nginx first (no new requests), then the app servers, then the worker (warm
    # shutdown: it finishes the job it is running).
    harness.kill_group(pids["nginx"], signal.SIGQUIT)
    for name, pid in pids.items():
        harness.stop_group(pid)
        if not quiet:
            print(f"stopped {name} (pid {pid})")
    if not getattr(args, "keep_database", False):
        harness.drop_database(state["database_name"])
        if not quiet:
            print(f"dropped database {state['database_name']}")
    (STATE / "state.json").unlink()


def status(_args: Namespace) -> None:
    state = load_state()
    for name, pid in state["pids"].items():
        alive = Path(f"/proc/{pid}").exists()
        print(f"{name:12} pid {pid:>7} {'running' if alive else 'GONE'}")
    for port in state["app_ports"]:
        print(f"app :{port}  /healthz → {_health(f'http://127.0.0.1:{port}')}")
    print(f"nginx {state['url']}  /healthz → {_health(state['url'])}")
    from redis import Redis
    from rq import Worker

    workers = Worker.all(connection=Redis.from_url(REDIS_URL))
    print("rq workers:", ", ".join(f"{w.name} ({w.get_state()})" for w in workers) or "none")


def _health(base: str) -> str:
    try:
        return str(requests.get(f"{base}/healthz", timeout=5).status_code)
    except requests.RequestException as error:
        return f"unreachable ({type(error).__name__})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["start", "stop", "status", "check"])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--keep-database", action="store_true", help="stop: keep the database")
    args = parser.parse_args()
    if args.command == "start":
        state = start(args)
        print(
            f"cluster up: nginx {state['url']} → app servers {state['app_ports']}, RQ worker "
            f"{WORKER_NAME}, database {state['database']}, Redis {REDIS_URL}\n"
            f"state, logs and nginx.conf in {STATE}"
        )
    elif args.command == "check":
        import cluster_checks

        sys.exit(0 if cluster_checks.run_all(load_state()) else 1)
    else:
        {"stop": stop, "status": status}[args.command](args)


if __name__ == "__main__":
    main()
