"""Meetings and questions in a given state, for the meetings and question-time tests.

Time moves by editing the meeting's start (a meeting "held yesterday" is one whose
start is moved into the past), since the web layer reads the real clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from civic.extensions import db
from civic.models import Meeting, Question, QuestionSupport, User


def plan_meeting(app: Flask, *, days_ahead: float, title: str = "Conseil municipal") -> int:
    """A planned meeting through the clerk's service (so it has its question-time line)."""
    from civic.meetings.services import MeetingDetails, create_meeting

    with app.app_context():
        clerk = db.session.scalar(db.select(User).where(User.email == "meetings-clerk@example.org"))
        if clerk is None:
            clerk = User(
                email="meetings-clerk@example.org",
                identity_key="meetings-clerk",
                verification="resident",
            )
            db.session.add(clerk)
            db.session.commit()
        now = datetime.now(UTC)
        meeting = create_meeting(
            MeetingDetails(
                title=title,
                starts_at=now + timedelta(days=days_ahead),
                ends_at=None,
                place="Salle du conseil",
            ),
            actor=clerk,
            now=now,
        )
        return meeting.id


def move_meeting(app: Flask, meeting_id: int, *, days_ahead: float) -> None:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.starts_at = datetime.now(UTC) + timedelta(days=days_ahead)
        db.session.commit()


def add_question(
    app: Flask,
    meeting_id: int,
    author_id: int,
    *,
    status: str = "admitted",
    title: str = "Quand la piscine rouvrira-t-elle ?",
    minutes_ago: float = 60,
    show_name: bool = False,
) -> int:
    with app.app_context():
        when = datetime.now(UTC) - timedelta(minutes=minutes_ago)
        question = Question(
            meeting_id=meeting_id,
            author_id=author_id,
            title=title,
            body="La piscine est fermée depuis six mois. Quand rouvrira-t-elle ?",
            status=status,
            show_name=show_name,
            submitted_at=when,
            updated_at=when,
        )
        db.session.add(question)
        db.session.commit()
        return question.id


def add_supports(app: Flask, question_id: int, user_ids: list[int]) -> None:
    with app.app_context():
        now = datetime.now(UTC)
        db.session.add_all(
            QuestionSupport(question_id=question_id, user_id=u, created_at=now) for u in user_ids
        )
        db.session.commit()


def question(app: Flask, question_id: int) -> Question:
    """A detached snapshot of the question as stored now."""
    with app.app_context():
        row = db.session.get(Question, question_id)
        assert row is not None
        db.session.expunge(row)
        return row


def supporters(app: Flask, question_id: int) -> int:
    with app.app_context():
        return len(
            db.session.scalars(
                db.select(QuestionSupport).where(QuestionSupport.question_id == question_id)
            ).all()
        )
