"""Mails link to the site's public address (PUBLIC_URL), never to the host a request
named: a request naming another host is refused, and X-Forwarded-Host counts only
when the operator says the proxy sets it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import People, _test_config, csrf_token


@pytest.fixture
def public(app: Flask) -> Flask:
    """The site at https://civic.example.fr, also reached as www.civic.example.fr."""
    app.config["PUBLIC_URL"] = "https://civic.example.fr"
    app.config["TRUSTED_HOSTS"] = ["civic.example.fr", "www.civic.example.fr", "localhost"]
    return app


def test_a_reset_asked_through_another_host_is_refused_and_mails_nothing(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    people.make("ana")
    token = csrf_token(client, "/auth/reset")
    response = client.post(
        "/auth/reset",
        data={"csrf_token": token, "email": "ana@example.org"},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 400
    assert "pas celle du site" in response.get_data(as_text=True)
    assert outbox == []


def test_a_reset_mail_links_to_the_public_address_whatever_host_the_request_named(
    public: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    people.make("ana")
    headers = {"Host": "www.civic.example.fr"}
    page = client.get("/auth/reset", headers=headers).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token
    response = client.post(
        "/auth/reset",
        data={"csrf_token": token.group(1), "email": "ana@example.org"},
        headers=headers,
    )
    assert response.status_code == 302
    assert re.search(r"https://civic\.example\.fr/auth/reset/\S+", outbox[0].body)
    assert "www.civic.example.fr" not in outbox[0].body


def test_without_a_public_address_only_the_development_addresses_are_answered() -> None:
    from civic import create_app

    config = {**_test_config("sqlite://"), "SERVER_NAME": None}
    app = create_app(config)
    assert app.config["PUBLIC_URL"] == "http://127.0.0.1:5000"
    assert set(app.config["TRUSTED_HOSTS"]) == {"127.0.0.1", "localhost"}
    with_public = create_app({**config, "PUBLIC_URL": "https://civic.example.fr/"})
    assert with_public.config["PUBLIC_URL"] == "https://civic.example.fr"
    assert with_public.config["TRUSTED_HOSTS"] == ["civic.example.fr"]


@pytest.fixture
def behind_proxy(request: pytest.FixtureRequest, database_url: str) -> Iterator[Flask]:
    from civic import create_app
    from civic.extensions import db

    app = create_app(
        {**_test_config(database_url), "PROXY_COUNT": 1, "PROXY_FORWARDED_HOST": request.param}
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("behind_proxy", "status"), [(False, 200), (True, 400)], indirect=["behind_proxy"]
)
def test_x_forwarded_host_counts_only_when_the_proxy_is_said_to_set_it(
    _schema: None, behind_proxy: Flask, status: int
) -> None:
    response = behind_proxy.test_client().get(
        "/auth/reset", headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-For": "1.2.3.4"}
    )
    assert response.status_code == status
