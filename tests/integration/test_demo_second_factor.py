"""The demo's staff log in with the TOTP secrets the README publishes (demo only)."""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
from flask import Flask
from sqlalchemy import select

from civic import demo
from civic.auth.passwords import hash_password
from civic.extensions import db
from civic.models import SecondFactor, User
from civic.models.accounts import STAFF_ROLES
from tests.conftest import REPO, log_in_through_forms

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def test_the_demo_staff_have_the_secrets_the_readme_publishes(app: Flask) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    with app.app_context():
        hoods = demo._seed_neighbourhoods([])
        for _run in range(2):  # idempotent, as `make run` seeds on every start
            demo._seed_accounts(hoods, hash_password(demo.DEMO_PASSWORD), NOW, [])
        db.session.commit()
        staff = [
            email for email, *_rest, roles in demo.DEMO_ACCOUNTS if set(roles) & set(STAFF_ROLES)
        ]
        assert sorted(staff) == sorted(demo.DEMO_TOTP_SECRETS)
        for email in staff:
            user = db.session.scalars(select(User).where(User.email == email)).one()
            factor = db.session.get_one(SecondFactor, user.id)
            assert factor.secret == demo.DEMO_TOTP_SECRETS[email]
            assert f"| `{email}` | `{factor.secret}` |" in readme
            pyotp.TOTP(factor.secret).now()  # a valid base32 secret
    client = app.test_client()
    log_in_through_forms(app, client, "agent@demo.civic.fr", demo.DEMO_PASSWORD)
    assert client.get("/clerk/residents").status_code == 200
