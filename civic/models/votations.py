"""Votations: the votation, its questions, the register of who took part and the
ballot box (docs/rules.md §4).

Secrecy by construction: :class:`VoterRegister` (who took part) and
:class:`Ballot` (what was voted) share no column but the votation (and the
channel/polling station a paper ballot needs); the register keeps the day
each person voted, the ballot no time at all. Both are SQLite
``WITHOUT ROWID`` tables, so neither has a hidden insertion-ordered rowid and each
is stored in the order of its primary key: the register by user id, the ballot
box by a random UUID. On PostgreSQL the heap and ``xmin`` still follow
insertion; ``civic.votations.secrecy.shuffle_ballot_box`` rewrites the box (see
docs/secrecy.md).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.core.electorate import DEFAULT_QUORUM_PERCENT, RESIDENT_MINIMUM_AGE
from civic.core.legal_track import CHARTER_CHANNELS, POLLING_STATION_CHANNELS
from civic.models.base import Base

KIND_REFERENDUM = "referendum"
KIND_RECALL = "recall"
KIND_CONSULTATION = "consultation"
KINDS = (KIND_REFERENDUM, KIND_RECALL, KIND_CONSULTATION)

# Presets: who votes and which rule makes the result binding (docs/rules.md §4).
PRESET_CHARTER = "charter"  # residents 16+, any nationality, binding if quorum (25 %)
PRESET_CGCT_REFERENDUM = "cgct_referendum"  # CGCT LO 1112-1 ff.: electors, half must vote
PRESET_CGCT_CONSULTATION = "cgct_consultation"  # CGCT L1112-15 ff.: electors, an opinion
PRESETS = (PRESET_CHARTER, PRESET_CGCT_REFERENDUM, PRESET_CGCT_CONSULTATION)
# The law's votes (the legal track, docs/rules.md §9): electors, at polling stations.
LEGAL_PRESETS = (PRESET_CGCT_REFERENDUM, PRESET_CGCT_CONSULTATION)

# Who may vote.
ELECTORATE_RESIDENTS = "residents"  # verified residents aged min_age+, any nationality
ELECTORATE_ELECTORS = "electors"  # registered electors (French and EU complementary list)
ELECTORATES = (ELECTORATE_RESIDENTS, ELECTORATE_ELECTORS)

# States: a draft is completed by a clerk, then scheduled; open and closed follow
# from the period; results are published (once) after closing.
STATUS_DRAFT = "draft"
STATUS_SCHEDULED = "scheduled"
STATUS_PUBLISHED = "published"
STATUSES = (STATUS_DRAFT, STATUS_SCHEDULED, STATUS_PUBLISHED)
VISIBLE_STATUSES = (STATUS_SCHEDULED, STATUS_PUBLISHED)

# Acts one staff member asks for and a second one approves (the two-person rule):
# scheduling a draft, publishing the results.
ACTION_SCHEDULE = "schedule"
ACTION_PUBLISH = "publish"
APPROVAL_ACTIONS = (ACTION_SCHEDULE, ACTION_PUBLISH)

CHANNEL_ONLINE = "online"
CHANNEL_PAPER = "paper"
CHANNELS = (CHANNEL_ONLINE, CHANNEL_PAPER)

# How blank and spoiled ballots are stored: the spellings `python -m civic.core
# votation` reads, so the exported ballots recount as they are.
BALLOT_BLANK = "blanc"
BALLOT_NULL = "nul"
RESERVED_CHOICE_CODES = frozenset({"", "blank", "blanc", "null", "nul"})


class Votation(Base):
    __tablename__ = "votations"
    # One draft per petition and kind, even when two requests cross the threshold
    # together (NULLs, i.e. council-initiated votations, never collide).
    __table_args__ = (UniqueConstraint("origin_petition_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    preset: Mapped[str] = mapped_column(String(24), default=PRESET_CHARTER)
    status: Mapped[str] = mapped_column(String(16), default=STATUS_DRAFT, index=True)
    title: Mapped[str] = mapped_column(String(200))
    # The petition that triggered it (plain id: the petitions area may add the FK),
    # or the council decision that called it.
    origin_petition_id: Mapped[int | None]
    council_decision: Mapped[str | None] = mapped_column(String(200))
    easy_read: Mapped[str] = mapped_column(Text, default="")
    arguments_for: Mapped[str] = mapped_column(Text, default="")
    arguments_against: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    electorate: Mapped[str] = mapped_column(String(16), default=ELECTORATE_RESIDENTS)
    min_age: Mapped[int] = mapped_column(default=RESIDENT_MINIMUM_AGE)
    quorum_percent: Mapped[Decimal] = mapped_column(
        Numeric(6, 3), default=Decimal(int(DEFAULT_QUORUM_PERCENT))
    )
    # The denominator of turnout, fixed when the results are published: the
    # commune's sourced figure for this electorate (docs/rules.md §4), with its
    # source and effective date; never a count of accounts.
    eligible_count: Mapped[int | None]
    eligible_source: Mapped[str | None] = mapped_column(String(600))
    eligible_effective_date: Mapped[date | None]
    created_at: Mapped[datetime]
    # Who last saved the details: a second staff member approves its scheduling.
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    scheduled_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]

    questions: Mapped[list[VotationQuestion]] = relationship(
        back_populates="votation",
        cascade="all, delete-orphan",
        order_by="VotationQuestion.position",
        lazy="selectin",
    )
    neighbourhoods: Mapped[list[VotationNeighbourhood]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def neighbourhood_ids(self) -> list[int]:
        return sorted(link.neighbourhood_id for link in self.neighbourhoods)

    @property
    def channels(self) -> tuple[str, ...]:
        """How one takes part: a vote of the law at polling stations only (no online
        channel, Code électoral); a citizens' vote online or on paper."""
        if self.preset in LEGAL_PRESETS:
            return POLLING_STATION_CHANNELS
        return CHARTER_CHANNELS


