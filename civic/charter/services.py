"""The register of the charter's signatories: read by everyone, kept by the admin (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update

from civic.audit import services as audit
from civic.core.mandates import last_renewal_before
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
    mandate_ended_on: date | None = None


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
    ended = entry.mandate_ended_on
    if ended is not None and not entry.signed_on <= ended <= today:
        raise Refused(
            _("La fin du mandat se situe entre la signature et aujourd'hui."), "mandate_ended_on"
        )
    row = CharterSignatory(
        name=name,
        mandate=mandate,
        signed_on=entry.signed_on,
        mandate_ended_on=ended,
        created_at=now,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor=actor,
        action="charter_signatory.added",
        object_type="charter_signatory",
        object_id=row.id,
        after={
            "name": name,
            "mandate": mandate,
            "signed_on": entry.signed_on.isoformat(),
            "mandate_ended_on": ended.isoformat() if ended else None,
        },
        now=now,
    )
    db.session.commit()
    return row


def end_mandate(
    signatory_id: int, ended_on: date | None, *, actor: User, now: datetime, today: date
) -> CharterSignatory:
    """Record (or correct) the day an official's mandate ended before the general renewal:
    a resignation, say. The register's retention counts from it (audited)."""
    row = locked(CharterSignatory, signatory_id)
    if row is None:
        raise Refused(_("Cette personne n'est pas dans le registre."))
    if ended_on is None or not row.signed_on <= ended_on <= today:
        raise Refused(
            _("La fin du mandat se situe entre la signature et aujourd'hui."), "mandate_ended_on"
        )
    before = row.mandate_ended_on
    row.mandate_ended_on = ended_on
    audit.record(
        actor=actor,
        action="charter_signatory.mandate_ended",
        object_type="charter_signatory",
        object_id=row.id,
        before={"mandate_ended_on": before.isoformat() if before else None},
        after={"mandate_ended_on": ended_on.isoformat()},
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


def erase_ended_before(day: date, renewal: date | None) -> int:
    """Take off the register the officials whose mandate ended before ``day``: on the
    day recorded, or else at the first general renewal after they signed (``renewal``,
    the configured one, None when unknown). Petitions that targeted them keep the name
    and mandate they were written against; does not commit. Returns how many."""
    ended = [CharterSignatory.mandate_ended_on < day]
    if renewal is not None:
        ended.append(CharterSignatory.signed_on < last_renewal_before(day, renewal))
    ids = list(db.session.scalars(select(CharterSignatory.id).where(or_(*ended))))
    if not ids:
        return 0
    db.session.execute(
        update(Petition)
        .where(Petition.recall_signatory_id.in_(ids))
        .values(recall_signatory_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(CharterSignatory)
        .where(CharterSignatory.id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    return len(ids)
