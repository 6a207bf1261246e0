"""Two people acting on the same thing in the same instant, on SQLite and PostgreSQL.

Each racer runs in its own thread (so its own app context, session and connection).
All start together, and each pauses before its first write statement (INSERT, UPDATE,
DELETE) until every other racer has read what it needed too: it reached its own
first write, or finished, or it is waiting for a lock another racer holds (a row
``FOR UPDATE``, a unique index, SQLite's writer lock). So without a lock, everyone
decides on the same old state, which is the bug; with one, the race still ends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event, text

from civic.database import QueuedWriterConnection, write_intent
from civic.extensions import db

_WRITES = {"INSERT", "UPDATE", "DELETE"}
# A guard against a hang, never a timing: racers meet within milliseconds.
_GIVE_UP_AFTER = 60.0
_RUNNING, _PAUSED, _PAST, _WAITING, _FINISHED = "running", "paused", "past", "waiting", "done"


class _Racers:
    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        self.state: dict[int, str] = {}
        self.backend: dict[int, int] = {}
        self.changed = threading.Condition()
        self.watching = threading.local()

    def _set(self, state: str) -> None:
        with self.changed:
            self.state[threading.get_ident()] = state
            self.changed.notify_all()

    def before_statement(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        me = threading.get_ident()
        if me not in self.state or getattr(self.watching, "on", False):
            return
        if self.postgres:
            self.backend[me] = conn.connection.dbapi_connection.info.backend_pid
        if self.state[me] == _RUNNING and statement.split(None, 1)[0].upper() in _WRITES:
            self._pause(me)

    def _pause(self, me: int) -> None:
        self._set(_PAUSED)
        give_up = time.monotonic() + _GIVE_UP_AFTER
        with self.changed:
            while not self._others_have_read(me):
                if time.monotonic() > give_up:
                    raise RuntimeError("the racers never met")
                # PostgreSQL cannot tell us when a backend starts waiting: look again.
                self.changed.wait(0.02 if self.postgres else 1.0)
            self.state[me] = _PAST
            self.changed.notify_all()

    def _others_have_read(self, me: int) -> bool:
        others = {t: s for t, s in self.state.items() if t != me}
        blocked = {t for t, s in others.items() if s == _RUNNING}
        if blocked and self.postgres:
            blocked -= self._waiting_on_a_lock(blocked)
        return not blocked

    def _waiting_on_a_lock(self, threads: set[int]) -> set[int]:
        pids = {self.backend[t]: t for t in threads if t in self.backend}
        if not pids:
            return set()
        self.watching.on = True
        try:
            with self.engine.connect() as connection:
                waiting = connection.scalars(
                    text(
                        "SELECT pid FROM pg_stat_activity"
                        " WHERE wait_event_type = 'Lock' AND pid = ANY(:pids)"
                    ),
                    {"pids": list(pids)},
                ).all()
        finally:
            self.watching.on = False
        return {pids[pid] for pid in waiting}

    @contextmanager
    def waiting_for_the_writer_lock(self) -> Iterator[None]:
        """SQLite: a racer queued for the one write transaction counts as waiting."""
        me = threading.get_ident()
        if me not in self.state:
            yield
            return
        before = self.state[me]
        self._set(_WAITING)
        try:
            yield
        finally:
            self._set(before)

    def run(
        self, action: Callable[[], Any], start: threading.Barrier, out: list[Any], i: int
    ) -> None:
        self._set(_RUNNING)
        try:
            start.wait()
            out[i] = action()
        except BaseException as error:  # noqa: BLE001 — handed back to the test
            out[i] = error
        finally:
            self._set(_FINISHED)


def at_the_same_moment(app: Flask, *actions: Callable[[], Any]) -> list[Any]:
    """Run the actions together, one thread each; return what each returned (or the
    exception it raised), in order. An action that sends a request through a test
    client gets its own app context from it; see :func:`in_a_transaction` otherwise."""
    with app.app_context():
        engine = db.engine
    racers = _Racers(engine)
    take_writer_lock = QueuedWriterConnection.take_writer_lock

    def queued(connection: QueuedWriterConnection) -> None:
        with racers.waiting_for_the_writer_lock():
            take_writer_lock(connection)

    start = threading.Barrier(len(actions))
    out: list[Any] = [None] * len(actions)
    threads = [
        threading.Thread(target=racers.run, args=(action, start, out, i))
        for i, action in enumerate(actions)
    ]
    event.listen(engine, "before_cursor_execute", racers.before_statement)
    QueuedWriterConnection.take_writer_lock = queued  # type: ignore[method-assign]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        QueuedWriterConnection.take_writer_lock = take_writer_lock  # type: ignore[method-assign]
        event.remove(engine, "before_cursor_execute", racers.before_statement)
    return out


def in_a_transaction(app: Flask, call: Callable[[], Any]) -> Callable[[], Any]:
    """``call`` as a service runs in a request that writes: its own app context and
    session, with the write intent a POST request declares."""

    def action() -> Any:
        with app.app_context(), write_intent():
            try:
                return call()
            finally:
                db.session.remove()

    return action
