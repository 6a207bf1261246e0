"""The imported electoral list, kept only as identity keys (no names are stored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base, utcnow


class ElectoralListImport(Base):
    __tablename__ = "electoral_list_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rows: Mapped[int]
    matched: Mapped[int]
    unmatched: Mapped[int]
    rejected: Mapped[int]
    # Set when the identity keys were recomputed after this import: the list is kept
    # only as keys, so electors without an account keep the previous key until the
    # list is imported again (docs/rules.md §3).
    keys_outdated: Mapped[bool] = mapped_column(default=False)


class ElectorRecord(Base):
    """One elector of the list: lets a resident who registers later be matched too."""

    __tablename__ = "elector_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity_key: Mapped[str] = mapped_column(String(64), unique=True)
    eu_citizen: Mapped[bool] = mapped_column(default=False)
    import_id: Mapped[int] = mapped_column(ForeignKey("electoral_list_imports.id"))
