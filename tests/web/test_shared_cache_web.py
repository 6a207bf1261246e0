"""A busy day: an anonymous visitor's public pages carry an ETag and a short public
cache lifetime, and hold nothing of theirs (no CSRF token, no cookie); a logged-in
reader's pages stay private and are never stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from tests.conftest import csrf_token
from tests.integration.test_petitions_signing import add_figures, open_petition

HX = {"HX-Request": "true"}


@pytest.fixture
def petition(app: Flask, people: Any) -> int:
    with app.app_context():
        add_figures(population=100, electorate=50)
        petition_id = open_petition(people, now=datetime.now(UTC))
        db.session.commit()
    return petition_id


def shared_pages(petition: int) -> list[str]:
    return ["/", "/petitions/", "/petitions/?sort=signed", f"/petitions/{petition}"]


def test_an_anonymous_visitors_public_pages_may_be_kept_a_few_seconds_by_a_shared_cache(
    client: FlaskClient, petition: int
) -> None:
    for path in shared_pages(petition):
        for headers in ({}, HX):
            response = client.get(path, headers=headers)

            assert response.status_code == 200, path
            assert response.headers["Cache-Control"] == "public, max-age=5", path
            assert response.headers.get("ETag"), path
            assert "Set-Cookie" not in response.headers, path
            page = response.get_data(as_text=True)
            assert "csrf" not in page.lower(), path
    assert client.get_cookie("session") is None


def test_a_conditional_get_of_an_unchanged_page_is_answered_304(
    client: FlaskClient, petition: int
) -> None:
    first = client.get(f"/petitions/{petition}")

    again = client.get(f"/petitions/{petition}", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304
    assert again.get_data() == b""


def test_a_logged_in_readers_pages_are_private_and_never_stored(
    client: FlaskClient, people: Any, petition: int
) -> None:
    people.make("reader")
    people.login("reader")
    for path in shared_pages(petition):
        response = client.get(path)

        assert response.status_code == 200, path
        cache = response.headers["Cache-Control"]
        assert "private" in cache and "no-store" in cache and "public" not in cache, path
        assert "ETag" not in response.headers, path


def test_a_page_that_gives_a_visitor_a_csrf_token_is_not_shared(client: FlaskClient) -> None:
    """The log-in form holds a token tied to this browser's session cookie."""
    response = client.get("/auth/login")

    assert response.headers["Cache-Control"] == "private, no-store"
    assert csrf_token(client, "/auth/login")


def test_the_language_switch_of_a_shared_page_asks_on_a_page_of_ones_own(
    client: FlaskClient, petition: int
) -> None:
    page = client.get(f"/petitions/{petition}").get_data(as_text=True)
    assert 'action="/language"' in page and 'method="get"' in page

    confirm = client.get(f"/language?language=en&next=/petitions/{petition}")
    assert confirm.status_code == 200
    assert "public" not in confirm.headers.get("Cache-Control", "")
    token = csrf_token(client, f"/language?language=en&next=/petitions/{petition}")
    switched = client.post(
        "/language",
        data={"csrf_token": token, "language": "en", "next": f"/petitions/{petition}"},
    )

    assert switched.status_code == 302
    assert switched.headers["Location"].endswith(f"/petitions/{petition}")
    assert client.get_cookie("civic_lang").value == "en"  # type: ignore[union-attr]


def test_the_language_page_without_a_choice_speaks_the_visitors_language(
    client: FlaskClient,
) -> None:
    client.set_cookie("civic_lang", "en")

    page = client.get("/language").get_data(as_text=True)

    assert '<html lang="en"' in page


def test_votation_and_budget_pages_are_shared_with_visitors_only(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    from tests.budget_factory import make_budget
    from tests.votations_factory import open_votation

    paths = [f"/votations/{open_votation(app)}", "/votations/", "/budgets/"]
    make_budget(app, "vote")
    for path in paths:
        assert client.get(path).headers["Cache-Control"] == "public, max-age=5", path
    people.make("voter")
    people.login("voter")
    for path in paths:
        assert "no-store" in client.get(path).headers["Cache-Control"], path
