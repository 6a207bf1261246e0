"""Participatory bodies' processing of personal data (GDPR art. 30; civic.privacy): the
members of each body."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select

from civic.models import Body, BodyMember
from civic.privacy import Processing, Retention, rows_changed

MEMBERS_KEPT_MONTHS = 72  # six years after the seat ends: the body's reports cite them


def _delete_former_members(now: datetime, before: datetime) -> int:
    """A member who left the body, or whose body's term ended, long ago."""
    cutoff = before.date()
    return rows_changed(
        delete(BodyMember).where(
            or_(
                BodyMember.until < cutoff,
                BodyMember.body_id.in_(select(Body.id).where(Body.term_end < cutoff)),
            )
        )
    )


MEMBERS = Processing(
    key="bodies",
    name=_l("Instances participatives : membres"),
    purpose=_l(
        "Tenir et publier la composition des instances participatives (commission "
        "consultative des services publics locaux, audit citoyen, conseil des jeunes, "
        "instance de l'action sociale…) : qui siège, dans quelle catégorie, pour qui."
    ),
    legal_basis=_l(
        "Mission d'intérêt public (RGPD art. 6.1.e) : CGCT L1413-1 et délibérations du "
        "conseil municipal créant les instances."
    ),
    data=(_l("nom du membre"), _l("catégorie de siège, organisme représenté, dates")),
    people=(_l("membres des instances participatives"),),
    recipients=(_l("le public : composition des instances"), _l("agents de la mairie")),
    retention=(
        Retention(
            key="body_members",
            what=_l("Membres des instances"),
            starts=_l("après la fin de leur siège ou du mandat de l'instance"),
            then=_l("supprimés"),
            months=MEMBERS_KEPT_MONTHS,
            erase=_delete_former_members,
        ),
    ),
    tables=("body_members",),
    pages=("bodies.show",),
)

PROCESSINGS = (MEMBERS,)
