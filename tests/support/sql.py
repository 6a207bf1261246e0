"""What SQL a request runs: for tests that pin down which statements a hot path
runs, and which of them run under SQLite's write lock."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event

from civic.extensions import db


def statements_of(app: Flask, request: Any) -> tuple[Any, list[str]]:
    """The SQL statements one request runs (SQLAlchemy's before_cursor_execute)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = request()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return response, seen


def table_of(statement: str) -> str:
    """'SELECT … FROM votations WHERE …' → 'SELECT votations', 'INSERT INTO ballots …' →
    'INSERT ballots'."""
    words = statement.split()
    if words[0] == "SELECT":
        return f"SELECT {words[words.index('FROM') + 1]}"
    return f"{words[0]} {words[2] if words[1] in ('INTO', 'FROM') else words[1]}"


def under_write_lock(seen: list[str]) -> list[str]:
    """The tables touched between the one BEGIN IMMEDIATE and the next BEGIN (or the end)."""
    assert seen.count("BEGIN IMMEDIATE") == 1, seen
    locked = seen[seen.index("BEGIN IMMEDIATE") + 1 :]
    locked = locked[: locked.index("BEGIN")] if "BEGIN" in locked else locked
    return [table_of(statement) for statement in locked]
