"""One person, one identity, as a clerk sees it (docs/rules.md §3): the accounts a
pending one may duplicate, shown beside it in the residence queue, and the
collisions found when the identity keys were recomputed, to examine and decide."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, or_, select, update

from civic.audit import services as audit
from civic.clerk_queues import Search, page_of
from civic.core.identity import names_close, same_address, same_name
from civic.extensions import db
from civic.models import (
    BudgetBallot,
    BudgetHeading,
    ElectoralListImport,
    ElectorRecord,
    Petition,
    Signature,
    User,
)
from civic.models.identity import (
    COLLISION_ACCOUNTS,
    COLLISION_BALLOTS,
    COLLISION_SIGNATURES,
    IdentityCollision,
)
from civic.residents.proofs import proofs_of
from civic.residents.services import pending_residences
from civic.services import Refused

DECISION_MAX = 500


@dataclass(frozen=True)
class PossibleDuplicate:
    """Another account that may be the same person, and why a clerk should look."""

    user: User
    same_birth_date_close_name: bool
    same_name_and_address: bool


def possible_duplicates(pending: Sequence[User]) -> dict[int, list[PossibleDuplicate]]:
    """For each pending account, the other accounts (not deleted) born the same day
    with a close name, or with the same name and address — read in one query for
    the whole page, then compared on the canonical names."""
    if not pending:
        return {}
    dates = {u.birth_date for u in pending if u.birth_date is not None}
    families = {(u.family_name or "").strip().lower() for u in pending} - {""}
    addresses = {(u.address or "").strip().lower() for u in pending} - {""}
    candidates = db.session.scalars(
        select(User)
        .where(
            User.deleted_at.is_(None),
            or_(
                User.birth_date.in_(dates),
                func.lower(func.trim(User.family_name)).in_(families),
                func.lower(func.trim(User.address)).in_(addresses),
            ),
        )
        .order_by(User.created_at, User.id)
    ).all()
    found: dict[int, list[PossibleDuplicate]] = {}
    for user in pending:
        for other in candidates:
            if other.id == user.id:
                continue
            names = (user.family_name or "", user.given_names or "")
            others = (other.family_name or "", other.given_names or "")
            close = user.birth_date == other.birth_date and names_close(*names, *others)
            at_same_address = same_name(*names, *others) and same_address(
                user.address or "", other.address or ""
            )
            if close or at_same_address:
                found.setdefault(user.id, []).append(
                    PossibleDuplicate(other, close, at_same_address)
                )
    return found


def residence_queue(search: Search) -> dict[str, Any]:
    """What the residence queue shows: one page of the pending accounts the search
    finds (name, address, day of registration), which are on the electoral list,
    their possible duplicates side by side, and how many collisions of recomputed
    keys wait for a clerk — a fixed number of queries."""
    statement = pending_residences().where(
        *search.matching(User.family_name, User.given_names, User.address),
        *search.on_day(User.created_at),
    )
    page = page_of(statement, search)
    users = list(page.items)
    listed = on_electoral_list(users)
    return {
        "page": page,
        "search": search,
        "users": users,
        "on_list": {u.id: u.id in listed for u in users},
        "duplicates": possible_duplicates(users),
        "proofs": proofs_of(u.id for u in users),
        "collisions_to_examine": pending_collisions(),
    }


def on_electoral_list(users: Sequence[User]) -> set[int]:
    """The ids of the accounts whose identity key is on the imported list (one query)."""
    keys = {u.identity_key for u in users}
    if not keys:
        return set()
    listed = set(
        db.session.scalars(
            select(ElectorRecord.identity_key).where(ElectorRecord.identity_key.in_(keys))
        )
    )
    return {u.id for u in users if u.identity_key in listed}


def electoral_list_outdated() -> bool:
    """True when the keys were recomputed after the last import of the list."""
    latest = db.session.scalar(
        select(ElectoralListImport.keys_outdated).order_by(ElectoralListImport.id.desc()).limit(1)
    )
    return bool(latest)


@dataclass(frozen=True)
class CollisionView:
    collision: IdentityCollision
    first: Any
    second: Any
    subject: str | None  # the petition or the heading both rows belong to


def _found_in(search: Search) -> list[ColumnElement[bool]]:
    """Conditions on a collision for the search: the words in either row of the pair
    (a name or an address: of the account, of the paper line or its signer, of the
    ballot's voter), the day it was found."""
    conditions = search.on_day(IdentityCollision.found_at)
    if not search.text:
        return conditions
    person = (User.family_name, User.given_names, User.address)
    accounts = select(User.id).where(*search.matching(*person))
    signatures = (
        select(Signature.id)
        .outerjoin(User, User.id == Signature.user_id)
        .where(
            *search.matching(
                *person,
                Signature.paper_family_name,
                Signature.paper_given_names,
                Signature.paper_address,
            )
        )
    )
    ballots = (
        select(BudgetBallot.id)
        .join(User, User.id == BudgetBallot.voter_id)
        .where(*search.matching(*person))
    )
    either = [
        and_(
            IdentityCollision.kind == kind,
            or_(IdentityCollision.first_id.in_(ids), IdentityCollision.second_id.in_(ids)),
        )
        for kind, ids in (
            (COLLISION_ACCOUNTS, accounts),
            (COLLISION_SIGNATURES, signatures),
            (COLLISION_BALLOTS, ballots),
        )
    ]
    return [*conditions, or_(*either)]


def collision_queue(search: Search) -> dict[str, Any]:
    """One page of the recorded collisions the search finds, those still to examine
    first, then the oldest found first, with both rows of each pair (a fixed number of
    queries: one per kind of row, whatever the number of collisions)."""
    statement = (
        select(IdentityCollision)
        .where(*_found_in(search))
        .order_by(
            IdentityCollision.examined_at.is_not(None),
            IdentityCollision.found_at,
            IdentityCollision.id,
        )
    )
    page = page_of(statement, search)
    return {"page": page, "search": search, "collisions": _side_by_side(list(page.items))}


def _side_by_side(rows: list[IdentityCollision]) -> list[CollisionView]:
    wanted: dict[str, set[int]] = {}
    for c in rows:
        wanted.setdefault(c.kind, set()).update((c.first_id, c.second_id))
    loaded: dict[str, dict[int, Any]] = {}
    subjects: dict[str, dict[int, str]] = {}
    if COLLISION_ACCOUNTS in wanted:
        loaded[COLLISION_ACCOUNTS] = {
            u.id: u
            for u in db.session.scalars(select(User).where(User.id.in_(wanted[COLLISION_ACCOUNTS])))
        }
    if COLLISION_SIGNATURES in wanted:
        pairs = db.session.execute(
            select(Signature, Petition.title)
            .join(Petition, Petition.id == Signature.petition_id)
            .where(Signature.id.in_(wanted[COLLISION_SIGNATURES]))
        ).all()
        loaded[COLLISION_SIGNATURES] = {s.id: s for s, _ in pairs}
        subjects[COLLISION_SIGNATURES] = {s.id: title for s, title in pairs}
    if COLLISION_BALLOTS in wanted:
        ballots = db.session.execute(
            select(BudgetBallot, BudgetHeading.name)
            .join(BudgetHeading, BudgetHeading.id == BudgetBallot.heading_id)
            .where(BudgetBallot.id.in_(wanted[COLLISION_BALLOTS]))
        ).all()
        loaded[COLLISION_BALLOTS] = {b.id: b for b, _ in ballots}
        subjects[COLLISION_BALLOTS] = {b.id: name for b, name in ballots}
    return [
        CollisionView(
            collision=c,
            first=loaded.get(c.kind, {}).get(c.first_id),
            second=loaded.get(c.kind, {}).get(c.second_id),
            subject=subjects.get(c.kind, {}).get(c.first_id),
        )
        for c in rows
    ]


def pending_collisions() -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(IdentityCollision)
            .where(IdentityCollision.examined_at.is_(None))
        )
        or 0
    )


