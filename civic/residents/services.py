"""Residence verification and the electoral list (docs/rules.md §1: unverified → resident →
elector)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from civic.audit import services as audit
from civic.auth.services import person_key
from civic.clerk_queues import count_of
from civic.decisions import already_decided, locked
from civic.extensions import db
from civic.models import ElectoralListImport, ElectorRecord, User
from civic.models.accounts import ELECTOR, RESIDENT, UNVERIFIED
from civic.notifications.services import notify, path_to
from civic.residents.proofs import discard_file, forget
from civic.services import Refused

REFUSAL_REASON_MAX = 500


def pending_residences() -> Select[User]:
    """Confirmed accounts awaiting a residence check, oldest first, refused ones excluded."""
    return (
        select(User)
        .where(
            User.verification == UNVERIFIED,
            User.deleted_at.is_(None),
            User.email_confirmed_at.is_not(None),
            User.verification_refusal.is_(None),
        )
        .order_by(User.created_at, User.id)
    )


def verification_queue() -> list[User]:
    return list(db.session.scalars(pending_residences()))


def pending_count() -> int:
    return count_of(pending_residences())


def on_electoral_list(user: User) -> ElectorRecord | None:
    return db.session.scalar(
        select(ElectorRecord).where(ElectorRecord.identity_key == user.identity_key)
    )


def decide_residence(
    user_id: int, *, approve: bool, reason: str | None, actor: User, now: datetime
) -> User:
    """Approve (→ resident, or elector when on the imported list) or refuse with a reason."""
    user = locked(User, user_id)
    if user is None or user.deleted_at is not None:
        raise Refused(_("Ce compte n'existe pas."))
    if user.verification != UNVERIFIED or user.verification_refusal is not None:
        raise already_decided(
            _("La résidence de ce compte a déjà été vérifiée")
            if user.verification_refusal is None
            else _("La résidence de ce compte a déjà été refusée"),
            by_id=user.verification_decided_by_id,
            at=user.verification_decided_at,
        )
    before = {"verification": user.verification}
    if approve:
        record = on_electoral_list(user)
        user.verification = ELECTOR if record else RESIDENT
        user.eu_citizen = bool(record and record.eu_citizen)
    else:
        reason = (reason or "").strip()
        if not reason:
            raise Refused(_("Indiquez la raison du refus, elle sera communiquée."), "reason")
        if len(reason) > REFUSAL_REASON_MAX:
            raise Refused(_("Raison trop longue."), "reason")
        user.verification_refusal = reason
    user.verification_decided_at = now
    user.verification_decided_by_id = actor.id
    notify(
        user,
        "residence_verified" if approve else "residence_refused",
        subject_title=str(current_app.config["COMMUNE_NAME"]) if approve else reason or "",
        link=path_to("account.index"),
        now=now,
    )
    audit.record(
        actor=actor,
        action="residence.approved" if approve else "residence.refused",
        object_type="user",
        object_id=user.id,
        before=before,
        after={"verification": user.verification},
        reason=None if approve else reason,
        now=now,
    )
    # The proof of address served its purpose: its row goes with the decision, its
    # file once the decision is committed.
    proof = forget(user.id)
    db.session.commit()
    discard_file(proof)
    return user


# Accepted column names, French or English, for the electoral list CSV.
_COLUMNS = {
    "family_name": ("family_name", "nom", "nom_de_famille", "nom de famille"),
    "given_names": ("given_names", "prenoms", "prénoms", "prenom", "prénom"),
    "birth_date": ("birth_date", "date_naissance", "date_de_naissance", "date de naissance"),
    "eu_citizen": ("eu_citizen", "liste_complementaire", "ue"),
}
_TRUE = {"1", "true", "oui", "yes", "o", "y", "x"}


@dataclass
class ImportReport:
    rows: int = 0
    matched: int = 0
    raised: int = 0
    unmatched: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _parse_date(text: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def import_electoral_list(content: bytes, *, actor: User, now: datetime) -> ImportReport:
    """Store the list as identity keys and raise matching accounts to ``elector``.

    Rows are matched on normalised family name, given names and birth date (the
    identity key); bad rows are reported by line number and nothing else is kept
    of them. The previous list is replaced, since the list is published whole.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise Refused(_("Le fichier n'est pas un CSV lisible (UTF-8 attendu).")) from error
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = {(h or "").strip().lower(): h for h in (reader.fieldnames or [])}
    columns: dict[str, str] = {}
    for key, names in _COLUMNS.items():
        for name in names:
            if name in headers:
                columns[key] = headers[name]
                break
    missing = [k for k in ("family_name", "given_names", "birth_date") if k not in columns]
    if missing:
        raise Refused(
            _(
                "Colonnes manquantes : %(missing)s. "
                "Attendu : family_name, given_names, birth_date.",
                missing=", ".join(missing),
            )
        )
    report = ImportReport()
    keys: dict[str, bool] = {}
    for line_number, row in enumerate(reader, start=2):
        report.rows += 1
        family = (row.get(columns["family_name"]) or "").strip()
        given = (row.get(columns["given_names"]) or "").strip()
        raw_date = row.get(columns["birth_date"]) or ""
        if not family or not given:
            report.rejected.append((line_number, _("nom ou prénoms manquants")))
            continue
        try:
            born = _parse_date(raw_date)
        except ValueError:
            report.rejected.append((line_number, _("date de naissance illisible")))
            continue
        eu = (
            "eu_citizen" in columns
            and (row.get(columns["eu_citizen"]) or "").strip().lower() in _TRUE
        )
        try:
            keys[person_key(family, given, born)] = eu
        except Refused as refusal:  # a name mixing alphabets: that line only
            report.rejected.append((line_number, refusal.message))
    if not keys:
        raise Refused(_("Aucune ligne valide dans ce fichier."))
    batch = ElectoralListImport(
        imported_at=now,
        imported_by_id=actor.id,
        rows=report.rows,
        matched=0,
        unmatched=0,
        rejected=len(report.rejected),
    )
    db.session.add(batch)
    db.session.flush()
    db.session.execute(ElectorRecord.__table__.delete())
    db.session.execute(
        ElectorRecord.__table__.insert(),
        [{"identity_key": k, "eu_citizen": eu, "import_id": batch.id} for k, eu in keys.items()],
    )
    users = db.session.scalars(
        select(User).where(User.identity_key.in_(list(keys)), User.deleted_at.is_(None))
    ).all()
    matched_keys = set()
    for user in users:
        matched_keys.add(user.identity_key)
        user.eu_citizen = keys[user.identity_key]
        if user.verification != ELECTOR and user.email_confirmed_at is not None:
            user.verification = ELECTOR
            user.verification_decided_at = now
            user.verification_decided_by_id = actor.id
            user.verification_refusal = None
            report.raised += 1
    report.matched = len(matched_keys)
    report.unmatched = len(keys) - report.matched
    batch.matched, batch.unmatched = report.matched, report.unmatched
    audit.record(
        actor=actor,
        action="electoral_list.imported",
        object_type="electoral_list_import",
        object_id=batch.id,
        after={
            "rows": report.rows,
            "electors": len(keys),
            "matched": report.matched,
            "raised_to_elector": report.raised,
            "rejected_rows": len(report.rejected),
        },
        now=now,
    )
    db.session.commit()
    return report


def elector_count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(ElectorRecord)) or 0)
