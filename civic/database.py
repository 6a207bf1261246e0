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

Writers queue on a lock of our own before ``BEGIN IMMEDIATE`` (``WriterLock``: a
thread lock inside the process, an ``flock`` on a file beside the database across
processes). SQLite alone makes a waiting writer poll with growing sleeps (1, 2, 5,
10 … 100 ms): under a burst of signatures the unlucky ones kept losing the race to
newcomers and waited seconds. Queued on a lock, the next writer starts the moment
the last one commits.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import fcntl
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy import Engine, event

F = TypeVar("F", bound=Callable[..., Any])

_write_intent: ContextVar[bool] = ContextVar("civic_write_intent", default=False)


@contextlib.contextmanager
def write_intent(intent: bool = True) -> Iterator[None]:
    """Transactions begun inside this block take SQLite's write lock up front (with
    ``False``: they do not, for a read on a connection of its own during a write
    request)."""
    token = _write_intent.set(intent)
    try:
        yield
    finally:
        _write_intent.reset(token)


def set_write_intent(value: bool) -> None:
    _write_intent.set(value)


def reads_before_writing(view: F) -> F:
    """Mark a hot POST view whose reads (session user, CSRF, form) come before its one
    write: its request does not take SQLite's write lock at the first query, as other
    POSTs do; the service opens the write with ``write_lock_from_here``."""
    view.civic_reads_before_writing = True  # type: ignore[attr-defined]
    return view


def writes_from_first_query(view: Callable[..., Any] | None) -> bool:
    return not getattr(view, "civic_reads_before_writing", False)


@contextlib.contextmanager
def write_lock_from_here() -> Iterator[None]:
    """Run the block in a write transaction (SQLite: BEGIN IMMEDIATE) that starts
    here, after the request's reads, so the database-wide write lock covers the write
    itself, not the session, CSRF and account checks before it.

    On SQLite the read transaction is ended and the write one begun on the same
    connection, under SQLAlchemy's feet: the session keeps what it loaded (the
    signer or voter) unexpired and its connection, where a session commit would
    return the connection to the pool and check it out again (~0.3 ms a request,
    measured). The service re-reads what it changes under its lock, and the UNIQUE
    constraints guard the rows whatever the earlier snapshot said.
    """
    from civic.extensions import db

    session = db.session()
    if session.in_transaction() and db.engine.dialect.name == "sqlite":
        _begin_immediate(session.connection(), end_reads=True)
    with write_intent():
        yield


def _begin_immediate(connection: Any, *, end_reads: bool = False) -> None:
    """BEGIN IMMEDIATE on this SQLAlchemy connection, queued on the writer lock;
    ``end_reads`` first commits the read transaction the driver has open. Sent to
    the driver directly: through SQLAlchemy's execution path the two statements
    cost 7 % of a signature's instructions (callgrind)."""
    dbapi_connection = connection.connection.dbapi_connection
    if end_reads and dbapi_connection.in_transaction:
        dbapi_connection.execute("COMMIT")
    queued = isinstance(dbapi_connection, QueuedWriterConnection)
    if queued:
        dbapi_connection.take_writer_lock()
    try:
        dbapi_connection.execute("BEGIN IMMEDIATE")
    except BaseException:
        if queued:
            dbapi_connection.give_back_writer_lock()
        raise


# As long as SQLite's own busy_timeout: past it, the request fails cleanly (503).
WRITER_LOCK_TIMEOUT = 15.0


