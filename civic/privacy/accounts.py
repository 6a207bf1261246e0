"""Closing accounts whose retention period has passed (an account never confirmed, a
residence refused long ago): the same erasure as a person deleting their own account
(``civic.account.services.delete_account``), done in bulk by the retention run.

The row and its identity key stay, as on a deletion: signatures already counted still
count once, and a closed account no longer stops its owner from registering again
(registration looks at open accounts only).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, exists, select, update

from civic.extensions import db
from civic.models import ProviderIdentity, Token, User, UserRole, UserSession

# What names, reaches or authenticates the person on an account.
ACCOUNT_PERSONAL_COLUMNS = (
    "email",
    "email_canonical",
    "password_hash",
    "family_name",
    "given_names",
    "address",
    "locale",
    "verification_refusal",
)


def close_accounts(condition: ColumnElement[bool], *, now: datetime) -> int:
    """Erase the personal data of the open accounts of non-staff people matching
    ``condition``; their tokens, sessions and ties to an identity provider go too.
    Returns how many."""
    ids = list(
        db.session.scalars(
            select(User.id).where(
                condition,
                User.deleted_at.is_(None),
                ~exists().where(UserRole.user_id == User.id),
            )
        )
    )
    if not ids:
        return 0
    db.session.execute(
        update(User)
        .where(User.id.in_(ids))
        .values({**dict.fromkeys(ACCOUNT_PERSONAL_COLUMNS), "deleted_at": now})
        .execution_options(synchronize_session=False)
    )
    db.session.execute(delete(Token).where(Token.user_id.in_(ids)))
    db.session.execute(delete(UserSession).where(UserSession.user_id.in_(ids)))
    # The identity provider's subject names the person there.
    db.session.execute(delete(ProviderIdentity).where(ProviderIdentity.user_id.in_(ids)))
    return len(ids)
