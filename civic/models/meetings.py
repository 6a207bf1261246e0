"""Council meetings and their public agenda (docs/rules.md §7)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.models.base import Base, utcnow

# A meeting's life: planned, then held, then its minutes are published (docs/rules.md §7).
MEETING_PLANNED = "planned"
MEETING_HELD = "held"
MEETING_MINUTES_PUBLISHED = "minutes_published"
PAST_STATUSES = frozenset({MEETING_HELD, MEETING_MINUTES_PUBLISHED})

# Agenda item kinds. Other areas add items through ``civic.meetings.services``.
KIND_PETITION_PRESENTATION = "petition_presentation"
KIND_PETITION_ANSWER = "petition_answer"
KIND_CGCT_REQUEST = "cgct_request"
KIND_VOTATION_RESULT = "votation_result"
KIND_QUESTION_TIME = "question_time"
KIND_DELIBERATION = "deliberation"  # written by a clerk, about nothing in Civic
AGENDA_KINDS = (
    KIND_DELIBERATION,
    KIND_PETITION_PRESENTATION,
    KIND_PETITION_ANSWER,
    KIND_CGCT_REQUEST,
    KIND_VOTATION_RESULT,
    KIND_QUESTION_TIME,
)


class Meeting(Base):
    """One municipal council meeting; times are UTC, shown in the commune's zone."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(24), default=MEETING_PLANNED, index=True)
    # Minutes: Markdown (rendered through nh3) and/or a PDF kept under the instance folder.
    minutes_markdown: Mapped[str | None] = mapped_column(Text)
    minutes_pdf_path: Mapped[str | None] = mapped_column(String(200))
    minutes_pdf_size: Mapped[int | None]
    held_at: Mapped[datetime | None]
    minutes_published_at: Mapped[datetime | None]
    # Oral question-time selection, frozen by a clerk once the window has closed.
    questions_selected_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="(AgendaItem.position, AgendaItem.id)"
    )


class AgendaItem(Base):
    """One line of a meeting's public agenda.

    An item about something in Civic (a petition, a votation…) names it by
    ``subject_type``/``subject_id``; there is at most one item per (kind, subject),
    which is what makes scheduling idempotent even under concurrent callers.
    ``meeting_id`` is NULL while the item waits for the next planned meeting.
    """

    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("kind", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attached_at: Mapped[datetime | None]

    meeting: Mapped[Meeting | None] = relationship(back_populates="items")
