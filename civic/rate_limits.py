"""Rate limits counted in the application's database, so every worker and every host
shares one count without Redis (with Redis configured, Flask-Limiter uses it instead).

``limits`` (under Flask-Limiter) ships no SQL storage; this is one for its default
fixed-window strategy, selected by ``RATELIMIT_STORAGE_URI = "civic-database://"``
(the default). One row per window (``rate_limit_counters``): a hit is one atomic
upsert that adds to the window's count, or starts a new window when the old one has
ended, and returns the new count. PostgreSQL and SQLite both take the upsert as one
statement under the row's (or the database's) write lock, so two workers hitting the
same limit at once never lose a count.

Each call runs on a connection of its own, committed at once: a count must hold even
when the request that made it fails or is refused. The one exception is SQLite while
this very request already holds the database's write lock (a write request whose
limit key read the account first): a second connection would wait for the lock this
thread holds, so the hit is written in the request's own transaction instead.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from limits.storage import Storage
from sqlalchemy import Connection, case, delete, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from civic import database
from civic.extensions import db
from civic.models.limits import RateLimitCounter

STORAGE_URI = "civic-database://"
_COUNTERS = RateLimitCounter.__table__
# One hit in this many also deletes the windows that ended (the table stays small).
_PURGE_ONE_IN = 200


def digest(key: str) -> str:
    """What the tables keep of a key: its SHA-256, never the address it names."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class DatabaseStorage(Storage):
    """A ``limits`` storage on the current application's database (``db.engine``)."""

    STORAGE_SCHEME = ["civic-database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        # The writer queue's timeout is raised by the sqlite3 driver's own class.
        return (SQLAlchemyError, sqlite3.Error)

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = datetime.now(UTC)
        ends = now + timedelta(seconds=expiry)
        with _transaction(write=True) as connection:
            insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
            ended = _COUNTERS.c.expires_at <= now
            statement = (
                insert(_COUNTERS)
                .values(key_hash=digest(key), hits=amount, expires_at=ends)
                .on_conflict_do_update(
                    index_elements=[_COUNTERS.c.key_hash],
                    set_={
                        "hits": case((ended, amount), else_=_COUNTERS.c.hits + amount),
                        "expires_at": case((ended, ends), else_=_COUNTERS.c.expires_at),
                    },
                )
                .returning(_COUNTERS.c.hits)
            )
            hits = int(connection.execute(statement).scalar_one())
            if secrets.randbelow(_PURGE_ONE_IN) == 0:
                connection.execute(delete(_COUNTERS).where(_COUNTERS.c.expires_at <= now))
        return hits

    def get(self, key: str) -> int:
        with _transaction(write=False) as connection:
            hits = connection.scalar(
                select(_COUNTERS.c.hits).where(
                    _COUNTERS.c.key_hash == digest(key),
                    _COUNTERS.c.expires_at > datetime.now(UTC),
                )
            )
        return int(hits or 0)

    def get_expiry(self, key: str) -> float:
        with _transaction(write=False) as connection:
            ends = connection.scalar(
                select(_COUNTERS.c.expires_at).where(_COUNTERS.c.key_hash == digest(key))
            )
        return ends.timestamp() if ends is not None else time.time()

    def check(self) -> bool:
        try:
            with _transaction(write=False) as connection:
                connection.execute(text("SELECT 1"))
        except self.base_exceptions:
            return False
        return True

    def reset(self) -> int | None:
        with _transaction(write=True) as connection:
            return connection.execute(delete(_COUNTERS)).rowcount

    def clear(self, key: str) -> None:
        with _transaction(write=True) as connection:
            connection.execute(delete(_COUNTERS).where(_COUNTERS.c.key_hash == digest(key)))


@contextmanager
def _transaction(*, write: bool) -> Iterator[Connection]:
    """A short transaction of its own, committed on leaving (see the module's docstring
    for the one case that uses the request's)."""
    if write and _request_holds_sqlite_write_lock():
        yield db.session.connection()
        return
    with database.write_intent(write), db.engine.begin() as connection:
        yield connection


def _request_holds_sqlite_write_lock() -> bool:
    session = db.session()
    if db.engine.dialect.name != "sqlite" or not session.in_transaction():
        return False
    driver_connection = session.connection().connection.dbapi_connection
    return bool(getattr(driver_connection, "holds_writer_lock", False))
