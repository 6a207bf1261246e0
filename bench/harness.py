"""Process and database plumbing shared by ``cluster.py`` and ``faults.py`` (run by hand).

gunicorn is started in a session of its own, so that its master and workers form one
process group: ``kill -9`` of that group is the crash of a whole app server, and
stopping it leaves nothing behind. Databases are private to the caller (created and
dropped here), never the shared test database.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

PG_ADMIN = "postgresql://postgres@127.0.0.1:{port}/postgres"
SUCCESS_FLASH = "Merci, votre signature est enregistrée."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def recreate_database(name: str, port: int = 5432) -> str:
    """Drop and create ``name`` on the local server; returns its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN.format(port=port), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"


def drop_database(name: str, port: int = 5432) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN.format(port=port), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_environment(instance: str | Path, database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "CIVIC_INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        "FLASK_APP": "wsgi:app",
        "PYTHONPATH": str(REPO),
        **extra,
    }


def start_gunicorn(
    port: int,
    env: dict[str, str],
    *,
    workers: int,
    threads: int,
    log: str | Path | None = None,
    tree: Path = REPO,
) -> subprocess.Popen[bytes]:
    """gunicorn in its own session (process group = master + workers), serving the code
    in ``tree`` (another checkout, e.g. ``git archive`` of an older commit, or this one)."""
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", str(threads),
               "-b", f"127.0.0.1:{port}", "--backlog", "2048", "wsgi:app"]  # fmt: skip
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (the child keeps it)
    return subprocess.Popen(
        command,
        cwd=tree,
        env={**env, "PYTHONPATH": str(tree)},
        stdout=output,
        stderr=output,
        start_new_session=True,
    )


def wait_http(url: str, timeout: float = 60.0) -> None:
    """Until ``url`` answers at all (any status): the server is accepting requests."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            requests.get(url, timeout=5)
            return
        except (requests.ConnectionError, requests.Timeout):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer in {timeout:.0f} s") from None
            time.sleep(0.1)


def kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    """Send ``sig`` to the whole process group led by ``pid`` (master and workers)."""
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def stop_group(process: subprocess.Popen[Any] | int, timeout: float = 20.0) -> None:
    """SIGTERM the group, SIGKILL what is left after ``timeout``; reap our child."""
    pid = process if isinstance(process, int) else process.pid
    kill_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _group_alive(pid):
        if _reaped(process):
            break
        time.sleep(0.1)
    kill_group(pid, signal.SIGKILL)
    if not isinstance(process, int):
        process.wait()


def _reaped(process: subprocess.Popen[Any] | int) -> bool:
    """True once the group's leader has exited (reaping it when it is our child)."""
    if not isinstance(process, int):
        return process.poll() is not None
    try:
        done, _status = os.waitpid(process, os.WNOHANG)
    except ChildProcessError:  # not our child: started by an earlier command
        return not Path(f"/proc/{process}").exists()
    return done != 0


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def flash_messages(response: requests.Response, secret_key: str) -> list[tuple[str, str]]:
    """The flash messages the response put into the signed session cookie.

    A signing answers with a 302 whatever happened; only the flash (category
    ``success`` with the thank-you text) says the signature was recorded."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    cookie = response.cookies.get("session")
    if not cookie:
        return []
    app = Flask("flash-reader")
    app.secret_key = secret_key
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None
    data = serializer.loads(cookie)
    return [tuple(item) for item in data.get("_flashes", [])]  # type: ignore[misc]


def signed(response: requests.Response, secret_key: str) -> bool:
    return response.status_code == 302 and ("success", SUCCESS_FLASH) in flash_messages(
        response, secret_key
    )


def venv_command(name: str) -> str:
    """A console script of the venv running us (flask, rq)."""
    return str(Path(sys.executable).parent / name)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
