"""Documents Civic generates for an item's file: acknowledgements, draft deliberations…"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base, utcnow


class Document(Base):
    """One generated document, stored as the HTML it was rendered to (its PDF is that
    same HTML printed), so what was issued never changes when a template does.

    One document per (subject, kind, matter): generating is idempotent.
    """

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id", "kind", "matter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    # What the document is about within its subject (a threshold's name), or "".
    matter: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(String(300))
    html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
