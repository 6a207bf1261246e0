"""A resident who sends the same thing twice at once (two tabs, a double click): one row,
and the second request gets the usual refusal, never an error page. Both requests read
before either writes (``tests.support.races``); SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import CouncilApplication, Question
from tests.conftest import PASSWORD, People, csrf_token, post
from tests.support.councils import make_council
from tests.support.meetings import plan_meeting
from tests.support.races import at_the_same_moment

QUESTION = {
    "title": "Horaires de la médiathèque",
    "body": "Pourquoi la médiathèque ferme-t-elle à 17 heures le samedi ?",
}


def _two_tabs(app: Flask, name: str) -> list[FlaskClient]:
    tabs = [app.test_client(), app.test_client()]
    for tab in tabs:
        response = post(tab, "/auth/login", {"email": f"{name}@example.org", "password": PASSWORD})
        assert response.status_code == 302
    return tabs


def _send_twice_at_once(
    app: Flask, tabs: list[FlaskClient], path: str, data: dict[str, Any]
) -> list[Any]:
    forms = [{**data, "csrf_token": csrf_token(tab, path)} for tab in tabs]
    return at_the_same_moment(
        app,
        *(
            lambda t=tab, f=form: t.post(path, data=f)
            for tab, form in zip(tabs, forms, strict=True)
        ),
    )


def _count(app: Flask, model: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _one_accepted_one_refused(responses: list[Any], refusal: str) -> None:
    assert sorted(r.status_code for r in responses) == [200, 302], responses
    refused = next(r for r in responses if r.status_code == 200)
    assert refusal in refused.get_data(as_text=True)


def test_applying_twice_at_once_to_a_council_keeps_one_application(
    app: Flask, people: People
) -> None:
    council_id = make_council(app, people, pool=[])
    people.make("lina", birth_date=date(2000, 1, 30), neighbourhood="Centre")
    responses = _send_twice_at_once(
        app,
        _two_tabs(app, "lina"),
        f"/councils/{council_id}/apply",
        {"kind": "pool", "gender": "unsaid", "age_band": "16-29"},
    )
    _one_accepted_one_refused(responses, "Vous avez déjà candidaté à ce conseil.")
    assert _count(app, CouncilApplication) == 1


def test_asking_twice_at_once_for_one_meeting_keeps_one_question(
    app: Flask, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("lea")
    responses = _send_twice_at_once(
        app, _two_tabs(app, "lea"), f"/meetings/{meeting_id}/questions/new", QUESTION
    )
    _one_accepted_one_refused(responses, "Vous avez déjà posé une question pour cette séance")
    assert _count(app, Question) == 1
