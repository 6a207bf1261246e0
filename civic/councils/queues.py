"""The councils' queue on the clerks' to-do list (civic.clerk_queues)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civic.clerk_queues import Queue, Tally, tally_of
from civic.models import CouncilApplication
from civic.models.councils import APPLICATION_PENDING


def _applications() -> Tally:
    statement = (
        select(CouncilApplication)
        .where(CouncilApplication.status == APPLICATION_PENDING)
        .order_by(CouncilApplication.created_at, CouncilApplication.id)
    )
    return tally_of(
        statement,
        lambda a: (
            a.user.display_name,
            a.created_at,
            url_for("councils.applications", council_id=a.council_id),
        ),
        url_for("councils.index"),
    )


QUEUES = (
    Queue(
        key="applications", title=_l("Candidatures aux conseils de quartier"), tally=_applications
    ),
)
