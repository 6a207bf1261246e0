"""Following a votation: the eligible people who asked are told the day it opens and on
its last day, once, by the daily command."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import Notification
from civic.votations import reminders
from tests.conftest import People, post
from tests.votations_factory import make_votation


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def kinds_of(app: Flask, user_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Notification.kind)
                .where(Notification.user_id == user_id)
                .order_by(Notification.id)
            )
        )


def test_followers_who_may_vote_hear_of_the_opening_and_the_last_day_once(
    app: Flask, client: FlaskClient, people: People, runner: Any
) -> None:
    today = datetime.now(UTC).date()
    opens, closes = _at(today + timedelta(days=2), 8), _at(today + timedelta(days=9), 18)
    votation_id = make_votation(app, opens=opens, closes=closes)
    page = f"/votations/{votation_id}"
    lea = people.make("lea")
    young = people.make("young", birth_date=today - timedelta(days=365 * 12))
    sam = people.make("sam")
    for name in ("lea", "young"):
        people.login(name)
        assert "Suivre ce vote" in client.get(page).get_data(as_text=True)
        assert post(client, f"{page}/follow", {"follow": "1"}).status_code == 302
        assert "Vous suivez ce vote" in client.get(page).get_data(as_text=True)
        people.logout()

    with app.app_context():
        assert reminders.remind(_at(today + timedelta(days=2), 12)) == {"votation_opening": 1}
        assert reminders.remind(_at(today + timedelta(days=2), 13)) == {"votation_opening": 0}
        assert reminders.remind(_at(today + timedelta(days=5), 12)) == {}
        assert reminders.remind(_at(today + timedelta(days=9), 12)) == {"votation_last_day": 1}
    assert kinds_of(app, lea) == ["votation_opening", "votation_last_day"]
    assert kinds_of(app, young) == []  # too young to vote in it
    assert kinds_of(app, sam) == []  # did not ask


def test_a_person_stops_following(app: Flask, client: FlaskClient, people: People) -> None:
    today = datetime.now(UTC).date()
    votation_id = make_votation(
        app, opens=_at(today + timedelta(days=2), 8), closes=_at(today + timedelta(days=9), 18)
    )
    lea = people.make("lea")
    people.login("lea")
    page = f"/votations/{votation_id}"
    post(client, f"{page}/follow", {"follow": "1"})
    post(client, f"{page}/follow", {"follow": "0"})
    assert "Suivre ce vote" in client.get(page).get_data(as_text=True)
    with app.app_context():
        reminders.remind(_at(today + timedelta(days=2), 12))
    assert kinds_of(app, lea) == []


def test_the_daily_command_says_what_it_sent(app: Flask, runner: Any) -> None:
    result = runner.invoke(args=["civic", "votations", "remind"])
    assert result.exit_code == 0, result.output
