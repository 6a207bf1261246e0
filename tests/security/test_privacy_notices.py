"""Every form that collects personal data tells the person what happens to it (GDPR
art. 13): the pages of the demo commune are walked as each kind of person, and any
page showing a resident a form (other than the few that collect nothing) must carry
the short notice linking to /donnees-personnelles; so must every staff page a
processing names. A new form cannot escape: it is found on the rendered pages."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from civic import privacy
from tests.security.site import forms_on, log_in, no_rate_limits, seed_demo, urls

RESIDENT_SIDE = ("anonymous", "unverified", "resident", "elector")
STAFF = ("clerk", "councillor", "admin")
# Forms that collect no personal data: the language switch (a cookie), logging out,
# marking notifications read, and looking up a ballot tracker on a votation's
# verification page (a tracker is public, and is posted only to keep it out of URLs).
COLLECTS_NOTHING = ("/language", "/auth/logout", "/notifications/read")
TRACKER_LOOKUP = re.compile(r"^/votations/\d+/verification$")
NOTICE = 'id="privacy-notice"'


def test_every_form_a_resident_sees_and_every_named_staff_page_carries_the_notice(
    app: Flask, client: FlaskClient
) -> None:
    seed_demo(app)
    with app.test_request_context():
        named = {page for p in privacy.registered() for page in p.pages}
    pages = [(e, u) for e, u in urls(app, "GET") if not e.startswith("api.")]
    missing: set[tuple[str, str]] = set()
    with_forms: set[str] = set()
    with no_rate_limits():
        for role in RESIDENT_SIDE + STAFF:
            log_in(client, role)
            for endpoint, url in pages:
                # Closed at once: some URLs answer a file (a Belenios election file...).
                with client.get(url) as response:
                    is_page = response.status_code == 200 and "html" in (
                        response.content_type or ""
                    )
                    body = response.get_data(as_text=True) if is_page else ""
                if not is_page:
                    continue
                collecting = [
                    f
                    for f in forms_on(url, body)
                    if not f.action.startswith(COLLECTS_NOTHING)
                    and not TRACKER_LOOKUP.match(f.action)
                ]
                must = endpoint in named or (role in RESIDENT_SIDE and bool(collecting))
                if role in RESIDENT_SIDE and collecting:
                    with_forms.add(endpoint)
                if must and NOTICE not in body:
                    missing.add((role, endpoint))
    assert missing == set(), "name these pages in the processing of their form"
    # The walk did see the residents' forms.
    assert {"auth.register", "petitions.show", "questions.new", "budget.propose"} <= with_forms
