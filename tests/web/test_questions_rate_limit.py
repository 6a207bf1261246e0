"""Question time is rate-limited per account and per address (issue 8): past the limit
the person gets a 429 page that says nothing was saved and when to try again, and
nothing is written. Limits are lowered through the configuration, as an operator would."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import Question
from tests.conftest import People, post
from tests.support.meetings import plan_meeting

ASKED = {
    "title": "Horaires de la médiathèque",
    "body": "Pourquoi la médiathèque ferme-t-elle à 17 heures le samedi ?",
}
EDITED = {
    "title": "Horaires de la médiathèque le samedi",
    "body": "Pourquoi la médiathèque ferme-t-elle si tôt le samedi ?",
}


def questions(app: Flask) -> list[str]:
    with app.app_context():
        return [q.title for q in db.session.scalars(db.select(Question).order_by(Question.id))]


def test_past_the_accounts_limit_a_resident_is_told_to_wait_and_nothing_is_saved(
    app: Flask, client: FlaskClient, people: People
) -> None:
    app.config["RATELIMIT_QUESTION_ACCOUNT"] = "2 per hour"
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("lea")
    people.login("lea")
    assert post(client, f"/meetings/{meeting_id}/questions/new", ASKED).status_code == 302
    with app.app_context():
        question_id = db.session.scalar(db.select(Question.id))
    assert post(client, f"/questions/{question_id}/edit", EDITED).status_code == 302
    # The form itself can still be read: only sending counts.
    assert client.get(f"/questions/{question_id}/edit").status_code == 200
    refused = post(client, f"/questions/{question_id}/edit", ASKED)
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Trop de questions envoyées" in page
    assert "rien n'a été enregistré" in page and "Vous pourrez réessayer à partir du" in page
    assert int(refused.headers["Retry-After"]) > 0
    assert questions(app) == [EDITED["title"]]

    # The limit is this account's: a neighbour on the same connection still asks.
    people.logout()
    people.make("noe")
    people.login("noe")
    assert post(client, f"/meetings/{meeting_id}/questions/new", ASKED).status_code == 302
    assert len(questions(app)) == 2


def test_past_the_addresss_limit_another_account_from_it_is_refused_too(
    app: Flask, client: FlaskClient, people: People
) -> None:
    app.config["RATELIMIT_QUESTION"] = "2 per hour"
    meeting_id = plan_meeting(app, days_ahead=7)
    for name in ("ana", "ben", "cyd"):
        people.make(name)
    statuses = []
    for name in ("ana", "ben", "cyd"):
        people.login(name)
        statuses.append(post(client, f"/meetings/{meeting_id}/questions/new", ASKED).status_code)
        people.logout()
    assert statuses == [302, 302, 429]
    assert len(questions(app)) == 2


def test_the_default_limits_leave_room_for_a_resident_who_corrects_their_question(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("lea")
    people.login("lea")
    too_short = {"title": "Q", "body": "Trop court"}
    for _attempt in range(3):
        assert post(client, f"/meetings/{meeting_id}/questions/new", too_short).status_code == 200
    assert post(client, f"/meetings/{meeting_id}/questions/new", ASKED).status_code == 302
    assert questions(app) == [ASKED["title"]]
