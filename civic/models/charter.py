"""The register of the officials who signed the commune's charter (docs/rules.md §3)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base, utcnow


class CharterSignatory(Base):
    """An elected official who signed the charter: only they can be the object of a
    recall petition, which is a political commitment they made, not a legal one."""

    __tablename__ = "charter_signatories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    mandate: Mapped[str] = mapped_column(String(200))
    signed_on: Mapped[date]
    # The day the mandate ended before the council's general renewal (a resignation…),
    # recorded by the administrator; the register's retention counts from the end.
    mandate_ended_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
