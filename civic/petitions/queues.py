"""The petitions area's queues on the clerks' to-do list (civic.clerk_queues)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from civic.clerk_queues import Queue, Tally, tally_of
from civic.petitions.moderation import signatures_to_check
from civic.petitions.queries import to_admit


def _signatures() -> Tally:
    url = url_for("petitions.signatures")
    return tally_of(signatures_to_check(), lambda s: (s.petition.title, s.created_at, url), url)


def _petitions() -> Tally:
    url = url_for("petitions.review")
    return tally_of(to_admit(), lambda p: (p.title, p.submitted_at, url), url)


QUEUES = (
    Queue(key="signatures", title=_l("Signatures à vérifier"), tally=_signatures),
    Queue(key="petitions", title=_l("Pétitions à examiner"), tally=_petitions),
)
