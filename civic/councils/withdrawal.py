"""An applicant withdraws their application to a neighbourhood council (docs/rules.md §5)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.councils.membership import member_of
from civic.decisions import locked
from civic.extensions import db
from civic.models import CouncilApplication, CouncilDraw, User
from civic.models.councils import (
    APPLICATION_ELIGIBLE,
    APPLICATION_PENDING,
    APPLICATION_WITHDRAWN,
    DRAW_COMPUTING,
    DRAW_FROZEN,
    DRAW_PUBLISHED,
    KIND_POOL,
)
from civic.services import Refused


def withdraw_application(application_id: int, *, user: User, now: datetime) -> CouncilApplication:
    """The applicant takes back a pending or accepted application, unless they already
    sit on the council or the draw's pool holding it is frozen (they may then decline
    the seat the draw offers)."""
    application = locked(CouncilApplication, application_id)
    if application is None or application.user_id != user.id:
        raise Refused(_("Candidature introuvable."))
    if application.status == APPLICATION_WITHDRAWN:
        raise Refused(_("Vous avez déjà retiré cette candidature."))
    if application.status not in (APPLICATION_PENDING, APPLICATION_ELIGIBLE):
        raise Refused(_("Cette candidature n'a pas été retenue : il n'y a rien à retirer."))
    if member_of(application.council_id, user.id) is not None:
        raise Refused(
            _("Vous siégez déjà au conseil : pour le quitter, adressez-vous à la mairie.")
        )
    if application.kind == KIND_POOL and application.status == APPLICATION_ELIGIBLE:
        frozen = db.session.scalar(
            select(CouncilDraw.id).where(
                CouncilDraw.council_id == application.council_id,
                CouncilDraw.state.in_([DRAW_FROZEN, DRAW_COMPUTING, DRAW_PUBLISHED]),
            )
        )
        if frozen is not None:
            raise Refused(
                _(
                    "Le vivier du tirage en cours est arrêté : si le sort vous désigne, "
                    "vous pourrez refuser le siège."
                )
            )
    before = application.status
    application.status = APPLICATION_WITHDRAWN
    application.decided_at = now
    application.decided_by_id = None
    audit.record(
        actor=user,
        action="council.application_withdrawn",
        object_type="council_application",
        object_id=application.id,
        before={"status": before},
        after={"status": APPLICATION_WITHDRAWN},
        now=now,
    )
    db.session.commit()
    return application
