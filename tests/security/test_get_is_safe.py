"""GET never changes state: every GET route of the URL map, opened by every role on a
seeded demo commune (full page and HTMX fragment), leaves every table as it was."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.security.site import ROLES, log_in, no_rate_limits, seed_demo, table_fingerprint, urls


def test_opening_any_page_as_any_role_changes_no_row_of_any_table(
    app: Flask, client: FlaskClient
) -> None:
    seed_demo(app)
    pages = urls(app, "GET")
    assert len(pages) > 80  # the whole map, with real objects
    changed = []
    errors = []
    with no_rate_limits():
        for role in ROLES:
            log_in(client, role)
            before = table_fingerprint(app)
            for _endpoint, url in pages:
                for headers in ({}, {"HX-Request": "true"}):
                    response = client.get(url, headers=headers)
                    if response.status_code >= 500:
                        errors.append((role, url, headers, response.status_code))
            after = table_fingerprint(app)
            changed += [(role, t) for t in before if before[t] != after[t]]
    assert errors == []
    assert changed == []
