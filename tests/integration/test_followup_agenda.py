"""The agenda the follow-up layer fills (docs/rules.md §7): items wait for the next
planned meeting, are attached in creation order when a clerk creates it, and exist once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.followup import agenda
from civic.meetings import services
from civic.models import AgendaItem, AuditEntry, Meeting, User
from civic.models.meetings import (
    KIND_PETITION_ANSWER,
    KIND_PETITION_PRESENTATION,
    KIND_QUESTION_TIME,
    KIND_VOTATION_RESULT,
    MEETING_HELD,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _clerk(people: object) -> User:
    user_id = people.make("clerk", roles=("clerk",))  # type: ignore[attr-defined]
    return db.session.get(User, user_id)  # type: ignore[return-value]


def _plan(clerk: User, days: int, now: datetime = NOW) -> Meeting:
    return services.create_meeting(
        services.MeetingDetails(
            title="Conseil municipal",
            starts_at=now + timedelta(days=days),
            ends_at=None,
            place="Salle du conseil, hôtel de ville",
        ),
        actor=clerk,
        now=now,
    )


def _schedule(kind: str, subject_id: int, now: datetime = NOW) -> AgendaItem:
    return agenda.schedule_agenda_item(
        kind=kind,
        title=f"Présentation de la pétition n° {subject_id} par sa porteuse",
        subject_type="petition",
        subject_id=subject_id,
        now=now,
    )


def test_an_item_without_a_planned_meeting_waits(app: Flask) -> None:
    with app.app_context():
        item = _schedule(KIND_PETITION_PRESENTATION, 7)
        db.session.commit()
        found = agenda.agenda_item_for(KIND_PETITION_PRESENTATION, "petition", 7)
        assert found is not None and found.id == item.id
        assert found.meeting is None
        assert [i.id for i in agenda.waiting_items()] == [item.id]


def test_waiting_items_join_the_next_meeting_a_clerk_creates_in_creation_order(
    app: Flask, people: object
) -> None:
    with app.app_context():
        first = _schedule(KIND_PETITION_PRESENTATION, 7, NOW)
        second = _schedule(KIND_VOTATION_RESULT, 3, NOW + timedelta(minutes=5))
        third = _schedule(KIND_PETITION_ANSWER, 7, NOW + timedelta(minutes=9))
        db.session.commit()
        meeting = _plan(_clerk(people), days=20, now=NOW + timedelta(hours=1))
        db.session.expire_all()
        kinds = [i.kind for i in meeting.items]
        assert kinds == [
            KIND_QUESTION_TIME,
            KIND_PETITION_PRESENTATION,
            KIND_VOTATION_RESULT,
            KIND_PETITION_ANSWER,
        ]
        assert [i.id for i in meeting.items[1:]] == [first.id, second.id, third.id]
        assert agenda.waiting_items() == []
        item = agenda.agenda_item_for(KIND_PETITION_ANSWER, "petition", 7)
        assert item is not None and item.meeting is not None and item.meeting.id == meeting.id


def test_an_item_goes_last_on_the_next_planned_meeting_not_a_later_one(
    app: Flask, people: object
) -> None:
    with app.app_context():
        clerk = _clerk(people)
        later = _plan(clerk, days=40)
        sooner = _plan(clerk, days=10)
        item = _schedule(KIND_PETITION_PRESENTATION, 11)
        db.session.commit()
        assert item.meeting_id == sooner.id
        assert [i.id for i in sooner.items][-1] == item.id
        assert len(later.items) == 1  # only its question time


def test_a_meeting_already_started_or_held_receives_nothing(app: Flask, people: object) -> None:
    with app.app_context():
        clerk = _clerk(people)
        meeting = _plan(clerk, days=1)
        # The meeting's hour has come: the item waits for the next one.
        item = _schedule(KIND_PETITION_PRESENTATION, 4, NOW + timedelta(days=1, minutes=1))
        assert item.meeting_id is None
        services.mark_held(meeting.id, actor=clerk, now=NOW + timedelta(days=1, hours=2))
        assert meeting.status == MEETING_HELD


def test_scheduling_twice_returns_the_first_item_unchanged(app: Flask) -> None:
    with app.app_context():
        first = _schedule(KIND_PETITION_PRESENTATION, 5)
        db.session.commit()
        again = agenda.schedule_agenda_item(
            kind=KIND_PETITION_PRESENTATION,
            title="Un autre titre",
            subject_type="petition",
            subject_id=5,
            now=NOW + timedelta(days=3),
        )
        assert again.id == first.id
        assert again.title == "Présentation de la pétition n° 5 par sa porteuse"
        count = db.session.scalar(select(func.count()).select_from(AgendaItem))
        assert count == 1


def test_scheduling_does_not_commit_the_callers_transaction(app: Flask) -> None:
    with app.app_context():
        _schedule(KIND_PETITION_PRESENTATION, 5)
        db.session.rollback()
        assert agenda.agenda_item_for(KIND_PETITION_PRESENTATION, "petition", 5) is None


def test_an_unknown_kind_is_a_programming_error(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError):
        agenda.schedule_agenda_item(
            kind="party", title="Fête", subject_type="petition", subject_id=1, now=NOW
        )


def test_unscheduling_removes_a_waiting_or_planned_item_and_says_why_in_the_audit_log(
    app: Flask, people: object
) -> None:
    with app.app_context():
        _schedule(KIND_PETITION_PRESENTATION, 8)
        db.session.commit()
        removed = agenda.unschedule_agenda_item(
            kind=KIND_PETITION_PRESENTATION,
            subject_type="petition",
            subject_id=8,
            reason="signatures invalidées : seuil plus atteint",
            now=NOW,
        )
        db.session.commit()
        assert removed is True
        assert agenda.agenda_item_for(KIND_PETITION_PRESENTATION, "petition", 8) is None
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "agenda_item.unscheduled")
        )
        assert entry is not None and entry.reason == "signatures invalidées : seuil plus atteint"


def test_an_item_on_a_held_meeting_stays(app: Flask, people: object) -> None:
    with app.app_context():
        clerk = _clerk(people)
        meeting = _plan(clerk, days=2)
        _schedule(KIND_PETITION_PRESENTATION, 9)
        db.session.commit()
        services.mark_held(meeting.id, actor=clerk, now=NOW + timedelta(days=2, hours=3))
        kept = agenda.unschedule_agenda_item(
            kind=KIND_PETITION_PRESENTATION,
            subject_type="petition",
            subject_id=9,
            reason="trop tard",
            now=NOW + timedelta(days=3),
        )
        assert kept is False
        assert agenda.agenda_item_for(KIND_PETITION_PRESENTATION, "petition", 9) is not None


def test_unscheduling_nothing_is_not_an_error(app: Flask) -> None:
    with app.app_context():
        assert agenda.unschedule_agenda_item(
            kind=KIND_PETITION_ANSWER, subject_type="petition", subject_id=99, reason="-", now=NOW
        )


def test_concurrent_callers_create_one_item(app: Flask, people: object) -> None:
    with app.app_context():
        _plan(_clerk(people), days=15)
    callers = 6
    barrier = threading.Barrier(callers)
    ids: list[int] = []
    errors: list[BaseException] = []

    def call() -> None:
        try:
            with app.app_context(), write_intent():
                barrier.wait()
                item = _schedule(KIND_PETITION_PRESENTATION, 42)
                db.session.commit()
                ids.append(item.id)
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 — reported below
            errors.append(error)

    threads = [threading.Thread(target=call) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(ids)) == 1
    with app.app_context():
        rows = db.session.scalars(
            select(AgendaItem).where(AgendaItem.kind == KIND_PETITION_PRESENTATION)
        ).all()
        assert len(rows) == 1
        assert rows[0].meeting_id is not None


def test_a_unique_constraint_backs_the_one_item_rule(app: Flask) -> None:
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        for _ in range(2):
            db.session.add(
                AgendaItem(
                    kind=KIND_PETITION_PRESENTATION,
                    title="x",
                    subject_type="petition",
                    subject_id=1,
                    created_at=NOW,
                )
            )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_subject_links_are_data_built_into_urls_when_the_agenda_is_shown(app: Flask) -> None:
    with app.app_context(), app.test_request_context():
        made = [
            agenda.schedule_agenda_item(
                kind=KIND_VOTATION_RESULT,
                title="Résultat",
                subject_type=subject_type,
                subject_id=3,
                now=NOW,
            )
            for subject_type in ("votation", "meeting_questions", "unknown_subject")
        ]
        assert [agenda.subject_link(item) for item in made] == [
            "/votations/3",
            "/meetings/3#question-time",
            None,
        ]
        db.session.rollback()
