"""Failed log-ins slow down; nobody is locked out (the rule: ``civic.core.login_throttle``).

Two counts per account, kept in the database (``login_failures``) so every worker and
host sees them:

- per client: the failures for this account from this client. A browser the account
  has logged in from before carries a signed cookie naming the account (``KNOWN_COOKIE``)
  and is counted apart, by that cookie; any other client by its address.
- the account-wide backstop: the failures for this account from every client that
  is not one of its known browsers, however many addresses an attacker spreads them
  over.

While a count makes the client wait, its tries are refused before any password is
checked, with the time left (and a 429 with ``Retry-After``). The account's owner logs
in from their own browser whatever an attacker does elsewhere, and the password reset
stays open to everyone; a reset also makes its browser a known one. Accounts are named
by their canonical address, whether or not an account exists, so an unknown address
is slowed exactly as a known one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Response, after_this_request, current_app, has_request_context, request
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select

from civic.auth.emails import canonical_email
from civic.core.login_throttle import ThrottleRule, seconds_to_wait
from civic.decisions import serialised_on
from civic.extensions import client_address, db
from civic.models.limits import LoginFailures
from civic.rate_limits import digest
from civic.services import Refused

KNOWN_COOKIE = "civic_known"
_SALT = "civic-known-browser"
# A browser remembers the last few accounts that logged in from it (a household's).
_KNOWN_ACCOUNTS = 5
_KNOWN_FOR = timedelta(days=180)


class Throttled(Refused):
    """Too many failures: the client waits ``seconds`` before the next try is taken."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            _(
                "Trop d'essais de mot de passe incorrects pour ce compte : réessayez dans "
                "%(wait)s. Aucun mot de passe n'est vérifié d'ici là. Si vous l'avez oublié, "
                "vous pouvez le réinitialiser dès maintenant.",
                wait=_in_words(seconds),
            )
        )
        self.seconds = seconds


@dataclass(frozen=True)
class Attempt:
    """One log-in try: the counts it is judged by (key digests), and its account."""

    account: str
    client_key: str
    account_key: str | None  # None: a known browser, outside the backstop


def before_password(email: str, now: datetime) -> Attempt:
    """The try's counts, locked until the transaction ends (two tries at once are
    judged one after the other); ``Throttled`` if the client must still wait."""
    account = digest("login-account:" + canonical_email(email))[:32]
    known = _known_browser(account)
    if known is not None:
        attempt = Attempt(account, digest(f"login:{account}:browser:{known}"), None)
    else:
        client = client_address() if has_request_context() else "local"
        attempt = Attempt(
            account, digest(f"login:{account}:address:{client}"), digest(f"login:{account}")
        )
    keys = [key for key in (attempt.client_key, attempt.account_key) if key is not None]
    for key in keys:  # always the client's first, the account's second
        serialised_on(f"login-failures:{key}")
    rows = db.session.scalars(select(LoginFailures).where(LoginFailures.key_hash.in_(keys)))
    wait = max((seconds_to_wait(row.wait_until, now) for row in rows), default=0)
    if wait:
        raise Throttled(wait)
    return attempt


def failed(attempt: Attempt, now: datetime) -> None:
    """Count the failure on each of the try's counts, and commit (the answer is a
    refusal, but the count must hold)."""
    counts = [(attempt.client_key, _rule("free_failures"))]
    if attempt.account_key is not None:
        counts.append((attempt.account_key, _rule("account_free_failures")))
    for key, rule in counts:
        row = db.session.get(LoginFailures, key)
        if row is None:
            row = LoginFailures(key_hash=key, failures=0, last_failed_at=now, wait_until=now)
            db.session.add(row)
        row.failures = rule.failures_counted(row.failures, row.last_failed_at, now)
        row.last_failed_at = now
        row.wait_until = now + rule.wait_after(row.failures)
    forgotten = now - _rule("free_failures").forget_after
    db.session.execute(delete(LoginFailures).where(LoginFailures.last_failed_at < forgotten))
    db.session.commit()


def succeeded(attempt: Attempt) -> None:
    """The right password: this client's count starts again, and its browser becomes
    one the account knows."""
    row = db.session.get(LoginFailures, attempt.client_key)  # read by before_password
    if row is not None:
        db.session.delete(row)
        db.session.commit()
    remember_browser(attempt.account)


def trust_this_browser(email: str) -> None:
    """After a password reset: whoever reads the inbox logs in from here as the owner."""
    remember_browser(digest("login-account:" + canonical_email(email))[:32])


def remember_browser(account: str) -> None:
    if not has_request_context():
        return
    found = _read_cookie()
    browser = found.get("browser") or secrets.token_urlsafe(16)
    accounts = [account] + [a for a in found.get("accounts", []) if a != account]
    value = _serializer().dumps({"browser": browser, "accounts": accounts[:_KNOWN_ACCOUNTS]})

    @after_this_request
    def _set(response: Response) -> Response:
        response.set_cookie(
            KNOWN_COOKIE,
            value,
            max_age=int(_KNOWN_FOR.total_seconds()),
            httponly=True,
            secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
            samesite="Lax",
        )
        return response


def _known_browser(account: str) -> str | None:
    found = _read_cookie()
    if account in found.get("accounts", []) and isinstance(found.get("browser"), str):
        return str(found["browser"])
    return None


def _read_cookie() -> dict[str, Any]:
    if not has_request_context():
        return {}
    raw = request.cookies.get(KNOWN_COOKIE)
    if not raw:
        return {}
    try:
        found = _serializer().loads(raw)
    except BadSignature:
        return {}
    return found if isinstance(found, dict) else {}


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_SALT)  # type: ignore[arg-type]


def _rule(free: str) -> ThrottleRule:
    settings = current_app.config["LOGIN_THROTTLE"]
    return ThrottleRule(
        free_failures=int(settings[free]),
        first_wait=timedelta(seconds=int(settings["first_wait_seconds"])),
        longest_wait=timedelta(seconds=int(settings["longest_wait_seconds"])),
        forget_after=timedelta(hours=int(settings["forget_after_hours"])),
    )


def _in_words(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(num)d seconde", "%(num)d secondes", seconds)
    minutes = -(-seconds // 60)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)
