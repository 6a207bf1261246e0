"""Notification choices and follows (GDPR art. 30; civic.privacy): what a person asked
to be told, how, and the letters posted to people without e-mail."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from civic.models import NotificationFollow, NotificationSettings, User
from civic.privacy import Processing, Retention, rows_changed


def _delete_old_follows(now: datetime, before: datetime) -> int:
    return rows_changed(delete(NotificationFollow).where(NotificationFollow.created_at < before))


def _delete_settings_of_closed_accounts(now: datetime, before: datetime) -> int:
    closed = select(User.id).where(User.deleted_at.is_not(None), User.deleted_at < before)
    return rows_changed(
        delete(NotificationSettings).where(NotificationSettings.user_id.in_(closed))
    )


PROCESSINGS = (
    Processing(
        key="notification_choices",
        name=_l("Notifications : vos choix et les lettres par la poste"),
        purpose=_l(
            "Prévenir chaque personne de ce qui arrive à ce qu'elle a fait ou suit (sa "
            "résidence, ses pétitions, ses propositions, ses candidatures, les votes qu'elle "
            "suit), par courriel ou par courrier selon son choix."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e) : charte de participation ; le suivi "
            "d'une pétition ou d'un vote est demandé par la personne."
        ),
        data=(
            _l("choix de recevoir ou non des courriels, par sujet ; choix du courrier postal"),
            _l("votes suivis"),
            _l("nom et adresse postale, sur les lettres exportées par la mairie"),
        ),
        people=(_l("habitantes et habitants qui ont un compte"),),
        recipients=(_l("agents de la mairie qui impriment et postent les lettres"),),
        retention=(
            Retention(
                key="notification_follows",
                what=_l("Votes suivis"),
                starts=_l("après la demande de suivi"),
                then=_l("supprimés"),
                months=12,
                erase=_delete_old_follows,
            ),
            Retention(
                key="notification_settings",
                what=_l("Choix de notification"),
                starts=_l("après la fermeture du compte"),
                then=_l("supprimés"),
                days=1,
                erase=_delete_settings_of_closed_accounts,
            ),
        ),
        tables=("notification_settings", "notification_follows"),
        pages=("notifications.preferences_page", "notifications.letters_page"),
    ),
)
