"""HSTS (civic/security.py): served over HTTPS, every answer tells browsers to use
nothing else for HSTS_MAX_AGE seconds; over plain HTTP in development, nothing is
said; the other security headers stay as they were."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

HSTS = "Strict-Transport-Security"
PAGES = ["/", "/auth/login", "/does-not-exist"]


@pytest.mark.parametrize("path", PAGES)
def test_an_answer_over_https_carries_hsts_for_a_year_and_the_other_headers(
    client: FlaskClient, path: str
) -> None:
    response = client.get(path, base_url="https://localhost")
    assert response.headers[HSTS] == "max-age=31536000"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_plain_http_in_development_gets_no_hsts(client: FlaskClient) -> None:
    assert HSTS not in client.get("/").headers


def test_a_public_address_in_https_gets_hsts_even_when_the_proxy_speaks_http(
    app: Flask, client: FlaskClient
) -> None:
    # Behind a TLS-terminating proxy whose headers are not trusted (PROXY_COUNT unset),
    # the app sees plain HTTP; the public address says where browsers are.
    app.config["PUBLIC_URL"] = "https://localhost"
    assert client.get("/").headers[HSTS] == "max-age=31536000"


def test_behind_a_trusted_proxy_its_https_counts(app: Flask) -> None:
    from civic import create_app
    from civic.extensions import db

    proxied_app = create_app({**app.config, "PROXY_COUNT": 1})
    proxied = proxied_app.test_client()
    try:
        assert HSTS not in proxied.get("/").headers
        over_tls = proxied.get("/", headers={"X-Forwarded-Proto": "https"})
        assert over_tls.headers[HSTS] == "max-age=31536000"
    finally:
        with proxied_app.app_context():
            db.engine.dispose()  # the second app's connections, closed rather than left to GC


def test_the_max_age_is_a_setting(app: Flask, client: FlaskClient) -> None:
    app.config["HSTS_MAX_AGE"] = 600
    assert client.get("/", base_url="https://localhost").headers[HSTS] == "max-age=600"
