"""Petitions, their signatures (online and paper), history and the council's answer (docs/rules.md
§3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.models.base import Base, utcnow

# Lifecycle (docs/rules.md §3): draft → submitted → open → closed, or rejected / withdrawn.
DRAFT = "draft"
SUBMITTED = "submitted"
OPEN = "open"
CLOSED = "closed"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
STATES = (DRAFT, SUBMITTED, OPEN, CLOSED, REJECTED, WITHDRAWN)

# Purpose-named groups of states, so rules read as sentences.
EDITABLE_STATES = frozenset({DRAFT})
REVIEWABLE_STATES = frozenset({SUBMITTED})
SIGNABLE_STATES = frozenset({OPEN})
WITHDRAWABLE_STATES = frozenset({DRAFT, SUBMITTED, OPEN})
# Seen by everyone (the public list, the open-data API); drafts and petitions
# under review are seen only by their carrier and the clerks.
VISIBLE_STATES = frozenset({OPEN, CLOSED, REJECTED, WITHDRAWN})
# What a recount or an invalidation may still change.
COUNTABLE_STATES = frozenset({OPEN, CLOSED})

KIND_ORDINARY = "ordinary"
KIND_RECALL = "recall"
KINDS = (KIND_ORDINARY, KIND_RECALL)

# Progress of each consequence, kept apart from the lifecycle (docs/rules.md §3).
NOT_REACHED = "not_reached"
AWAITING = "awaiting"
SCHEDULED = "scheduled"
DONE = "done"

# Coded, public reasons for an inadmissible petition.
REJECTION_CODES = ("outside_competence", "defamatory", "duplicate", "unlawful", "other")

CHANNEL_ONLINE = "online"
CHANNEL_PAPER = "paper"


class Petition(Base):
    __tablename__ = "petitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    easy_read: Mapped[str] = mapped_column(Text)
    decision_asked: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default=KIND_ORDINARY)
    recall_official: Mapped[str | None] = mapped_column(String(200))
    # A recall petition names an official from the charter's register of signatories;
    # ``recall_official`` keeps their name and mandate as the petition stated them.
    recall_signatory_id: Mapped[int | None] = mapped_column(ForeignKey("charter_signatories.id"))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"))
    # The rule set's code, and the exact rules it had when the petition opened:
    # an admin editing the rule set later does not move a running petition's goal.
    rule_set_code: Mapped[str] = mapped_column(String(32))
    rule_set_snapshot: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The author (the porteur) agreed to be named publicly; clerks and councillors
    # always see who carries the petition.
    author_public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    opened_at: Mapped[datetime | None]
    deadline: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rejection_code: Mapped[str | None] = mapped_column(String(32))
    rejection_text: Mapped[str | None] = mapped_column(String(1000))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id"))
    withdrawn_at: Mapped[datetime | None]
    # When the signers' personal data was erased, some months after the collection
    # ended (civic.petitions.anonymise); set once, the identity keys stay.
    signatures_anonymised_at: Mapped[datetime | None]
    # Counters updated in the same transaction as each signature, under the row
    # lock; `flask civic petitions recount` checks them against the rows.
    collected_count: Mapped[int] = mapped_column(default=0)
    counted_residents: Mapped[int] = mapped_column(default=0)
    counted_electors: Mapped[int] = mapped_column(default=0)
    # Electors' signatures that are also their legal request (CGCT L1112-16).
    counted_legal: Mapped[int] = mapped_column(default=0)
    debate_progress: Mapped[str] = mapped_column(String(16), default=NOT_REACHED)
    referendum_progress: Mapped[str] = mapped_column(String(16), default=NOT_REACHED)
    recall_progress: Mapped[str] = mapped_column(String(16), default=NOT_REACHED)
    legal_progress: Mapped[str] = mapped_column(String(16), default=NOT_REACHED)

    author = relationship("User", foreign_keys=[author_id])
    neighbourhood = relationship("Neighbourhood")
    thresholds: Mapped[list[PetitionThreshold]] = relationship(
        back_populates="petition", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_visible(self) -> bool:
        return self.state in VISIBLE_STATES and self.submitted_at is not None

    def stamps(self) -> dict[str, datetime | None]:
        """Each threshold's stored ``reached_at`` stamp, by threshold name."""
        return {row.name: row.reached_at for row in self.thresholds}


