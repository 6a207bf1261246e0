"""Neighbourhood councils: composition, applications, draws, sessions, votes (docs/rules.md §5)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.core.age_bands import AGE_BANDS as AGE_BANDS  # the bands are a core rule
from civic.models.base import Base, utcnow

# Gender values the draw's quotas know (docs/rules.md §5: non-binary and "prefer not to
# say" are explicit values, handled by ``derive_gender_quotas``).
GENDER_FEMALE = "female"
GENDER_MALE = "male"
GENDER_NON_BINARY = "non-binary"
GENDER_UNSAID = "unsaid"
GENDERS = (GENDER_FEMALE, GENDER_MALE, GENDER_NON_BINARY, GENDER_UNSAID)


# Applications: a volunteer seat, or the pool of the draw.
KIND_VOLUNTEER = "volunteer"
KIND_POOL = "pool"
APPLICATION_KINDS = (KIND_VOLUNTEER, KIND_POOL)
APPLICATION_PENDING = "pending"
APPLICATION_ELIGIBLE = "eligible"
APPLICATION_INELIGIBLE = "ineligible"
APPLICATION_WITHDRAWN = "withdrawn"  # by the applicant

# Seats a member holds.
SEAT_DRAWN = "drawn"
SEAT_VOLUNTEER = "volunteer"
SEAT_ASSOCIATION = "association"

# A draw's life: frozen (digest published) → for the fair mode, the list of
# panels is computed then published → the seed is entered → done.
DRAW_PLAIN = "plain"
DRAW_FAIR = "fair"
DRAW_FROZEN = "frozen"
DRAW_COMPUTING = "computing"
DRAW_PUBLISHED = "published"  # fair mode: numbered list of panels published
DRAW_DONE = "done"
DRAW_FAILED = "failed"
DRAW_AWAITING_SEED = frozenset({DRAW_FROZEN, DRAW_PUBLISHED})

# A drawn person's answer.
OFFER_PENDING = "pending"
OFFER_ACCEPTED = "accepted"
OFFER_DECLINED = "declined"

VOTE_FOR = "for"
VOTE_AGAINST = "against"
VOTE_ABSTAIN = "abstain"
VOTE_CHOICES = (VOTE_FOR, VOTE_AGAINST, VOTE_ABSTAIN)

SUBJECT_MOTION = "motion"
SUBJECT_BUDGET_ITEM = "budget_item"


class Council(Base):
    """One council per neighbourhood; its rules are data handed to ``council_vote``."""

    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), unique=True)
    seats: Mapped[int]
    drawn_seats: Mapped[int]
    volunteer_seats: Mapped[int]
    association_seats: Mapped[int] = mapped_column(default=0)
    term_start: Mapped[date]
    term_end: Mapped[date]
    # Quorum and majority as stored for ``civic.core.council_vote.CouncilVoteRules``.
    quorum_kind: Mapped[str] = mapped_column(String(32))
    quorum_numerator: Mapped[int] = mapped_column(default=1)
    quorum_denominator: Mapped[int] = mapped_column(default=2)
    quorum_minimum: Mapped[int] = mapped_column(default=0)
    majority: Mapped[str] = mapped_column(String(16))
    # Residents per age band (census), JSON {"16-29": 700, …}; empty: no age quotas.
    age_population: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    neighbourhood = relationship("Neighbourhood", lazy="joined")


class CouncilApplication(Base):
    """A resident's application: a volunteer seat or the draw's pool."""

    __tablename__ = "council_applications"
    __table_args__ = (UniqueConstraint("council_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))
    gender: Mapped[str] = mapped_column(String(16))
    age_band: Mapped[str] = mapped_column(String(8))
    publish_name: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=APPLICATION_PENDING)
    refusal: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", foreign_keys=[user_id], lazy="joined")


class CouncilMember(Base):
    """A seat held; ``co_lead`` marks the animation team (2–4, gender-balanced)."""

    __tablename__ = "council_members"
    __table_args__ = (UniqueConstraint("council_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("council_applications.id"))
    seat: Mapped[str] = mapped_column(String(16))
    gender: Mapped[str] = mapped_column(String(16))
    publish_name: Mapped[bool] = mapped_column(default=False)
    co_lead: Mapped[bool] = mapped_column(default=False)
    since: Mapped[datetime]

    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    @property
    def public_name(self) -> str | None:
        return self.user.display_name if self.publish_name else None


class CouncilDraw(Base):
    """A draw: the frozen pool and quotas (as the published CSV files), the seed, the result."""

    __tablename__ = "council_draws"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16))
    seats: Mapped[int]
    reserve_size: Mapped[int]
    algorithm: Mapped[str] = mapped_column(String(120))
    pool_csv: Mapped[str] = mapped_column(Text)
    quotas_csv: Mapped[str] = mapped_column(Text)
    pool_digest: Mapped[str] = mapped_column(String(64))
    quota_notes: Mapped[str | None] = mapped_column(Text)  # JSON list
    # Each candidate type's selection probability, JSON [{"categories", "size", "probability"}].
    probabilities: Mapped[str | None] = mapped_column(Text)
    probabilities_method: Mapped[str | None] = mapped_column(String(200))
    # Fair mode: the numbered list of panels (PANELS.csv) and its digest.
    panels_csv: Mapped[str | None] = mapped_column(Text)
    panels_digest: Mapped[str | None] = mapped_column(String(64))
    panel_number: Mapped[int | None]
    job_id: Mapped[str | None] = mapped_column(String(36))
    seed: Mapped[str | None] = mapped_column(String(100))
    selected: Mapped[str | None] = mapped_column(Text)  # JSON list of pseudonymous ids
    reserve: Mapped[str | None] = mapped_column(Text)  # JSON list, replacement order
    failure: Mapped[str | None] = mapped_column(Text)
    frozen_at: Mapped[datetime]
    frozen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    seeded_at: Mapped[datetime | None]

    council = relationship("Council", lazy="joined")


class DrawCandidate(Base):
    """One candidate of a frozen pool: the pseudonymous id links the published file to
    the application (the link is never published)."""

    __tablename__ = "council_draw_candidates"
    __table_args__ = (UniqueConstraint("draw_id", "pseudonym"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("council_draws.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("council_applications.id"))
    pseudonym: Mapped[str] = mapped_column(String(16))
    # The offer of a seat, once drawn (or called from the reserve).
    offer: Mapped[str | None] = mapped_column(String(16))
    offered_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    replaces: Mapped[str | None] = mapped_column(String(16))

    application = relationship("CouncilApplication", lazy="joined")


class CouncilSession(Base):
    """A meeting of the council, with its agenda and, afterwards, its minutes."""

    __tablename__ = "council_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(String(200))
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    council = relationship("Council", lazy="joined")


class SessionAttendance(Base):
    __tablename__ = "council_session_attendance"
    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_sessions.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id", ondelete="CASCADE"))


class CouncilMotion(Base):
    """A motion or a budget item put to the council's vote; the result is the core's."""

    __tablename__ = "council_motions"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_sessions.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(300))
    subject_type: Mapped[str] = mapped_column(String(32), default=SUBJECT_MOTION)
    subject_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    # The tally as decided by ``tally_council_vote`` (JSON of its result).
    adopted: Mapped[bool | None]
    result: Mapped[str | None] = mapped_column(Text)


class MemberVote(Base):
    """One member's public vote on one motion (council votes are public, docs/rules.md §5)."""

    __tablename__ = "council_member_votes"
    __table_args__ = (UniqueConstraint("motion_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    motion_id: Mapped[int] = mapped_column(ForeignKey("council_motions.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id", ondelete="CASCADE"))
    choice: Mapped[str] = mapped_column(String(8))
    cast_at: Mapped[datetime]

    member = relationship("CouncilMember", lazy="joined")
