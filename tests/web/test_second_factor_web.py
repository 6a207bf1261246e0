"""Staff log in with a second factor (issue 15): an authenticator app (TOTP, RFC 6238)
or a single-use recovery code after the password; a staff session ends after
STAFF_IDLE_MINUTES unused."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, func, select

from civic.extensions import db
from civic.models import RecoveryCode, SecondFactor, User, UserRole, UserSession
from tests.conftest import PASSWORD, People, post
from tests.support.second_factor import SECOND_STEP, TEST_SECRET, current_code

CLERK_PAGE = "/clerk/residents"
ENROL = "/auth/second-factor/enrol"


def give_password(client: FlaskClient, name: str, **extra: str) -> Any:
    return post(
        client, "/auth/login", {"email": f"{name}@example.org", "password": PASSWORD, **extra}
    )


def text_of(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def sessions_of(app: Flask, name: str) -> list[UserSession]:
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == f"{name}@example.org"))
        rows = list(db.session.scalars(select(UserSession).where(UserSession.user_id == user_id)))
        db.session.expunge_all()
        return rows


def without_authenticator(app: Flask, user_id: int) -> None:
    with app.app_context():
        db.session.execute(delete(SecondFactor).where(SecondFactor.user_id == user_id))
        db.session.commit()


def test_a_staff_password_alone_opens_no_session_and_no_staff_page(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("claire", roles=("clerk",))
    response = give_password(client, "claire")
    assert response.status_code == 302 and response.location == SECOND_STEP
    assert sessions_of(app, "claire") == []
    for page in (CLERK_PAGE, "/account/"):
        refused = client.get(page)
        assert refused.status_code == 302 and "/auth/login" in refused.location
    asked = client.get(SECOND_STEP)
    assert "application d'authentification" in text_of(asked)


def test_the_authenticator_code_opens_the_staff_session(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("claire", roles=("clerk",))
    give_password(client, "claire")
    response = post(client, SECOND_STEP, {"code": current_code(app, "claire@example.org")})
    assert response.status_code == 302
    assert client.get(CLERK_PAGE).status_code == 200
    (session,) = sessions_of(app, "claire")
    assert session.second_factor_at is not None


def test_a_wrong_code_is_refused_and_opens_nothing(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("claire", roles=("clerk",))
    give_password(client, "claire")
    good = current_code(app, "claire@example.org")
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = post(client, SECOND_STEP, {"code": wrong})
    assert response.status_code == 200
    assert "Ce code n'est pas valable" in text_of(response)
    assert sessions_of(app, "claire") == []
    assert client.get(CLERK_PAGE).status_code == 302


def test_a_code_already_used_cannot_open_a_second_session(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("claire", roles=("clerk",))
    code = current_code(app, "claire@example.org")
    give_password(client, "claire")
    assert post(client, SECOND_STEP, {"code": code}).status_code == 302
    # Someone who saw the code (over the shoulder, in a log) and knows the password.
    thief = app.test_client()
    give_password(thief, "claire")
    replayed = post(thief, SECOND_STEP, {"code": code})
    assert "déjà servi" in text_of(replayed)
    assert thief.get(CLERK_PAGE).status_code == 302
    assert len(sessions_of(app, "claire")) == 1


def test_wrong_codes_in_a_row_pause_the_second_step_from_any_browser(
    app: Flask, people: People
) -> None:
    people.make("claire", roles=("clerk",))
    for attempt in range(5):
        guesser = app.test_client()  # a new browser each time: counted on the account
        give_password(guesser, "claire")
        post(guesser, SECOND_STEP, {"code": f"{attempt:06d}"})
    owner = app.test_client()
    give_password(owner, "claire")
    response = post(owner, SECOND_STEP, {"code": current_code(app, "claire@example.org")})
    assert "Trop de codes erronés d'affilée : réessayez dans 15 minutes." in text_of(response)
    assert owner.get(CLERK_PAGE).status_code == 302


def test_a_recovery_code_opens_the_session_once(
    app: Flask, client: FlaskClient, people: People
) -> None:
    user_id = people.make("claire", roles=("clerk",))
    without_authenticator(app, user_id)
    give_password(client, "claire")
    codes = enrol(app, client, "claire")
    post(client, "/auth/logout")
    give_password(client, "claire")
    assert post(client, SECOND_STEP, {"code": codes[0].upper()}).status_code == 302
    assert client.get(CLERK_PAGE).status_code == 200
    post(client, "/auth/logout")
    give_password(client, "claire")
    again = post(client, SECOND_STEP, {"code": codes[0]})
    assert "déjà servi" in text_of(again)
    assert client.get(CLERK_PAGE).status_code == 302


def enrol(app: Flask, client: FlaskClient, name: str) -> list[str]:
    """Go through the enrolment page as the person would: read the secret it shows,
    type the app's code; returns the recovery codes shown."""
    page = text_of(client.get(ENROL))
    match = re.search(r'<code class="secret" translate="no">([A-Z2-7 ]+)</code>', page)
    assert match, page
    secret = match.group(1).replace(" ", "")
    response = post(client, ENROL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200, text_of(response)[:500]
    return re.findall(r"<li><code>([a-z2-7-]+)</code></li>", text_of(response))


def test_staff_without_an_authenticator_enrol_before_any_staff_page(
    app: Flask, client: FlaskClient, people: People
) -> None:
    user_id = people.make("claire", roles=("clerk",))
    without_authenticator(app, user_id)
    response = give_password(client, "claire")
    assert response.location == SECOND_STEP
    assert client.get(SECOND_STEP).location == ENROL
    assert client.get(CLERK_PAGE).status_code == 302
    page = text_of(client.get(ENROL))
    assert 'src="data:image/svg+xml' in page  # the QR code, no script needed
    assert 'href="otpauth://totp/Civic%20Sens:claire%40example.org?secret=' in page
    wrong = post(client, ENROL, {"code": "000000"})
    assert "Ce code ne correspond pas" in text_of(wrong)
    assert client.get(CLERK_PAGE).status_code == 302
    codes = enrol(app, client, "claire")
    assert len(codes) == len(set(codes)) == 10
    assert client.get(CLERK_PAGE).status_code == 200
    with app.app_context():
        stored = list(db.session.scalars(select(RecoveryCode.code_hash)))
    assert len(stored) == 10 and not set(stored) & {c.replace("-", "") for c in codes}


def test_the_recovery_codes_page_is_not_kept_by_the_browser(
    app: Flask, client: FlaskClient, people: People
) -> None:
    user_id = people.make("claire", roles=("clerk",))
    without_authenticator(app, user_id)
    give_password(client, "claire")
    page = text_of(client.get(ENROL))
    match = re.search(r'<code class="secret" translate="no">([A-Z2-7 ]+)</code>', page)
    assert match
    response = post(client, ENROL, {"code": pyotp.TOTP(match.group(1).replace(" ", "")).now()})
    assert response.headers["Cache-Control"] == "no-store"


def test_a_resident_logs_in_with_the_password_alone(client: FlaskClient, people: People) -> None:
    people.make("lea")
    response = give_password(client, "lea")
    assert response.status_code == 302 and SECOND_STEP not in response.location
    assert client.get("/account/").status_code == 200


def test_a_session_that_gains_a_role_must_pass_the_second_factor(
    app: Flask, client: FlaskClient, people: People
) -> None:
    user_id = people.make("lea")
    people.login("lea")
    with app.app_context():
        db.session.add(UserRole(user_id=user_id, role="clerk", granted_at=datetime.now(UTC)))
        db.session.commit()
    response = client.get(CLERK_PAGE)
    assert response.status_code == 302 and "/auth/login" in response.location
    assert client.get("/account/").status_code == 302  # that session has ended


def test_the_second_step_needs_the_password_first(client: FlaskClient, people: People) -> None:
    people.make("claire", roles=("clerk",))
    for path in (SECOND_STEP, ENROL):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.location
    refused = post(client, SECOND_STEP, {"code": "123456"})
    assert refused.status_code == 302 and "/auth/login" in refused.location


def test_a_password_reset_voids_a_half_done_log_in(
    app: Flask, client: FlaskClient, people: People
) -> None:
    user_id = people.make("claire", roles=("clerk",))
    give_password(client, "claire")
    with app.app_context():
        from civic.auth.passwords import hash_password

        db.session.get_one(User, user_id).password_hash = hash_password("un autre mot de passe")
        db.session.commit()
    response = post(client, SECOND_STEP, {"code": current_code(app, "claire@example.org")})
    assert response.status_code == 302 and "/auth/login" in response.location
    assert sessions_of(app, "claire") == []


def test_the_next_page_survives_the_second_step(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("claire", roles=("clerk",))
    post(
        client,
        f"/auth/login?next={CLERK_PAGE}",
        {"email": "claire@example.org", "password": PASSWORD},
    )
    response = post(client, SECOND_STEP, {"code": current_code(app, "claire@example.org")})
    assert response.location == CLERK_PAGE


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[timedelta]]:
    """Move the app's clock forward: ``clock[0] = timedelta(minutes=...)``."""
    import civic.auth.services
    import civic.auth.views

    offset = [timedelta(0)]

    def later() -> datetime:
        return datetime.now(UTC) + offset[0]

    monkeypatch.setattr(civic.auth.services, "now_utc", later)
    monkeypatch.setattr(civic.auth.views, "now_utc", later)
    yield offset


def test_a_staff_session_ends_after_the_idle_minutes_even_when_remembered(
    app: Flask, client: FlaskClient, people: People, clock: list[timedelta]
) -> None:
    assert app.config["STAFF_IDLE_MINUTES"] == 30
    people.make("claire", roles=("clerk",))
    give_password(client, "claire", remember="y")
    post(client, SECOND_STEP, {"code": current_code(app, "claire@example.org")})
    resident = app.test_client()
    people.make("lea")
    give_password(resident, "lea")
    clock[0] = timedelta(minutes=29)
    assert client.get(CLERK_PAGE).status_code == 200  # in use: the end moves back
    clock[0] = timedelta(minutes=58)
    assert client.get(CLERK_PAGE).status_code == 200
    clock[0] = timedelta(minutes=89)  # 31 minutes unused
    response = client.get(CLERK_PAGE)
    assert response.status_code == 302 and "/auth/login" in response.location
    assert resident.get("/account/").status_code == 200  # residents keep SESSION_IDLE_HOURS


def test_staff_idle_minutes_come_from_the_setting(
    app: Flask, client: FlaskClient, people: People, clock: list[timedelta]
) -> None:
    app.config["STAFF_IDLE_MINUTES"] = 5
    people.make("claire", roles=("clerk",))
    give_password(client, "claire")
    post(client, SECOND_STEP, {"code": current_code(app, "claire@example.org")})
    clock[0] = timedelta(minutes=6)
    assert client.get(CLERK_PAGE).status_code == 302


def test_the_tests_staff_have_their_authenticator(app: Flask, people: People) -> None:
    """The helpers log staff in through the real second step (tests/support/second_factor.py)."""
    user_id = people.make("claire", roles=("clerk",))
    with app.app_context():
        assert db.session.get_one(SecondFactor, user_id).secret == TEST_SECRET
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
