"""Results: the headings' elections handed to the core (``civic.core.budget``), the
tally as a background job, the stored outcome with its reasons, the ``.pb`` export.

The web layer decides nothing: the core's outcome (rule, parameters, winners,
per-project explanation) is stored as the core's own JSON, and worded here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from civic import jobs
from civic.audit import services as audit
from civic.budget.setup import phase_of
from civic.budget.voting import ballot_projects
from civic.budget.wording import explain
from civic.core.budget import Election, Project, ineligible_projects, tally, without_projects
from civic.core.budget.__main__ import outcome_json
from civic.core.budget.model import APPROVAL, group_ballots
from civic.core.budget.pabulib import format_pb, from_election
from civic.csv_export import neutralise
from civic.extensions import db
from civic.models import Budget, BudgetBallot, BudgetChoice, BudgetHeading, BudgetProposal, User
from civic.models.budget import (
    AFTER_VOTE_PHASES,
    BALLOT_APPROVAL,
    FOLLOWUP_PLANNED,
    PROPOSAL_FEASIBLE,
)
from civic.notifications.services import notify_all, path_to
from civic.services import Refused

TALLY_TASK = "civic.budget.tasks:tally"
# pabulib's names for our rules (META "rule").
PABULIB_RULES = {
    "greedy": "greedy",
    "mes": "equalshares",
    "mes+greedy": "equalshares/greedy",
    "mes+add1": "equalshares/add1",
}


def election_for(heading: BudgetHeading) -> Election:
    """The heading's vote as the core's election: feasible projects at their final cost,
    approval ballots grouped by content (so the order says nothing about the voters)."""
    budget = heading.budget
    projects = ballot_projects(heading.id)
    rows = db.session.execute(
        select(BudgetChoice.ballot_id, BudgetChoice.proposal_id)
        .join(BudgetBallot, BudgetBallot.id == BudgetChoice.ballot_id)
        .where(BudgetBallot.heading_id == heading.id)
    )
    ballots: dict[int, list[str]] = defaultdict(list)
    for ballot_id, proposal_id in rows:
        ballots[ballot_id].append(str(proposal_id))
    meta = {
        "description": f"{budget.title} — {heading.name}",
        "country": "France",
        "unit": current_app.config["COMMUNE_NAME"],
        "subunit": heading.name,
        "instance": str(budget.year),
        "language": "fr",
        "currency": "EUR",
        "date_begin": budget.vote_from.date().isoformat(),
        "date_end": budget.results_from.date().isoformat(),
        "rule": PABULIB_RULES.get(heading.rule, heading.rule),
        "min_length": str(max(heading.min_projects, 1)),
    }
    if heading.ballot_format == BALLOT_APPROVAL:
        meta["max_sum_cost"] = str(heading.amount)
    elif heading.max_projects:
        meta["max_length"] = str(heading.max_projects)
    return Election(
        budget=Fraction(heading.amount),
        projects=tuple(Project(str(p.id), Fraction(p.cost), p.title) for p in projects),
        vote_type=APPROVAL,
        ballots=group_ballots(APPROVAL, ((tuple(v), None) for v in ballots.values())),
        meta=meta,
    )


def export_pb(heading: BudgetHeading) -> str:
    """The heading's vote as a pabulib ``.pb`` file (voters numbered 1..n, no identity).

    Project names are residents' text in a ``;``-separated file a spreadsheet opens:
    they are neutralised like every CSV cell (civic.csv_export). The tally reads only
    ids, costs and votes, so the file still recounts to the published result."""
    pb = from_election(election_for(heading))
    names = tuple(tuple(str(neutralise(cell)) for cell in row) for row in pb.project_rows)
    meta = tuple((key, str(neutralise(value))) for key, value in pb.meta)
    return format_pb(replace(pb, project_rows=names, meta=meta))


@dataclass(frozen=True)
class TallyPlan:
    heading_id: int
    name: str
    election: Election
    rule: str
    step: int
    minimum_support: bool


def tally_plans(budget_id: int) -> list[TallyPlan]:
    budget = db.session.get(Budget, budget_id)
    if budget is None:
        raise Refused(_("Budget introuvable."))
    return [
        TallyPlan(h.id, h.name, election_for(h), h.rule, h.add1_step, budget.minimum_support)
        for h in budget.headings
    ]


def compute(plan: TallyPlan) -> dict[str, Any]:
    """The core's outcome for one heading, as JSON-able data (pure: no database)."""
    election = plan.election
    excluded = ineligible_projects(election) if plan.minimum_support else ()
    if excluded:
        election = without_projects(election, excluded)
    step = Fraction(plan.step) if plan.rule == "mes+add1" else None
    data = outcome_json(tally(election, plan.rule, step=step), explain=True)
    explanations = data["explanations"]
    assert isinstance(explanations, list)  # nosec B101  # for mypy: explain=True gives a list
    explanations.extend({"project": pid, "code": "ineligible"} for pid in excluded)
    data["voters"] = plan.election.num_voters
    data["minimum_support"] = plan.minimum_support
    return data


