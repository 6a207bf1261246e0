"""Signing online, and withdrawing one's signature (design §3).

One POST: the row lock serialises signers of a petition, the UNIQUE constraints
catch what slips through, the counters move in the same transaction, and the
core's ``newly_crossed`` decides which consequences start — exactly once.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from civic.core.thresholds import (
    BaseFigure,
    CountedSigners,
    PriorSignature,
    RuleSet,
    check_quarter_rule,
)
from civic.database import write_lock_from_here
from civic.extensions import db
from civic.models import Petition, Signature, User
from civic.models.petitions import CHANNEL_ONLINE, SIGNABLE_STATES
from civic.petitions.counting import add_to_counters, apply_thresholds, lock_petition
from civic.petitions.rules import base_figures, counts_electors_only, petition_rules
from civic.services import Refused


def ip_hash(address: str | None) -> str | None:
    """A keyed hash of the client address: bursts can be found, addresses are not kept."""
    if not address:
        return None
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(secret, address.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


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


def quarter_slot(rules: RuleSet, now: datetime) -> str | None:
    """The once-per-quarter slot a signature takes (CGCT L1112-16), or None."""
    if not rules.per_quarter_limit:
        return None
    from civic.core.thresholds import quarter_key

    return f"{rules.code}:{quarter_key(now.date())}"


def refuse_second_request_this_quarter(
    rules: RuleSet, petition: Petition, identity_key: str, now: datetime
) -> None:
    """Name the petition already signed this quarter under a per-quarter rule set."""
    if not rules.per_quarter_limit:
        return
    prior = db.session.execute(
        select(Signature.petition_id, Petition.rule_set_code, Signature.created_at)
        .join(Petition, Petition.id == Signature.petition_id)
        .where(
            Signature.identity_key == identity_key,
            Signature.invalidated_at.is_(None),
            Petition.rule_set_code == rules.code,
        )
    )
    check = check_quarter_rule(
        rules,
        petition.id,
        now.date(),
        [PriorSignature(pid, code, created.date()) for pid, code, created in prior],
    )
    if not check.allowed:
        other = db.session.get(Petition, check.conflicting_petition_id)
        raise Refused(
            _(
                "Ce trimestre (%(quarter)s), cette personne a déjà signé la pétition légale "
                "« %(title)s » : la loi (CGCT L1112-16) ne permet qu'une demande par électeur "
                "et par trimestre.",
                quarter=check.quarter,
                title=other.title if other else "?",
            )
        )


@dataclass(frozen=True)
class SignatureStatus:
    """What the signer sees at once: collected, and whether it already counts."""

    signed: bool
    counted: bool
    signature: Signature | None


def signature_status(petition: Petition, user: User | None) -> SignatureStatus:
    if user is None or not user.is_authenticated:
        return SignatureStatus(False, False, None)
    signature = db.session.scalar(
        select(Signature).where(
            Signature.petition_id == petition.id, Signature.identity_key == user.identity_key
        )
    )
    if signature is None:
        return SignatureStatus(False, False, None)
    return _status_of(petition, signature)


def _status_of(petition: Petition, signature: Signature) -> SignatureStatus:
    counted = signature.counts and (signature.elector or not counts_electors_only(petition))
    return SignatureStatus(True, counted, signature)


def sign(petition_id: int, *, user: User, ip: str | None, now: datetime) -> SignatureStatus:
    """Sign a petition online as ``user`` (a verified resident), once.

    The commune's figures do not depend on the petition: they are read before the
    write lock (every signer of a hot petition queues on it), which then covers only
    the petition row, the new signature and the counters.
    """
    figures = base_figures(now.date())
    with write_lock_from_here():
        return _sign_locked(petition_id, user=user, ip=ip, now=now, figures=figures)


def _sign_locked(
    petition_id: int, *, user: User, ip: str | None, now: datetime, figures: dict[str, BaseFigure]
) -> SignatureStatus:
    petition = refuse_unless_signable(lock_petition(petition_id), now)
    rules = petition_rules(petition)
    if not user.is_verified_resident:
        raise Refused(_("Seules les personnes dont la résidence est vérifiée peuvent signer."))
    age = user.age_on(now.date())
    if age is None or age < rules.min_age:
        raise Refused(_("Il faut avoir au moins %(age)d ans pour signer.", age=rules.min_age))
    if rules.eligible_signers is CountedSigners.ELECTORS and not user.is_elector:
        raise Refused(
            _("Cette pétition légale (CGCT) ne peut être signée que par les électeurs inscrits.")
        )
    # No "already signed?" query first: the UNIQUE (petition, identity key) answers
    # that at the INSERT, one statement fewer for every signature that is not a repeat.
    refuse_second_request_this_quarter(rules, petition, user.identity_key, now)
    signature = Signature(
        petition_id=petition.id,
        identity_key=user.identity_key,
        user_id=user.id,
        channel=CHANNEL_ONLINE,
        neighbourhood_id=user.neighbourhood_id,
        created_at=now,
        quarter_slot=quarter_slot(rules, now),
        ip_hash=ip_hash(ip),
        residence_verified=True,
        elector=user.is_elector,
        verified_at=now,
    )
    # No savepoint: a repeat rolls the whole transaction back anyway (nothing else
    # was written yet), and a savepoint costs two round trips under the lock.
    db.session.add(signature)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        # (identity key, quarter slot) can only clash with another petition signed
        # concurrently this quarter: name it, as the check above would have.
        refuse_second_request_this_quarter(rules, petition, user.identity_key, now)
        raise Refused(_("Vous avez déjà signé cette pétition (en ligne ou sur papier).")) from None
    add_to_counters(petition, signature)
    apply_thresholds(petition, now=now, figures=figures)
    # Decided before the commit: reading it back afterwards would reload the expired
    # user, petition and signature in a second transaction (on SQLite a second
    # BEGIN IMMEDIATE, i.e. the write lock again, held until the request ends).
    status = _status_of(petition, signature)
    db.session.commit()
    return status


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
    apply_thresholds(petition, now=now, reason=_("retrait de signatures"))
    db.session.commit()