class WriterLock:
    """One write transaction at a time on a database file: a thread lock inside the
    process, an ``flock`` across processes (released by the kernel if the process
    dies). Neither is polled: a process whose writer must wait hands the blocking
    ``flock`` to a waiter thread and sleeps on its answer, with a timeout.

    Polling cost measurably: 0.1-1 ms sleeps were up to 1 ms of idle write lock
    after each commit and a wake-up of every waiting process each time."""

    def __init__(self, database_path: str) -> None:
        self.path = database_path + "-writer.lock"
        self._threads = threading.Lock()
        self._descriptor: int | None = None
        self._pid: int | None = None
        self._waiter: _FlockWaiter | None = None

    def _file(self) -> int:
        # Opened per process: a descriptor inherited across fork() would share one
        # open file description, and flock would not tell the processes apart.
        if self._pid != os.getpid() or self._descriptor is None:
            self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
            self._waiter = None
        return self._descriptor

    def acquire(self, timeout: float = WRITER_LOCK_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            raise sqlite3.OperationalError("database is locked (writer queue timed out)")
        try:
            descriptor = self._file()
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            if self._waiter is None:
                self._waiter = _FlockWaiter()
            granted = self._waiter.wait_for(descriptor)
        except BaseException:
            self._threads.release()
            raise
        try:
            granted.result(timeout=max(deadline - time.monotonic(), 0))
        except BaseException as error:
            # A blocked flock cannot be called off: once it is granted (or fails) it
            # is given back, and only then may this process's next writer, waiting
            # on the thread lock that stays taken until then, queue again.
            granted.add_done_callback(self._give_back)
            if isinstance(error, concurrent.futures.TimeoutError):
                raise sqlite3.OperationalError(
                    "database is locked (writer queue timed out)"
                ) from None
            raise

    def _give_back(self, granted: concurrent.futures.Future[None]) -> None:
        if granted.exception() is None:
            self.release()
        else:
            self._threads.release()

    def release(self) -> None:
        if self._descriptor is not None and self._pid == os.getpid():
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        self._threads.release()


class _FlockWaiter:
    """A daemon thread of this process that waits in a blocking ``flock`` for it."""

    def __init__(self) -> None:
        self._requests: queue.SimpleQueue[tuple[int, concurrent.futures.Future[None]]]
        self._requests = queue.SimpleQueue()
        threading.Thread(target=self._run, name="civic-writer-lock", daemon=True).start()

    def wait_for(self, descriptor: int) -> concurrent.futures.Future[None]:
        granted: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._requests.put((descriptor, granted))
        return granted

    def _run(self) -> None:
        while True:
            descriptor, granted = self._requests.get()
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            except BaseException as error:  # handed to the writer that asked
                granted.set_exception(error)
            else:
                granted.set_result(None)


_writer_locks: dict[str, WriterLock] = {}
_writer_locks_guard = threading.Lock()


def writer_lock_for(database_path: str) -> WriterLock:
    path = os.path.realpath(database_path)
    with _writer_locks_guard:
        return _writer_locks.setdefault(path, WriterLock(path))


class QueuedWriterConnection(sqlite3.Connection):
    """A pysqlite connection that gives the writer lock back when its transaction ends."""

    writer_lock: WriterLock | None = None
    holds_writer_lock = False

    def take_writer_lock(self) -> None:
        if self.writer_lock is not None and not self.holds_writer_lock:
            self.writer_lock.acquire()
            self.holds_writer_lock = True

    def give_back_writer_lock(self) -> None:
        if self.holds_writer_lock and self.writer_lock is not None:
            self.holds_writer_lock = False
            self.writer_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.give_back_writer_lock()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.give_back_writer_lock()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.give_back_writer_lock()


def _file_path(database: str | None) -> str | None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    path = _file_path(engine.url.database)

    @event.listens_for(engine, "do_connect")
    def _queued_writers(_dialect: Any, _record: Any, _cargs: Any, cparams: Any) -> None:
        if path is not None:
            cparams.setdefault("factory", QueuedWriterConnection)

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
        if path is not None and isinstance(dbapi_connection, QueuedWriterConnection):
            dbapi_connection.writer_lock = writer_lock_for(path)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if not _write_intent.get():
            # To the driver directly, as in _begin_immediate: every request runs it.
            connection.connection.dbapi_connection.execute("BEGIN")
            return
        _begin_immediate(connection)


def render_migration_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write our UTC type as a plain DateTime in migrations: the column is an ordinary
    timestamp; the UTC handling lives in Python, so migrations need not import the app."""
    from civic.models.base import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False
