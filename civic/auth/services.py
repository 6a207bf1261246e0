"""Accounts: registration, e-mail confirmation, log-in and password reset."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app, has_request_context, render_template, request
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from sqlalchemy import Row, bindparam, exists, or_, select, update
from sqlalchemy.orm import joinedload

from civic.auth import mails, second_factor, sessions, throttle
from civic.auth.emails import canonical_email
from civic.auth.passwords import check_password, hash_new_password, hash_password, needs_rehash
from civic.core.electorate import Electorate, Person
from civic.core.identity import IdentityError, identity_key, mixes_scripts
from civic.database import writes_from_first_query
from civic.decisions import serialised_on
from civic.electorate import local_day, refuse_unless_eligible
from civic.extensions import db
from civic.models import Neighbourhood, Token, User, UserSession
from civic.models.accounts import TOKEN_CONFIRM_EMAIL, TOKEN_RESET_PASSWORD, AccountRules, UserRole
from civic.services import Refused, now_utc

# Built once: every request runs it, and building a statement costs more than
# running it from SQLAlchemy's compiled cache.
# The session's row is checked in the same statement, by its primary key: a session
# ended on the server (civic.auth.sessions) loads no account.
# An account holding a role is loaded only by a session that passed the second factor
# (civic.auth.second_factor): a password alone never opens a staff session, nor does a
# session opened before the role was granted.
_SECOND_FACTOR_IF_STAFF = or_(
    UserSession.second_factor_at.is_not(None), ~exists().where(UserRole.user_id == User.id)
)
_SESSION_USER = (
    select(User, UserSession.last_seen_at, UserSession.second_factor_at)
    .join(UserSession, UserSession.user_id == User.id)
    .options(joinedload(User.roles))
    .where(
        UserSession.id == bindparam("session_hash"),
        UserSession.expires_at > bindparam("now"),
        User.id == bindparam("user_id"),
        User.deleted_at.is_(None),
        _SECOND_FACTOR_IF_STAFF,
    )
)


# A hot write (a signature, a ballot: views marked ``reads_before_writing``) reads
# the session's account in Core: the ORM's loading of the User with its roles and
# neighbourhood cost 8 % of a signature's CPU (measured). Same columns, same rules
# (``AccountRules``); roles and neighbourhood are read if something asks for them.
_ACCOUNT = User.__table__.c
_SESSIONS = UserSession.__table__.c
_SESSION_ACCOUNT = select(
    _ACCOUNT.id,
    _ACCOUNT.email,
    _ACCOUNT.family_name,
    _ACCOUNT.given_names,
    _ACCOUNT.birth_date,
    _ACCOUNT.neighbourhood_id,
    _ACCOUNT.identity_key,
    _ACCOUNT.verification,
    _ACCOUNT.verification_refusal,
    _ACCOUNT.locale,
    _ACCOUNT.deleted_at,
    _SESSIONS.last_seen_at.label("session_seen_at"),
    _SESSIONS.second_factor_at.label("session_second_factor_at"),
).where(
    _SESSIONS.id == bindparam("session_hash"),
    _SESSIONS.user_id == _ACCOUNT.id,
    _SESSIONS.expires_at > bindparam("now"),
    _ACCOUNT.id == bindparam("user_id"),
    _ACCOUNT.deleted_at.is_(None),
    _SECOND_FACTOR_IF_STAFF,
)
_ROLE_NAMES = select(UserRole.__table__.c.role).where(
    UserRole.__table__.c.user_id == bindparam("user_id")
)


class SessionAccount(AccountRules):
    """The session's account during a hot write: a Core row, read-only. Services take
    it where they take a User (they read its id, identity key and rules)."""

    def __init__(self, row: Row[*tuple[Any, ...]]) -> None:
        self.__dict__.update(row._asdict())

    id: int
    email: str | None
    family_name: str | None
    given_names: str | None
    birth_date: date | None
    neighbourhood_id: int | None
    identity_key: str
    verification: str
    verification_refusal: str | None
    locale: str | None
    deleted_at: datetime | None
    session_seen_at: datetime
    session_second_factor_at: datetime | None

    @functools.cached_property
    def role_names(self) -> set[str]:
        rows = db.session.connection().execute(_ROLE_NAMES, {"user_id": self.id})
        return set(rows.scalars())

    @functools.cached_property
    def neighbourhood(self) -> Neighbourhood | None:
        if self.neighbourhood_id is None:
            return None
        return db.session.get(Neighbourhood, self.neighbourhood_id)


def load_user(session_id: str) -> User | SessionAccount | None:
    """The session's account with its roles, in one query (every request runs this):
    ``session_id`` is ``"<user id>:<session id>"`` (``AccountRules.get_id``), and the
    session's row must still be there and not expired."""
    parts = sessions.split_id(session_id)
    if parts is None:
        return None
    now = now_utc()
    params = {"user_id": parts[0], "session_hash": sessions.session_hash(parts[1]), "now": now}
    account: User | SessionAccount
    if has_request_context() and not writes_from_first_query(
        current_app.view_functions.get(request.endpoint or "")
    ):
        row = db.session.connection().execute(_SESSION_ACCOUNT, params).one_or_none()
        if row is None:
            return None
        account = SessionAccount(row)
        seen, passed = account.session_seen_at, account.session_second_factor_at
    else:
        found = db.session.execute(_SESSION_USER, params).unique().one_or_none()
        if found is None:
            return None
        account, seen, passed = found
    account.session_token = parts[1]
    if has_request_context():
        sessions.remember_seen(parts[1], seen, now, staff=passed is not None)
    return account


