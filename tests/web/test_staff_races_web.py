"""Two clerks clicking at the same moment on the question-time pages: one decision, and
the page of the second says who decided. Through the web, the page's own load of the
question comes first: the service must read it again, locked (``tests.support.races``)."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import AuditEntry, Notification
from tests.conftest import PASSWORD, People, log_in_through_forms
from tests.support.meetings import add_question, plan_meeting
from tests.support.races import at_the_same_moment


def _clerk_tabs(app: Flask, people: People) -> list[FlaskClient]:
    tabs = []
    for name, family in (("claire", "Martin"), ("paul", "Durand")):
        people.make(name, roles=("clerk",), given_names=name.capitalize(), family_name=family)
        tab = app.test_client()
        log_in_through_forms(app, tab, f"{name}@example.org", PASSWORD)
        tabs.append(tab)
    return tabs


def _token(tab: FlaskClient, path: str) -> str:
    page = tab.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def _count(app: Flask, model: Any, *where: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_two_clerks_admitting_one_question_at_once_from_the_queue_admit_it_once(
    app: Flask, people: People
) -> None:
    asker = people.make("asker")
    meeting_id = plan_meeting(app, days_ahead=10)
    question_id = add_question(app, meeting_id, asker, status="submitted")
    tabs = _clerk_tabs(app, people)
    queue = f"/clerk/meetings/{meeting_id}/questions"
    forms = [{"csrf_token": _token(tab, queue), "decision": "admit"} for tab in tabs]
    path = f"/clerk/questions/{question_id}/moderate"
    responses = at_the_same_moment(
        app,
        *(
            lambda t=tab, f=form: t.post(path, data=f, headers={"HX-Request": "true"})
            for tab, form in zip(tabs, forms, strict=True)
        ),
    )
    assert [r.status_code for r in responses] == [200, 200]
    pages = [r.get_data(as_text=True) for r in responses]
    told = [page for page in pages if "Cette question a déjà été admise par" in page]
    assert len(told) == 1, pages
    assert "Claire Martin" in told[0] or "Paul Durand" in told[0]
    assert _count(app, AuditEntry, AuditEntry.action == "question.admitted") == 1
    assert _count(app, Notification) == 1


def test_two_clerks_freezing_the_oral_selection_at_once_freeze_it_once(
    app: Flask, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=1)  # the question window has closed
    for n in range(3):
        add_question(app, meeting_id, people.make(f"asker{n}"), title=f"Question n° {n + 1} ?")
    tabs = _clerk_tabs(app, people)
    queue = f"/clerk/meetings/{meeting_id}/questions"
    forms = [{"csrf_token": _token(tab, queue)} for tab in tabs]
    path = f"/clerk/meetings/{meeting_id}/questions/selection"
    responses = at_the_same_moment(
        app,
        *(
            lambda t=tab, f=form: t.post(path, data=f)
            for tab, form in zip(tabs, forms, strict=True)
        ),
    )
    assert [r.status_code for r in responses] == [302, 302]
    pages = [tab.get(queue).get_data(as_text=True) for tab in tabs]
    told = [page for page in pages if "a déjà été arrêtée par" in page]
    assert len(told) == 1, pages
    assert _count(app, AuditEntry, AuditEntry.action == "question_time.selected") == 1
    assert _count(app, Notification) == 3  # each asker told once: oral or written
