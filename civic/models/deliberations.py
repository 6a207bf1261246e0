"""The municipal council's deliberations on what Civic put before it (docs/rules.md §3, §9)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base, utcnow


class CouncilDecision(Base):
    """The council's decision on one matter of one subject, as its minutes state it.

    ``subject_type``/``subject_id`` name what it is about (a petition, a votation);
    ``matter`` what was decided about it (a threshold's consequence, a result): one
    decision per (subject, matter), recorded once by a clerk.
    """

    __tablename__ = "council_decisions"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id", "matter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    matter: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16))
    decided_on: Mapped[date]
    number: Mapped[str] = mapped_column(String(40))
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    abstentions: Mapped[int]
    # What the council decided, in its words (the amended text, the answer given).
    summary: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