def person_key(family_name: str, given_names: str, birth_date: date) -> str:
    """The identity key of a name typed anywhere (registration, paper sheets, the
    electoral list); a name that mixes alphabets or has no letter is refused on
    its field (docs/rules.md §3)."""
    for field, name in (("family_name", family_name), ("given_names", given_names)):
        if mixes_scripts(name):
            raise Refused(
                _(
                    "Ce nom mélange des alphabets différents (par exemple des lettres latines "
                    "et cyrilliques). Écrivez-le dans un seul alphabet, comme sur la pièce "
                    "d'identité."
                ),
                field,
            )
    secret = current_app.config["IDENTITY_KEY_SECRET"].encode("utf-8")
    try:
        return identity_key(secret, family_name, given_names, birth_date)
    except IdentityError as error:
        if error.code != "family_name_empty":
            raise
        raise Refused(
            _("Le nom de famille doit contenir au moins une lettre."), "family_name"
        ) from error


@dataclass(frozen=True)
class Registration:
    family_name: str
    given_names: str
    birth_date: date
    email: str
    address: str
    neighbourhood_id: int
    password: str
    locale: str | None = None


def register(data: Registration, *, now: datetime) -> None:
    """Create an unverified account and mail a confirmation link.

    When the address is already taken the same answer is given (and the owner is
    told by mail), so the form does not reveal who has an account.
    """
    today = local_day(now)
    if data.birth_date > today or data.birth_date.year < 1900:
        raise Refused(_("Cette date de naissance n'est pas possible."), "birth_date")
    # An account is opened from 16 (docs/rules.md §1); residence is checked afterwards.
    refuse_unless_eligible(
        Electorate(residence_verified=False), Person(data.birth_date), today, "birth_date"
    )
    if db.session.get(Neighbourhood, data.neighbourhood_id) is None:
        raise Refused(_("Choisissez un quartier de la liste."), "neighbourhood_id")
    key = person_key(data.family_name, data.given_names, data.birth_date)
    email_key = canonical_email(data.email)
    # Hashed whether or not an account is opened: every answer below takes as long.
    password_hash = hash_new_password(
        data.password, context=(data.email, data.family_name, data.given_names)
    )
    # One person, one account: two registrations of the same person at once are
    # taken one after the other, so the second one finds the first one's account.
    serialised_on(f"identity:{key}")
    # And one account per address: two people registering one address at once (the
    # person's lock first, the address's second: always in that order).
    serialised_on(f"email:{email_key}")
    existing_by_email = db.session.scalar(select(User).where(User.email_canonical == email_key))
    # Every path below queues one mail (civic.auth.mails): the same work either way.
    if existing_by_email is not None:
        mails.registration_mail_later(mails.ADDRESS_TAKEN, existing_by_email.id, now)
        return
    active_same_person = db.session.scalar(
        select(User).where(User.identity_key == key, User.deleted_at.is_(None))
    )
    if active_same_person is not None:
        # One person, one account (docs/rules.md §3): the owner is told, the form
        # answers as for a new account, so it does not reveal who is registered.
        mails.registration_mail_later(mails.PERSON_TAKEN, active_same_person.id, now)
        return
    user = User(
        email=data.email.strip(),
        email_canonical=email_key,
        password_hash=password_hash,
        family_name=data.family_name.strip(),
        given_names=data.given_names.strip(),
        birth_date=data.birth_date,
        address=data.address.strip(),
        neighbourhood_id=data.neighbourhood_id,
        identity_key=key,
        locale=data.locale,
        created_at=now,
    )
    db.session.add(user)
    db.session.flush()
    mails.registration_mail_later(mails.CONFIRM, user.id, now)  # commits the account


