"""SQLite writers queue on our own lock before BEGIN IMMEDIATE (civic/database.py).

These run on a private SQLite file whatever DATABASE_URL says: the queue exists
only for SQLite, the embedded default.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from civic import database
from civic.database import QueuedWriterConnection, write_intent, writer_lock_for


@pytest.fixture
def engine(tmp_path: Path):
    engine = create_engine(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    database.configure_engine(engine)
    with write_intent(), engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)")
    yield engine
    engine.dispose()


def lock_is_free(path: str) -> bool:
    """Whether another process could take the writer lock right now."""
    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return True
    finally:
        os.close(descriptor)


def test_file_connections_queue_and_memory_ones_do_not(engine, tmp_path: Path) -> None:
    with engine.connect() as connection:
        assert isinstance(connection.connection.dbapi_connection, QueuedWriterConnection)
    memory = create_engine("sqlite://")
    database.configure_engine(memory)
    with memory.connect() as connection:
        assert not isinstance(connection.connection.dbapi_connection, QueuedWriterConnection)


def test_a_write_transaction_holds_the_lock_until_it_commits(engine) -> None:
    lock = writer_lock_for(engine.url.database)
    with write_intent(), engine.connect() as connection:
        with connection.begin():
            connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
            assert not lock_is_free(lock.path)
        assert lock_is_free(lock.path)


def test_a_read_transaction_takes_no_lock(engine) -> None:
    lock = writer_lock_for(engine.url.database)
    with engine.connect() as connection, connection.begin():
        connection.execute(text("SELECT count(*) FROM t")).scalar_one()
        assert lock_is_free(lock.path)


def test_a_failed_write_gives_the_lock_back_on_rollback(engine) -> None:
    lock = writer_lock_for(engine.url.database)
    with write_intent(), engine.begin() as connection:
        connection.execute(text("INSERT INTO t (v) VALUES ('same')"))
    with pytest.raises(IntegrityError), write_intent(), engine.begin() as connection:
        connection.execute(text("INSERT INTO t (v) VALUES ('same')"))
    assert lock_is_free(lock.path)
    with write_intent(), engine.begin() as connection:  # and the next writer gets it
        connection.execute(text("INSERT INTO t (v) VALUES ('next')"))


def test_writers_in_many_threads_all_commit_one_after_another(engine) -> None:
    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            for step in range(25):
                with write_intent(), engine.begin() as connection:
                    count = connection.execute(text("SELECT count(*) FROM t")).scalar_one()
                    connection.execute(
                        text("INSERT INTO t (v) VALUES (:v)"), {"v": f"{number}-{step}-{count}"}
                    )
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as connection:
        values = connection.execute(text("SELECT v FROM t ORDER BY id")).scalars().all()
    # Serialised: each writer saw exactly the rows committed before it.
    assert [int(v.rsplit("-", 1)[1]) for v in values] == list(range(200))


HOLDER = textwrap.dedent(
    """
    import sys
    from civic.database import writer_lock_for
    lock = writer_lock_for(sys.argv[1])
    lock.acquire()
    print("holding", flush=True)
    sys.stdin.read()
    """
)


def test_another_process_waits_and_a_killed_holder_frees_the_queue(engine) -> None:
    path = engine.url.database
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(database.__file__).parents[1])},
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "holding"
            lock = writer_lock_for(path)
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                lock.acquire(timeout=0.2)
            # kill -9: the kernel drops the flock with the process, nothing stays stuck.
            holder.send_signal(signal.SIGKILL)
            holder.wait()
            lock.acquire(timeout=10)
            lock.release()
        finally:
            if holder.poll() is None:
                holder.kill()
