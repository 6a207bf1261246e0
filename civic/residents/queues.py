"""The residents area's queues on the clerks' to-do list (civic.clerk_queues)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civic.clerk_queues import Queue, Tally, tally_of
from civic.models import IdentityCollision
from civic.residents.services import pending_residences


def _residences() -> Tally:
    url = url_for("residents.queue")
    return tally_of(pending_residences(), lambda u: (u.display_name, u.created_at, url), url)


def _reconciliations() -> Tally:
    """Paper and online entries that the identity keys found to be one person."""
    url = url_for("residents.collisions")
    statement = (
        select(IdentityCollision)
        .where(IdentityCollision.examined_at.is_(None))
        .order_by(IdentityCollision.found_at, IdentityCollision.id)
    )
    return tally_of(statement, lambda c: (None, c.found_at, url), url)


QUEUES = (
    Queue(key="residences", title=_l("Résidences à vérifier"), tally=_residences),
    Queue(
        key="reconciliations",
        title=_l("Doublons papier et en ligne à rapprocher"),
        tally=_reconciliations,
    ),
)
