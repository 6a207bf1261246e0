"""Signing online, and withdrawing one's signature (docs/rules.md §3).

One POST: the row lock serialises signers of a petition, the UNIQUE constraints
catch what slips through, the counters move in the same transaction, and the
core's ``newly_crossed`` decides which consequences start — exactly once.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from civic.core.electorate import Electorate
from civic.core.thresholds import (
    CGCT,
    LEGAL_REQUEST_CODE,
    BaseFigure,
    BaseFigureError,
    CountedSigners,
    PriorSignature,
    RuleSet,
    SignatureCounts,
    check_quarter_rule,
    evaluate_thresholds,
    legal_request_slot,
)
from civic.database import write_lock_from_here
from civic.electorate import local_day, person_of, refuse_unless_eligible
from civic.extensions import db
from civic.followup import wording
from civic.models import Petition, PetitionThreshold, Signature, User
from civic.models.petitions import CHANNEL_ONLINE, SIGNABLE_STATES, VISIBLE_STATES
from civic.petitions.counting import add_to_counters, apply_thresholds, lock_petition
from civic.petitions.rules import (
    base_figures,
    counts_electors_only,
    electors_only,
    rules_of_snapshot,
)
from civic.services import Refused


def ip_hash(address: str | None) -> str | None:
    """A keyed hash of the client address: bursts can be found, addresses are not kept."""
    if not address:
        return None
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(secret, address.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def signers_of(rules: RuleSet, *, online: bool = True) -> Electorate:
    """Who may sign under ``rules`` (docs/rules.md §3): online, verified residents (or
    electors only, for a legal petition) of the minimum age; on paper, the clerk checks
    identity and age, and residence is verified afterwards or found on the lists."""
    if not online:
        return _electorate(rules.min_age, residence_verified=False, electors_only=False)
    electors_only = rules.eligible_signers is CountedSigners.ELECTORS
    return _electorate(rules.min_age, residence_verified=True, electors_only=electors_only)


@functools.cache  # built once per rule set: signing is the hot path
def _electorate(min_age: int, *, residence_verified: bool, electors_only: bool) -> Electorate:
    return Electorate(
        minimum_age=min_age, residence_verified=residence_verified, electors_only=electors_only
    )


def is_signable(petition: Petition, now: datetime) -> bool:
    return petition.state in SIGNABLE_STATES and (
        petition.deadline is None or now < petition.deadline
    )


class NoSuchPetition(Refused):
    """No petition under this id that a signer could see (a web view answers 404)."""


def refuse_unless_signable(petition: Petition | None, now: datetime) -> Petition:
    if petition is None or not petition.is_visible:
        raise NoSuchPetition(_("Cette pétition n'existe pas."))
    if not is_signable(petition, now):
        raise Refused(_("Cette pétition n'est pas ouverte à la signature."))
    return petition


def quarter_slot(rules: RuleSet, now: datetime, *, legal_request: bool = False) -> str | None:
    """The once-per-quarter slot a signature takes (CGCT L1112-16), or None: every
    signature of a legal petition, and an elector's legal request inside another."""
    if rules.per_quarter_limit or legal_request:
        return legal_request_slot(now.date())
    return None


def refuse_second_request_this_quarter(petition_id: int, identity_key: str, now: datetime) -> None:
    """Name the petition whose legal request this person already made this quarter."""
    prior = db.session.execute(
        select(Signature.petition_id, Signature.created_at).where(
            Signature.identity_key == identity_key,
            Signature.invalidated_at.is_(None),
            Signature.quarter_slot.is_not(None),
        )
    )
    check = check_quarter_rule(
        CGCT,
        petition_id,
        now.date(),
        [PriorSignature(pid, LEGAL_REQUEST_CODE, created.date()) for pid, created in prior],
    )
    if not check.allowed:
        other = db.session.get(Petition, check.conflicting_petition_id)
        raise Refused(
            _(
                "Ce trimestre (%(quarter)s), cette personne a déjà fait sa demande légale avec "
                "la pétition « %(title)s » : la loi (CGCT L1112-16) ne permet qu'une demande par "
                "électeur et par trimestre.",
                quarter=check.quarter,
                title=other.title if other else "?",
            )
        )


def refuse_legal_request_of_non_elector(rules: RuleSet, user: User) -> bool:
    """Whether this signature is also a legal request: asked by an elector, on a petition
    that carries one (a legal petition's signatures all are, through its rule set)."""
    if not rules.carries_legal_request:
        return False
    if not user.is_elector:
        raise Refused(
            _(
                "Seuls les électeurs inscrits sur la liste électorale de la commune peuvent faire "
                "de leur signature une demande légale (CGCT L1112-16). Vous pouvez signer sans "
                "cocher cette case."
            ),
            "legal_request",
        )
    return True


