"""What a civic act obliges the council to do next (docs/rules.md §3, §5, §6, §7).

Feature areas publish domain events (``civic.events``); this layer's handlers,
registered by ``create_app``, put items on the council's agenda
(:mod:`civic.followup.agenda`): a petition's presentation and the answer the
council owes it, a votation's result; draft the votation a petition calls for
(:mod:`civic.followup.votations`); put items to a neighbourhood council's vote
(:mod:`civic.followup.councils`); and write what they store in the commune's
language (:mod:`civic.followup.wording`). Areas may import this layer; it
imports no area (``make lint`` holds both).

To add a consequence: a frozen event in ``civic.events`` published by the area
where the act happens (inside its transaction, before its one commit); a handler
here, idempotent (a unique constraint or a lookup first), storing its text through
``wording``; one ``events.register`` line below; a test that the consequence
happens once.
"""

from __future__ import annotations

from flask import Flask

from civic import events
from civic.followup import councils, petitions, votations


def register_handlers(app: Flask) -> None:
    """Subscribe the follow-up handlers to the events areas publish (once per app)."""
    events.register(app, events.ThresholdCrossed, petitions.on_threshold_crossed)
    events.register(app, events.ThresholdLost, petitions.on_threshold_lost)
    events.register(app, events.VotationResultsPublished, votations.on_results_published)
    events.register(app, events.ProposalFeasible, councils.on_proposal_feasible)
