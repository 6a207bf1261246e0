"""Keep the ballot box from following the order people voted in (docs/secrecy.md).

SQLite: the register and the box are ``WITHOUT ROWID`` tables, stored in the
order of their keys (user id; a random UUID), so there is nothing to do.

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
    """Reclaim the dead copies a rewrite leaves behind (PostgreSQL; outside a transaction)."""
    engine = db.engine
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ballots")
