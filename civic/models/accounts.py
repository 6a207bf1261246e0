"""People: accounts, roles, verification levels and single-use tokens (docs/rules.md §1)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.core.electorate import age_on
from civic.models.base import Base, utcnow

# Verification levels, lowest first (docs/rules.md §1).
UNVERIFIED = "unverified"
RESIDENT = "resident"
ELECTOR = "elector"
VERIFIED_LEVELS = frozenset({RESIDENT, ELECTOR})

# Roles a person may hold; several at once.
ROLE_CLERK = "clerk"
ROLE_COUNCILLOR = "councillor"
ROLE_ADMIN = "admin"
STAFF_ROLES = (ROLE_CLERK, ROLE_COUNCILLOR, ROLE_ADMIN)


class AccountRules(UserMixin):
    """What an account may do, decided from its own columns and role names: shared by
    the ORM ``User`` and the lighter account a hot write loads for its session
    (``civic.auth.services.SessionAccount``), so both answer alike."""

    if TYPE_CHECKING:  # provided by each class (columns, or a Core row)
        verification: str
        birth_date: date | None
        deleted_at: datetime | None
        given_names: str | None
        family_name: str | None

        @property
        def role_names(self) -> set[str]: ...

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the account
        and its server-side session (``session_token``, the raw id set when the account
        is logged in or loaded for a request: civic.auth.sessions), so ending the
        session on the server ends both cookies."""
        return f"{getattr(self, 'id', '')}:{getattr(self, 'session_token', '')}"

    @property
    def is_active(self) -> bool:  # Flask-Login: deleted accounts cannot log in
        return self.deleted_at is None

    def has_role(self, role: str) -> bool:
        return role in self.role_names

    @property
    def is_staff(self) -> bool:
        return bool(self.role_names)

    @property
    def is_verified_resident(self) -> bool:
        return self.verification in VERIFIED_LEVELS

    @property
    def is_elector(self) -> bool:
        return self.verification == ELECTOR

    @property
    def display_name(self) -> str:
        return f"{self.given_names or ''} {self.family_name or ''}".strip()

    def age_on(self, day: date) -> int | None:
        return None if self.birth_date is None else age_on(self.birth_date, day)


class User(AccountRules, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    # The canonical form (lower-case, no +tag, no dots for Gmail) stops one inbox
    # from opening many accounts.
    email_canonical: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    family_name: Mapped[str | None] = mapped_column(String(120))
    given_names: Mapped[str | None] = mapped_column(String(160))
    birth_date: Mapped[date | None]
    address: Mapped[str | None] = mapped_column(String(300))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"))
    # Keyed hash of the normalised identity (docs/rules.md §3); kept when the account is
    # deleted so nobody signs twice by re-registering.
    identity_key: Mapped[str] = mapped_column(String(64), index=True)
    verification: Mapped[str] = mapped_column(String(16), default=UNVERIFIED)
    verification_decided_at: Mapped[datetime | None]
    verification_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verification_refusal: Mapped[str | None] = mapped_column(String(500))
    # Set when the names and birth date came from an identity provider (its name, as
    # shown: "identité fournie par FranceConnect"); the resident cannot edit them.
    identity_provider: Mapped[str | None] = mapped_column(String(80))
    eu_citizen: Mapped[bool] = mapped_column(default=False)
    email_confirmed_at: Mapped[datetime | None]
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    # The last log-in or use of a session (civic.auth.sessions), and when the person
    # was told the account would close for lack of use (civic.account.privacy).
    last_active_at: Mapped[datetime | None]
    inactivity_warned_at: Mapped[datetime | None]

    neighbourhood = relationship("Neighbourhood", lazy="joined")
    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def role_names(self) -> set[str]:
        return {role.role for role in self.roles}


class UserRole(Base):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")


# Values of Token.purpose (below): labels, not secrets.
TOKEN_CONFIRM_EMAIL = "confirm_email"  # nosec B105  # a purpose name
TOKEN_RESET_PASSWORD = "reset_password"  # nosec B105  # a purpose name
TOKEN_CHANGE_EMAIL = "change_email"  # nosec B105  # a purpose name


class Token(Base):
    """A single-use token: only its SHA-256 is stored, so a database leak reveals none."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # An e-mail change's new address: the account takes it once the link is used.
    new_email: Mapped[str | None] = mapped_column(String(254))

    user: Mapped[User] = relationship()


class UserSession(Base):
    """A logged-in browser: the cookie carries a random id, the database only its
    SHA-256, so ending the row (log-out, password reset, "log out everywhere") ends
    the session on the server, whatever cookie a browser kept."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    # Updated at most every few minutes (civic.auth.sessions), never per request.
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    # The browser in plain words ("Firefox sur Android"), for the account page.
    device: Mapped[str] = mapped_column(String(80))
    remember: Mapped[bool] = mapped_column(default=False)
    # When this browser passed the second factor (civic.auth.second_factor); None for a
    # password-only session, which never counts as staff. Such a session ends after
    # STAFF_IDLE_MINUTES unused.
    second_factor_at: Mapped[datetime | None]


class SecondFactor(Base):
    """An account's authenticator app (TOTP, RFC 6238): staff must have one.

    ``last_step`` is the 30-second step of the last code accepted, so a code seen over
    a shoulder or in a log cannot be used again; ``failures`` counts wrong codes in a
    row (civic.auth.second_factor limits them). The secret is stored as the app holds
    it: Civic has no encryption key of its own, and it opens nothing without the
    password.
    """

    __tablename__ = "second_factors"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime]
    last_step: Mapped[int | None]
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None]


class RecoveryCode(Base):
    """A single-use code for when the authenticator is lost: only its SHA-256 is
    stored (the codes are random, so a plain hash cannot be reversed)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None]
