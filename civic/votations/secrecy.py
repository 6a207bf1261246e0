"""Keep the ballot box from following the order people voted in (docs/secrecy.md).

SQLite: the register and the box are ``WITHOUT ROWID`` tables, whose B-trees are
ordered by their keys (user id; a random UUID) — but inside a page the cells lie in
the order they were written, and the write-ahead log keeps each vote's pages in
commit order, so the file and its log link a ballot to its voter until
``vacuum_ballots`` rebuilds the file and empties the log.

PostgreSQL: a heap grows in insertion order, and every row carries ``xmin``,
the id of the transaction that wrote it — the same for a person's register row
and their ballots, since both are written in one transaction. Rewriting a
votation's ballots in one statement gives them all one new ``xmin`` and lays
them out in the order of their random keys. Run at publication and, during the
period, every few minutes (``flask civic votations shuffle``); the rows written
since the last run stay linkable by a database administrator until the next.
"""

from __future__ import annotations

from sqlalchemy import text

from civic.extensions import db

_REWRITE = text(
    "WITH moved AS (DELETE FROM ballots WHERE votation_id = :votation_id RETURNING *) "
    "INSERT INTO ballots SELECT * FROM moved ORDER BY id"
)


def shuffle_ballot_box(votation_id: int) -> None:
    """Rewrite the votation's ballots in key order, in the caller's transaction."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    db.session.execute(_REWRITE, {"votation_id": votation_id})


def vacuum_ballots() -> None:
    """Reclaim the dead copies a rewrite leaves behind (outside a transaction).

    SQLite: the order of the cells inside a page, the index on ``votation_id`` and the
    write-ahead log all keep the order in which the ballots (and the register's rows)
    were written. ``VACUUM`` rebuilds every table and index in key order (the box by
    random UUID, the register by user id), and truncating the log drops its copies of
    the pages as they were after each vote. Both only hold from this run on: the files
    copied before it, and the disk blocks the file system has not reused, still link."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ballots")
    elif engine.dialect.name == "sqlite":
        # On the driver's connection: civic.database begins every SQLAlchemy
        # transaction itself, and VACUUM refuses to run inside one.
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