@dataclass(frozen=True)
class SignatureStatus:
    """What the signer sees at once: collected, and whether it already counts."""

    signed: bool
    counted: bool
    signature: Signature | None
    signature_id: int | None = None


# Built once: every logged-in view of a petition asks it.
_SIGNATURE_OF = select(Signature).where(
    Signature.petition_id == bindparam("petition_id"),
    Signature.identity_key == bindparam("identity_key"),
)


def signature_status(petition: Petition, user: User | None) -> SignatureStatus:
    if user is None or not user.is_authenticated:
        return SignatureStatus(False, False, None)
    signature = db.session.scalar(
        _SIGNATURE_OF, {"petition_id": petition.id, "identity_key": user.identity_key}
    )
    if signature is None:
        return SignatureStatus(False, False, None)
    return _status_of(petition, signature)


def _status_of(petition: Petition, signature: Signature) -> SignatureStatus:
    counted = signature.counts and (signature.elector or not counts_electors_only(petition))
    return SignatureStatus(True, counted, signature, signature.id)


def sign(
    petition_id: int,
    *,
    user: User,
    ip: str | None,
    now: datetime,
    legal_request: bool = False,
    wants_news: bool = False,
) -> SignatureStatus:
    """Sign a petition online as ``user`` (a verified resident), once; with
    ``legal_request``, an elector makes it also their legal request (CGCT L1112-16);
    with ``wants_news``, the signer is told what happens next (civic.followup.news).

    The commune's figures do not depend on the petition: they are read before the
    write lock (every signer of a hot petition queues on it), which then covers only
    the petition row, the new signature and the counters.
    """
    figures = base_figures(now.date())
    with write_lock_from_here():
        return _sign_locked(
            petition_id,
            user=user,
            ip=ip,
            now=now,
            figures=figures,
            legal_request=legal_request,
            wants_news=wants_news,
        )


# The hot path of a busy day, in SQLAlchemy Core: the ORM's unit of work (identity
# map, flush ordering, expiry at commit) cost more CPU than the four statements it
# sends. The ORM is still used where something rarer happens: a threshold to stamp
# or un-reach (``apply_thresholds``), or a clash to explain.
_LOCK_ROW = (
    select(
        Petition.state,
        Petition.submitted_at,
        Petition.deadline,
        Petition.kind,
        Petition.rule_set_snapshot,
        Petition.collected_count,
        Petition.counted_residents,
        Petition.counted_electors,
        Petition.counted_legal,
    )
    .where(Petition.id == bindparam("petition_id"))
    .with_for_update()
)
_STAMPS = select(PetitionThreshold.name, PetitionThreshold.reached_at).where(
    PetitionThreshold.petition_id == bindparam("petition_id")
)
# SQLite: the write transaction is the lock and sees the latest rows, so the stamps
# come with the row (a row per stamp), one statement fewer under the lock.
_LOCK_ROW_WITH_STAMPS = _LOCK_ROW.add_columns(
    PetitionThreshold.name, PetitionThreshold.reached_at
).outerjoin(PetitionThreshold, PetitionThreshold.petition_id == Petition.id)
_INSERT_SIGNATURE = insert(Signature.__table__)
_COUNT_IN = (
    update(Petition.__table__)
    .where(Petition.__table__.c.id == bindparam("petition_id"))
    .values(
        collected_count=Petition.__table__.c.collected_count + 1,
        counted_residents=Petition.__table__.c.counted_residents + 1,
        counted_electors=Petition.__table__.c.counted_electors + bindparam("elector"),
        counted_legal=Petition.__table__.c.counted_legal + bindparam("legal"),
    )
)


