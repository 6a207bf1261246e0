"""The petitions area's queues on the clerks' to-do list (civic.clerk_queues)."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l

from civic.clerk_queues import Queue, Tally, tally_of
from civic.models import Petition
from civic.petitions.moderation import signatures_to_check
from civic.petitions.overdue import answers_overdue, meetings_of
from civic.petitions.queries import to_admit


def _signatures() -> Tally:
    url = url_for("petitions.signatures")
    return tally_of(signatures_to_check(), lambda s: (s.petition.title, s.created_at, url), url)


def _petitions() -> Tally:
    url = url_for("petitions.review")
    return tally_of(to_admit(), lambda p: (p.title, p.submitted_at, url), url)


def _answers_overdue() -> Tally:
    url = url_for("petitions_clerk.overdue")

    def describe(petition: Petition) -> tuple[str, datetime | None, str]:
        meeting = meetings_of([petition]).get(petition.id)
        return petition.title, meeting.starts_at if meeting else None, url

    return tally_of(answers_overdue(), describe, url)


QUEUES = (
    Queue(key="signatures", title=_l("Signatures à vérifier"), tally=_signatures),
    Queue(key="petitions", title=_l("Pétitions à examiner"), tally=_petitions),
    Queue(
        key="petition_answers_overdue",
        title=_l("Réponses aux pétitions en retard"),
        tally=_answers_overdue,
    ),
)
