"""The mails of registration and password reset, sent by a background job
(``civic.jobs``: a worker thread, or RQ when Redis is configured).

The request only queues the job, the same one whether or not the address or the
person has an account: looking the account up, writing its token and talking to the
mail server happen in the job, so the request does the same work, in the same time,
either way, and nobody learns who is registered from how long the answer takes.
Each mail is written in its account's language.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from sqlalchemy import select

from civic import jobs
from civic.auth.emails import canonical_email
from civic.extensions import db
from civic.models import Token, User
from civic.models.accounts import TOKEN_CONFIRM_EMAIL, TOKEN_RESET_PASSWORD
from civic.security import public_url

RESET_LINK = "civic.auth.mails:send_reset_link"
REGISTRATION = "civic.auth.mails:send_registration_mail"
INACTIVITY = "civic.auth.mails:send_inactivity_notice"
# What a registration tells the address it mails.
CONFIRM = "confirm"  # a new account: the link that confirms the address
ADDRESS_TAKEN = "address_taken"  # someone registered with the owner's address
PERSON_TAKEN = "person_taken"  # someone registered as the owner, with another address


def reset_link_later(email: str, now: datetime) -> None:
    jobs.enqueue(RESET_LINK, email, now.isoformat())


def registration_mail_later(kind: str, user_id: int, now: datetime) -> None:
    """Queue the mail (commits the caller's changes: the account must exist for the job)."""
    jobs.enqueue(REGISTRATION, kind, user_id, now.isoformat())


def inactivity_notice_later(user_id: int, closes_on: str) -> None:
    """Queue the notice that an unused account will close (commits the caller's changes)."""
    jobs.enqueue(INACTIVITY, user_id, closes_on)


def send_inactivity_notice(user_id: int, closes_on: str) -> None:
    """The job: tell the owner of an unused account that it closes on ``closes_on``
    unless they log in before (civic.account.privacy)."""
    user = db.session.get(User, user_id)
    if user is None or not user.email or user.deleted_at is not None:
        return
    with force_locale(_language(user)):
        _mail(
            user.email,
            _("Votre compte Civic va être fermé"),
            "mail/inactive_account.txt",
            user=user,
            closes_on=date.fromisoformat(closes_on),
            link=_link("auth.login"),
        )


def send_reset_link(email: str, asked_at: str) -> None:
    """The job: a reset link to the address if it has an account, nothing otherwise.
    At most one link every ``RESET_MAIL_MINUTES`` per account, so the reset page,
    open to anyone without a per-address limit, cannot flood an inbox; the link sent
    a moment ago still works."""
    from civic.auth import services

    now = datetime.fromisoformat(asked_at)
    user = db.session.scalar(
        select(User).where(
            User.email_canonical == canonical_email(email), User.deleted_at.is_(None)
        )
    )
    if user is None or not user.email:
        return
    recent = now - timedelta(minutes=int(current_app.config["RESET_MAIL_MINUTES"]))
    sent_lately = db.session.scalar(
        select(Token.id)
        .where(
            Token.user_id == user.id,
            Token.purpose == TOKEN_RESET_PASSWORD,
            Token.used_at.is_(None),
            Token.created_at > recent,
        )
        .limit(1)
    )
    if sent_lately is not None:
        return
    raw = services._new_token(
        user, TOKEN_RESET_PASSWORD, now, current_app.config["RESET_TOKEN_HOURS"]
    )
    db.session.commit()
    with force_locale(_language(user)):
        _mail(
            user.email,
            _("Réinitialisation du mot de passe"),
            "mail/reset.txt",
            user=user,
            link=_link("auth.reset_password", token=raw),
        )


def send_registration_mail(kind: str, user_id: int, asked_at: str) -> None:
    """The job: the confirmation link of a new account, or the notice to the owner of
    an address or identity someone registered with."""
    from civic.auth import services

    user = db.session.get(User, user_id)
    if user is None or not user.email:
        return
    with force_locale(_language(user)):
        if kind == CONFIRM:
            hours = current_app.config["CONFIRM_TOKEN_HOURS"]
            now = datetime.fromisoformat(asked_at)
            raw = services._new_token(user, TOKEN_CONFIRM_EMAIL, now, hours)
            db.session.commit()
            subject, template = _("Confirmez votre adresse"), "mail/confirm.txt"
            link = _link("auth.confirm", token=raw)
        elif kind == ADDRESS_TAKEN:
            subject = _("Tentative d'inscription avec votre adresse")
            template, link = "mail/already_registered.txt", None
        else:
            subject = _("Tentative d'inscription à votre nom")
            template, link = "mail/already_registered_person.txt", _link("auth.login")
        _mail(user.email or "", subject, template, user=user, link=link)


def _mail(to: str, subject: str, template: str, **context: object) -> None:
    # The bare template: the pages' context processors need a request, which a job has not.
    body = current_app.jinja_env.get_template(template).render(**context)
    EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)


def _language(user: User) -> str:
    if user.locale in current_app.config["LANGUAGES"]:
        return str(user.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def _link(endpoint: str, **values: str) -> str:
    """The page's address on the public site: a job has no request to build it from."""
    return public_url(current_app.url_map.bind("localhost").build(endpoint, values))
