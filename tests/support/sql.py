"""What SQL a request runs: for tests that pin down which statements a hot path
runs, and which of them run under SQLite's write lock."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event

from civic.extensions import db


def statements_of(app: Flask, request: Any) -> tuple[Any, list[str]]:
    """The SQL statements one request runs, as SQLite runs them: its trace callback
    also sees what civic.database sends to the driver directly (BEGIN, COMMIT)."""
    seen: list[str] = []

    def record(statement: str) -> None:
        seen.append(" ".join(statement.split()))

    def trace(dbapi_connection: Any, *_args: Any) -> None:
        dbapi_connection.set_trace_callback(record)

    def untrace(dbapi_connection: Any, *_args: Any) -> None:
        dbapi_connection.set_trace_callback(None)

    with app.app_context():
        engine = db.engine
    assert engine.dialect.name == "sqlite", "statements_of reads SQLite's trace"
    event.listen(engine, "checkout", trace)
    event.listen(engine, "checkin", untrace)
    try:
        response = request()
    finally:
        event.remove(engine, "checkout", trace)
        event.remove(engine, "checkin", untrace)
    return response, seen


def table_of(statement: str) -> str:
    """'SELECT … FROM votations WHERE …' → 'SELECT votations', 'INSERT INTO ballots …' →
    'INSERT ballots'."""
    words = statement.split()
    if words[0] == "SELECT":
        return f"SELECT {words[words.index('FROM') + 1]}"
    return f"{words[0]} {words[2] if words[1] in ('INTO', 'FROM') else words[1]}"


# The rate limits' own short transactions (civic/rate_limits.py): each hit is one upsert
# committed at once on a connection of its own, before the request's work; they hold
# the write lock for that one statement and are not the request's transaction.
_RATE_LIMIT_TABLES = {"rate_limit_counters"}


def write_transactions(seen: list[str]) -> list[list[str]]:
    """Each BEGIN IMMEDIATE … COMMIT, as the tables its statements touch."""
    transactions: list[list[str]] = []
    current: list[str] | None = None
    for statement in seen:
        if statement == "BEGIN IMMEDIATE":
            current = []
        elif statement == "COMMIT" and current is not None:
            transactions.append(current)
            current = None
        elif current is not None:
            current.append(table_of(statement))
    assert current is None, seen
    return transactions


def under_write_lock(seen: list[str]) -> list[str]:
    """The tables touched between the request's one BEGIN IMMEDIATE and its COMMIT
    (the rate limits' one-statement transactions set apart)."""
    requests = [
        tables
        for tables in write_transactions(seen)
        if not all(table.split()[-1] in _RATE_LIMIT_TABLES for table in tables)
    ]
    assert len(requests) == 1, seen
    return requests[0]
