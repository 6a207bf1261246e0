"""A resident's proof of address, kept for the clerk until the residence decision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base


class ResidenceProof(Base):
    """One document per account (the last one sent). The file lives under the
    instance folder, outside the web root, named by ``stored_name`` (random): only a
    clerk's request through the app reads it, and it is deleted with this row once
    the residence is decided (or by the retention run)."""

    __tablename__ = "residence_proofs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int]
    uploaded_at: Mapped[datetime]
