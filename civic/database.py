"""Engine tuning that must hold for every connection, whatever opened it.

SQLite: WAL (readers never wait for the writer), foreign keys on, a busy timeout,
and ``synchronous=FULL`` so a signature acknowledged to a resident survives a
crash or power cut (NORMAL in WAL may lose the last commits on power loss).
Write transactions start with ``BEGIN IMMEDIATE``: a deferred transaction that
read first and then tries to write fails at once with SQLITE_BUSY when another
writer got in between, whereas IMMEDIATE takes the write lock up front and waits
politely (busy_timeout). Requests that can write (every non-GET) and services
run outside a request (CLI, jobs, concurrency tests) ask for it through
``write_intent``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, event

_write_intent: ContextVar[bool] = ContextVar("civic_write_intent", default=False)


@contextlib.contextmanager
def write_intent() -> Iterator[None]:
    """Transactions begun inside this block take SQLite's write lock up front."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def set_write_intent(value: bool) -> None:
    _write_intent.set(value)


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")


def render_migration_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write our UTC type as a plain DateTime in migrations: the column is an ordinary
    timestamp; the UTC handling lives in Python, so migrations need not import the app."""
    from civic.models.base import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False
