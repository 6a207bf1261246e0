"""The town hall's counter (le guichet): people registered in person, and what a clerk
did for them with their consent (docs/rules.md §1).

Nothing here is a copy of a document: a clerk records what was seen ("carte
d'identité", "facture d'énergie de moins de 3 mois"), by whom and when.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.models.accounts import User
from civic.models.base import Base

# What a clerk may do for a person at the counter (CounterAct.kind).
ACT_SIGNATURE = "signature"
ACT_QUESTION = "question"
ACT_PROPOSAL = "budget_proposal"
ACT_BALLOT = "budget_ballot"
ACT_APPLICATION = "council_apply"
ACT_KINDS = (ACT_SIGNATURE, ACT_QUESTION, ACT_PROPOSAL, ACT_BALLOT, ACT_APPLICATION)


class CounterCheck(Base):
    """Identity and residence checked on the spot when a clerk registered a person."""

    __tablename__ = "counter_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, index=True
    )
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    identity_document: Mapped[str] = mapped_column(String(120))
    residence_document: Mapped[str] = mapped_column(String(120))
    checked_at: Mapped[datetime]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    clerk: Mapped[User | None] = relationship(foreign_keys=[clerk_id])


class CounterAct(Base):
    """One act a clerk did for a person at the counter, with the person's consent: the
    receipt the person takes home is printed from it."""

    __tablename__ = "counter_acts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    # What the act was about, as the receipt names it (a petition's title…).
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None]
    label: Mapped[str] = mapped_column(String(300))
    consented_at: Mapped[datetime]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    clerk: Mapped[User | None] = relationship(foreign_keys=[clerk_id])
