"""CSRF on every POST, security headers, safe cookies and error pages."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import AuditEntry, User
from tests.conftest import post

# The one POST that needs no CSRF token: a mail client's one-click unsubscribe (RFC 8058)
# carries no session. Its signed token is the proof: a forged one is a 404 and changes
# nothing (tests/web/test_notification_mails_web.py proves a real one works).
CSRF_EXEMPT = {"notifications.unsubscribe_now"}


def post_urls(app: Flask) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or set()) or rule.endpoint == "static":
            continue
        if rule.endpoint in CSRF_EXEMPT:
            continue
        values = {arg: 1 for arg in rule.arguments}
        if "token" in rule.arguments:
            values["token"] = "x"
        with app.test_request_context():
            from flask import url_for

            urls.append(url_for(rule.endpoint, **values))
    return urls


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(
    app: Flask, client: FlaskClient, as_role: Any, role: str
) -> None:
    as_role(role)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(User))
    for url in post_urls(app):
        response = client.post(url, data={"email": "x@example.org", "password": "x" * 12})
        assert response.status_code == 400, url
        assert "La page a expiré" in response.get_data(as_text=True) or response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == before
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_the_only_post_without_csrf_is_the_one_click_unsubscribe_and_a_forged_token_does_nothing(
    app: Flask, client: FlaskClient
) -> None:
    exempt = set(app.extensions["csrf"]._exempt_views)
    assert exempt == {"civic.notifications.views.unsubscribe_now"}
    response = client.post("/notifications/unsubscribe/forged-token")
    assert response.status_code == 404


def test_every_response_carries_the_security_headers(client: FlaskClient) -> None:
    for path in ["/", "/auth/login", "/does-not-exist"]:
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "HX-Request" in response.headers.get("Vary", "")


def test_the_session_cookie_is_http_only_and_same_site_lax(
    client: FlaskClient, as_role: Any
) -> None:
    as_role("resident")
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.http_only and cookie.same_site == "Lax"


def test_production_cookies_are_secure(app: Flask) -> None:
    from civic import create_app

    production = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    assert production.config["SESSION_COOKIE_SECURE"] is True


def test_errors_are_shown_in_the_visitors_language(client: FlaskClient) -> None:
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_an_unexpected_error_rolls_back_and_shows_a_500_page(app: Flask) -> None:
    @app.get("/boom-test")
    def boom() -> str:
        db.session.add(User(identity_key="x" * 64, verification="resident"))
        db.session.flush()
        raise RuntimeError("boom")

    response = app.test_client().get("/boom-test")
    assert response.status_code == 500
    assert "Erreur du serveur" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_login_is_rate_limited_without_saying_whether_the_account_exists(
    client: FlaskClient,
) -> None:
    # A new address each time: the count per client address, not the slowing down of
    # one account's failures (tests/web/test_login_throttle_web.py).
    statuses = [
        post(
            client, "/auth/login", {"email": f"who{n}@example.org", "password": "guess-guess"}
        ).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    page = post(client, "/auth/login", {"email": "who@example.org", "password": "x"}).get_data(
        as_text=True
    )
    assert "Trop de tentatives" in page


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(app: Flask) -> None:
    from civic import create_app

    proxied = create_app({**app.config, "PROXY_COUNT": 1})

    @proxied.get("/whoami-test")
    def whoami() -> str:
        from flask import request

        return request.remote_addr or ""

    answer = proxied.test_client().get("/whoami-test", headers={"X-Forwarded-For": "203.0.113.7"})
    assert answer.get_data(as_text=True) == "203.0.113.7"
    direct = app.test_client()
    app.add_url_rule("/whoami-test", view_func=whoami)
    assert (
        direct.get("/whoami-test", headers={"X-Forwarded-For": "203.0.113.7"}).get_data(
            as_text=True
        )
        != "203.0.113.7"
    )
