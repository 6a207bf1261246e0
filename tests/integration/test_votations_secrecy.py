"""The ballot box cannot be joined back to the register (docs/rules.md §4), and nobody votes
twice."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import inspect, select, text

from civic.database import write_intent
from civic.extensions import db
from civic.models import Ballot, User, Votation, VoterRegister
from civic.services import Refused
from civic.votations import voting
from tests.conftest import People
from tests.votations_factory import open_votation, publish, question_id, staff


def cast(app: Flask, votation_id: int, user_id: int, choice: str) -> None:
    qid = question_id(app, votation_id)  # read before this thread takes the write lock
    with app.app_context():
        user = db.session.get(User, user_id)
        voting.cast_online(votation_id, user=user, answers={qid: choice}, now=datetime.now(UTC))


def test_the_ballot_table_holds_nothing_that_names_times_or_orders_a_voter(app: Flask) -> None:
    with app.app_context():
        inspector = inspect(db.engine)
        columns = {c["name"]: c for c in inspector.get_columns("ballots")}
        assert set(columns) == {
            "id",
            "votation_id",
            "question_id",
            "choice",
            "channel",
            "polling_station",
        }
        referred = {fk["referred_table"] for fk in inspector.get_foreign_keys("ballots")}
        assert referred == {"votations", "votation_questions"}
        assert inspector.get_pk_constraint("ballots")["constrained_columns"] == ["id"]
        assert not any("DATE" in str(c["type"]).upper() for c in columns.values())

        register = {c["name"]: c for c in inspector.get_columns("voter_register")}
        assert set(register) == {"votation_id", "user_id", "channel", "polling_station", "voted_on"}
        assert str(register["voted_on"]["type"]).upper() == "DATE"  # the day, no finer
        pk = inspector.get_pk_constraint("voter_register")["constrained_columns"]
        assert pk == ["votation_id", "user_id"]  # no surrogate, insertion-ordered id
        assert set(register) & set(columns) == {"votation_id", "channel", "polling_station"}
        if db.engine.dialect.name == "sqlite":
            for table in ("ballots", "voter_register"):
                sql = db.session.scalar(
                    text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}
                )
                assert "WITHOUT ROWID" in sql.upper()


def test_stored_ballots_do_not_follow_the_order_people_voted_in(app: Flask, people: People) -> None:
    votation_id = open_votation(app)
    staff_ids = staff(people)
    voters = [people.make(f"voter{n:02d}") for n in range(30)]
    # The first fifteen say yes, the last fifteen no: storage in voting order
    # would show fifteen "oui" then fifteen "non".
    for n, user_id in enumerate(voters):
        cast(app, votation_id, user_id, "oui" if n < 15 else "non")
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        votation.closes_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
        publish(votation_id, staff_ids)
        if db.engine.dialect.name == "postgresql":
            physical = "SELECT id, choice FROM ballots ORDER BY ctid"
        else:
            physical = "SELECT id, choice FROM ballots"  # storage order of the table
        stored = db.session.execute(text(physical)).all()
        voting_order = ["oui"] * 15 + ["non"] * 15
        assert len(stored) == 30
        assert [choice for _id, choice in stored] != voting_order
        assert [row_id for row_id, _c in stored] == sorted(row_id for row_id, _c in stored)
        if db.engine.dialect.name == "postgresql":
            # One transaction wrote each register row and its ballot; after the
            # rewrite, no ballot shares a transaction id with a register row.
            ballot_xmins = set(db.session.scalars(text("SELECT xmin::text FROM ballots")))
            register_xmins = set(db.session.scalars(text("SELECT xmin::text FROM voter_register")))
            assert len(ballot_xmins) == 1
            assert not ballot_xmins & register_xmins
        registered = db.session.scalars(
            select(VoterRegister.user_id).where(VoterRegister.votation_id == votation_id)
        ).all()
        assert sorted(registered) == sorted(voters)


def test_parallel_submissions_by_one_person_leave_one_register_row_and_one_ballot(
    app: Flask, people: People
) -> None:
    votation_id = open_votation(app)
    user_id = people.make("lea")
    attempts = 6
    barrier = threading.Barrier(attempts)
    outcomes: list[str] = []

    def submit(choice: str) -> None:
        with app.app_context(), write_intent():
            barrier.wait()
            try:
                cast(app, votation_id, user_id, choice)
                outcomes.append("voted")
            except Refused:
                outcomes.append("refused")

    threads = [
        threading.Thread(target=submit, args=("oui" if n % 2 else "non",)) for n in range(attempts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * (attempts - 1) + ["voted"]
    with app.app_context():
        assert len(db.session.scalars(select(VoterRegister)).all()) == 1
        assert len(db.session.scalars(select(Ballot)).all()) == 1


def test_online_and_paper_at_once_leave_one_participation(app: Flask, people: People) -> None:
    votation_id = open_votation(app)
    user_id = people.make("lea")
    clerk_id = people.make("agent", roles=("clerk",))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def online() -> None:
        with app.app_context(), write_intent():
            barrier.wait()
            try:
                cast(app, votation_id, user_id, "oui")
                outcomes.append("online")
            except Refused:
                outcomes.append("refused")

    def paper() -> None:
        with app.app_context(), write_intent():
            clerk = db.session.get(User, clerk_id)
            barrier.wait()
            try:
                voting.mark_paper_voter(
                    votation_id,
                    person="lea@example.org",
                    polling_station="Bureau 1",
                    actor=clerk,
                    now=datetime.now(UTC),
                )
                outcomes.append("paper")
            except Refused:
                outcomes.append("refused")

    threads = [threading.Thread(target=online), threading.Thread(target=paper)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("refused") == 1
    with app.app_context():
        assert len(db.session.scalars(select(VoterRegister)).all()) == 1
