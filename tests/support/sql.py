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


def under_write_lock(seen: list[str]) -> list[str]:
    """The tables touched between the one BEGIN IMMEDIATE and its COMMIT."""
    assert seen.count("BEGIN IMMEDIATE") == 1, seen
    locked = seen[seen.index("BEGIN IMMEDIATE") + 1 :]
    assert "COMMIT" in locked, seen
    return [table_of(statement) for statement in locked[: locked.index("COMMIT")]]
