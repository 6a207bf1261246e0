"""The second factor as the tests' staff use it: an authenticator with a known secret.

Staff accounts made by ``People`` come enrolled with ``TEST_SECRET``; the demo's staff
have the README's secrets (``civic.demo.DEMO_TOTP_SECRETS``). Every helper that logs
staff in goes through the real second step with ``current_code``: nothing is turned
off for the tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
from flask import Flask
from sqlalchemy import select

from civic.extensions import db
from civic.models import SecondFactor, User

TEST_SECRET = "CIVICTESTSTAFFAUTHENTICATORAAAAA"  # nosec B105  # the tests' own
SECOND_STEP = "/auth/second-factor"


def enrol(user_id: int, secret: str = TEST_SECRET) -> None:
    """Give the account an authenticator (inside an app context; the caller commits)."""
    db.session.add(SecondFactor(user_id=user_id, secret=secret, enrolled_at=datetime.now(UTC)))


def current_code(app: Flask, email: str) -> str:
    """The code the account's authenticator shows now.

    A code is accepted once per 30-second step, and tests log the same account in far
    more often than that: when this step's code was already used, the account's last
    used step is set back one, as if the next step had come (a person would wait)."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
        factor = db.session.get(SecondFactor, user_id) if user_id is not None else None
        assert factor is not None, f"{email} has no authenticator"
        totp = pyotp.TOTP(factor.secret)
        step = totp.timecode(datetime.now(UTC))
        if factor.last_step is not None and factor.last_step >= step:
            factor.last_step = step - 1
            db.session.commit()
        code = totp.generate_otp(step)
        db.session.remove()
        return code
