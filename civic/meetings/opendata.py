"""Meetings as open data: agenda, question time and answers, never personal data (docs/rules.md
§8)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from civic.extensions import db
from civic.followup.agenda import subject_link
from civic.models.meetings import AgendaItem, Meeting
from civic.models.questions import Question
from civic.questions.board import BoardEntry, question_time


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _meeting_summary(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "title": meeting.title,
        "starts_at": _iso(meeting.starts_at),
        "ends_at": _iso(meeting.ends_at),
        "place": meeting.place,
        "status": meeting.status,
        "minutes_published_at": _iso(meeting.minutes_published_at),
    }


def _agenda_item(item: AgendaItem) -> dict[str, Any]:
    return {
        "position": item.position,
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "subject_type": item.subject_type,
        "subject_id": item.subject_id,
        "subject_url": subject_link(item),
    }


def _question(question: Question, entry: BoardEntry | None) -> dict[str, Any]:
    hidden = question.text_hidden
    return {
        "id": question.id,
        "state": question.status,
        "title": None if hidden else question.title,
        "text": None if hidden else question.body,
        "asked_by": question.public_author_name,
        "submitted_at": _iso(question.submitted_at),
        "supports": entry.support if entry else None,
        "rank": entry.rank if entry else None,
        "oral": entry.oral if entry else None,
        "rejection_reason": question.rejection_code,
        "rejection_note": question.rejection_note,
        "duplicate_of": question.duplicate_of_id,
        "answer": (
            {
                "kind": question.answer_kind,
                "text": question.answer_text,
                "answered_at": _iso(question.answered_at),
            }
            if question.answered_at
            else None
        ),
        "answer_overdue": bool(entry and entry.overdue),
    }


def _question_time(meeting: Meeting, now: datetime) -> dict[str, Any]:
    board = question_time(meeting, now=now, viewer=None)
    return {
        "window_opens_at": _iso(board.window.opens_at),
        "window_closes_at": _iso(board.window.closes_at),
        "window_state": str(board.state),
        "selection_frozen_at": _iso(meeting.questions_selected_at),
        "oral_budget_minutes": board.budget.total_seconds() / 60,
        "written_answer_due": _iso(board.written_answer_due),
        "questions": [_question(e.question, e) for e in board.entries]
        + [_question(q, None) for q in board.rejected],
    }


def meetings_as_open_data() -> list[dict[str, Any]]:
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at, Meeting.id))
    return [_meeting_summary(m) for m in meetings]


def meeting_as_open_data(meeting_id: int, now: datetime) -> dict[str, Any] | None:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    return {
        **_meeting_summary(meeting),
        "agenda": [_agenda_item(item) for item in meeting.items],
        "question_time": _question_time(meeting, now),
    }
