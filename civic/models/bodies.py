"""Participatory bodies other than neighbourhood councils (CCSPL, citizen audit, youth council,
the social action centre's body…): composition, members, sessions, opinions, annual report.

Neighbourhood councils keep their own tables (``civic.models.councils``); a body's sessions
are its own too: the ``meetings`` table is the municipal council's calendar.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.models.base import Base, utcnow

# What a body is: its preset in the admin (civic.bodies.presets).
KIND_CCSPL = "ccspl"
KIND_CITIZEN_AUDIT = "citizen_audit"
KIND_YOUTH_COUNCIL = "youth_council"
KIND_SOCIAL_ACTION = "social_action"
KIND_OTHER = "other"
BODY_KINDS = (KIND_CCSPL, KIND_CITIZEN_AUDIT, KIND_YOUTH_COUNCIL, KIND_SOCIAL_ACTION, KIND_OTHER)

# Seat categories: a body's composition counts seats in each.
SEAT_MAJORITY = "majority"  # elected, municipal majority
SEAT_OPPOSITION = "opposition"  # elected, opposition
SEAT_DRAWN = "drawn"  # residents drawn by lot
SEAT_VOLUNTEER = "volunteer"
SEAT_ASSOCIATION = "association"
SEAT_EXPERT = "expert"
SEAT_DELEGATE = "delegate"  # delegates of other bodies (neighbourhood councils…)
SEAT_CATEGORIES = (
    SEAT_MAJORITY,
    SEAT_OPPOSITION,
    SEAT_DRAWN,
    SEAT_VOLUNTEER,
    SEAT_ASSOCIATION,
    SEAT_EXPERT,
    SEAT_DELEGATE,
)


class Body(Base):
    """One participatory body; the seats per category are its composition."""

    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    purpose: Mapped[str] = mapped_column(Text)
    majority_seats: Mapped[int] = mapped_column(default=0)
    opposition_seats: Mapped[int] = mapped_column(default=0)
    drawn_seats: Mapped[int] = mapped_column(default=0)
    volunteer_seats: Mapped[int] = mapped_column(default=0)
    association_seats: Mapped[int] = mapped_column(default=0)
    expert_seats: Mapped[int] = mapped_column(default=0)
    delegate_seats: Mapped[int] = mapped_column(default=0)
    term_start: Mapped[date]
    term_end: Mapped[date]
    # The annual report (Markdown) and the year it covers.
    report_year: Mapped[int | None]
    report: Mapped[str | None] = mapped_column(Text)
    report_published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def seats_of(self, category: str) -> int:
        return int(getattr(self, f"{category}_seats"))

    @property
    def seats(self) -> int:
        return sum(self.seats_of(c) for c in SEAT_CATEGORIES)


class BodyMember(Base):
    """A seat held: members of a body sit publicly, under the name they gave."""

    __tablename__ = "body_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    # Whom the member represents (an association, a neighbourhood council, a group…).
    representing: Mapped[str | None] = mapped_column(String(200))
    since: Mapped[date]
    until: Mapped[date | None]  # left the body (the seat is free again)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BodySession(Base):
    """A meeting of the body: its agenda before, its minutes after."""

    __tablename__ = "body_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(String(200))
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str | None] = mapped_column(Text)
    minutes_published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    body: Mapped[Body] = relationship(lazy="joined")


class BodyOpinion(Base):
    """An opinion (avis) the body voted in session; public once published."""

    __tablename__ = "body_opinions"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("body_sessions.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    abstentions: Mapped[int]
    adopted: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]


# Gifts and invitations offered to an official: declined or accepted.
GIFT_DECLINED = "declined"
GIFT_ACCEPTED = "accepted"
GIFT_OUTCOMES = (GIFT_DECLINED, GIFT_ACCEPTED)


class LobbyMeeting(Base):
    """A meeting of an elected official or a senior officer with an interest
    representative, public from the moment it is recorded (the lobby register)."""

    __tablename__ = "lobby_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    representative: Mapped[str] = mapped_column(String(200))  # who: person and organisation
    official: Mapped[str] = mapped_column(String(200))  # whom: name and office
    met_on: Mapped[date] = mapped_column(index=True)
    subject: Mapped[str] = mapped_column(String(500))
    documents: Mapped[str | None] = mapped_column(Text)  # documents received, one a line
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Gift(Base):
    """A gift or invitation offered to an official, and whether it was accepted."""

    __tablename__ = "lobby_gifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    official: Mapped[str] = mapped_column(String(200))
    giver: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(500))
    value: Mapped[int]  # whole euros, as estimated
    offered_on: Mapped[date] = mapped_column(index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


# A document request's outcome (CRPA L311-1 and following).
ANSWER_COMMUNICATED = "communicated"
ANSWER_PARTLY = "partly"  # communicated with parts withheld (L311-7)
ANSWER_REFUSED = "refused"
ANSWER_NOT_HELD = "not_held"  # the commune does not hold it
ANSWER_OUTCOMES = (ANSWER_COMMUNICATED, ANSWER_PARTLY, ANSWER_REFUSED, ANSWER_NOT_HELD)


class DocumentRequest(Base):
    """A request for an administrative document, by a body or a resident, and its answer.

    The list is public (the document asked for, the dates, the answer); a resident's name
    never is: ``requester_id`` only lets the clerk answer them."""

    __tablename__ = "document_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int | None] = mapped_column(
        ForeignKey("bodies.id", ondelete="CASCADE"), index=True
    )
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    document: Mapped[str] = mapped_column(String(500))
    received_on: Mapped[date] = mapped_column(index=True)
    answered_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    answer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    body: Mapped[Body | None] = relationship(lazy="joined")


# A two-stage civic lottery: a draw from a list selects whom to invite, those who answer
# form the pool, and a second draw seats the panel within its quotas.
LOTTERY_LIST_FROZEN = "list_frozen"  # the list's digest is published, awaiting the seed
LOTTERY_INVITED = "invited"  # invitations drawn: letters printed, answers recorded
LOTTERY_POOL_FROZEN = "pool_frozen"  # those who answered, frozen with their quotas
LOTTERY_SEATED = "seated"  # the panel is drawn and seated
# The fair draw's extra steps between the pool and the seed (docs/rules.md §5).
LOTTERY_COMPUTING = "computing"  # the fair lottery of panels is being computed (a job)
LOTTERY_PANELS_PUBLISHED = "panels_published"  # its numbered list is published
LOTTERY_FAILED = "failed"  # the computation failed: nothing was drawn
LOTTERY_AWAITING_SEED = (LOTTERY_POOL_FROZEN, LOTTERY_PANELS_PUBLISHED)
# How stage 2 seats the panel: the stratified draw, or the fair draw's lottery.
DRAW_STRATIFIED = "stratified"
DRAW_FAIR = "fair"
DRAW_MODES = (DRAW_STRATIFIED, DRAW_FAIR)
SOURCE_ELECTORAL_LIST = "electoral_list"
SOURCE_ADDRESS_FILE = "address_file"
LOTTERY_SOURCES = (SOURCE_ELECTORAL_LIST, SOURCE_ADDRESS_FILE)


class BodyLottery(Base):
    """Both stages' published files, digests, seeds and results (the core re-runs each)."""

    __tablename__ = "body_lotteries"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    invitations: Mapped[int]
    seats: Mapped[int]
    # Stage 1: the list (pseudonymous ids only) and the invitations drawn from it.
    list_csv: Mapped[str] = mapped_column(Text)
    list_digest: Mapped[str] = mapped_column(String(64))
    list_seed: Mapped[str | None] = mapped_column(String(100))
    invited: Mapped[str | None] = mapped_column(Text)  # JSON list of ids, draw order
    # Stage 2: those who answered, their quotas, the panel.
    pool_csv: Mapped[str | None] = mapped_column(Text)
    quotas_csv: Mapped[str | None] = mapped_column(Text)
    pool_digest: Mapped[str | None] = mapped_column(String(64))
    pool_seed: Mapped[str | None] = mapped_column(String(100))
    selected: Mapped[str | None] = mapped_column(Text)  # JSON list of ids, draw order
    mode: Mapped[str] = mapped_column(String(16), default=DRAW_STRATIFIED)
    algorithm: Mapped[str | None] = mapped_column(String(120))
    reserve_size: Mapped[int] = mapped_column(default=0)
    # The fair draw: the numbered list of panels, published before the seed, and its job.
    panels_csv: Mapped[str | None] = mapped_column(Text)
    panels_digest: Mapped[str | None] = mapped_column(String(64))
    panel_number: Mapped[int | None]
    job_id: Mapped[str | None] = mapped_column(String(36))
    failure: Mapped[str | None] = mapped_column(Text)
    reserve: Mapped[str | None] = mapped_column(Text)  # JSON list of ids, calling order
    frozen_at: Mapped[datetime]
    frozen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    invited_at: Mapped[datetime | None]
    pool_frozen_at: Mapped[datetime | None]
    seated_at: Mapped[datetime | None]

    body: Mapped[Body] = relationship(lazy="joined")


class LotteryPerson(Base):
    """One line of the list: name and address for the letter, never published; the
    answer (and the category the quotas need) once the person replies."""

    __tablename__ = "body_lottery_people"
    __table_args__ = (UniqueConstraint("lottery_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lottery_id: Mapped[int] = mapped_column(
        ForeignKey("body_lotteries.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(300))
    invited: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime | None]
    gender: Mapped[str | None] = mapped_column(String(16))
    seated: Mapped[bool] = mapped_column(default=False)
    # The seat held (a drawn member declines: it ends; a reserve takes it: a new one).
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("body_members.id", ondelete="SET NULL")
    )
    declined_at: Mapped[datetime | None]
    replaces: Mapped[str | None] = mapped_column(String(16))  # the code whose seat this took