def confirm_email(raw_token: str, *, now: datetime) -> User:
    token = _usable_token(raw_token, TOKEN_CONFIRM_EMAIL, now)
    token.used_at = now
    user = token.user
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    db.session.commit()
    return user


def check_token(raw_token: str, purpose: str, *, now: datetime) -> None:
    """Refuse an unknown, used or expired token before showing its form."""
    _usable_token(raw_token, purpose, now)


def authenticate(email: str, password: str, *, now: datetime) -> User:
    # Refused before any password is checked while this client must wait (too many
    # failures on this account: civic.auth.throttle).
    attempt = throttle.before_password(email, now)
    user = db.session.scalar(
        select(User).where(
            User.email_canonical == canonical_email(email), User.deleted_at.is_(None)
        )
    )
    # The password is checked even for an unknown address (against a stand-in hash):
    # the same answer, in the same time, whether the address has an account or not.
    matches = check_password(user.password_hash if user is not None else None, password)
    if user is None or not matches:
        throttle.failed(attempt, now)
        raise Refused(_("Adresse ou mot de passe incorrect."))
    throttle.succeeded(attempt)
    if user.email_confirmed_at is None:
        raise Refused(
            _("Confirmez d'abord votre adresse avec le lien reçu par courrier électronique.")
        )
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def log_in(email: str, password: str, *, remember: bool, user_agent: str, now: datetime) -> User:
    """Check the password and open a server-side session for this browser; the
    account comes back with its ``session_token`` for Flask-Login's cookies."""
    user = authenticate(email, password, now=now)
    if second_factor.required(user):
        return user  # no session: the second step opens it (civic.auth.second_factor)
    user.session_token = sessions.open_session(user.id, user_agent, remember=remember, now=now)
    db.session.commit()
    return user


def log_out(session_token: str | None) -> None:
    """End this browser's session on the server: its cookies open nothing any more."""
    sessions.end_session(session_token)
    db.session.commit()


def log_out_everywhere(user_id: int) -> None:
    """End every session of the account, this browser's included."""
    sessions.end_all_sessions(user_id)
    db.session.commit()


def request_password_reset(email: str, *, now: datetime) -> None:
    """Mail a reset link if the address has an account; say nothing either way. The
    request only queues the job, which looks the address up (civic.auth.mails)."""
    mails.reset_link_later(email, now)


def reset_password(raw_token: str, password: str, *, now: datetime) -> User:
    token = _usable_token(raw_token, TOKEN_RESET_PASSWORD, now)
    password_hash = hash_new_password(password, context=(token.user.email or "",))
    # Using one reset link spends every other one the account was sent.
    _spend_tokens(token, now)
    token.user.password_hash = password_hash
    # Whoever held the old password is logged out everywhere.
    sessions.end_all_sessions(token.user_id)
    # Whoever can read the inbox could also have confirmed it.
    if token.user.email_confirmed_at is None:
        token.user.email_confirmed_at = now
    # And logs in from this browser as the owner, whoever is guessing elsewhere.
    throttle.trust_this_browser(token.user.email or "")
    db.session.commit()
    return token.user


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _new_token(
    user: User, purpose: str, now: datetime, hours: int, new_email: str | None = None
) -> str:
    raw = secrets.token_urlsafe(32)
    db.session.add(
        Token(
            user_id=user.id,
            purpose=purpose,
            token_hash=_hash_token(raw),
            created_at=now,
            expires_at=now + timedelta(hours=hours),
            new_email=new_email,
        )
    )
    return raw


def _spend_tokens(token: Token, now: datetime) -> None:
    """Mark ``token`` used, and every other unused one of its account and purpose."""
    db.session.execute(
        update(Token)
        .where(
            Token.user_id == token.user_id,
            Token.purpose == token.purpose,
            Token.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    token.used_at = now


def _usable_token(raw: str, purpose: str, now: datetime) -> Token:
    token = db.session.scalar(
        select(Token).where(Token.token_hash == _hash_token(raw), Token.purpose == purpose)
    )
    if token is None or token.used_at is not None or token.expires_at < now:
        raise Refused(_("Ce lien n'est plus valable. Demandez-en un nouveau."))
    if token.user.deleted_at is not None:
        raise Refused(_("Ce lien n'est plus valable. Demandez-en un nouveau."))
    return token


def _send_mail(to: str, subject: str, template: str, **context: object) -> None:
    body = render_template(template, **context)
    EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)


# The account page (civic/account/credentials.py) changes an address with the same
# single-use links, spent the same way, and sends its mails alike.
new_token = _new_token
usable_token = _usable_token
spend_tokens = _spend_tokens
send_mail = _send_mail
