"""Question-time services against a real database: the one-question and one-support
rules hold under concurrent requests, and mail leaves only after a commit."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import Notification, Question, QuestionSupport, User
from civic.questions import moderation, services
from civic.services import Refused
from tests.conftest import People
from tests.support.meetings import add_question, plan_meeting

TEXT = services.QuestionText(
    title="La piscine rouvre quand ?", body="Quand la piscine rouvrira-t-elle ?", show_name=False
)


def _race(app: Flask, callers: int, call: Callable[[], Any]) -> tuple[int, int]:
    """Run ``call`` from many threads at once; count successes and refusals."""
    barrier = threading.Barrier(callers)
    done: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context(), write_intent():
                barrier.wait()
                try:
                    call()
                    done.append("ok")
                except Refused:
                    done.append("refused")
                finally:
                    db.session.remove()
        except BaseException as error:  # noqa: BLE001 — reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return done.count("ok"), done.count("refused")


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    assert user is not None
    return user


def test_simultaneous_submissions_by_one_resident_leave_one_question(
    app: Flask, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    lea = people.make("lea")

    def submit() -> None:
        services.submit_question(meeting_id, TEXT, author=_user(lea), now=datetime.now(UTC))

    ok, refused = _race(app, 5, submit)
    assert (ok, refused) == (1, 4)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) == 1


def test_simultaneous_supports_by_one_resident_count_once(app: Flask, people: People) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"))
    sam = people.make("sam")

    def support() -> None:
        services.support_question(question_id, user=_user(sam), now=datetime.now(UTC))

    ok, refused = _race(app, 5, support)
    assert (ok, refused) == (1, 4)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuestionSupport)) == 1


def test_a_refused_moderation_sends_no_mail_and_stores_no_notification(
    app: Flask, people: People, outbox: list[Any]
) -> None:
    app.config["MAIL_CONFIGURED"] = True
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"), status="submitted")
    clerk = people.make("clerk", roles=("clerk",))
    with app.app_context(), app.test_request_context():
        now = datetime.now(UTC)
        decision = moderation.Decision(admit=False, code="duplicate", duplicate_of_id=None)
        with pytest.raises(Refused):
            moderation.moderate_question(question_id, decision, actor=_user(clerk), now=now)
        db.session.rollback()
        assert outbox == []
        moderation.moderate_question(
            question_id, moderation.Decision(admit=True), actor=_user(clerk), now=now
        )
        assert len(outbox) == 1
        assert outbox[0].body.count("http://localhost/questions/") == 1
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 1


def test_the_window_follows_the_admins_rules(app: Flask, people: People) -> None:
    from civic.questions import settings as rules

    meeting_id = plan_meeting(app, days_ahead=20)
    admin = people.make("admin", roles=("admin",))
    lea = people.make("lea")
    with app.app_context():
        now = datetime.now(UTC)
        with pytest.raises(Refused, match="seront ouvertes le"):
            services.submit_question(meeting_id, TEXT, author=_user(lea), now=now)
        db.session.rollback()
        rules.save(rules.QuestionTimeSettings(opens_days_before=21), actor=_user(admin), now=now)
        question = services.submit_question(meeting_id, TEXT, author=_user(lea), now=now)
        assert question.status == "submitted"
        assert rules.load().opens_days_before == 21
        later = now + timedelta(days=19, hours=1)  # within 48 hours of the meeting
        with pytest.raises(Refused, match="close"):
            services.withdraw_question(question.id, author=_user(lea), now=later)
