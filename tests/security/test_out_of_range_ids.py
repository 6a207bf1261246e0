"""Ids a database cannot hold (PostgreSQL ``integer``: 1 … 2**31 - 1; SQLite refuses
Python ints past 2**63) are pages that do not exist: every rule of the URL map with an
integer argument, given such a value, answers 404 (or 405 for a POST-only address) —
never the server's error page."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter

from tests.security.site import (
    CONSTANTS,
    _values_for,
    log_in,
    no_rate_limits,
    seed_demo,
    submit,
)

OUT_OF_RANGE = (0, 2**31, 2**63, 10**30)


def _int_rules(app: Flask) -> list[tuple[Any, list[str]]]:
    found = []
    for rule in app.url_map.iter_rules():
        ints = [n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)]
        if ints:
            found.append((rule, ints))
    return found


def _urls_with(app: Flask, huge: int) -> list[tuple[Any, str]]:
    """One URL per (rule, integer argument): that argument out of range, the others real."""
    found = []
    with app.app_context():
        for rule, ints in _int_rules(app):
            # Real rows for the other arguments; a table the demo leaves empty: any id.
            combos = _values_for(set(rule.arguments)) or [
                {n: 1 if n in ints else CONSTANTS[n][0] for n in rule.arguments}
            ]
            real = combos[0]
            for name in ints:
                with app.test_request_context():
                    found.append((rule, url_for(rule.endpoint, **{**real, name: huge})))
    return found


def test_the_url_map_has_many_integer_ids(app: Flask) -> None:
    assert len(_int_rules(app)) > 60


@pytest.mark.parametrize("huge", OUT_OF_RANGE)
def test_an_id_out_of_the_database_range_is_a_404_on_every_route(
    app: Flask, client: FlaskClient, huge: int
) -> None:
    from tests.security.site import Form

    seed_demo(app)
    targets = _urls_with(app, huge)
    wrong = []
    with no_rate_limits():
        for role in ("admin", "elector"):
            log_in(client, role)
            for rule, url in targets:
                if "GET" in rule.methods:
                    response = client.get(url)
                    allowed = {404}
                else:
                    response = submit(client, Form(url, url, "post"), {})
                    allowed = {404, 405}
                if response.status_code not in allowed:
                    wrong.append((role, url, response.status_code))
    assert wrong == []


def test_a_huge_id_reads_page_not_found(app: Flask, client: FlaskClient) -> None:
    seed_demo(app)
    response = client.get(f"/petitions/{10**30}")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_the_largest_id_the_database_holds_is_still_looked_up(
    app: Flask, client: FlaskClient
) -> None:
    seed_demo(app)
    assert client.get(f"/petitions/{2**31 - 1}").status_code == 404
    with app.test_request_context():
        assert app.url_map.bind("localhost").match(f"/petitions/{2**31 - 1}")[1] == {
            "petition_id": 2**31 - 1
        }
