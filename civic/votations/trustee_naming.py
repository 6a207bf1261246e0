"""Naming an encrypted votation's trustees and credential authority (docs/belenios.md).

Only while the votation is a draft: naming them again starts the ceremony over under a
new election id. From its scheduling on, the election's key is made with theirs, and
renaming is refused with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from civic import belenios
from civic.audit import services as audit
from civic.extensions import db
from civic.models import User
from civic.models.accounts import STAFF_ROLES
from civic.models.elections import VotationElection, VotationTrustee
from civic.models.votations import STATUS_DRAFT, Votation
from civic.services import Refused
from civic.votations import encrypted
from civic.votations.services import get_votation
from civic.votations.voting import find_person

MAX_TRUSTEES = 9


def _person(text: str, field: str) -> User:
    user = find_person(text)
    if user is None:
        raise Refused(_("Aucun compte ne correspond à « %(who)s ».", who=text.strip()[:80]), field)
    if not user.role_names.intersection(STAFF_ROLES):
        raise Refused(
            _(
                "%(name)s n'est pas membre du personnel : garants et autorité des codes "
                "sont des comptes du personnel.",
                name=user.display_name,
            ),
            field,
        )
    return user


@dataclass(frozen=True)
class Naming:
    election: VotationElection
    started_over: bool  # files of an earlier ceremony were dropped
    credentials_void: bool  # and the public credentials with them (a new election id)


def _started(election: VotationElection | None) -> bool:
    return election is not None and (
        election.public_credentials is not None
        or any(t.certificate is not None for t in election.trustees)
    )


def refuse_renaming(votation: Votation) -> None:
    """Trustees change only while the votation is a draft: from its scheduling on, the
    election's key is made with theirs and only they can decrypt its box."""
    if votation.status == STATUS_DRAFT:
        return
    election = encrypted.election_of(votation.id)
    if election is None:
        raise Refused(_("Les garants se nomment avant la programmation de la votation."))
    raise Refused(
        _(
            "La votation est programmée : ses garants ne changent plus, car la clé de "
            "l'élection est faite avec les leurs et seuls eux pourront déchiffrer l'urne. "
            "Si l'un d'eux n'est pas disponible au dépouillement, %(k)s garants sur %(n)s "
            "suffisent.",
            k=election.threshold,
            n=len(election.trustees),
        )
    )


def name_trustees(
    votation_id: int,
    *,
    people: list[str],
    threshold: int,
    authority: str,
    actor: User,
    now: datetime,
) -> Naming:
    """Name the n trustees (in this order: their numbers), the threshold k and the
    credential authority of a draft. Naming them again starts the ceremony over: a new
    election (new id), every file uploaded and the public credentials dropped."""
    votation = get_votation(votation_id)
    db.session.refresh(votation, with_for_update=True)
    refuse_renaming(votation)
    if not belenios.available():
        raise Refused(str(belenios.BeleniosMissing()))
    named = [p for p in (" ".join(p.split()) for p in people) if p]
    if not 2 <= len(named) <= MAX_TRUSTEES:
        raise Refused(
            _("Nommez entre 2 et %(max)s garants, un par ligne.", max=MAX_TRUSTEES), "trustees"
        )
    users = [_person(p, "trustees") for p in named]
    if len({u.id for u in users}) != len(users):
        raise Refused(_("Chaque garant est une personne différente."), "trustees")
    if not 1 <= threshold <= len(users):
        raise Refused(_("Le seuil doit être compris entre 1 et le nombre de garants."), "threshold")
    authority_user = _person(authority, "authority")
    if authority_user.id in {u.id for u in users}:
        raise Refused(
            _("L'autorité des codes de vote ne peut pas être aussi garante."), "authority"
        )
    old = encrypted.election_of(votation.id)
    started_over = _started(old)
    credentials_void = old is not None and old.public_credentials is not None
    if old is not None:
        db.session.delete(old)
        db.session.flush()
    election = VotationElection(
        votation_id=votation.id,
        uuid=belenios.new_uuid(),
        threshold=threshold,
        credential_authority_id=authority_user.id,
        created_at=now,
    )
    election.trustees = [
        VotationTrustee(votation_id=votation.id, position=n, user_id=u.id)
        for n, u in enumerate(users, start=1)
    ]
    db.session.add(election)
    audit.record(
        actor=actor,
        action="votation.trustees_named",
        object_type="votation",
        object_id=votation.id,
        after={
            "trustees": [u.id for u in users],
            "threshold": threshold,
            "credential_authority": authority_user.id,
            "uuid": election.uuid,
            "started_over": started_over,
        },
        now=now,
    )
    db.session.commit()
    return Naming(election, started_over, credentials_void)
