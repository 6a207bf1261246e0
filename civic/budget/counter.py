"""The participatory budget at the town hall's counter: a clerk proposes a project or
casts a ballot for the person they serve, with that person's consent (civic/counter.py).

The person is the author or the voter — their account, their identity key, the
online rules (verified residence, age, neighbourhood) — and the clerk is ``by``: the
consent and the audit entry "au guichet, par <clerk>" are written in the same
transaction as the act.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from civic import counter
from civic.budget import voting
from civic.budget.proposals import ProposalInput, add_proposal
from civic.extensions import db
from civic.models import CounterAct, User
from civic.models.counter import ACT_BALLOT, ACT_PROPOSAL
from civic.services import Refused

# BudgetBallot.channel of a ballot cast at the counter: the person's own, which they
# may change online until the vote closes, as an online one.
CHANNEL_COUNTER = "counter"


def propose_for(
    budget_id: int,
    data: ProposalInput,
    *,
    person: User,
    by: User,
    consent: bool,
    now: datetime,
) -> CounterAct:
    """Submit ``person``'s project (no image at the counter); returns the consent."""
    counter.require_consent(consent)
    proposal = add_proposal(budget_id, data, image=None, author=person, now=now)
    act = counter.record_consent(
        person=person,
        by=by,
        kind=ACT_PROPOSAL,
        action="budget.proposal_counter_submitted",
        object_type="budget_proposal",
        object_id=proposal.id,
        label=_("Proposition au budget participatif : %(title)s", title=proposal.title),
        now=now,
    )
    db.session.commit()
    return act


def vote_for(
    heading_id: int,
    *,
    person: User,
    by: User,
    chosen: set[int],
    consent: bool,
    now: datetime,
) -> CounterAct:
    """Cast or replace ``person``'s ballot in a heading; returns the consent. The
    receipt names the heading, never the projects chosen."""
    counter.require_consent(consent)
    heading = voting.open_heading(heading_id, now)
    reason = voting.refusal_reason(heading, person)
    if reason:
        raise Refused(reason)
    total = voting.check_ballot(heading, chosen)
    if total.problem:
        raise Refused(total.problem, "projects")
    voting.store_ballot(
        heading,
        person.identity_key,
        chosen,
        voter_id=person.id,
        channel=CHANNEL_COUNTER,
        entered_by_id=by.id,
        now=now,
    )
    act = counter.record_consent(
        person=person,
        by=by,
        kind=ACT_BALLOT,
        action="budget.ballot_counter_cast",
        object_type="budget_heading",
        object_id=heading.id,
        label=_(
            "Vote au budget participatif « %(budget)s », rubrique « %(heading)s »",
            budget=heading.budget.title,
            heading=heading.name,
        ),
        now=now,
    )
    db.session.commit()
    return act
