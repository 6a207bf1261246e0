"""Public question time: questions, their supports and the council's answers (docs/rules.md §7)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.models.accounts import User
from civic.models.base import Base
from civic.models.meetings import Meeting

# A question's states. Withdrawn rows are reused when their author asks again,
# so one row per (meeting, author) is the one-question rule, enforced by the database.
QUESTION_SUBMITTED = "submitted"
QUESTION_ADMITTED = "admitted"
QUESTION_REJECTED = "rejected"
QUESTION_WITHDRAWN = "withdrawn"
PUBLIC_STATES = frozenset({QUESTION_ADMITTED, QUESTION_REJECTED})
EDITABLE_STATES = frozenset({QUESTION_SUBMITTED, QUESTION_ADMITTED})

# Coded public reasons for a rejection (docs/rules.md §7).
REJECT_OUTSIDE_COMPETENCE = "outside_competence"
REJECT_DEFAMATORY = "defamatory"
REJECT_PERSONAL_CASE = "personal_case"
REJECT_DUPLICATE = "duplicate"
REJECT_OTHER = "other"
REJECTION_CODES = (
    REJECT_OUTSIDE_COMPETENCE,
    REJECT_DEFAMATORY,
    REJECT_PERSONAL_CASE,
    REJECT_DUPLICATE,
    REJECT_OTHER,
)

ANSWER_ORAL = "oral"
ANSWER_WRITTEN = "written"
ANSWER_KINDS = (ANSWER_ORAL, ANSWER_WRITTEN)


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("meeting_id", "author_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    show_name: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=QUESTION_SUBMITTED)
    submitted_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    moderated_at: Mapped[datetime | None]
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rejection_code: Mapped[str | None] = mapped_column(String(32))
    rejection_note: Mapped[str | None] = mapped_column(String(500))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id"))
    # Frozen by the selection (the core decides): rank in the support order and why.
    rank: Mapped[int | None]
    oral: Mapped[bool | None]
    selection_reason: Mapped[str | None] = mapped_column(String(32))
    selection_support: Mapped[int | None]
    answer_kind: Mapped[str | None] = mapped_column(String(16))
    answer_text: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATES

    @property
    def text_hidden(self) -> bool:
        """A question rejected as defamatory or insulting is not republished."""
        return self.status == QUESTION_REJECTED and self.rejection_code == REJECT_DEFAMATORY

    @property
    def public_author_name(self) -> str | None:
        """The asker's name, only when they chose to show it and still have an account."""
        if not self.show_name or self.author.deleted_at is not None:
            return None
        return self.author.display_name or None


class QuestionSupport(Base):
    __tablename__ = "question_supports"
    __table_args__ = (UniqueConstraint("question_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
