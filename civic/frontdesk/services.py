"""Registering a person at the counter, attaching an e-mail later, and finding the
people a clerk serves (docs/rules.md §1).

The clerk checks identity and residence on the spot, so the account is verified at
once: what was seen is recorded (``CounterCheck``), never a copy. The registration
rules are the site's: the identity key (one person, one account) and the age of 16.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from civic.audit import services as audit
from civic.auth import mails
from civic.auth.emails import canonical_email
from civic.auth.services import person_key
from civic.core.electorate import Electorate, Person
from civic.counter import at_the_counter
from civic.decisions import locked, serialised_on
from civic.electorate import local_day, refuse_unless_eligible
from civic.extensions import db
from civic.models import CounterAct, CounterCheck, ElectorRecord, Neighbourhood, User
from civic.models.accounts import ELECTOR, RESIDENT
from civic.services import Refused

DOCUMENT_MAX = 120
SEARCH_MAX = 80


class AlreadyRegistered(Refused):
    """The person already has an account: the clerk is sent to it."""

    def __init__(self, message: str, user_id: int) -> None:
        super().__init__(message, "family_name")
        self.user_id = user_id


@dataclass(frozen=True)
class CounterRegistration:
    family_name: str
    given_names: str
    birth_date: date
    address: str
    neighbourhood_id: int
    identity_document: str
    residence_document: str
    email: str = ""
    locale: str | None = None


def _document(text: str, field: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise Refused(_("Indiquez la pièce vue (par exemple « carte d'identité »)."), field)
    if len(text) > DOCUMENT_MAX:
        raise Refused(_("%(max)d caractères au plus.", max=DOCUMENT_MAX), field)
    return text


def _refuse_taken_email(email_key: str, person_id: int | None = None) -> None:
    other = db.session.scalar(select(User.id).where(User.email_canonical == email_key))
    if other is not None and other != person_id:
        raise Refused(_("Cette adresse est déjà celle d'un autre compte."), "email")


def register(data: CounterRegistration, *, clerk: User, now: datetime) -> User:
    """Open a verified account for a person standing at the counter."""
    today = local_day(now)
    if data.birth_date > today or data.birth_date.year < 1900:
        raise Refused(_("Cette date de naissance n'est pas possible."), "birth_date")
    refuse_unless_eligible(
        Electorate(residence_verified=False), Person(data.birth_date), today, "birth_date"
    )
    if db.session.get(Neighbourhood, data.neighbourhood_id) is None:
        raise Refused(_("Choisissez un quartier de la liste."), "neighbourhood_id")
    identity = _document(data.identity_document, "identity_document")
    residence = _document(data.residence_document, "residence_document")
    key = person_key(data.family_name, data.given_names, data.birth_date)
    email = data.email.strip()
    email_key = canonical_email(email) if email else None
    # One person, one account, in the same order as the site's registration.
    serialised_on(f"identity:{key}")
    if email_key:
        serialised_on(f"email:{email_key}")
    existing = db.session.scalar(
        select(User).where(User.identity_key == key, User.deleted_at.is_(None))
    )
    if existing is not None:
        raise AlreadyRegistered(
            _(
                "Cette personne a déjà un compte (ouvert le %(day)s) : une personne, un "
                "compte. Ouvrez sa fiche plutôt que d'en créer un second.",
                day=existing.created_at.date().strftime("%d/%m/%Y"),
            ),
            existing.id,
        )
    if email_key:
        _refuse_taken_email(email_key)
    record = db.session.scalar(select(ElectorRecord).where(ElectorRecord.identity_key == key))
    user = User(
        email=email or None,
        email_canonical=email_key,
        family_name=data.family_name.strip(),
        given_names=data.given_names.strip(),
        birth_date=data.birth_date,
        address=data.address.strip(),
        neighbourhood_id=data.neighbourhood_id,
        identity_key=key,
        verification=ELECTOR if record else RESIDENT,
        verification_decided_at=now,
        verification_decided_by_id=clerk.id,
        eu_citizen=bool(record and record.eu_citizen),
        locale=data.locale,
        created_at=now,
    )
    db.session.add(user)
    db.session.flush()
    db.session.add(
        CounterCheck(
            user_id=user.id,
            clerk_id=clerk.id,
            identity_document=identity,
            residence_document=residence,
            checked_at=now,
        )
    )
    audit.record(
        actor=clerk,
        action="residence.registered_at_counter",
        object_type="user",
        object_id=user.id,
        after={
            "verification": user.verification,
            "identity_seen": identity,
            "residence_seen": residence,
            "email": bool(email),
        },
        reason=at_the_counter(clerk),
        now=now,
    )
    db.session.commit()
    if email:
        mails.reset_link_later(email, now)  # the link that sets a password
    return user


def attach_email(person_id: int, email: str, *, clerk: User, now: datetime) -> User:
    """Give a counter-registered person an address: the usual set-password link goes to
    it, and using it confirms the address and opens the site to them."""
    person = locked(User, person_id)
    if person is None or person.deleted_at is not None:
        raise Refused(_("Ce compte n'existe pas."))
    if person.email_confirmed_at is not None:
        raise Refused(
            _("Cette personne a déjà une adresse confirmée ; elle la change elle-même."), "email"
        )
    email = email.strip()
    email_key = canonical_email(email)
    serialised_on(f"email:{email_key}")
    _refuse_taken_email(email_key, person.id)
    before = {"email": bool(person.email)}
    person.email, person.email_canonical = email, email_key
    audit.record(
        actor=clerk,
        action="account.email_attached_at_counter",
        object_type="user",
        object_id=person.id,
        before=before,
        after={"email": True},
        reason=at_the_counter(clerk),
        now=now,
    )
    db.session.commit()
    mails.reset_link_later(email, now)
    return person


def find_people(text: str, limit: int = 20) -> list[User]:
    """Accounts whose name holds the words typed, for the clerk to serve."""
    words = (text or "").split()[:4]
    if not words or len(text) > SEARCH_MAX:
        return []
    query = select(User).where(User.deleted_at.is_(None))
    for word in words:
        like = f"%{word.lower()}%"
        query = query.where(
            or_(func.lower(User.family_name).like(like), func.lower(User.given_names).like(like))
        )
    return list(db.session.scalars(query.order_by(User.family_name, User.given_names).limit(limit)))


def check_of(person_id: int) -> CounterCheck | None:
    return db.session.scalar(select(CounterCheck).where(CounterCheck.user_id == person_id))


def acts_of(person_id: int) -> list[CounterAct]:
    return list(
        db.session.scalars(
            select(CounterAct)
            .where(CounterAct.user_id == person_id)
            .order_by(CounterAct.consented_at.desc(), CounterAct.id.desc())
        )
    )


def personal_data(user: User) -> dict[str, object]:
    """What the counter keeps about the person, for their data export: what was seen
    when they registered there, and the acts done in their name."""
    check = check_of(user.id)
    return {
        "counter": {
            "registration": None
            if check is None
            else {
                "identity_seen": check.identity_document,
                "residence_seen": check.residence_document,
                "checked_at": check.checked_at.isoformat(),
            },
            "acts": [
                {"act": act.label, "at": act.consented_at.isoformat(), "receipt": act.id}
                for act in acts_of(user.id)
            ],
        }
    }
