"""The vote: who may vote in a heading, the ballot's checks (the same on the running
total and on casting), one ballot per heading per person, changeable until closing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from civic.audit import services as audit
from civic.auth.services import person_key
from civic.budget.setup import last_vote_day, phase_of
from civic.core.budget import ballot
from civic.core.budget.ballot import BallotRules
from civic.core.electorate import Electorate, Person
from civic.electorate import person_of, refusal_of
from civic.extensions import db
from civic.models import BudgetBallot, BudgetChoice, BudgetHeading, BudgetProposal, User
from civic.models.budget import (
    CHANNEL_ONLINE,
    CHANNEL_PAPER,
    PHASE_VOTE,
    PROPOSAL_FEASIBLE,
)
from civic.services import Refused


def get_heading(heading_id: int) -> BudgetHeading | None:
    return db.session.get(BudgetHeading, heading_id)


def ballot_projects(heading_id: int) -> list[BudgetProposal]:
    """The feasible projects of a heading, as they appear on the ballot."""
    return list(
        db.session.scalars(
            select(BudgetProposal)
            .where(
                BudgetProposal.heading_id == heading_id,
                BudgetProposal.state == PROPOSAL_FEASIBLE,
            )
            .order_by(BudgetProposal.title, BudgetProposal.id)
        )
    )


def voters_of(heading: BudgetHeading, *, online: bool = True) -> Electorate:
    """Who votes in a heading: residents of the budget's minimum age on the vote's last
    day, of the heading's neighbourhood if it has one; on paper the clerk has checked
    the person's identity and address."""
    hood = heading.neighbourhood_id
    return Electorate(
        minimum_age=heading.budget.min_age,
        residence_verified=online,
        neighbourhoods=frozenset() if hood is None else frozenset({hood}),
    )


def refusal_reason(heading: BudgetHeading, user: User) -> str | None:
    """Why this person may not vote in this heading, in words, or None if they may."""
    day = last_vote_day(heading.budget)
    return refusal_of(voters_of(heading), person_of(user), day, heading.name)


def _person_refusal(
    heading: BudgetHeading, birth_date: date | None, neighbourhood_id: int | None
) -> str | None:
    person = Person(birth_date=birth_date, neighbourhood_id=neighbourhood_id)
    day = last_vote_day(heading.budget)
    return refusal_of(voters_of(heading, online=False), person, day, heading.name)


@dataclass(frozen=True)
class Total:
    """The running total of a ballot against the heading amount, and what is wrong."""

    cost: int
    amount: int
    count: int
    problem: str | None

    @property
    def left(self) -> int:
        return self.amount - self.cost


def check_ballot(heading: BudgetHeading, chosen: set[int]) -> Total:
    """Cost and count of the chosen projects; ``problem`` says why the ballot would be
    refused (the core's ballot rules: unknown project, over the heading amount, too many
    or too few), in words."""
    rules = BallotRules(
        format=heading.ballot_format,
        amount=heading.amount,
        max_projects=heading.max_projects,
        min_projects=heading.min_projects,
    )
    check = ballot.check_ballot(rules, {p.id: p.cost for p in ballot_projects(heading.id)}, chosen)
    return Total(cost=check.cost, amount=check.amount, count=check.count, problem=_words(check))


def _words(check: ballot.BallotCheck) -> str | None:
    if check.refusal == ballot.UNKNOWN_PROJECT:
        return _("Ce bulletin contient un projet qui n'est pas soumis au vote.")
    if check.refusal == ballot.OVER_BUDGET:
        return _(
            "Votre sélection coûte %(cost)s €, soit %(over)s € de plus que le montant de la "
            "rubrique (%(amount)s €). Retirez un projet.",
            cost=format_decimal(check.cost),
            over=format_decimal(-check.left),
            amount=format_decimal(check.amount),
        )
    if check.refusal == ballot.TOO_MANY:
        return _(
            "Vous pouvez choisir au plus %(k)s projets ; retirez-en %(extra)s.",
            k=check.limit,
            extra=check.count - (check.limit or 0),
        )
    if check.refusal == ballot.TOO_FEW:
        return _("Choisissez au moins %(n)s projets.", n=check.limit)
    if check.refusal == ballot.EMPTY:
        return _("Choisissez au moins un projet.")
    return None


