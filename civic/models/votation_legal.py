"""The legal track's votations: the council's deliberation and the polling stations'
reports (CGCT LO 1112-1 ff., L1112-15 ff.; docs/rules.md §4, §9)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.models.base import Base
from civic.models.votations import PaperBallotBatch

SUBJECT_MAX = 200
NUMBER_MAX = 40
OBSERVATION_MAX = 500


class VotationDeliberation(Base):
    """The deliberation that organises a referendum or a consultation (LO 1112-3,
    L1112-17) and its transmission to the prefect: recorded before scheduling."""

    __tablename__ = "votation_deliberations"

    votation_id: Mapped[int] = mapped_column(
        ForeignKey("votations.id", ondelete="CASCADE"), primary_key=True
    )
    # The matter put to the electors, as the deliberation names it: two votes on one
    # subject need a year between them (LO 1112-6, L1112-21).
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX))
    # The first vote of the commune on the same subject, when the clerk links this one to
    # an earlier vote (civic.votations.same_subject): rewording the object keeps the link.
    same_subject_as_id: Mapped[int | None] = mapped_column(
        ForeignKey("votations.id", ondelete="SET NULL")
    )
    number: Mapped[str] = mapped_column(String(NUMBER_MAX))
    adopted_on: Mapped[date | None]
    transmitted_on: Mapped[date | None]  # to the prefect (représentant de l'État)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]


class StationReport(Base):
    """A polling station's official report (procès-verbal), as typed from the paper.

    Its ballots went into the anonymous box as one paper batch (``batch``), which a
    clerk cancels, with a reason, if the report was mistyped: the report counts
    while its batch does.
    """

    __tablename__ = "votation_station_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    votation_id: Mapped[int] = mapped_column(
        ForeignKey("votations.id", ondelete="CASCADE"), index=True
    )
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("paper_ballot_batches.id", ondelete="CASCADE"), unique=True
    )
    polling_station: Mapped[str] = mapped_column(String(120))
    registered: Mapped[int]  # inscrits
    voters: Mapped[int]  # votants (émargements)
    observation: Mapped[str | None] = mapped_column(String(OBSERVATION_MAX))

    batch: Mapped[PaperBallotBatch] = relationship(lazy="joined")
