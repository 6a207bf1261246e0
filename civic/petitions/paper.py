"""Paper signatures, typed one person per line by a clerk (docs/rules.md §3: never totals).

Each line gets the same identity key as an online signature, so a person who
signed both ways counts once, and the clerk sees the duplicate at once. A line
matching the electoral list or a verified account counts straight away; the
others wait in the verification queue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from civic.audit import services as audit
from civic.auth.services import person_key
from civic.core.electorate import Person
from civic.electorate import local_day, refuse_unless_eligible
from civic.extensions import db
from civic.models import ElectorRecord, Neighbourhood, Signature, User
from civic.models.accounts import VERIFIED_LEVELS
from civic.models.petitions import CHANNEL_PAPER
from civic.petitions.counting import add_to_counters, apply_thresholds, lock_petition
from civic.petitions.rules import petition_rules
from civic.petitions.signing import (
    quarter_slot,
    refuse_second_request_this_quarter,
    refuse_unless_signable,
    signers_of,
)
from civic.services import Refused

_DATE_FORMATS = (
    (re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{2})(\d{2})(\d{4})$"), ("d", "m", "y")),
)


def parse_birth_date(text: str, today: date) -> date:
    """Read what a clerk types fast: 17/05/1990, 17.05.1990, 17051990 or 1990-05-17."""
    text = (text or "").strip()
    for pattern, order in _DATE_FORMATS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                day = date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
            if day > today or day.year < 1900:
                raise Refused(_("Cette date de naissance n'est pas possible."), "birth_date")
            return day
    raise Refused(
        _("Date de naissance illisible : tapez JJ/MM/AAAA (par exemple 17/05/1990)."),
        "birth_date",
    )


@dataclass(frozen=True)
class PaperLine:
    family_name: str
    given_names: str
    birth_date: str
    address: str
    neighbourhood_id: int | None = None
    # The elector ticked, on the sheet, that the signature is also their legal request.
    legal_request: bool = False


@dataclass(frozen=True)
class PaperResult:
    """A saved line, or the signature it duplicates (nothing written then)."""

    signature: Signature
    duplicate: bool


def enter_paper_signature(
    petition_id: int, line: PaperLine, *, clerk: User, now: datetime
) -> PaperResult:
    petition = refuse_unless_signable(lock_petition(petition_id), now)
    rules = petition_rules(petition)
    family, given, address = (
        line.family_name.strip(),
        line.given_names.strip(),
        line.address.strip(),
    )
    if not family or len(family) > 120:
        raise Refused(_("Nom de famille obligatoire (120 caractères au plus)."), "family_name")
    if not given or len(given) > 160:
        raise Refused(_("Prénoms obligatoires (160 caractères au plus)."), "given_names")
    if not address or len(address) > 300:
        raise Refused(_("Adresse obligatoire (300 caractères au plus)."), "address")
    born = parse_birth_date(line.birth_date, now.date())
    refuse_unless_eligible(
        signers_of(rules, online=False), Person(birth_date=born), local_day(now), "birth_date"
    )
    if line.neighbourhood_id is not None and not db.session.get(
        Neighbourhood, line.neighbourhood_id
    ):
        raise Refused(_("Choisissez un quartier de la liste."), "neighbourhood_id")
    key = person_key(family, given, born)
    existing = db.session.scalar(
        select(Signature).where(Signature.petition_id == petition.id, Signature.identity_key == key)
    )
    if existing is not None:
        db.session.rollback()
        return PaperResult(existing, duplicate=True)
    legal = line.legal_request and rules.carries_legal_request
    if rules.per_quarter_limit or legal:
        refuse_second_request_this_quarter(petition.id, key, now)
    on_list = db.session.scalar(select(ElectorRecord.id).where(ElectorRecord.identity_key == key))
    account = db.session.scalar(
        select(User).where(
            User.identity_key == key,
            User.deleted_at.is_(None),
            User.verification.in_(VERIFIED_LEVELS),
        )
    )
    verified = on_list is not None or account is not None
    elector = on_list is not None or bool(account and account.is_elector)
    if legal and not elector:
        raise Refused(
            _(
                "Cette personne n'est pas sur la liste électorale : sa signature ne peut pas "
                "valoir demande légale (CGCT L1112-16)."
            ),
            "legal_request",
        )
    signature = Signature(
        petition_id=petition.id,
        identity_key=key,
        user_id=account.id if account else None,
        channel=CHANNEL_PAPER,
        neighbourhood_id=line.neighbourhood_id or (account.neighbourhood_id if account else None),
        created_at=now,
        quarter_slot=quarter_slot(rules, now, legal_request=legal),
        legal_request=legal,
        residence_verified=verified,
        elector=elector,
        verified_at=now if verified else None,
        verified_by_id=clerk.id if verified else None,
        entered_by_id=clerk.id,
        paper_family_name=family,
        paper_given_names=given,
        paper_address=address,
    )
    try:
        with db.session.begin_nested():
            db.session.add(signature)
    except IntegrityError:
        db.session.rollback()
        raise Refused(_("Cette personne a déjà signé (la ligne vient d'être saisie).")) from None
    add_to_counters(petition, signature)
    audit.record(
        actor=clerk,
        action="signature.paper_entered",
        object_type="signature",
        object_id=signature.id,
        after={"petition_id": petition.id, "verified": verified, "elector": signature.elector},
        now=now,
    )
    apply_thresholds(petition, now=now)
    db.session.commit()
    return PaperResult(signature, duplicate=False)


def recent_paper_lines(petition_id: int, clerk: User, limit: int = 30) -> list[Signature]:
    """The lines this clerk typed on this petition, newest first (the open sheet)."""
    return list(
        db.session.scalars(
            select(Signature)
            .where(
                Signature.petition_id == petition_id,
                Signature.entered_by_id == clerk.id,
                Signature.channel == CHANNEL_PAPER,
            )
            .order_by(Signature.id.desc())
            .limit(limit)
        )
    )