def _open_heading(heading_id: int, now: datetime) -> BudgetHeading:
    heading = get_heading(heading_id)
    if heading is None:
        raise Refused(_("Rubrique introuvable."))
    if phase_of(heading.budget, now) != PHASE_VOTE:
        raise Refused(_("Le vote n'est pas ouvert."))
    return heading


def _store(
    heading: BudgetHeading,
    key: str,
    chosen: set[int],
    *,
    voter_id: int | None,
    channel: str,
    entered_by_id: int | None,
    now: datetime,
) -> BudgetBallot:
    ballot = db.session.scalar(
        select(BudgetBallot).where(
            BudgetBallot.heading_id == heading.id, BudgetBallot.identity_key == key
        )
    )
    if ballot is not None and (channel == CHANNEL_PAPER or ballot.channel == CHANNEL_PAPER):
        raise Refused(
            _(
                "Cette personne a déjà voté dans cette rubrique "
                "(un bulletin papier ne se modifie pas en ligne, et inversement)."
            )
        )
    if ballot is None:
        ballot = BudgetBallot(
            heading_id=heading.id,
            identity_key=key,
            voter_id=voter_id,
            channel=channel,
            entered_by_id=entered_by_id,
        )
        db.session.add(ballot)
    ballot.cast_at = now
    ballot.choices = [BudgetChoice(proposal_id=pid) for pid in sorted(chosen)]
    try:
        db.session.flush()
    except IntegrityError:  # the same person, in another request at the same moment
        db.session.rollback()
        raise Refused(_("Cette personne a déjà voté dans cette rubrique.")) from None
    return ballot


def cast_online(heading_id: int, *, user: User, chosen: set[int], now: datetime) -> BudgetBallot:
    """Cast or replace the resident's ballot in a heading (until the vote closes)."""
    heading = _open_heading(heading_id, now)
    reason = refusal_reason(heading, user)
    if reason:
        raise Refused(reason)
    total = check_ballot(heading, chosen)
    if total.problem:
        raise Refused(total.problem, "projects")
    ballot = _store(
        heading,
        user.identity_key,
        chosen,
        voter_id=user.id,
        channel=CHANNEL_ONLINE,
        entered_by_id=None,
        now=now,
    )
    db.session.commit()
    return ballot


@dataclass(frozen=True)
class PaperVoter:
    family_name: str
    given_names: str
    birth_date: date
    neighbourhood_id: int | None


def cast_paper(
    heading_id: int, voter: PaperVoter, *, chosen: set[int], clerk: User, now: datetime
) -> BudgetBallot:
    """A clerk enters a paper ballot after checking the person's identity and address;
    the same one-person rule holds (by identity key)."""
    heading = _open_heading(heading_id, now)
    reason = _person_refusal(heading, voter.birth_date, voter.neighbourhood_id)
    if reason:
        raise Refused(reason)
    total = check_ballot(heading, chosen)
    if total.problem:
        raise Refused(total.problem, "projects")
    key = person_key(voter.family_name, voter.given_names, voter.birth_date)
    ballot = _store(
        heading,
        key,
        chosen,
        voter_id=None,
        channel=CHANNEL_PAPER,
        entered_by_id=clerk.id,
        now=now,
    )
    audit.record(
        actor=clerk,
        action="budget.paper_ballot_entered",
        object_type="budget_heading",
        object_id=heading.id,
        after={"ballot_id": ballot.id},
        now=now,
    )
    db.session.commit()
    return ballot


def current_choices(heading_id: int, user: User) -> set[int] | None:
    """The projects on this person's ballot, or None if they have not voted."""
    ballot = db.session.scalar(
        select(BudgetBallot).where(
            BudgetBallot.heading_id == heading_id,
            BudgetBallot.identity_key == user.identity_key,
        )
    )
    return None if ballot is None else {c.proposal_id for c in ballot.choices}


def ballot_count(heading_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(BudgetBallot)
            .where(BudgetBallot.heading_id == heading_id)
        )
        or 0
    )


# The counter casts a ballot for the person it serves with the same checks and storage
# (civic/budget/counter.py).
open_heading = _open_heading
store_ballot = _store
