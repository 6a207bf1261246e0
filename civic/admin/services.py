"""Staff accounts: granting and revoking roles (admin only, audited)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.auth.emails import canonical_email
from civic.extensions import db
from civic.models import AuditEntry, User, UserRole
from civic.models.accounts import ROLE_ADMIN, STAFF_ROLES
from civic.services import Refused


def staff() -> list[User]:
    return list(
        db.session.scalars(
            select(User).join(UserRole).distinct().order_by(User.family_name, User.id)
        ).unique()
    )


def change_role(email: str, role: str, *, grant: bool, actor: User, now: datetime) -> User:
    if role not in STAFF_ROLES:
        raise Refused(_("Rôle inconnu."), "role")
    user = db.session.scalar(
        select(User).where(
            User.email_canonical == canonical_email(email), User.deleted_at.is_(None)
        )
    )
    if user is None:
        raise Refused(_("Aucun compte avec cette adresse."), "email")
    before = sorted(user.role_names)
    if grant:
        if role in user.role_names:
            raise Refused(_("Ce compte a déjà ce rôle."), "role")
        user.roles.append(UserRole(role=role, granted_at=now))
    else:
        if role not in user.role_names:
            raise Refused(_("Ce compte n'a pas ce rôle."), "role")
        if role == ROLE_ADMIN and user.id == actor.id:
            raise Refused(_("Vous ne pouvez pas retirer votre propre rôle d'administration."))
        user.roles = [r for r in user.roles if r.role != role]
    db.session.flush()
    audit.record(
        actor=actor,
        action="role.granted" if grant else "role.revoked",
        object_type="user",
        object_id=user.id,
        before=before,
        after=sorted(user.role_names),
        now=now,
    )
    db.session.commit()
    return user


def audit_page(page: int, per_page: int = 50) -> tuple[list[AuditEntry], bool]:
    rows = list(
        db.session.scalars(
            select(AuditEntry)
            .order_by(AuditEntry.seq.desc())
            .offset((page - 1) * per_page)
            .limit(per_page + 1)
        )
    )
    return rows[:per_page], len(rows) > per_page