def examine_collision(collision_id: int, *, decision: str, actor: User, now: datetime) -> None:
    """A clerk records what they decided about a collision (one person or two, and
    what they did about it); nothing is deleted here."""
    collision = db.session.get(IdentityCollision, collision_id)
    if collision is None:
        raise Refused(_("Ce doublon n'existe pas."))
    decision = decision.strip()
    if not decision or len(decision) > DECISION_MAX:
        raise Refused(
            _("Écrivez ce que vous avez décidé (%(max)d caractères au plus).", max=DECISION_MAX),
            "decision",
        )
    # One decision per collision, even when two clerks submit at once: the update
    # only applies while nobody has decided.
    decided = db.session.execute(
        update(IdentityCollision)
        .where(IdentityCollision.id == collision_id, IdentityCollision.examined_at.is_(None))
        .values(examined_at=now, examined_by_id=actor.id, decision=decision)
    )
    if getattr(decided, "rowcount", 0) != 1:
        db.session.rollback()
        raise Refused(_("Ce doublon a déjà été examiné."))
    audit.record(
        actor=actor,
        action="identity_collision.examine",
        object_type="identity_collision",
        object_id=collision.id,
        before={"examined": False},
        after={"examined": True, "kind": collision.kind},
        reason=decision,
        now=now,
    )
    db.session.commit()