class PetitionThreshold(Base):
    """``<threshold>_reached_at`` as a row: set once, cleared only by an un-reach (docs/rules.md
    §3)."""

    __tablename__ = "petition_thresholds"
    __table_args__ = (UniqueConstraint("petition_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(32))
    reached_at: Mapped[datetime]

    petition: Mapped[Petition] = relationship(back_populates="thresholds")


class Signature(Base):
    """One person's signature. UNIQUE(petition, identity key) makes "one person, one
    signature, online or on paper" hold even when two requests race (docs/rules.md §3)."""

    __tablename__ = "signatures"
    __table_args__ = (
        UniqueConstraint("petition_id", "identity_key"),
        # One CGCT request per elector per quarter, across petitions: the slot is
        # "<rule set>:<quarter>" for rule sets with the limit, NULL otherwise (and
        # once invalidated), and NULLs never collide.
        UniqueConstraint("identity_key", "quarter_slot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), index=True
    )
    identity_key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    quarter_slot: Mapped[str | None] = mapped_column(String(32))
    # The elector chose that this signature is also their legal request (CGCT L1112-16):
    # it then takes the quarter's slot, whatever rule set the petition is under.
    legal_request: Mapped[bool] = mapped_column(default=False)
    # The signer asked for news of the petition (notifications).
    wants_news: Mapped[bool] = mapped_column(default=False)
    # Keyed hash of the client address: lets a clerk find a burst from one
    # address without keeping the address itself.
    ip_hash: Mapped[str | None] = mapped_column(String(32), index=True)
    # Counting (docs/rules.md §3): verified residence; electors for recall and CGCT.
    residence_verified: Mapped[bool] = mapped_column(default=False)
    elector: Mapped[bool] = mapped_column(default=False)
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Paper: who typed it, and what the sheet said (for the clerk's check only).
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paper_family_name: Mapped[str | None] = mapped_column(String(120))
    paper_given_names: Mapped[str | None] = mapped_column(String(160))
    paper_address: Mapped[str | None] = mapped_column(String(300))
    invalidated_at: Mapped[datetime | None]
    invalidated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    invalidation_reason: Mapped[str | None] = mapped_column(String(500))

    petition: Mapped[Petition] = relationship()
    user = relationship("User", foreign_keys=[user_id])
    neighbourhood = relationship("Neighbourhood")

    @property
    def counts(self) -> bool:
        return self.invalidated_at is None and self.residence_verified


class PetitionEvent(Base):
    """The petition's public history: admitted, thresholds crossed or lost, scheduled…"""

    __tablename__ = "petition_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    # A threshold name, a meeting, a count… never a signer's name.
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


# Who an answer is from: only the council's comes with the deliberation it was decided in.
ANSWER_BY_COUNCIL = "council"
ANSWER_BY_MAYOR = "mayor"
ANSWER_BY_COUNCILLOR = "councillor"
ANSWER_AUTHORS = (ANSWER_BY_COUNCIL, ANSWER_BY_MAYOR, ANSWER_BY_COUNCILLOR)


class PetitionAnswer(Base):
    """A public answer to a petition, named for who gives it: the municipal council's
    (with the deliberation it comes from, ``decision_id``), the mayor's, or a
    councillor's (docs/rules.md §3)."""

    __tablename__ = "petition_answers"
    # One council answer per deliberation; other answers have no decision (NULLs never collide).
    __table_args__ = (UniqueConstraint("petition_id", "decision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), index=True
    )
    answered_as: Mapped[str] = mapped_column(String(16), default=ANSWER_BY_COUNCIL)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("council_decisions.id"))
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime]
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    decision = relationship("CouncilDecision")
    published_by = relationship("User")
