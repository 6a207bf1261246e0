"""Counters kept on the petition row, the row lock, and applying the core's verdict.

Every writer that changes what counts (a signature, a withdrawal, a paper line,
a verification, an invalidation) first takes the petition row lock, changes the
rows and counters, then calls :func:`apply_thresholds` before its one commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import joinedload

from civic.core.thresholds import BaseFigure, evaluated_rules
from civic.events import ThresholdCrossed, ThresholdLost, publish
from civic.extensions import db
from civic.models import Petition, PetitionThreshold, Signature, User
from civic.petitions.deliberation import issue_documents
from civic.petitions.history import record_event
from civic.petitions.rules import evaluate, petition_rules

_LOCK_PETITION = (
    select(Petition)
    .where(Petition.id == bindparam("petition_id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)
# On SQLite the write transaction is the lock and sees the latest rows: the
# threshold stamps come in the same statement (one fewer under the lock on a hot
# day). Not on PostgreSQL: after waiting for the row lock, a joined read would
# still show the stamps of the statement's older snapshot (selectin reads them
# afterwards, fresh).
_LOCK_PETITION_WITH_STAMPS = _LOCK_PETITION.options(joinedload(Petition.thresholds))


def lock_petition(petition_id: int) -> Petition | None:
    """The petition row, locked for this transaction (SELECT … FOR UPDATE on PostgreSQL;
    SQLite write transactions are already serialised by BEGIN IMMEDIATE)."""
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    query = _LOCK_PETITION_WITH_STAMPS if sqlite else _LOCK_PETITION
    return db.session.scalars(query, {"petition_id": petition_id}).unique().one_or_none()


@dataclass(frozen=True)
class RowCounts:
    collected: int
    counted_residents: int
    counted_electors: int
    counted_legal: int = 0


def count_rows(petition_id: int) -> RowCounts:
    """Recount from the signature rows: what the counters must equal."""
    valid = Signature.invalidated_at.is_(None)
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((Signature.residence_verified, 1), else_=0)), 0),
            func.coalesce(
                func.sum(case(((Signature.residence_verified & Signature.elector), 1), else_=0)),
                0,
            ),
            func.coalesce(func.sum(case((_LEGAL, 1), else_=0)), 0),
        ).where(Signature.petition_id == petition_id, valid)
    ).one()
    return RowCounts(int(row[0]), int(row[1]), int(row[2]), int(row[3]))


# A legal request counts when its signer is a verified elector (CGCT L1112-16).
_LEGAL = Signature.residence_verified & Signature.elector & Signature.legal_request


def refresh_counters(petition: Petition) -> RowCounts:
    """Set the counters from the rows (after moderation); return the previous ones."""
    db.session.flush()
    previous = RowCounts(
        petition.collected_count,
        petition.counted_residents,
        petition.counted_electors,
        petition.counted_legal,
    )
    rows = count_rows(petition.id)
    petition.collected_count = rows.collected
    petition.counted_residents = rows.counted_residents
    petition.counted_electors = rows.counted_electors
    petition.counted_legal = rows.counted_legal
    return previous


def add_to_counters(petition: Petition, signature: Signature, sign: int = 1) -> None:
    """Count one signature in (``sign=1``) or out (``-1``), in the signer's transaction."""
    if signature.invalidated_at is not None:
        return
    petition.collected_count += sign
    if signature.residence_verified:
        petition.counted_residents += sign
        if signature.elector:
            petition.counted_electors += sign
            if signature.legal_request:
                petition.counted_legal += sign


def apply_thresholds(
    petition: Petition,
    *,
    now: datetime,
    reason: str | None = None,
    actor: User | None = None,
    figures: dict[str, BaseFigure] | None = None,
) -> None:
    """Stamp newly crossed thresholds and publish ``ThresholdCrossed`` (the follow-up
    layer starts the consequence); un-reach lost ones whose consequence no handler
    of ``ThresholdLost`` says must stand, with the reason in the history.
    ``figures`` (from :func:`base_figures`) may be read before taking the row lock."""
    evaluation = evaluate(petition, now.date(), figures)
    if evaluation is None:
        return
    rules = {rule.name: rule for rule in evaluated_rules(petition_rules(petition), petition.kind)}
    for name in evaluation.newly_crossed:
        status = evaluation.status(name)
        petition.thresholds.append(PetitionThreshold(name=name, reached_at=now))
        db.session.flush()
        record_event(
            petition,
            "threshold_reached",
            now=now,
            threshold=name,
            counted=status.counted,
            required=status.required,
        )
        publish(
            ThresholdCrossed(
                now=now,
                petition_id=petition.id,
                threshold=name,
                consequence=rules[name].consequence,
            )
        )
        # Every consequence ends in a council deliberation: its draft, with the figures.
        issue_documents(petition, rules[name], status, now)
    for name in evaluation.lost:
        status = evaluation.status(name)
        why = reason or ""
        undone = False not in publish(
            ThresholdLost(
                now=now,
                petition_id=petition.id,
                threshold=name,
                consequence=rules[name].consequence,
                reason=why,
            )
        )
        if undone:
            for row in [r for r in petition.thresholds if r.name == name]:
                petition.thresholds.remove(row)
                db.session.delete(row)
        if undone or reason is not None:
            record_event(
                petition,
                "threshold_lost" if undone else "threshold_kept",
                now=now,
                actor=actor,
                threshold=name,
                counted=status.counted,
                required=status.required,
                reason=why,
            )
