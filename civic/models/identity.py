"""Identity keys that collided when they were recomputed (docs/rules.md §3).

When the canonicalisation of names changes, the stored identity keys are
recomputed (a migration); two rows that were two keys may then become one person:
two accounts, or two signatures of one petition, or two ballots of one heading.
Nothing is deleted: each such pair is kept here for a clerk to examine and decide.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base

# What the two rows are.
COLLISION_ACCOUNTS = "accounts"  # users.id, users.id
COLLISION_SIGNATURES = "signatures"  # signatures.id, signatures.id (same petition)
COLLISION_BALLOTS = "budget_ballots"  # budget_ballots.id, budget_ballots.id (same heading)
COLLISION_ELECTORS = "elector_records"  # elector_records.id, elector_records.id
COLLISION_KINDS = (
    COLLISION_ACCOUNTS,
    COLLISION_SIGNATURES,
    COLLISION_BALLOTS,
    COLLISION_ELECTORS,
)


class IdentityCollision(Base):
    """Two rows that the recomputed identity key says are one person.

    ``first_id`` holds the new key; ``second_id`` keeps its previous key when a
    uniqueness rule (one signature per petition, one ballot per heading) forbade
    giving it the same one, so it is still counted until a clerk decides."""

    __tablename__ = "identity_collisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    identity_key: Mapped[str] = mapped_column(String(64))
    first_id: Mapped[int]
    second_id: Mapped[int]
    found_at: Mapped[datetime]
    examined_at: Mapped[datetime | None]
    examined_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str | None] = mapped_column(String(500))
