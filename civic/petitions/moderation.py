"""Clerks' checks: the signature verification queue, invalidation (one or by
conditions), and the recount that proves the counters equal the rows (docs/rules.md §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from civic.audit import services as audit
from civic.clerk_queues import Page, Search, count_of, page_of
from civic.decisions import already_decided
from civic.extensions import db
from civic.models import ElectorRecord, Petition, Signature, User
from civic.models.petitions import COUNTABLE_STATES
from civic.petitions.counting import (
    RowCounts,
    apply_thresholds,
    count_rows,
    lock_petition,
    refresh_counters,
)
from civic.petitions.history import record_event
from civic.services import Refused

REASON_MAX = 500


def signatures_to_check() -> Select[Signature]:
    """Signatures still to check (mostly paper lines of people without a verified
    account), oldest first."""
    return (
        select(Signature)
        .join(Petition, Petition.id == Signature.petition_id)
        .where(
            Signature.residence_verified.is_(False),
            Signature.invalidated_at.is_(None),
            Petition.state.in_(COUNTABLE_STATES),
        )
        .order_by(Signature.created_at, Signature.id)
    )


def verification_queue(limit: int = 200) -> list[Signature]:
    return list(db.session.scalars(signatures_to_check().limit(limit)))


def signatures_waiting() -> int:
    return count_of(signatures_to_check())


def search_signatures(search: Search) -> Page[Signature]:
    """One page of the signatures to check whose signer's name or address (the
    account's, or the paper line's) and day the search names."""
    signer = aliased(User)
    statement = (
        signatures_to_check()
        .outerjoin(signer, signer.id == Signature.user_id)
        .where(
            *search.matching(
                Signature.paper_family_name,
                Signature.paper_given_names,
                Signature.paper_address,
                signer.family_name,
                signer.given_names,
                signer.address,
                Petition.title,
            ),
            *search.on_day(Signature.created_at),
        )
    )
    return page_of(statement, search)


def _signature(signature_id: int) -> Signature:
    signature = db.session.get(Signature, signature_id)
    if signature is None:
        raise Refused(_("Cette signature n'existe pas."))
    return signature


def _locked_for(signature_id: int) -> tuple[Petition, Signature]:
    petition_id = _signature(signature_id).petition_id
    petition = lock_petition(petition_id)
    if petition is None:
        raise Refused(_("Cette pétition n'existe pas."))
    signature = db.session.get(Signature, signature_id, populate_existing=True)
    if signature is None:
        raise Refused(_("Cette signature n'existe pas."))
    if petition.state not in COUNTABLE_STATES:
        raise Refused(_("Cette pétition ne compte plus de signatures."))
    return petition, signature


def verify_signature(signature_id: int, *, actor: User, now: datetime) -> Signature:
    """The clerk checked the signer's residence: the signature counts (electors too,
    when the identity key is on the electoral list)."""
    petition, signature = _locked_for(signature_id)
    if signature.invalidated_at is not None:
        raise _already_invalidated(signature)
    if signature.residence_verified:
        raise already_decided(
            _("Cette signature a déjà été vérifiée"),
            by_id=signature.verified_by_id,
            at=signature.verified_at,
        )
    signature.residence_verified = True
    signature.elector = signature.elector or bool(
        db.session.scalar(
            select(ElectorRecord.id).where(ElectorRecord.identity_key == signature.identity_key)
        )
    )
    signature.verified_at = now
    signature.verified_by_id = actor.id
    refresh_counters(petition)
    audit.record(
        actor=actor,
        action="signature.verified",
        object_type="signature",
        object_id=signature.id,
        after={"petition_id": petition.id, "elector": signature.elector},
        now=now,
    )
    apply_thresholds(petition, now=now, actor=actor)
    db.session.commit()
    return signature


def _already_invalidated(signature: Signature) -> Refused:
    return already_decided(
        _("Cette signature a déjà été invalidée"),
        by_id=signature.invalidated_by_id,
        at=signature.invalidated_at,
    )


def _check_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Indiquez la raison de l'invalidation."), "reason")
    if len(reason) > REASON_MAX:
        raise Refused(_("Raison trop longue."), "reason")
    return reason


def _invalidate(signatures: list[Signature], reason: str, actor: User, now: datetime) -> None:
    for signature in signatures:
        signature.invalidated_at = now
        signature.invalidated_by_id = actor.id
        signature.invalidation_reason = reason
        signature.quarter_slot = None  # an invalid signature frees the quarter (CGCT)


def invalidate_signature(
    signature_id: int, *, reason: str | None, actor: User, now: datetime
) -> Signature:
    """Invalidate one signature with a reason; counts and thresholds are recomputed."""
    reason = _check_reason(reason)
    petition, signature = _locked_for(signature_id)
    if signature.invalidated_at is not None:
        raise _already_invalidated(signature)
    _invalidate([signature], reason, actor, now)
    _after_invalidation(petition, [signature], reason, actor, now)
    db.session.commit()
    return signature


@dataclass(frozen=True)
class Conditions:
    """Which signatures of a petition to invalidate together."""

    ip_hash: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    email_domain: str | None = None


def _matching_query(petition_id: int, conditions: Conditions) -> Select[Signature]:
    query = select(Signature).where(
        Signature.petition_id == petition_id, Signature.invalidated_at.is_(None)
    )
    if conditions.ip_hash:
        query = query.where(Signature.ip_hash == conditions.ip_hash)
    if conditions.since:
        query = query.where(Signature.created_at >= conditions.since)
    if conditions.until:
        query = query.where(Signature.created_at <= conditions.until)
    if conditions.email_domain:
        domain = conditions.email_domain.strip().lower().lstrip("@")
        query = query.join(User, User.id == Signature.user_id).where(
            User.email_canonical.like(f"%@{domain}")
        )
    return query


def matching_signatures(petition_id: int, conditions: Conditions) -> list[Signature]:
    if not (conditions.ip_hash or conditions.email_domain):
        raise Refused(_("Choisissez une adresse IP (empreinte) ou un domaine de messagerie."))
    return list(db.session.scalars(_matching_query(petition_id, conditions)))


def invalidate_matching(
    petition_id: int, conditions: Conditions, *, reason: str | None, actor: User, now: datetime
) -> int:
    """Invalidate every signature matching ``conditions`` (same IP in a window, same
    e-mail domain), with one reason; audited; thresholds recomputed."""
    reason = _check_reason(reason)
    petition = lock_petition(petition_id)
    if petition is None:
        raise Refused(_("Cette pétition n'existe pas."))
    if petition.state not in COUNTABLE_STATES:
        raise Refused(_("Cette pétition ne compte plus de signatures."))
    signatures = matching_signatures(petition_id, conditions)
    if not signatures:
        raise Refused(_("Aucune signature ne correspond à ces conditions."))
    _invalidate(signatures, reason, actor, now)
    _after_invalidation(petition, signatures, reason, actor, now, conditions)
    db.session.commit()
    return len(signatures)


def _after_invalidation(
    petition: Petition,
    signatures: list[Signature],
    reason: str,
    actor: User,
    now: datetime,
    conditions: Conditions | None = None,
) -> None:
    previous = refresh_counters(petition)
    audit.record(
        actor=actor,
        action="signature.invalidated",
        object_type="petition",
        object_id=petition.id,
        before={"collected": previous.collected, "counted": previous.counted_residents},
        after={
            "signature_ids": [s.id for s in signatures],
            "collected": petition.collected_count,
            "counted": petition.counted_residents,
            "conditions": None
            if conditions is None
            else {
                "ip_hash": conditions.ip_hash,
                "since": conditions.since,
                "until": conditions.until,
                "email_domain": conditions.email_domain,
            },
        },
        reason=reason,
        now=now,
    )
    record_event(
        petition, "invalidated", now=now, actor=actor, count=len(signatures), reason=reason
    )
    apply_thresholds(petition, now=now, reason=reason, actor=actor)


@dataclass(frozen=True)
class Cluster:
    value: str
    count: int
    first: datetime
    last: datetime


def busiest_addresses(petition_id: int, limit: int = 10) -> list[Cluster]:
    """IP hashes that signed most, for the clerk looking for a burst."""
    rows = db.session.execute(
        select(
            Signature.ip_hash,
            func.count(),
            func.min(Signature.created_at),
            func.max(Signature.created_at),
        )
        .where(
            Signature.petition_id == petition_id,
            Signature.invalidated_at.is_(None),
            Signature.ip_hash.is_not(None),
        )
        .group_by(Signature.ip_hash)
        .having(func.count() > 1)
        .order_by(func.count().desc())
        .limit(limit)
    )
    # Signature.ip_hash is nullable, but the query keeps only rows where it is set.
    return [Cluster(cast(str, value), count, first, last) for value, count, first, last in rows]


@dataclass(frozen=True)
class Drift:
    petition_id: int
    stored: RowCounts
    rows: RowCounts


def recount(*, now: datetime, fix: bool = True) -> list[Drift]:
    """Recompute every petition's counters from its rows; report (and fix) any drift."""
    drifts = []
    for petition_id in db.session.scalars(select(Petition.id).order_by(Petition.id)).all():
        petition = lock_petition(petition_id)
        if petition is None:  # deleted since the list was read: nothing left to count
            continue
        stored = RowCounts(
            petition.collected_count,
            petition.counted_residents,
            petition.counted_electors,
            petition.counted_legal,
        )
        rows = count_rows(petition_id)
        if stored != rows:
            drifts.append(Drift(petition_id, stored, rows))
            if fix:
                refresh_counters(petition)
                record_event(petition, "recounted", now=now, before=stored.__dict__)
                if petition.state in COUNTABLE_STATES:
                    apply_thresholds(petition, now=now, reason=_("recomptage"))
        db.session.commit()
    return drifts
