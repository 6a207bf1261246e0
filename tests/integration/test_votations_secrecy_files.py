"""What the SQLite files tell someone who copies them (docs/secrecy.md).

During a vote, the write-ahead log holds each vote's pages in commit order: reading it
gives the order the ballots were cast in, which, set beside the register's order, links
each voter to their choice. After ``flask civic votations shuffle`` (``vacuum_ballots``)
the log is empty and the file holds every ballot once, laid out in the order of its
random key — nothing that follows the voting order."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from civic.extensions import db
from civic.models import Ballot, User
from civic.votations import voting
from tests.conftest import People
from tests.votations_factory import open_votation, question_id

VOTERS = 40
WAL_HEADER = 32
FRAME_HEADER = 24


def _database_file(app: Flask) -> str:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the files of an SQLite database")
        return str(db.engine.url.database)


def _cast_in_turn(app: Flask, people: People, votation_id: int) -> list[str]:
    """Forty people vote one after the other; the ballot ids in the order cast."""
    qid = question_id(app, votation_id)
    cast: list[str] = []
    for n in range(VOTERS):
        user_id = people.make(f"voter{n:02d}")
        with app.app_context():
            before = set(db.session.scalars(select(Ballot.id)))
            user = db.session.get(User, user_id)
            choice = "oui" if n % 3 else "non"
            voting.cast_online(votation_id, user=user, answers={qid: choice}, now=datetime.now(UTC))
            [new] = set(db.session.scalars(select(Ballot.id))) - before
            cast.append(new)
    return cast


def _order_in_log(path: str, ids: list[str]) -> list[str]:
    """The attack: the frame in which each ballot id first appears is its commit."""
    with open(path + "-wal", "rb") as log:
        data = log.read()
    page_size = int.from_bytes(data[8:12], "big")
    frame = FRAME_HEADER + page_size
    first: dict[str, int] = {}
    for ballot_id in ids:
        at = data.find(ballot_id.encode(), WAL_HEADER)
        if at >= 0:
            first[ballot_id] = (at - WAL_HEADER) // frame
    return sorted(first, key=lambda ballot_id: first[ballot_id])


def _order_in_file(path: str, ids: list[str]) -> list[str]:
    """Where each ballot lies in the file: by page, and inside a page by the order its
    cell was written (SQLite fills a page's cell area from its end towards its start)."""
    with open(path, "rb") as database:
        data = database.read()
    page_size = int.from_bytes(data[16:18], "big") or 65536
    places = {}
    for ballot_id in ids:
        at = data.find(ballot_id.encode())
        places[ballot_id] = (at // page_size, -(at % page_size))
    return sorted(ids, key=lambda ballot_id: places[ballot_id])


def test_the_write_ahead_log_gives_the_voting_order_until_the_shuffle_empties_it(
    app: Flask, people: People, runner: Any
) -> None:
    path = _database_file(app)
    votation_id = open_votation(app)
    cast = _cast_in_turn(app, people, votation_id)

    # During the vote: the log orders all forty ballots as they were cast.
    assert _order_in_log(path, cast) == cast

    shuffled = runner.invoke(args=["civic", "votations", "shuffle"])
    assert shuffled.exit_code == 0, shuffled.output
    wal = path + "-wal"
    assert not os.path.exists(wal) or os.path.getsize(wal) == 0
    with open(path, "rb") as database:
        data = database.read()
    # Each ballot id is in the file twice (the table and its votation_id index), no
    # stale copy left in a freed page; and the table lies in key order, not voting order.
    assert all(data.count(ballot_id.encode()) == 2 for ballot_id in cast)
    assert _order_in_file(path, cast) == sorted(cast)
    assert sorted(cast) != cast


def test_without_the_log_the_order_of_cells_in_the_file_still_gives_the_voting_order(
    app: Flask, people: People
) -> None:
    """Why the shuffle rebuilds the file and does not only empty the log."""
    path = _database_file(app)
    votation_id = open_votation(app)
    cast = _cast_in_turn(app, people, votation_id)
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
    assert _order_in_file(path, cast) == cast
