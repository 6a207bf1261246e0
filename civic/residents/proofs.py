"""Proof of address: a resident sends a document (PDF, JPEG or PNG) for the clerk who
checks their residence. Stored under the instance folder, outside the web root;
read only by clerks, each reading audited; deleted as soon as the residence is
decided, and by the retention run after three months at most (civic/residents/privacy.py).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select

from civic.audit import services as audit
from civic.extensions import db
from civic.models import ResidenceProof, User
from civic.models.accounts import UNVERIFIED
from civic.services import Refused

MAX_BYTES = 5 * 1024 * 1024
FOLDER = "residence_proofs"
# What the file's first bytes must be: the name and the declared type mean nothing.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def folder() -> str:
    return os.path.join(current_app.instance_path, FOLDER)


def path_of(proof: ResidenceProof) -> str:
    return os.path.join(folder(), proof.stored_name)


def kind_of(data: bytes) -> tuple[str, str]:
    """The media type and extension the file's header shows, or a refusal."""
    if not data:
        raise Refused(_("Le fichier est vide."), "file")
    if len(data) > MAX_BYTES:
        raise Refused(_("Le fichier dépasse %(size)d Mo.", size=MAX_BYTES // (1024 * 1024)), "file")
    for header, media_type, extension in SIGNATURES:
        if data.startswith(header):
            return media_type, extension
    raise Refused(_("Le justificatif doit être un fichier PDF, JPEG ou PNG."), "file")


def proof_of(user_id: int) -> ResidenceProof | None:
    return db.session.scalar(select(ResidenceProof).where(ResidenceProof.user_id == user_id))


def proofs_of(user_ids: Iterable[int]) -> dict[int, ResidenceProof]:
    """The proofs of these accounts, by account (one query)."""
    ids = list(user_ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(ResidenceProof).where(ResidenceProof.user_id.in_(ids)))
    return {proof.user_id: proof for proof in rows}


def awaiting_decision(user: User) -> bool:
    return user.verification == UNVERIFIED and user.verification_refusal is None


def send(user: User, data: bytes, *, now: datetime) -> ResidenceProof:
    """Keep the document for the clerk (it replaces the one sent before)."""
    if not awaiting_decision(user):
        raise Refused(_("Votre résidence a déjà fait l'objet d'une décision."))
    media_type, extension = kind_of(data)
    os.makedirs(folder(), mode=0o700, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    path = os.path.join(folder(), stored_name)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        out.write(data)
    earlier = proof_of(user.id)
    replaced = path_of(earlier) if earlier else None
    if earlier is not None:
        db.session.delete(earlier)
        db.session.flush()
    proof = ResidenceProof(
        user_id=user.id,
        stored_name=stored_name,
        media_type=media_type,
        size=len(data),
        uploaded_at=now,
    )
    db.session.add(proof)
    try:
        db.session.commit()
    except Exception:
        discard_file(path)
        raise
    discard_file(replaced)
    return proof


def read_for_clerk(user_id: int, *, actor: User, now: datetime) -> tuple[bytes, str]:
    """The document and its media type, once the reading is in the audit log."""
    proof = proof_of(user_id)
    if proof is None or not os.path.isfile(path_of(proof)):
        raise Refused(_("Aucun justificatif pour ce compte."))
    with open(path_of(proof), "rb") as stored:
        found = (stored.read(MAX_BYTES + 1), proof.media_type)
    audit.record(
        actor=actor,
        action="residence.proof_viewed",
        object_type="user",
        object_id=user_id,
        now=now,
    )
    db.session.commit()
    return found


def forget(user_id: int) -> str | None:
    """Delete the proof's row in the caller's transaction; the file's path, to remove
    with ``discard_file`` once the transaction is committed."""
    proof = proof_of(user_id)
    if proof is None:
        return None
    path = path_of(proof)
    db.session.delete(proof)
    return path


def discard_file(path: str | None) -> None:
    if path:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def erase(now: datetime, before: datetime) -> int:
    """Retention: proofs sent before ``before``, and those of accounts decided or closed
    (a decision deletes its proof at once; this catches whatever a crash left)."""
    decided = select(User.id).where(
        or_(
            User.verification != UNVERIFIED,
            User.verification_refusal.is_not(None),
            User.deleted_at.is_not(None),
        )
    )
    due = list(
        db.session.scalars(
            select(ResidenceProof).where(
                or_(ResidenceProof.uploaded_at < before, ResidenceProof.user_id.in_(decided))
            )
        )
    )
    paths = [path_of(proof) for proof in due]
    if due:
        db.session.execute(delete(ResidenceProof).where(ResidenceProof.id.in_([p.id for p in due])))
    for path in paths:
        discard_file(path)
    return len(due)
