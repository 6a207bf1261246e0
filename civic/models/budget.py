"""Participatory budget (docs/rules.md §6): the yearly budget, its headings, the proposals,
the ballots and what was decided.

Money is whole euros (``int``): the envelope, heading amounts, costs and spending.
The phase is never stored: it follows from the dates and ``now``
(``civic.budget.setup.phase_of``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.core.budget import ballot
from civic.core.electorate import RESIDENT_MINIMUM_AGE
from civic.models.base import Base, utcnow

# Phases, in order (computed from the dates, see civic.budget.setup.phase_of).
PHASE_UPCOMING = "upcoming"
PHASE_PROPOSALS = "proposals"
PHASE_REVIEW = "review"
PHASE_VOTE = "vote"
PHASE_RESULTS = "results"
PHASE_FOLLOWUP = "followup"
PHASES = (
    PHASE_UPCOMING,
    PHASE_PROPOSALS,
    PHASE_REVIEW,
    PHASE_VOTE,
    PHASE_RESULTS,
    PHASE_FOLLOWUP,
)
AFTER_VOTE_PHASES = frozenset({PHASE_RESULTS, PHASE_FOLLOWUP})

# Share of the investment budget: refused below the minimum, the goal is shown.
SHARE_MIN_BP = 1_000  # 10 % in basis points
SHARE_GOAL_BP = 2_500  # 25 %

# Ballot formats: the rules live in the core (civic/core/budget/ballot.py).
BALLOT_APPROVAL = ballot.APPROVAL  # approve projects whose total cost fits the heading
BALLOT_K_APPROVAL = ballot.K_APPROVAL  # approve at most k projects
BALLOT_FORMATS = ballot.FORMATS

# Rules offered per heading (the core has more; these are the ones docs/rules.md §6 names).
HEADING_RULES = ("greedy", "mes", "mes+greedy", "mes+add1")

# Proposal states: submitted, then a clerk decides.
PROPOSAL_SUBMITTED = "submitted"
PROPOSAL_FEASIBLE = "feasible"
PROPOSAL_UNFEASIBLE = "unfeasible"
PROPOSAL_MERGED = "merged"

EXPENSE_INVESTMENT = "investment"
EXPENSE_OPERATING = "operating"  # not eligible
EXPENSE_KINDS = (EXPENSE_INVESTMENT, EXPENSE_OPERATING)

# Follow-up of funded projects.
FOLLOWUP_PLANNED = "planned"
FOLLOWUP_IN_PROGRESS = "in_progress"
FOLLOWUP_DONE = "done"
FOLLOWUP_ABANDONED = "abandoned"
FOLLOWUP_STATES = (FOLLOWUP_PLANNED, FOLLOWUP_IN_PROGRESS, FOLLOWUP_DONE, FOLLOWUP_ABANDONED)

CHANNEL_ONLINE = "online"
CHANNEL_PAPER = "paper"


class Budget(Base):
    __tablename__ = "budgets"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    # The investment budget in force when the envelope was set, with its source.
    investment_budget: Mapped[int] = mapped_column(BigInteger)
    investment_source: Mapped[str] = mapped_column(String(300))
    investment_date: Mapped[date]
    share_bp: Mapped[int]  # share of the investment budget, in basis points
    envelope: Mapped[int] = mapped_column(BigInteger)
    min_age: Mapped[int] = mapped_column(default=RESIDENT_MINIMUM_AGE)
    # Phase boundaries: each phase runs from its date to the next one's.
    proposals_from: Mapped[datetime]
    review_from: Mapped[datetime]
    vote_from: Mapped[datetime]
    results_from: Mapped[datetime]
    followup_from: Mapped[datetime]
    # Świecie 2023's filter: drop projects whose vote share is below cost / (3 x amount).
    minimum_support: Mapped[bool] = mapped_column(default=False)
    council_vote: Mapped[bool] = mapped_column(default=False)
    tally_job_id: Mapped[str | None] = mapped_column(String(36))
    tallied_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    headings: Mapped[list[BudgetHeading]] = relationship(
        back_populates="budget",
        cascade="all, delete-orphan",
        order_by="BudgetHeading.id",  # city-wide first: set-up creates it first
    )


class BudgetHeading(Base):
    """The city-wide heading (no neighbourhood), one neighbourhood's, or a thematic one."""

    __tablename__ = "budget_headings"
    __table_args__ = (UniqueConstraint("budget_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"))
    # A theme's or a body's heading (civic/budget/thematic.py): voted on by the whole
    # commune like the city-wide one, with its own amount, kept out of the population split.
    thematic: Mapped[bool] = mapped_column(default=False, server_default=false())
    name: Mapped[str] = mapped_column(String(120))
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    ballot_format: Mapped[str] = mapped_column(String(16), default=BALLOT_APPROVAL)
    max_projects: Mapped[int | None]  # k of k-approval
    min_projects: Mapped[int] = mapped_column(default=0)
    rule: Mapped[str] = mapped_column(String(16), default="mes+greedy")
    add1_step: Mapped[int] = mapped_column(default=1)  # euros per voter (mes+add1)
    # The core's outcome as JSON (rule, parameters, selected, explanations).
    result_json: Mapped[str | None] = mapped_column(Text)

    budget: Mapped[Budget] = relationship(back_populates="headings")
    neighbourhood = relationship("Neighbourhood", lazy="joined")


class BudgetProposal(Base):
    __tablename__ = "budget_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    heading_id: Mapped[int] = mapped_column(ForeignKey("budget_headings.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(String(500))  # easy-read
    location: Mapped[str] = mapped_column(String(200), default="")
    estimated_cost: Mapped[int] = mapped_column(BigInteger)
    image_name: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Review by a clerk.
    state: Mapped[str] = mapped_column(String(16), default=PROPOSAL_SUBMITTED, index=True)
    review_reason: Mapped[str | None] = mapped_column(String(1000))
    final_cost: Mapped[int | None] = mapped_column(BigInteger)
    expense_kind: Mapped[str] = mapped_column(String(16), default=EXPENSE_INVESTMENT)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("budget_proposals.id"))
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Results and follow-up.
    selected: Mapped[bool] = mapped_column(default=False)
    followup_status: Mapped[str | None] = mapped_column(String(16))
    followup_reason: Mapped[str | None] = mapped_column(String(1000))
    spent: Mapped[int] = mapped_column(BigInteger, default=0)
    followup_updated_at: Mapped[datetime | None]

    heading: Mapped[BudgetHeading] = relationship()

    @property
    def cost(self) -> int:
        """The cost on the ballot: the clerk's final cost, else the estimate."""
        return self.final_cost if self.final_cost is not None else self.estimated_cost


class BudgetBallot(Base):
    """One person's ballot in one heading (online or entered by a clerk from paper).

    The one-person rule holds on the identity key (name + birth date, keyed hash), so a
    paper ballot and an online one by the same person collide whatever the channel."""

    __tablename__ = "budget_ballots"
    __table_args__ = (UniqueConstraint("heading_id", "identity_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    heading_id: Mapped[int] = mapped_column(
        ForeignKey("budget_headings.id", ondelete="CASCADE"), index=True
    )
    identity_key: Mapped[str] = mapped_column(String(64))
    voter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(8), default=CHANNEL_ONLINE)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cast_at: Mapped[datetime] = mapped_column(default=utcnow)

    choices: Mapped[list[BudgetChoice]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class BudgetChoice(Base):
    __tablename__ = "budget_choices"

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("budget_ballots.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("budget_proposals.id", ondelete="CASCADE"), primary_key=True, index=True
    )
