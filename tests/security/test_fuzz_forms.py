"""Every form of the site (found on the rendered pages) fed with hostile values: random
and huge strings, wrong types, impossible dates and numbers, NUL bytes. Never a 500;
a refused submission shows its message and writes nothing."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.site import (
    discover_forms,
    log_in,
    no_rate_limits,
    refused,
    row_counts,
    seed_demo,
    submit,
)

EDGES = [
    "",
    " ",
    "x" * 100_000,
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "2031-03-14T25:61",
    "1e309",
    "-1",
    "99999999999999999999",
    "NaN",
    "0x10",
    "nul\x00octet",
    "\x00",
    "\ud7ff\ufeff\u202e\U0001f600",
    "' OR 1=1 --",
    "[]",
]
value = st.one_of(
    st.sampled_from(EDGES),
    st.text(max_size=40),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def test_no_form_answers_a_500_and_a_refused_one_writes_nothing(
    app: Flask, client: FlaskClient
) -> None:
    seed_demo(app)
    with no_rate_limits():
        forms = discover_forms(app, client)
        failures: list[tuple[str, str, int, object]] = []

        @settings(
            max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(values=st.lists(value, min_size=6, max_size=6))
        def fuzz_every_form(values: list[str]) -> None:
            for role, found in forms.items():
                log_in(client, role)
                for _role, form in found:
                    data = {
                        name: values[i % len(values)]
                        for i, name in enumerate(form.fields)
                        if not name.endswith("csrf_token")
                    }
                    before = row_counts(app)
                    response = submit(client, form, data)
                    if response.status_code >= 500:
                        failures.append((role, form.action, response.status_code, data))
                    elif refused(response) and row_counts(app) != before:
                        failures.append((role, form.action, response.status_code, "wrote"))
            assert failures == [], [(r, a, s, str(d)[:300]) for r, a, s, d in failures]

        fuzz_every_form()


def test_a_nul_byte_in_any_free_text_field_is_refused_clearly_not_a_500(
    app: Flask, client: FlaskClient
) -> None:
    """PostgreSQL refuses NUL in text: plausible forms carrying one must not crash."""
    from tests.security.site import fill

    seed_demo(app)
    with no_rate_limits():
        forms = discover_forms(app, client)
        crashes = []
        for role, found in forms.items():
            log_in(client, role)
            for n, (_role, form) in enumerate(found):
                if form.has_free_text():
                    response = submit(client, form, fill(form, "nul\x00octet assez long", 900 + n))
                    if response.status_code >= 500:
                        crashes.append((role, form.action))
    assert crashes == []


def test_a_nul_byte_gets_a_400_that_says_what_is_wrong(client: FlaskClient) -> None:
    from tests.conftest import post

    response = post(client, "/auth/login", {"email": "a\x00@example.org", "password": "x"})
    assert response.status_code == 400
    assert "caractère nul" in response.get_data(as_text=True)


HUGE = (str(2**31), str(2**63), str(10**30))
ID_FIELD = ("_id", "_ids", "projects", "position", "page")


def test_an_id_out_of_the_database_range_in_any_form_field_is_refused_not_a_500(
    app: Flask, client: FlaskClient
) -> None:
    """Hidden ids, selects of ids, checkboxes of project ids: a number no id column holds
    (PostgreSQL ``integer`` stops at 2**31 - 1, SQLite at 2**63 - 1) is refused."""
    from tests.security.site import fill

    seed_demo(app)
    with no_rate_limits():
        forms = discover_forms(app, client)
        failures = []
        tried = 0
        for role, found in forms.items():
            log_in(client, role)
            for n, (_role, form) in enumerate(found):
                names = [name for name in form.fields if name.endswith(ID_FIELD)]
                for name, huge in ((name, huge) for name in names for huge in HUGE):
                    tried += 1
                    data = {**fill(form, "Un texte ordinaire", 700 + n), name: huge}
                    before = row_counts(app)
                    response = submit(client, form, data)
                    if response.status_code >= 500:
                        failures.append((role, form.action, name, huge, response.status_code))
                    elif refused(response) and row_counts(app) != before:
                        failures.append((role, form.action, name, huge, "wrote"))
    assert tried > 10
    assert failures == []


def test_a_huge_number_in_the_query_string_of_any_page_is_not_a_500(
    app: Flask, client: FlaskClient
) -> None:
    from tests.security.site import urls

    seed_demo(app)
    pages = [url for _endpoint, url in urls(app, "GET")]
    failures = []
    with no_rate_limits():
        for role in ("anonymous", "elector", "admin"):
            log_in(client, role)
            for url in pages:
                for huge in HUGE:
                    query = f"page={huge}&projects={huge}&total=1&state={huge}"
                    response = client.get(f"{url}?{query}")
                    if response.status_code >= 500:
                        failures.append((role, url, huge, response.status_code))
    assert failures == []
