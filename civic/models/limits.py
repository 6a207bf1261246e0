"""Counters that slow down abuse, shared by every app server through the database:
Flask-Limiter's rate-limit windows (``civic.rate_limits``) and failed log-ins
(``civic.auth.throttle``). Keys are stored as SHA-256 digests: no e-mail address or
client address is kept in these tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base


class RateLimitCounter(Base):
    """One fixed window of one rate limit: hits so far, and when the window ends."""

    __tablename__ = "rate_limit_counters"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[int]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LoginFailures(Base):
    """Failed log-ins for one account from one client (or, for the account-wide
    backstop, from every client it does not know), and until when the next try waits."""

    __tablename__ = "login_failures"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int]
    last_failed_at: Mapped[datetime] = mapped_column(index=True)
    wait_until: Mapped[datetime]
