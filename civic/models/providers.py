"""Identities vouched for by an identity provider (OpenID Connect: civic.auth.oidc).

A row ties an account to the provider's subject (``sub``, stable for one person and
one client at one issuer), so the same person signing in again reaches the same
account. The names and birth date it brought are on the account (``User``), with
the provider's name in ``User.identity_provider``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base, utcnow


class ProviderIdentity(Base):
    __tablename__ = "provider_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
