"""Accounts opened and reached through an identity provider (civic.auth.oidc).

The provider vouches for the names and birth date; everything else is registration's
rules (``civic.auth.services.register``): the age to open an account, the identity
key, one account per person and per address, answered alike whether or not someone
is registered. Residence is still checked by a clerk (the account starts unverified).

A provider identity reaches an account only through its own row (issuer and
subject, ``ProviderIdentity``), written when the account is opened through the
provider. Nothing ties it to an account by e-mail: whoever controls an address at a
provider must not take over the Civic account of that address. A person who already
has a password account and signs in through the provider gets the usual "check your
mail" page and a mail that tells them to log in with their account: no second
account, and no account linked behind their back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from civic.auth import mails, services, sessions
from civic.auth.emails import canonical_email
from civic.core.electorate import Electorate, Person
from civic.decisions import serialised_on
from civic.electorate import local_day, refuse_unless_eligible
from civic.extensions import db
from civic.models import Neighbourhood, ProviderIdentity, User
from civic.services import Refused

# Longest names the account keeps (the columns of ``User``).
FAMILY_NAME_MAX = 120
GIVEN_NAMES_MAX = 160


@dataclass(frozen=True)
class VouchedIdentity:
    """What the provider said, once its signature and claims were checked."""

    issuer: str
    subject: str
    provider: str
    family_name: str
    given_names: str
    birth_date: date
    email: str | None
    email_verified: bool | None


def account_of(identity: VouchedIdentity) -> User | None:
    """The live account this provider identity opened, if any."""
    return db.session.scalar(
        select(User)
        .join(ProviderIdentity, ProviderIdentity.user_id == User.id)
        .where(
            ProviderIdentity.issuer == identity.issuer,
            ProviderIdentity.subject == identity.subject,
            User.deleted_at.is_(None),
        )
    )


def log_in(user: User, *, user_agent: str, now: datetime) -> User:
    """Open a server-side session for an account the provider vouched for, as a
    password log-in does (``civic.auth.services.log_in``)."""
    user.session_token = sessions.open_session(user.id, user_agent, remember=False, now=now)
    db.session.commit()
    return user


def check_identity(identity: VouchedIdentity, *, now: datetime) -> str:
    """Registration's rules on the vouched identity; returns its identity key.
    Refused (with the reason) for a birth date out of range, a person under the
    age to open an account, or a name that cannot be keyed."""
    today = local_day(now)
    if identity.birth_date > today or identity.birth_date.year < 1900:
        raise Refused(_("Cette date de naissance n'est pas possible."), "birth_date")
    refuse_unless_eligible(
        Electorate(residence_verified=False), Person(identity.birth_date), today, "birth_date"
    )
    return services.person_key(identity.family_name, identity.given_names, identity.birth_date)


@dataclass(frozen=True)
class Residence:
    email: str
    address: str
    neighbourhood_id: int
    locale: str | None = None


def register(
    identity: VouchedIdentity, residence: Residence, *, user_agent: str, now: datetime
) -> User | None:
    """Open an account with the provider's identity and log it in; None when the
    address or the person already has an account (its owner is mailed, the page
    answers as for a new account, as registration does)."""
    key = check_identity(identity, now=now)
    if db.session.get(Neighbourhood, residence.neighbourhood_id) is None:
        raise Refused(_("Choisissez un quartier de la liste."), "neighbourhood_id")
    email_key = canonical_email(residence.email)
    # The same order of locks as registration: the person, then the address.
    serialised_on(f"identity:{key}")
    serialised_on(f"email:{email_key}")
    if _mailed_an_owner(key, email_key, now):
        return None
    # A deleted account keeps its identity key but lets its person register again:
    # its tie to the provider goes to the new account.
    db.session.execute(
        delete(ProviderIdentity).where(
            ProviderIdentity.issuer == identity.issuer,
            ProviderIdentity.subject == identity.subject,
        )
    )
    vouched_email = (
        identity.email is not None
        and identity.email_verified is not False
        and canonical_email(identity.email) == email_key
    )
    user = User(
        email=residence.email.strip(),
        email_canonical=email_key,
        password_hash=None,
        family_name=identity.family_name,
        given_names=identity.given_names,
        birth_date=identity.birth_date,
        address=residence.address.strip(),
        neighbourhood_id=residence.neighbourhood_id,
        identity_key=key,
        identity_provider=identity.provider,
        locale=residence.locale,
        # The provider's own address needs no second confirmation; another one does.
        email_confirmed_at=now if vouched_email else None,
        created_at=now,
    )
    db.session.add(user)
    db.session.flush()
    db.session.add(
        ProviderIdentity(
            user_id=user.id, issuer=identity.issuer, subject=identity.subject, created_at=now
        )
    )
    user.session_token = sessions.open_session(user.id, user_agent, remember=False, now=now)
    if vouched_email:
        db.session.commit()
    else:
        mails.registration_mail_later(mails.CONFIRM, user.id, now)  # commits the account
    return user


def _mailed_an_owner(key: str, email_key: str, now: datetime) -> bool:
    """One account per address and per person: tell the owner (the same queued mail
    as registration's), say nothing here."""
    by_email = db.session.scalar(select(User).where(User.email_canonical == email_key))
    if by_email is not None:
        mails.registration_mail_later(mails.ADDRESS_TAKEN, by_email.id, now)
        return True
    same_person = db.session.scalar(
        select(User).where(User.identity_key == key, User.deleted_at.is_(None))
    )
    if same_person is not None:
        mails.registration_mail_later(mails.PERSON_TAKEN, same_person.id, now)
        return True
    return False
