"""Follow-up of funded projects: public status, spending to date, and the summary
(envelope vs committed vs spent) drawn as a server-side SVG chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.extensions import db
from civic.models import Budget, BudgetHeading, BudgetProposal, User
from civic.models.budget import FOLLOWUP_ABANDONED, FOLLOWUP_STATES
from civic.services import Refused


@dataclass(frozen=True)
class FollowupInput:
    status: str
    reason: str
    spent: int


def update_followup(
    proposal_id: int, data: FollowupInput, *, actor: User, now: datetime
) -> BudgetProposal:
    proposal = db.session.get(BudgetProposal, proposal_id)
    if proposal is None or not proposal.selected:
        raise Refused(_("Seuls les projets financés ont un suivi."))
    if data.status not in FOLLOWUP_STATES:
        raise Refused(_("Statut inconnu."), "status")
    reason = data.reason.strip()
    if data.status == FOLLOWUP_ABANDONED and not reason:
        raise Refused(_("Donnez la raison, publique, de l'abandon."), "reason")
    if data.spent < 0:
        raise Refused(_("Les dépenses ne peuvent pas être négatives."), "spent")
    before = followup_dict(proposal)
    proposal.followup_status = data.status
    proposal.followup_reason = reason or None
    proposal.spent = data.spent
    proposal.followup_updated_at = now
    audit.record(
        actor=actor,
        action="budget.followup_updated",
        object_type="budget_proposal",
        object_id=proposal.id,
        before=before,
        after=followup_dict(proposal),
        reason=reason or None,
        now=now,
    )
    db.session.commit()
    return proposal


def followup_dict(proposal: BudgetProposal) -> dict[str, object]:
    return {
        "status": proposal.followup_status,
        "reason": proposal.followup_reason,
        "spent": proposal.spent,
    }


def funded(heading_ids: list[int]) -> list[BudgetProposal]:
    return list(
        db.session.scalars(
            select(BudgetProposal)
            .where(BudgetProposal.heading_id.in_(heading_ids), BudgetProposal.selected.is_(True))
            .order_by(BudgetProposal.heading_id, BudgetProposal.title)
        )
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float  # in the SVG's user units (0..CHART_WIDTH)
    y: int
    css: str


CHART_WIDTH = 400
BAR_HEIGHT = 28


@dataclass(frozen=True)
class Summary:
    """Envelope, committed (funded and not abandoned) and spent, with the chart's bars."""

    envelope: int
    committed: int
    spent: int
    projects: list[BudgetProposal]

    @property
    def bars(self) -> list[Bar]:
        top = max(self.envelope, self.committed, self.spent, 1)
        values = [
            (_("Enveloppe"), self.envelope, "bar-envelope"),
            (_("Engagé"), self.committed, "bar-committed"),
            (_("Dépensé"), self.spent, "bar-spent"),
        ]
        return [
            Bar(label, value, round(CHART_WIDTH * value / top, 1), i * (BAR_HEIGHT + 12), css)
            for i, (label, value, css) in enumerate(values)
        ]

    @property
    def chart_height(self) -> int:
        return 3 * (BAR_HEIGHT + 12)


def summary(budget: Budget, heading: BudgetHeading | None = None) -> Summary:
    """The city-wide summary, or one heading's."""
    headings = [heading] if heading is not None else list(budget.headings)
    projects = funded([h.id for h in headings])
    return Summary(
        envelope=heading.amount if heading is not None else budget.envelope,
        committed=sum(p.cost for p in projects if p.followup_status != FOLLOWUP_ABANDONED),
        spent=sum(p.spent for p in projects),
        projects=projects,
    )
