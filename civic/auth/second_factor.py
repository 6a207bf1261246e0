"""Second factor for staff: an authenticator app (TOTP, RFC 6238) and recovery codes.

Logging in takes two steps for an account that needs one (``required``: every clerk,
councillor and administrator). The password (``civic.auth.services.log_in``) opens no
session: it leaves a note in the signed session cookie (``await_second_step``), and
only a good code opens the server-side session, marked as having passed
(``UserSession.second_factor_at``). ``load_user`` loads an account holding a role only
through such a session, so a stolen password alone reaches no staff page, and a
session opened before a role was granted ends. A staff account without an
authenticator enrols at its next log-in: the page shows the secret as a QR code and as
text, a first code confirms it, and ten recovery codes are shown once.

A code is accepted once: the 30-second step of the last accepted code is kept, and
only a later step passes. Wrong codes are counted on the account across every app
server; past ``MAX_FAILURES`` in a row, no code is tried for ``PAUSE``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
from flask import current_app, session
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select

from civic.auth import sessions
from civic.decisions import locked, serialised_on
from civic.extensions import db
from civic.models import RecoveryCode, SecondFactor, User
from civic.services import Refused

# One step either side of the server's: a phone's clock a little off still works.
DRIFT_STEPS = 1
MAX_FAILURES = 5
PAUSE = timedelta(minutes=15)
RECOVERY_CODES = 10
# How long the password step is worth waiting for its second step.
PENDING_FOR = timedelta(minutes=10)

# Keys in Flask's signed session cookie (names, not secrets).
_PENDING = "civic_second_step"
_NEW_SECRET = "civic_second_factor_new"  # nosec B105  # the key that holds it


def required(user: User) -> bool:
    """Staff accounts, and any account that has an authenticator, log in in two steps."""
    return user.is_staff or is_enrolled(user.id)


def is_enrolled(user_id: int) -> bool:
    return db.session.get(SecondFactor, user_id) is not None


# The password step's note, in the signed session cookie.


@dataclass(frozen=True)
class Pending:
    user_id: int
    remember: bool
    next_url: str


def await_second_step(user: User, *, remember: bool, next_url: str | None, now: datetime) -> None:
    """The password was right: remember it, for this browser only, for a few minutes."""
    session[_PENDING] = {
        "user_id": user.id,
        "remember": remember,
        "next": (next_url or "")[:500],
        "at": now.timestamp(),
        "password": _password_mark(user),
    }


def pending(now: datetime) -> Pending | None:
    """The account whose password this browser gave, if that was recent and the
    password has not changed since (a reset ends the half-open log-in too)."""
    note = session.get(_PENDING)
    if not isinstance(note, dict):
        return None
    try:
        user_id, at = int(note["user_id"]), float(note["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if not 0 <= now.timestamp() - at <= PENDING_FOR.total_seconds():
        return None
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        return None
    if not hmac.compare_digest(str(note.get("password", "")), _password_mark(user)):
        return None
    return Pending(user_id, bool(note.get("remember")), str(note.get("next", "")))


def forget_pending() -> None:
    session.pop(_PENDING, None)
    session.pop(_NEW_SECRET, None)


def _password_mark(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode("utf-8")).hexdigest()[:16]


# Enrolment.


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str
    qr_code: str  # a data: URI of an SVG image

    @property
    def grouped(self) -> str:
        """The secret by fours, as people type it into an app."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