class VotationQuestion(Base):
    __tablename__ = "votation_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    votation_id: Mapped[int] = mapped_column(ForeignKey("votations.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))
    # JSON list of [code, label] pairs, in display order.
    choices_json: Mapped[str] = mapped_column(Text, default='[["oui", "Oui"], ["non", "Non"]]')
    # The choice that adopts the project ("oui"), or none for an open choice.
    approve_choice: Mapped[str | None] = mapped_column(String(64))
    # The published tally (JSON), kept so a recount can be compared with it.
    published_result_json: Mapped[str | None] = mapped_column(Text)

    votation: Mapped[Votation] = relationship(back_populates="questions")


class VotationNeighbourhood(Base):
    """A consultation limited to part of the commune (CGCT L1112-15)."""

    __tablename__ = "votation_neighbourhoods"

    votation_id: Mapped[int] = mapped_column(
        ForeignKey("votations.id", ondelete="CASCADE"), primary_key=True
    )
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), primary_key=True)


class VoterRegister(Base):
    """Who took part, and how: the émargement. Not secret; never says what.

    No surrogate id and no time finer than the day; ``WITHOUT ROWID`` on SQLite
    so rows are stored by (votation, user), not in the order people voted.
    """

    __tablename__ = "voter_register"
    __table_args__ = {"sqlite_with_rowid": False}

    votation_id: Mapped[int] = mapped_column(
        ForeignKey("votations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    polling_station: Mapped[str | None] = mapped_column(String(120))
    voted_on: Mapped[date]


class Ballot(Base):
    """One answer to one question, with nothing that names or orders its voter.

    The key is a random UUID (hex) and the table is clustered on it (SQLite
    ``WITHOUT ROWID``), so storage order is random too.
    """

    __tablename__ = "ballots"
    __table_args__ = {"sqlite_with_rowid": False}

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    votation_id: Mapped[int] = mapped_column(
        ForeignKey("votations.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("votation_questions.id", ondelete="CASCADE")
    )
    choice: Mapped[str] = mapped_column(String(64))  # a choice code, "blanc" or "nul"
    channel: Mapped[str] = mapped_column(String(8))
    polling_station: Mapped[str | None] = mapped_column(String(120))
    # No date at all: the register keeps the day each person voted, so a day on
    # the ballot would name the ballot of anyone who was alone to vote that day.


class VotationApproval(Base):
    """A staff member's request to schedule a votation or publish its results, and the
    second staff member's approval, which is the act that changes the votation.

    One per (votation, action): a request withdrawn by editing the draft is deleted
    (the audit log keeps it); an approved one stays as the record of who did what.
    """

    __tablename__ = "votation_approvals"
    __table_args__ = (UniqueConstraint("votation_id", "action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    votation_id: Mapped[int] = mapped_column(ForeignKey("votations.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(16))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]

    requested_by = relationship("User", foreign_keys=[requested_by_id], lazy="joined")
    approved_by = relationship("User", foreign_keys=[approved_by_id], lazy="joined")

    @property
    def seen_token(self) -> str:
        """What the approver's page carries to name this request: its id alone is not
        enough, SQLite gives a withdrawn request's id to the next one."""
        return f"{self.id}/{self.requested_at.isoformat()}"


class PaperBallotBatch(Base):
    """One entry of a polling station's paper ballots, as the clerk typed it.

    The ballots themselves go into the anonymous box; this row keeps the counts,
    who entered them and, when a clerk cancels a mistaken entry, who, when and why
    (the batch's ballots leave the box; the row stays, for the audit trail).
    """

    __tablename__ = "paper_ballot_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    votation_id: Mapped[int] = mapped_column(
        ForeignKey("votations.id", ondelete="CASCADE"), index=True
    )
    polling_station: Mapped[str] = mapped_column(String(120))
    # {question id: {choice code, "blanc" or "nul": count}}, as JSON.
    counts_json: Mapped[str] = mapped_column(Text)
    ballots: Mapped[int]  # ballots added to the box, all questions together
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(500))

    entered_by = relationship("User", foreign_keys=[entered_by_id])
    cancelled_by = relationship("User", foreign_keys=[cancelled_by_id])
