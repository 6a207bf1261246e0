"""A body over the size limit (MAX_CONTENT_LENGTH) gets the 413 page in French, and
nothing is written: the error page renders without reading the body it refused."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.budget_factory import heading_ids, make_budget, proposal_fields
from tests.conftest import People, csrf_token
from tests.security.site import table_fingerprint
from tests.support.meetings import plan_meeting

LIMIT = 64 * 1024
TOO_MUCH = "x" * (LIMIT + 1)


@pytest.fixture
def small_limit(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = LIMIT


def _assert_413_page(response: object) -> None:
    assert response.status_code == 413  # type: ignore[attr-defined]
    html = response.get_data(as_text=True)  # type: ignore[attr-defined]
    # A form is as likely as a file to be too large: the page names neither alone,
    # and gives the limit a resident can check against.
    assert "Envoi trop volumineux" in html
    assert "Fichier trop volumineux" not in html
    assert "dépasse la taille permise de 64 Ko" in html


def test_a_login_over_the_size_limit_gets_the_413_page(
    app: Flask, client: FlaskClient, small_limit: None
) -> None:
    token = csrf_token(client, "/auth/login")
    before = table_fingerprint(app)
    response = client.post(
        "/auth/login", data={"csrf_token": token, "email": TOO_MUCH, "password": "x"}
    )
    _assert_413_page(response)
    assert table_fingerprint(app) == before


def test_a_question_over_the_size_limit_gets_the_413_page_and_is_not_stored(
    app: Flask, client: FlaskClient, people: People, small_limit: None
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("lea")
    people.login("lea")
    token = csrf_token(client, f"/meetings/{meeting_id}")
    before = table_fingerprint(app)
    response = client.post(
        f"/meetings/{meeting_id}/questions/new",
        data={"csrf_token": token, "title": "Horaires", "body": TOO_MUCH},
    )
    _assert_413_page(response)
    assert table_fingerprint(app) == before


def test_a_budget_proposal_with_too_big_an_image_gets_the_413_page(
    app: Flask, client: FlaskClient, people: People, small_limit: None
) -> None:
    budget_id = make_budget(app, "proposals")
    city = heading_ids(app, budget_id)[0]
    people.make("alice")
    people.login("alice")
    token = csrf_token(client, f"/budgets/{budget_id}/proposer")
    before = table_fingerprint(app)
    response = client.post(
        f"/budgets/{budget_id}/proposer",
        data={
            "csrf_token": token,
            **proposal_fields(city),
            "image": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * LIMIT), "photo.png"),
        },
        content_type="multipart/form-data",
    )
    _assert_413_page(response)
    assert table_fingerprint(app) == before


def test_the_413_page_answers_an_htmx_request_too(
    app: Flask, client: FlaskClient, small_limit: None
) -> None:
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login",
        data={"csrf_token": token, "email": TOO_MUCH, "password": "x"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 413


def test_the_413_page_gives_the_limit_in_megabytes_read_from_the_configuration(
    app: Flask, client: FlaskClient
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login",
        data={"csrf_token": token, "email": "x" * (2 * 1024 * 1024 + 1), "password": "x"},
    )
    assert response.status_code == 413
    assert "dépasse la taille permise de 2 Mo" in response.get_data(as_text=True)
