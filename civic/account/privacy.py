"""The account area's processings of personal data (GDPR art. 30; civic.privacy):
accounts, sessions, single-use links and in-app notifications."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, delete, exists, func, or_, select, update

from civic.auth import mails
from civic.extensions import db
from civic.models import Job, Notification, Token, User, UserRole, UserSession
from civic.models.limits import LoginFailures, RateLimitCounter
from civic.privacy import Processing, Retention, rows_changed
from civic.privacy.accounts import close_accounts


def _close_unconfirmed(now: datetime, before: datetime) -> int:
    return close_accounts((User.email_confirmed_at.is_(None)) & (User.created_at < before), now=now)


# Days between the mail that says an unused account will close and its closing.
INACTIVITY_NOTICE_DAYS = 30


def _close_unused(now: datetime, before: datetime) -> int:
    """Accounts unused since ``before`` close; a month earlier their owners are mailed,
    and logging in (civic.auth.sessions) keeps the account open. An account without an
    address (opened at the counter) cannot be told and closes at the end of its period."""
    unused_since = func.coalesce(User.last_active_at, User.created_at)
    notice = timedelta(days=INACTIVITY_NOTICE_DAYS)
    _tell_owners(unused_since < before + notice, now, closes_on=now + notice)
    told_in_time = User.email.is_(None) | (User.inactivity_warned_at <= now - notice)
    return close_accounts(
        (unused_since < before) & User.email_confirmed_at.is_not(None) & told_in_time, now=now
    )


def _tell_owners(due: ColumnElement[bool], now: datetime, *, closes_on: datetime) -> None:
    ids = list(
        db.session.scalars(
            select(User.id).where(
                due,
                User.inactivity_warned_at.is_(None),
                User.email.is_not(None),
                User.email_confirmed_at.is_not(None),
                User.deleted_at.is_(None),
                ~exists().where(UserRole.user_id == User.id),
            )
        )
    )
    if not ids:
        return
    db.session.execute(
        update(User)
        .where(User.id.in_(ids))
        .values(inactivity_warned_at=now)
        .execution_options(synchronize_session=False)
    )
    for user_id in ids:
        mails.inactivity_notice_later(user_id, closes_on.date().isoformat())


def _delete_ended_sessions(now: datetime, before: datetime) -> int:
    return rows_changed(delete(UserSession).where(UserSession.expires_at < before))


def _delete_old_tokens(now: datetime, before: datetime) -> int:
    return rows_changed(delete(Token).where(or_(Token.expires_at < before, Token.used_at < before)))


def _delete_old_notifications(now: datetime, before: datetime) -> int:
    return rows_changed(delete(Notification).where(Notification.created_at < before))


def _delete_finished_jobs(now: datetime, before: datetime) -> int:
    return rows_changed(delete(Job).where(Job.finished_at < before))


def _delete_ended_counters(now: datetime, before: datetime) -> int:
    return rows_changed(delete(RateLimitCounter).where(RateLimitCounter.expires_at < before))


def _delete_old_login_failures(now: datetime, before: datetime) -> int:
    return rows_changed(delete(LoginFailures).where(LoginFailures.last_failed_at < before))


PROCESSINGS = (
    Processing(
        key="accounts",
        name=_l("Comptes des habitants et habitantes"),
        purpose=_l(
            "Ouvrir un compte personnel pour participer (signer, proposer, voter, poser une "
            "question), s'assurer qu'une personne n'a qu'un compte, se connecter en "
            "sécurité, recevoir les courriels du service et les notifications du site."
        ),
        legal_basis=_l(
            "Mission d'intérêt public de la commune (RGPD art. 6.1.e ; démocratie locale, "
            "CGCT L1112-1 et suivants, L2141-1)."
        ),
        data=(
            _l("nom, prénoms, date de naissance"),
            _l("adresse postale et quartier"),
            _l("adresse électronique, mot de passe (haché)"),
            _l("clé d'identité (empreinte chiffrée du nom et de la date de naissance)"),
            _l("appareils et heures des sessions ouvertes, langue choisie"),
            _l("notifications reçues"),
            _l(
                "pour qui se connecte par un fournisseur d'identité (FranceConnect) : son "
                "identifiant chez ce fournisseur et le nom du fournisseur"
            ),
        ),
        people=(_l("habitantes et habitants de 16 ans et plus"), _l("agents et élus")),
        recipients=(
            _l("agents de la mairie habilités (vérification de résidence)"),
            _l("la personne elle-même (téléchargement de ses données)"),
        ),
        retention=(
            Retention(
                key="unconfirmed_accounts",
                what=_l("Comptes dont l'adresse électronique n'a jamais été confirmée"),
                starts=_l("après l'inscription"),
                then=_l("fermés : nom, adresse, courriel et mot de passe effacés"),
                months=1,
                erase=_close_unconfirmed,
            ),
            Retention(
                key="sessions",
                what=_l("Sessions de connexion (appareil, heures)"),
                starts=_l("à la fin de la session"),
                then=_l("supprimées"),
                erase=_delete_ended_sessions,
            ),
            Retention(
                key="tokens",
                what=_l("Liens à usage unique (confirmation, mot de passe oublié)"),
                starts=_l("après leur usage ou leur expiration"),
                then=_l("supprimés"),
                days=7,
                erase=_delete_old_tokens,
            ),
            Retention(
                key="notifications",
                what=_l("Notifications"),
                starts=_l("après leur envoi"),
                then=_l("supprimées"),
                months=12,
                erase=_delete_old_notifications,
            ),
            Retention(
                key="jobs",
                what=_l(
                    "Tâches de fond terminées (envoi des courriels, imports) et leurs "
                    "messages d'erreur, qui peuvent citer une adresse"
                ),
                starts=_l("à la fin de la tâche"),
                then=_l("supprimées"),
                days=30,
                erase=_delete_finished_jobs,
            ),
            Retention(
                key="unused_accounts",
                what=_l("Comptes confirmés dont personne ne se sert plus"),
                starts=_l("après la dernière connexion"),
                then=_l(
                    "fermés : nom, adresse, courriel et mot de passe effacés (la personne "
                    "est prévenue par courriel un mois avant ; se connecter garde le compte)"
                ),
                setting="ACCOUNT_INACTIVE_MONTHS",
                erase=_close_unused,
            ),
            Retention(
                key="accounts",
                what=_l("Comptes confirmés"),
                starts=_l("tant que la personne garde son compte"),
                then=_l(
                    "effacés quand elle le supprime (seule la clé d'identité reste, pour "
                    "qu'une même personne ne signe ni ne vote deux fois)"
                ),
            ),
        ),
        tables=(
            "users",
            "user_roles",
            "user_sessions",
            # Staff's second factor (civic.auth.second_factor): the authenticator's
            # secret and the recovery codes' hashes, kept with the account.
            "second_factors",
            "recovery_codes",
            "tokens",
            "notifications",
            "provider_identities",
            "jobs",
        ),
        pages=(
            "auth.register",
            "auth.login",
            "oidc.register",
            "auth.reset_request",
            "auth.confirm_address",
            "auth.new_password",
            "account.index",
            "account.delete",
            "account.password",
            "account.email",
            "account.confirm_email",
        ),
    ),
    Processing(
        key="abuse",
        name=_l("Protection contre les abus"),
        purpose=_l(
            "Ralentir les tentatives répétées (connexion, signature, question, inscription) "
            "venant d'une même adresse ou visant un même compte."
        ),
        legal_basis=_l(
            "Obligation de sécurité du responsable de traitement (RGPD art. 32) et mission "
            "d'intérêt public (art. 6.1.e)."
        ),
        data=(
            _l("empreinte (SHA-256) de l'adresse IP ou de l'adresse électronique visée"),
            _l("nombre de tentatives et leur heure"),
        ),
        people=(_l("toute personne qui utilise le site"),),
        recipients=(_l("aucun : ces compteurs ne sont lus que par le logiciel"),),
        retention=(
            Retention(
                key="rate_limits",
                what=_l("Compteurs de tentatives"),
                starts=_l("à la fin de leur fenêtre"),
                then=_l("supprimés"),
                erase=_delete_ended_counters,
            ),
            Retention(
                key="login_failures",
                what=_l("Échecs de connexion"),
                starts=_l("après le dernier échec"),
                then=_l("supprimés"),
                months=1,
                erase=_delete_old_login_failures,
            ),
        ),
        tables=("rate_limit_counters", "login_failures"),
    ),
)
