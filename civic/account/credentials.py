"""Changing one's own password or e-mail address from the account page.

A password change needs the current one; it ends every other session of the account
and the owner is told by mail. An address changes only when the link mailed to the
new address is used, while logged in to the same account (a mistyped address's owner
cannot take the account over), and the old address is told of the request. A new
address that already has an account gets the same answer, and its owner a mail, so
the form does not reveal who has an account.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from civic.auth.emails import canonical_email
from civic.auth.passwords import check_password, hash_new_password
from civic.auth.services import new_token, send_mail, spend_tokens, usable_token
from civic.auth.sessions import end_all_sessions
from civic.decisions import serialised_on
from civic.extensions import db
from civic.models import User
from civic.models.accounts import TOKEN_CHANGE_EMAIL
from civic.security import public_url
from civic.services import Refused


def change_password(
    user: User, current: str, new: str, *, session_token: str | None, now: datetime
) -> None:
    """Replace the password; every session but ``session_token`` (this browser) ends."""
    if not check_password(user.password_hash, current):
        raise Refused(_("Mot de passe actuel incorrect : rien n'a changé."), "current_password")
    user.password_hash = hash_new_password(new, context=(user.email or "",))
    # Whoever held the old password is logged out everywhere but here.
    end_all_sessions(user.id, keep=session_token)
    address, name = user.email or "", user.given_names or ""
    db.session.commit()
    send_mail(
        address,
        _("Votre mot de passe a été changé"),
        "mail/password_changed.txt",
        name=name,
        link=public_url(url_for("auth.reset_request")),
    )


def request_email_change(user: User, password: str, new_address: str, *, now: datetime) -> None:
    """Mail a confirmation link to ``new_address`` (or, if it has an account, a word to
    its owner instead) and a notice to the current address."""
    if not check_password(user.password_hash, password):
        raise Refused(_("Mot de passe incorrect : rien n'a changé."), "password")
    address = new_address.strip()
    key = canonical_email(address)
    if key == user.email_canonical:
        raise Refused(_("C'est déjà l'adresse de votre compte."), "email")
    old_address, name = user.email or "", user.given_names or ""
    owner = db.session.scalar(select(User).where(User.email_canonical == key))
    if owner is None:
        hours = int(current_app.config["CONFIRM_TOKEN_HOURS"])
        raw = new_token(user, TOKEN_CHANGE_EMAIL, now, hours, new_email=address)
        db.session.commit()
        send_mail(
            address,
            _("Confirmez votre nouvelle adresse"),
            "mail/email_change_confirm.txt",
            name=name,
            link=public_url(url_for("account.confirm_email_link", token=raw)),
        )
    else:
        send_mail(
            owner.email or address,
            _("Tentative d'utiliser votre adresse"),
            "mail/email_change_taken.txt",
            link=public_url(url_for("auth.reset_request")),
        )
    send_mail(
        old_address,
        _("Changement d'adresse demandé"),
        "mail/email_change_notice.txt",
        name=name,
        new_address=address,
        link=public_url(url_for("auth.reset_request")),
    )


def confirm_email_change(user: User, raw_token: str, *, now: datetime) -> str:
    """Give ``user``'s account the address its link was sent to; every other pending
    change is spent with it. Returns the new address."""
    token = usable_token(raw_token, TOKEN_CHANGE_EMAIL, now)
    if token.user_id != user.id or not token.new_email:
        raise Refused(
            _(
                "Ce lien a été demandé depuis un autre compte : connectez-vous à ce "
                "compte pour l'utiliser."
            )
        )
    address = token.new_email
    key = canonical_email(address)
    # Two accounts taking one address at once: one after the other (as registration).
    serialised_on(f"email:{key}")
    taken = db.session.scalar(
        select(User.id).where(User.email_canonical == key, User.id != user.id)
    )
    if taken is not None:
        raise Refused(
            _(
                "Cette adresse est entre-temps devenue celle d'un autre compte : "
                "votre adresse n'a pas changé."
            )
        )
    spend_tokens(token, now)
    user.email = address
    user.email_canonical = key
    # Whoever can read that inbox has just confirmed it.
    user.email_confirmed_at = now
    db.session.commit()
    return address