def enrolment(user_id: int) -> Enrolment:
    """The secret this browser is enrolling, drawn once and kept in the signed session
    cookie until a first code confirms it (showing the page again shows the same)."""
    note = session.get(_NEW_SECRET)
    if isinstance(note, dict) and note.get("user_id") == user_id and note.get("secret"):
        secret = str(note["secret"])
    else:
        secret = pyotp.random_base32()
        session[_NEW_SECRET] = {"user_id": user_id, "secret": secret}
    user = db.session.get_one(User, user_id)
    uri = pyotp.TOTP(secret).provisioning_uri(
        name=user.email or str(user.id),
        issuer_name=f"Civic {current_app.config['COMMUNE_NAME']}",
    )
    qr_code = segno.make(uri, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")
    return Enrolment(secret, uri, qr_code)


def enrol(
    waiting: Pending, secret: str, code: str, *, user_agent: str, now: datetime
) -> tuple[User, list[str]]:
    """Keep the authenticator whose first code is ``code``, draw the recovery codes and
    open the staff session; returns the account (with its ``session_token``) and the
    recovery codes, to be shown once."""
    user_id = waiting.user_id
    serialised_on(f"second-factor:{user_id}")
    if db.session.get(SecondFactor, user_id) is not None:
        raise Refused(_("Ce compte a déjà une application d'authentification."))
    step = _matching_step(secret, _normalised(code), now)
    if step is None:
        raise Refused(
            _(
                "Ce code ne correspond pas. Saisissez le code que l'application affiche "
                "maintenant, et vérifiez que l'heure du téléphone est juste."
            ),
            "code",
        )
    db.session.add(SecondFactor(user_id=user_id, secret=secret, enrolled_at=now, last_step=step))
    codes = _new_recovery_codes(user_id)
    user = _open_session(waiting, user_agent, now)
    db.session.commit()
    return user, codes


def _new_recovery_codes(user_id: int) -> list[str]:
    """Draw the account's recovery codes (any older ones stop working)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = []
    for _i in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode("ascii").lower()  # 80 bits
        codes.append("-".join(raw[i : i + 4] for i in range(0, len(raw), 4)))
        db.session.add(RecoveryCode(user_id=user_id, code_hash=_code_hash(raw)))
    return codes


# The second step.


def pass_second_step(waiting: Pending, code: str, *, user_agent: str, now: datetime) -> User:
    """Check a code from the authenticator, or a recovery code, and open the staff
    session. A wrong code is counted (and that count is written) before the refusal."""
    user_id = waiting.user_id
    factor = locked(SecondFactor, user_id)
    if factor is None:
        raise Refused(_("Ce compte n'a pas encore d'application d'authentification."))
    _refuse_while_paused(factor, now)
    typed = _normalised(code)
    if not (_accept_totp(factor, typed, now) or _accept_recovery_code(user_id, typed, now)):
        factor.failures += 1
        factor.last_failure_at = now
        db.session.commit()
        _refuse_while_paused(factor, now)
        raise Refused(_("Ce code n'est pas valable, ou il a déjà servi."), "code")
    factor.failures = 0
    factor.last_failure_at = None
    user = _open_session(waiting, user_agent, now)
    db.session.commit()
    return user


def _refuse_while_paused(factor: SecondFactor, now: datetime) -> None:
    if factor.failures < MAX_FAILURES or factor.last_failure_at is None:
        return
    left = factor.last_failure_at + PAUSE - now
    if left <= timedelta(0):
        return
    minutes = max(1, math.ceil(left.total_seconds() / 60))
    raise Refused(
        ngettext(
            "Trop de codes erronés d'affilée : réessayez dans %(num)d minute.",
            "Trop de codes erronés d'affilée : réessayez dans %(num)d minutes.",
            minutes,
        ),
        "code",
    )


def _accept_totp(factor: SecondFactor, typed: str, now: datetime) -> bool:
    if not (len(typed) == 6 and typed.isdigit()):
        return False
    step = _matching_step(factor.secret, typed, now)
    # Only a step later than the last one used: a code never opens two sessions.
    if step is None or (factor.last_step is not None and step <= factor.last_step):
        return False
    factor.last_step = step
    return True


def _accept_recovery_code(user_id: int, typed: str, now: datetime) -> bool:
    found = db.session.scalar(
        select(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == _code_hash(typed),
            RecoveryCode.used_at.is_(None),
        )
        .with_for_update()
    )
    if found is None:
        return False
    found.used_at = now
    return True


def _matching_step(secret: str, typed: str, now: datetime) -> int | None:
    """The time step whose code is ``typed``, within DRIFT_STEPS of now (RFC 6238)."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), typed):
            return step
    return None


def _open_session(waiting: Pending, user_agent: str, now: datetime) -> User:
    user = db.session.get_one(User, waiting.user_id)
    user.session_token = sessions.open_session(
        user.id, user_agent, remember=waiting.remember, now=now, second_factor=True
    )
    return user


def _normalised(code: str) -> str:
    """What people type, as stored: spaces and hyphens out, lower case, bounded."""
    return "".join(c for c in code[:100] if c not in " -\t").lower()


def _code_hash(typed: str) -> str:
    return hashlib.sha256(typed.encode("utf-8")).hexdigest()
