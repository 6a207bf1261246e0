"""What the results say first (issue 19): per heading, the funded projects, how many
voters got at least one project they chose, the money left and what becomes of it; and,
on a project's own page, whether it was funded and why. Figures come from the core
(``civic.core.budget.summary``); the words from ``wording.explain``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

from civic.budget.results import HeadingResult, ProjectResult, election_for
from civic.budget.wording import explain
from civic.core.budget.summary import unspent, voters_with_a_funded_choice
from civic.models import BudgetProposal
from civic.models.budget import PROPOSAL_FEASIBLE


@dataclass(frozen=True)
class HeadingSummary:
    result: HeadingResult
    voters: int
    satisfied: int
    unspent: Fraction

    @property
    def funded(self) -> list[ProjectResult]:
        return [p for p in self.result.projects if p.selected]


def heading_summary(result: HeadingResult) -> HeadingSummary:
    election = election_for(result.heading)
    selected = [str(p.proposal.id) for p in result.projects if p.selected]
    return HeadingSummary(
        result=result,
        voters=election.num_voters,
        satisfied=voters_with_a_funded_choice(election.ballots, selected),
        unspent=unspent(
            result.heading.amount, (p.proposal.cost for p in result.projects if p.selected)
        ),
    )


def project_result(proposal: BudgetProposal) -> ProjectResult | None:
    """The project's line of the published result, or None before the tally (or for a
    project that was not put to the vote)."""
    heading = proposal.heading
    if (
        heading.budget.tallied_at is None
        or heading.result_json is None
        or proposal.state != PROPOSAL_FEASIBLE
    ):
        return None
    outcome = json.loads(heading.result_json)
    pid = str(proposal.id)
    found = next((e for e in outcome["explanations"] if e["project"] == pid), None)
    reason = found or {"code": "no_votes"}
    return ProjectResult(
        proposal=proposal,
        votes=int(Fraction(str(reason.get("score", 0)))),
        selected=pid in outcome["selected"],
        reason=explain(reason, proposal.cost),
    )
