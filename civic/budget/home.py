"""The participatory budget's card on the home page: its phase, and until when
(civic.home; registered in create_app)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from civic.budget.forms import PHASE_LABELS
from civic.budget.setup import phase_of
from civic.electorate import local_day
from civic.extensions import db
from civic.home import NOW, RECENT, Card
from civic.models import Budget
from civic.models.budget import (
    PHASE_FOLLOWUP,
    PHASE_PROPOSALS,
    PHASE_RESULTS,
    PHASE_REVIEW,
    PHASE_UPCOMING,
    PHASE_VOTE,
)

SHOWN = 2


def _ends(budget: Budget, phase: str) -> datetime:
    """When the phase in force ends."""
    return {
        PHASE_PROPOSALS: budget.review_from,
        PHASE_REVIEW: budget.vote_from,
        PHASE_VOTE: budget.results_from,
    }.get(phase, budget.followup_from)


def _text(phase: str) -> str:
    texts = {
        PHASE_PROPOSALS: _("Proposez un projet pour votre quartier ou toute la commune."),
        PHASE_REVIEW: _("Les services de la commune étudient les propositions."),
        PHASE_VOTE: _("Votez pour les projets que vous voulez voir réalisés."),
        PHASE_RESULTS: _("Les projets retenus sont connus."),
    }
    return texts.get(phase, "")


def cards(now: datetime) -> Iterator[Card]:
    budgets = db.session.scalars(
        select(Budget)
        .where(Budget.followup_from > now)
        .order_by(Budget.proposals_from, Budget.id)
        .limit(SHOWN)
    )
    for budget in budgets:
        phase = phase_of(budget, now)
        if phase == PHASE_FOLLOWUP:  # never: those are not read
            continue
        url = url_for("budget.show", budget_id=budget.id)
        kind = f"{_('Budget participatif')} · {PHASE_LABELS[phase]}"
        if phase == PHASE_RESULTS:
            yield Card(RECENT, kind, budget.title, url, _text(phase), at=budget.results_from)
            continue
        if phase == PHASE_UPCOMING:
            text = _(
                "Le dépôt des propositions commence le %(day)s.",
                day=format_date(local_day(budget.proposals_from), "long"),
            )
            yield Card(NOW, kind, budget.title, url, text, at=budget.proposals_from)
            continue
        ends = _ends(budget, phase)
        yield Card(
            NOW,
            kind,
            budget.title,
            url,
            _text(phase),
            at=ends,
            until=local_day(ends - timedelta(microseconds=1)),
        )