def _sign_locked(
    petition_id: int,
    *,
    user: User,
    ip: str | None,
    now: datetime,
    figures: dict[str, BaseFigure],
    legal_request: bool,
    wants_news: bool = False,
) -> SignatureStatus:
    connection = db.session.connection()
    sqlite = connection.dialect.name == "sqlite"
    rows = connection.execute(
        _LOCK_ROW_WITH_STAMPS if sqlite else _LOCK_ROW, {"petition_id": petition_id}
    ).all()
    row = rows[0] if rows else None
    if row is None or not (row.state in VISIBLE_STATES and row.submitted_at is not None):
        raise NoSuchPetition(_("Cette pétition n'existe pas."))
    if row.state not in SIGNABLE_STATES or (row.deadline is not None and now >= row.deadline):
        raise Refused(_("Cette pétition n'est pas ouverte à la signature."))
    rules = rules_of_snapshot(row.rule_set_snapshot)
    refuse_unless_eligible(signers_of(rules), person_of(user), local_day(now))
    elector = user.is_elector
    legal = legal_request and refuse_legal_request_of_non_elector(rules, user)
    # No "already signed?" or "already made a legal request this quarter?" query first:
    # the UNIQUE (petition, identity key) and (identity key, quarter slot) answer both
    # at the INSERT, one statement fewer for every signature that is not a repeat.
    try:
        inserted = connection.execute(
            _INSERT_SIGNATURE,
            {
                "petition_id": petition_id,
                "identity_key": user.identity_key,
                "user_id": user.id,
                "channel": CHANNEL_ONLINE,
                "neighbourhood_id": user.neighbourhood_id,
                "created_at": now,
                "quarter_slot": quarter_slot(rules, now, legal_request=legal),
                "legal_request": legal,
                "wants_news": wants_news,
                "ip_hash": ip_hash(ip),
                "residence_verified": True,
                "elector": elector,
                "verified_at": now,
            },
        )
    except IntegrityError:
        # No savepoint: nothing else was written yet, the whole transaction goes.
        db.session.rollback()
        # (identity key, quarter slot) can only clash with another petition signed
        # concurrently this quarter: name it, as the check above would have.
        refuse_second_request_this_quarter(petition_id, user.identity_key, now)
        raise Refused(_("Vous avez déjà signé cette pétition (en ligne ou sur papier).")) from None
    connection.execute(
        _COUNT_IN, {"petition_id": petition_id, "elector": int(elector), "legal": int(legal)}
    )
    counts = SignatureCounts(
        collected=row.collected_count + 1,
        counted_residents=row.counted_residents + 1,
        counted_electors=row.counted_electors + int(elector),
        counted_legal=row.counted_legal + int(legal),
    )
    if sqlite:
        stamps = {r.name: r.reached_at for r in rows if r.name is not None}
    else:
        # In a statement of their own, after the row lock: on PostgreSQL a statement
        # that waited for the lock sees other rows as they were when it started.
        stamps = dict(connection.execute(_STAMPS, {"petition_id": petition_id}).all())
    if _thresholds_move(rules, counts, figures, row.kind, stamps):
        # Rare (a threshold crossed, or a stamp to reconsider): the ORM path, which
        # stamps, records the history and starts the consequence exactly once.
        petition = lock_petition(petition_id)
        if petition is None:  # it was locked above, in this transaction
            raise NoSuchPetition(_("Cette pétition n'existe pas."))
        apply_thresholds(petition, now=now, figures=figures)
    # A single-row INSERT was executed: SQLAlchemy always reports the new row's key.
    signature_key = cast(Sequence[int], inserted.inserted_primary_key)
    status = SignatureStatus(
        True,
        elector or not electors_only(rules, row.kind),
        None,
        signature_id=signature_key[0],
    )
    db.session.commit()
    return status


def _thresholds_move(
    rules: RuleSet,
    counts: SignatureCounts,
    figures: dict[str, BaseFigure],
    kind: str,
    stamps: dict[str, datetime | None],
) -> bool:
    """Would :func:`apply_thresholds` do anything with these counts and stamps?"""
    try:
        evaluation = evaluate_thresholds(rules, counts, figures, kind, stamps)
    except BaseFigureError:
        return False  # as apply_thresholds: no figure, no verdict
    return bool(evaluation.newly_crossed or evaluation.lost)


def withdraw_signature(petition_id: int, *, user: User, now: datetime) -> None:
    """Take back one's own online signature while the petition is open."""
    petition = refuse_unless_signable(lock_petition(petition_id), now)
    signature = db.session.scalar(
        select(Signature).where(
            Signature.petition_id == petition.id, Signature.identity_key == user.identity_key
        )
    )
    if signature is None:
        raise Refused(_("Vous n'avez pas signé cette pétition."))
    if signature.invalidated_at is not None:
        raise Refused(_("Cette signature a été invalidée ; elle ne compte déjà plus."))
    add_to_counters(petition, signature, -1)
    db.session.delete(signature)
    db.session.flush()
    apply_thresholds(petition, now=now, reason=wording.signatures_withdrawn())
    db.session.commit()
