"""Casting a ballot after the vote page was read: the status and period are read again."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import Ballot, User, Votation
from civic.services import Refused
from civic.votations import approvals, results, voting
from tests.conftest import People
from tests.votations_factory import ask_publication, make_votation, question_id, staff


def test_a_ballot_sent_at_the_last_second_is_refused_once_the_results_are_published(
    app: Flask, people: People
) -> None:
    closing = datetime.now(UTC) - timedelta(minutes=1)
    votation_id = make_votation(app, opens=closing - timedelta(days=1), closes=closing)
    user_id = people.make("lea")
    qid = question_id(app, votation_id)
    preparer, approver = staff(people)
    ask_publication(app, votation_id, preparer)
    outcome: list[str] = []
    with app.app_context():
        # The vote page read the votation (still open at the request's clock) and the
        # voter, then ended that read-only transaction without expiring them, as the
        # view does before it takes the write lock.
        page = db.session.get(Votation, votation_id)  # held, as the view's page holds it
        user = db.session.get(User, user_id)
        assert page is not None and page.status == "scheduled"
        db.session().expire_on_commit = False
        db.session.commit()

        def publish() -> None:
            with app.app_context(), write_intent():
                clerk = db.session.get(User, approver)
                approvals.approve_publication(votation_id, actor=clerk, now=datetime.now(UTC))
                outcome.append("published")

        clerk = threading.Thread(target=publish)
        clerk.start()
        clerk.join()
        assert outcome == ["published"]

        with write_intent(), pytest.raises(Refused, match="pas ouvert"):
            voting.cast_online(
                votation_id, user=user, answers={qid: "oui"}, now=closing - timedelta(seconds=1)
            )
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0


def test_a_publication_waits_for_a_ballot_being_cast_and_counts_it(
    app: Flask, people: People
) -> None:
    closing = datetime.now(UTC) - timedelta(minutes=1)
    votation_id = make_votation(app, opens=closing - timedelta(days=1), closes=closing)
    user_id = people.make("lea")
    qid = question_id(app, votation_id)
    preparer, approver = staff(people)
    ask_publication(app, votation_id, preparer)
    about_to_commit, published = threading.Event(), threading.Event()
    outcome: list[str] = []

    def pause(_session: object) -> None:
        # The ballot is in, not yet committed: let the clerk publish now, and go on when
        # the publication is over — or after 2 s, when the publication waits for us.
        about_to_commit.set()
        published.wait(2)

    def vote() -> None:
        with app.app_context(), write_intent():
            event.listen(db.session(), "before_commit", pause, once=True)
            voting.cast_online(
                votation_id,
                user=db.session.get(User, user_id),
                answers={qid: "oui"},
                now=closing - timedelta(seconds=1),  # sent a second before the closing
            )
            outcome.append("voted")

    def publish() -> None:
        with app.app_context(), write_intent():
            clerk = db.session.get(User, approver)
            approvals.approve_publication(votation_id, actor=clerk, now=datetime.now(UTC))
            outcome.append("published")
            published.set()

    voter = threading.Thread(target=vote)
    voter.start()
    assert about_to_commit.wait(30)
    clerk = threading.Thread(target=publish)
    clerk.start()
    voter.join()
    clerk.join()
    assert outcome == ["voted", "published"]
    with app.app_context():
        assert all(recount.matches for recount in results.recount(votation_id))
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        assert json.loads(votation.questions[0].published_result_json or "{}")["voters"] == 1
