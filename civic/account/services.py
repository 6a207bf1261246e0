"""A resident's own data: download it, or delete the account (docs/rules.md §8)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import delete

from civic.auth.passwords import check_password
from civic.auth.sessions import end_all_sessions
from civic.extensions import db
from civic.models import ProviderIdentity, User
from civic.services import Refused

_EXPORTERS = "civic.exporters"
Exporter = Callable[[User], dict[str, Any]]


def register_exporter(app: Flask, exporter: Exporter) -> None:
    """Add an area's part of a person's data to the export (``create_app`` registers
    them). Votation ballots are never included: nothing links them to a person."""
    app.extensions.setdefault(_EXPORTERS, []).append(exporter)


def export_data(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "account": {
            "family_name": user.family_name,
            "given_names": user.given_names,
            "birth_date": user.birth_date.isoformat() if user.birth_date else None,
            "email": user.email,
            "address": user.address,
            "neighbourhood": user.neighbourhood.name if user.neighbourhood else None,
            "verification": user.verification,
            "verification_decided_at": _iso(user.verification_decided_at),
            "verification_refusal": user.verification_refusal,
            "eu_citizen": user.eu_citizen,
            "email_confirmed_at": _iso(user.email_confirmed_at),
            "created_at": _iso(user.created_at),
            "locale": user.locale,
            "roles": sorted(user.role_names),
        }
    }
    for exporter in current_app.extensions.get(_EXPORTERS, []):
        data.update(exporter(user))
    return data


def delete_account(user: User, password: str, *, now: datetime) -> None:
    """Erase the personal data; keep the row and its identity key, so the person's
    signatures still count once and nobody signs twice by re-registering."""
    if not check_password(user.password_hash, password):
        raise Refused(_("Mot de passe incorrect : rien n'a été supprimé."), "password")
    user.email = None
    user.email_canonical = None
    user.password_hash = None
    user.family_name = None
    user.given_names = None
    user.address = None
    user.locale = None
    user.roles = []
    user.deleted_at = now
    # The sessions' devices and times are personal data too, and a deleted account
    # keeps no session open anywhere.
    end_all_sessions(user.id)
    # Nor any tie to an identity provider: its subject names the person there.
    db.session.execute(delete(ProviderIdentity).where(ProviderIdentity.user_id == user.id))
    db.session.commit()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