def start_tally(budget_id: int, *, actor: User, now: datetime) -> str:
    """Queue the tally (it never runs inside a request); returns the job id."""
    budget = db.session.get(Budget, budget_id)
    if budget is None:
        raise Refused(_("Budget introuvable."))
    if phase_of(budget, now) not in AFTER_VOTE_PHASES:
        raise Refused(_("Le vote n'est pas clos : les résultats se calculent après."))
    if budget.tallied_at is not None:
        raise Refused(_("Les résultats sont déjà publiés."))
    audit.record(
        actor=actor,
        action="budget.tally_started",
        object_type="budget",
        object_id=budget.id,
        now=now,
    )
    job_id = jobs.enqueue(TALLY_TASK, budget_id)  # commits the audit entry with the job
    budget.tally_job_id = job_id
    db.session.commit()
    return job_id


def store_outcomes(budget_id: int, outcomes: dict[int, dict[str, Any]], now: datetime) -> None:
    """Publish what the core decided: each heading's outcome, the funded projects."""
    budget = db.session.get_one(Budget, budget_id)
    for heading in budget.headings:
        data = outcomes[heading.id]
        heading.result_json = json.dumps(data, ensure_ascii=False)
        winners = set(data["selected"])
        for proposal in ballot_projects(heading.id):
            proposal.selected = str(proposal.id) in winners
            if proposal.selected and proposal.followup_status is None:
                proposal.followup_status = FOLLOWUP_PLANNED
    budget.tallied_at = now
    authors = db.session.scalars(
        select(BudgetProposal.author_id).where(
            BudgetProposal.budget_id == budget.id, BudgetProposal.author_id.is_not(None)
        )
    )
    notify_all(
        {author for author in authors if author is not None},
        "budget_results",
        subject_title=budget.title,
        link=path_to("budget.results_page", budget_id=budget.id),
        now=now,
    )
    audit.record(
        actor=None,
        action="budget.tallied",
        object_type="budget",
        object_id=budget.id,
        after={str(h): sorted(o["selected"]) for h, o in outcomes.items()},
        now=now,
    )
    db.session.commit()


# --- the results page -------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectResult:
    proposal: BudgetProposal
    votes: int
    selected: bool
    reason: str


@dataclass(frozen=True)
class HeadingResult:
    heading: BudgetHeading
    outcome: dict[str, Any]
    projects: list[ProjectResult]

    @property
    def cost(self) -> int:
        return sum(p.proposal.cost for p in self.projects if p.selected)


def heading_results(heading: BudgetHeading) -> HeadingResult | None:
    if heading.result_json is None:
        return None
    outcome = json.loads(heading.result_json)
    reasons = {e["project"]: e for e in outcome["explanations"]}
    proposals = {
        str(p.id): p
        for p in db.session.scalars(
            select(BudgetProposal).where(
                BudgetProposal.heading_id == heading.id,
                BudgetProposal.state == PROPOSAL_FEASIBLE,
            )
        )
    }
    rows = [
        ProjectResult(
            proposal=proposals[pid],
            votes=int(Fraction(str(reasons.get(pid, {}).get("score", 0)))),
            selected=pid in outcome["selected"],
            reason=explain(reasons.get(pid, {"code": "no_votes"}), proposals[pid].cost),
        )
        for pid in proposals
    ]
    rows.sort(key=lambda r: (not r.selected, -r.votes, r.proposal.title))
    return HeadingResult(heading=heading, outcome=outcome, projects=rows)
