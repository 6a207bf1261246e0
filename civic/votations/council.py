"""The council's decision on a votation's results (docs/rules.md §4, §9).

Every votation ends in a deliberation of the municipal council: once the results are
published, a clerk records it from the minutes (adopted, rejected or adopted as amended,
its date, number and vote) through the service every area shares
(``civic.deliberations``), as for a petition's thresholds; it is shown on the
votation's page and in ``/api/v1/votations/<id>``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from civic.core.council_decision import DecisionFacts
from civic.decisions import locked
from civic.deliberations import services as deliberations
from civic.extensions import db
from civic.models import CouncilDecision, User, Votation
from civic.models.votations import STATUS_PUBLISHED
from civic.services import Refused
from civic.votations.eligibility import local_day

SUBJECT_TYPE = "votation"
MATTER = "result"
MATTER_LABELS = {MATTER: _l("Suite donnée aux résultats")}


def decisions_of(votation_id: int) -> list[CouncilDecision]:
    return deliberations.decisions_about(SUBJECT_TYPE, votation_id)


def awaiting_decision(votation: Votation) -> list[tuple[str, str]]:
    """The matters a clerk may still record a decision on: the published results."""
    if votation.status != STATUS_PUBLISHED:
        return []
    if deliberations.decision_on(SUBJECT_TYPE, votation.id, MATTER) is not None:
        return []
    return [(MATTER, str(MATTER_LABELS[MATTER]))]


def record_council_decision(
    votation_id: int, *, facts: DecisionFacts, summary: str | None, actor: User, now: datetime
) -> CouncilDecision:
    """A clerk records the council's deliberation on the published results (audited)."""
    votation = locked(Votation, votation_id)
    if votation is None or votation.status == "draft":
        raise Refused(_("Cette votation n'existe pas."))
    if votation.status != STATUS_PUBLISHED or votation.published_at is None:
        raise Refused(
            _("Le conseil délibère sur les résultats : ils doivent d'abord être publiés.")
        )
    decision = deliberations.record_decision(
        subject_type=SUBJECT_TYPE,
        subject_id=votation.id,
        matter=MATTER,
        facts=facts,
        summary=summary,
        not_before=local_day(votation.published_at),
        actor=actor,
        now=now,
        today=local_day(now),
    )
    db.session.commit()
    return decision


def decisions_as_open_data(votation_id: int) -> list[dict[str, Any]]:
    return [deliberations.decision_as_open_data(d) for d in decisions_of(votation_id)]
