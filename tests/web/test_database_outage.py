"""When the database is unreachable (restarting, failing over), a page says so with a
503 and no traceback, for a resident who is logged in too, and the next request after
it is back works without restarting the app (``bench/faults.py`` does it for real)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from tests.conftest import People, csrf_token

UNAVAILABLE = "Service momentanément indisponible"


@contextmanager
def database_down(app: Flask) -> Iterator[None]:
    """Every statement fails as it does when the server has gone away."""
    from civic.extensions import db

    def refuse(*_args: Any) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


def test_an_anonymous_visitor_sees_the_unavailable_page_while_the_database_is_down(
    app: Flask, client: FlaskClient
) -> None:
    with database_down(app):
        response = client.get("/petitions/")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert UNAVAILABLE in page
    assert "Traceback" not in page
    assert client.get("/petitions/").status_code == 200


def test_a_logged_in_resident_sees_the_unavailable_page_and_signs_again_once_it_is_back(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("ines")
    people.login("ines")
    token = csrf_token(client, "/account/")
    with database_down(app):
        page_response = client.get("/petitions/")
        sign_response = client.post("/petitions/1/sign", data={"csrf_token": token})
    for response in (page_response, sign_response):
        page = response.get_data(as_text=True)
        assert response.status_code == 503
        assert UNAVAILABLE in page
        assert "Traceback" not in page
    back = client.get("/account/")
    assert back.status_code == 200
    assert "Ines" in back.get_data(as_text=True)


def test_a_page_already_rendered_is_served_when_the_connection_dies_before_the_request_ends(
    app: Flask, client: FlaskClient, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server went away after the last statement: ending the transaction fails, and
    the page the resident was given must not become a 500."""
    from civic.extensions import db

    people.make("ines")
    people.login("ines")
    with app.app_context():
        dialect = db.engine.dialect
    do_rollback = dialect.do_rollback
    failures = []

    def rollback_on_a_dead_connection(connection: Any) -> None:
        if not failures:
            failures.append(connection)
            connection.dbapi_connection.close()  # the server is gone, and the socket with it
            raise dialect.loaded_dbapi.OperationalError("server closed the connection")
        do_rollback(connection)

    monkeypatch.setattr(dialect, "do_rollback", rollback_on_a_dead_connection)
    response = client.get("/account/")
    assert failures, "the request's transaction was never ended"
    assert response.status_code == 200
    assert "Ines" in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 200
