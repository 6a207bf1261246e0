"""The register of the charter's signatories: read by everyone, kept by the admin (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.decisions import locked
from civic.extensions import db
from civic.models import CharterSignatory, Petition, User
from civic.security import LARGEST_ID
from civic.services import Refused

NAME_MAX = 200
MANDATE_MAX = 200


@dataclass(frozen=True)
class SignatoryEntry:
    name: str
    mandate: str
    signed_on: date | None


def signatories() -> list[CharterSignatory]:
    """The register, by name."""
    return list(
        db.session.scalars(
            select(CharterSignatory).order_by(CharterSignatory.name, CharterSignatory.id)
        )
    )


def signatory(signatory_id: int | None) -> CharterSignatory | None:
    """The entry, or None for no id or one no database column could hold."""
    if signatory_id is None or not 0 < signatory_id <= LARGEST_ID:
        return None
    return db.session.get(CharterSignatory, signatory_id)


def describe(entry: CharterSignatory) -> str:
    """How a petition names the official: name and mandate."""
    return f"{entry.name} ({entry.mandate})"


def add_signatory(
    entry: SignatoryEntry, *, actor: User, now: datetime, today: date
) -> CharterSignatory:
    name, mandate = " ".join(entry.name.split()), " ".join(entry.mandate.split())
    if not name or len(name) > NAME_MAX:
        raise Refused(_("Indiquez le nom (%(max)d caractères au plus).", max=NAME_MAX), "name")
    if not mandate or len(mandate) > MANDATE_MAX:
        raise Refused(
            _("Indiquez le mandat (%(max)d caractères au plus).", max=MANDATE_MAX), "mandate"
        )
    if entry.signed_on is None or entry.signed_on > today:
        raise Refused(_("La date de signature ne peut pas être dans le futur."), "signed_on")
    row = CharterSignatory(name=name, mandate=mandate, signed_on=entry.signed_on, created_at=now)
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor=actor,
        action="charter_signatory.added",
        object_type="charter_signatory",
        object_id=row.id,
        after={"name": name, "mandate": mandate, "signed_on": entry.signed_on.isoformat()},
        now=now,
    )
    db.session.commit()
    return row


def remove_signatory(signatory_id: int, *, actor: User, now: datetime) -> None:
    """Take an entry off the register (a mistake), unless a petition already names it."""
    row = locked(CharterSignatory, signatory_id)
    if row is None:
        raise Refused(_("Cette personne n'est pas dans le registre."))
    named = db.session.scalar(
        select(Petition.id).where(Petition.recall_signatory_id == row.id).limit(1)
    )
    if named is not None:
        raise Refused(
            _(
                "Une pétition de révocation (n° %(id)d) vise cette personne : son engagement reste "
                "au registre.",
                id=named,
            )
        )
    audit.record(
        actor=actor,
        action="charter_signatory.removed",
        object_type="charter_signatory",
        object_id=row.id,
        before={"name": row.name, "mandate": row.mandate, "signed_on": row.signed_on.isoformat()},
        now=now,
    )
    db.session.delete(row)
    db.session.commit()
