"""Erase the signers' personal data some months after a petition's collection ended
(docs/rules.md §8: personal data is kept no longer than it is needed).

While signatures are collected, and for a while after, clerks need who signed: to
check a paper line's residence, to find a burst from one address, to answer a
challenge of the count. Once that time has passed (``PETITION_ANONYMISE_AFTER_MONTHS``,
6 by default), every signature of the petition loses what names or traces a person:
the names and address typed from a paper sheet, the link to the account, the keyed
hash of the client address, and the clerk's free-text reason for an invalidation
(which may name the person; the audit log keeps the decision).

What stays is what the rules need, and names no one by itself: the identity key (one
person, one signature, and the CGCT once-per-quarter rule across petitions), the
signing time and quarter slot, the channel, the neighbourhood (open-data counts),
whether the signature was verified, an elector's, or invalidated (so a recount still
equals the counters and no threshold moves), and which clerk did what.

Idempotent: a petition is done once, stamped ``signatures_anonymised_at``, with one
history line and one audit entry giving the number of signatures anonymised. Run
``flask civic petitions anonymise`` daily.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from civic.audit import services as audit
from civic.extensions import db
from civic.models import Petition, Signature
from civic.models.petitions import CLOSED, WITHDRAWN
from civic.petitions.counting import lock_petition
from civic.petitions.history import record_event
from civic.petitions.lifecycle import add_months

# A collection ends when the petition closes (deadline) or its carrier withdraws it.
ENDED_STATES = (CLOSED, WITHDRAWN)
# The columns of a signature that say who signed (see the module docstring).
PERSONAL_COLUMNS = (
    "user_id",
    "ip_hash",
    "paper_family_name",
    "paper_given_names",
    "paper_address",
    "invalidation_reason",
)


@dataclass(frozen=True)
class Anonymised:
    petition_id: int
    signatures: int


def ended_before(now: datetime, months: int) -> datetime:
    """The moment ``months`` calendar months before ``now``."""
    if months < 0:
        raise ValueError("months must be 0 or more")
    return datetime.combine(add_months(now.date(), -months), now.timetz())


def due_petitions(now: datetime, months: int) -> list[int]:
    """Petitions that collected signatures, whose collection ended at least ``months``
    ago and whose signatures still carry personal data."""
    ended_at = func.coalesce(Petition.closed_at, Petition.withdrawn_at)
    return list(
        db.session.scalars(
            select(Petition.id)
            .where(
                Petition.state.in_(ENDED_STATES),
                Petition.opened_at.is_not(None),
                Petition.signatures_anonymised_at.is_(None),
                ended_at <= ended_before(now, months),
            )
            .order_by(Petition.id)
        )
    )


def anonymise_petition(petition_id: int, *, now: datetime) -> Anonymised | None:
    """Erase the personal data of one petition's signatures, under the petition's row
    lock (no invalidation runs meanwhile); None when it was already done."""
    petition = lock_petition(petition_id)
    if petition is None or petition.signatures_anonymised_at is not None:
        db.session.rollback()
        return None
    result = db.session.execute(
        update(Signature)
        .where(Signature.petition_id == petition.id)
        .values({column: None for column in PERSONAL_COLUMNS})
        .execution_options(synchronize_session=False)
    )
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    petition.signatures_anonymised_at = now
    record_event(petition, "anonymised", now=now, count=count)
    audit.record(
        actor=None,
        action="petition.signatures_anonymised",
        object_type="petition",
        object_id=petition.id,
        after={"signatures": count, "columns": list(PERSONAL_COLUMNS)},
        now=now,
    )
    db.session.commit()
    return Anonymised(petition_id, count)


def anonymise_due(now: datetime, months: int) -> list[Anonymised]:
    """Anonymise every petition that is due; one transaction per petition, so a run
    that stops halfway has finished what it reported and the next run does the rest."""
    done = []
    for petition_id in due_petitions(now, months):
        anonymised = anonymise_petition(petition_id, now=now)
        if anonymised is not None:
            done.append(anonymised)
    return done
