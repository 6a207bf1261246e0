"""Links mailed with a token: the first GET trades the token for a session and an
address without it (so it stays out of access logs); using one reset link spends the
others; mails (and their live links) are printed on the console only in development."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import People, _test_config, post
from tests.web.test_accounts_web import form, hood_id  # noqa: F401

NEW = {"password": "un tout autre mot de passe", "password_again": "un tout autre mot de passe"}


def reset_link(client: FlaskClient, outbox: list, email: str = "ana@example.org") -> str:
    post(client, "/auth/reset", {"email": email})
    link = re.search(r"http://localhost(/auth/reset/\S+)", outbox[-1].body)
    assert link
    return link.group(1)


def test_a_reset_link_leads_to_an_address_without_its_token_where_the_form_works(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    people.make("ana")
    link = reset_link(client, outbox)
    token = link.rsplit("/", 1)[1]
    response = client.get(link)
    assert response.status_code == 302
    assert token not in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and token not in page.get_data(as_text=True)
    response = post(client, response.headers["Location"], NEW)
    assert response.status_code == 302
    assert post(client, "/auth/login", {"email": "ana@example.org", **NEW}).status_code == 302


def test_a_confirmation_link_leads_to_an_address_without_its_token_where_the_button_works(
    app: Flask,
    client: FlaskClient,
    hood_id: int,  # noqa: F811
    outbox: list,
) -> None:
    post(client, "/auth/register", form(hood_id))
    link = re.search(r"http://localhost(/auth/confirm/\S+)", outbox[0].body)
    assert link
    response = client.get(link.group(1))
    assert response.status_code == 302
    assert link.group(1).rsplit("/", 1)[1] not in response.headers["Location"]
    assert post(client, response.headers["Location"]).status_code == 302
    login = {"email": "aicha@example.org", "password": "un mot de passe"}
    assert post(client, "/auth/login", login).status_code == 302


def test_using_one_reset_link_spends_the_others(
    app: Flask, client: FlaskClient, people: People, outbox: list
) -> None:
    people.make("ana")
    first = reset_link(client, outbox)
    second = reset_link(app.test_client(), outbox)
    client.get(second)
    assert post(client, "/auth/new-password", NEW).status_code == 302
    stale = app.test_client()
    stale.get(first)
    page = stale.get("/auth/new-password")
    assert page.status_code == 400
    assert "Ce lien n&#39;est plus valable" in page.get_data(as_text=True)


def test_the_new_password_page_without_a_link_says_to_ask_for_one(client: FlaskClient) -> None:
    page = client.get("/auth/new-password")
    assert page.status_code == 400
    assert "Ce lien n&#39;est plus valable" in page.get_data(as_text=True)


@pytest.fixture
def app_without_mail_settings(
    app: Flask, request: pytest.FixtureRequest, database_url: str
) -> Iterator[Flask]:
    from civic import create_app
    from civic.extensions import db

    config = {**_test_config(database_url), "DEBUG": request.param}
    del config["MAIL_BACKEND"]
    created = create_app(config)
    yield created
    with created.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("app_without_mail_settings", [False], indirect=True)
def test_without_a_mail_server_mails_are_not_printed_outside_development(
    app_without_mail_settings: Flask, people: People, capsys: Any, caplog: Any
) -> None:
    people.make("ana")
    client = app_without_mail_settings.test_client()
    with caplog.at_level(logging.INFO):
        response = post(client, "/auth/reset", {"email": "ana@example.org"})
    assert response.status_code == 302
    assert "/auth/reset/" not in capsys.readouterr().out
    assert "/auth/reset/" not in caplog.text
    assert app_without_mail_settings.config["MAIL_BACKEND"] == "dummy"


@pytest.mark.parametrize("app_without_mail_settings", [True], indirect=True)
def test_in_development_mails_are_printed_on_the_console(
    app_without_mail_settings: Flask, people: People, capsys: Any
) -> None:
    people.make("ana")
    post(app_without_mail_settings.test_client(), "/auth/reset", {"email": "ana@example.org"})
    assert "/auth/reset/" in capsys.readouterr().out


def test_a_production_app_without_a_mail_server_says_so_in_its_log(
    _schema: None, database_url: str, caplog: Any
) -> None:
    from civic import create_app

    config = _test_config(database_url)
    del config["MAIL_BACKEND"]
    with caplog.at_level(logging.ERROR):
        create_app(config)
    assert "MAIL_SERVER is not set" in caplog.text


def test_a_mail_server_named_in_the_instance_config_sends_the_mails(
    _schema: None, database_url: str, tmp_path: Any, monkeypatch: Any, caplog: Any
) -> None:
    """README: every setting may be written in instance/config.py instead of the
    environment; a mail server named there is used, not silently dropped."""
    from civic import create_app
    from civic.extensions import db

    (tmp_path / "config.py").write_text('MAIL_SERVER = "smtp.example.org"\n')
    monkeypatch.setenv("CIVIC_INSTANCE_PATH", str(tmp_path))
    config = _test_config(database_url)
    del config["MAIL_BACKEND"]
    with caplog.at_level(logging.ERROR):
        created = create_app(config)
    assert created.config["MAIL_BACKEND"] == "smtp"
    assert created.config["MAIL_CONFIGURED"] is True
    assert "MAIL_SERVER is not set" not in caplog.text
    with created.app_context():
        db.engine.dispose()


def test_redis_named_in_the_instance_config_shares_the_rate_limits(
    _schema: None, database_url: str, tmp_path: Any, monkeypatch: Any
) -> None:
    from civic import create_app
    from civic.extensions import db

    (tmp_path / "config.py").write_text('REDIS_URL = "redis://127.0.0.1:6379/0"\n')
    monkeypatch.setenv("CIVIC_INSTANCE_PATH", str(tmp_path))
    config = _test_config(database_url)
    del config["RATELIMIT_STORAGE_URI"]
    created = create_app(config)
    assert created.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    with created.app_context():
        db.engine.dispose()
