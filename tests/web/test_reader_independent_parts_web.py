"""A busy day, logged in: the parts of a page that are the same for every reader are
drawn once and kept a few seconds in the server process (civic.caching); each reader's
own parts are drawn for them. What a reader sees must not change for it: nothing of one
reader reaches another, their own act shows at once, and other servers' changes show
within the seconds kept."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from civic import caching
from civic.extensions import db
from civic.models import CommuneFigure, Petition
from tests.integration.test_petitions_signing import add_figures, open_petition

PARTS = "civic_reader_independent_parts"


@pytest.fixture
def petition(app: Flask, people: Any) -> int:
    with app.app_context():
        add_figures(population=100, electorate=50)
        petition_id = open_petition(people, now=datetime.now(UTC))
        db.session.execute(
            update(Petition).where(Petition.id == petition_id).values(author_public=False)
        )
        db.session.commit()
    return petition_id


def changed_by_another_server(app: Flask, petition: int, **values: Any) -> None:
    """A write this process's session never saw: another worker's, or another host's."""
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(update(Petition).where(Petition.id == petition).values(**values))


def seconds_pass(app: Flask) -> None:
    """READER_INDEPENDENT_SECONDS go by (the kept parts' clock, not the test's)."""
    entries = app.extensions[PARTS].entries
    entries.expire(entries.timer() + app.config["READER_INDEPENDENT_SECONDS"] + 1)


def page(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_one_readers_own_parts_never_reach_the_next_reader(
    app: Flask, client: FlaskClient, people: Any, petition: int
) -> None:
    with app.app_context():
        author = db.session.get(Petition, petition).author.display_name
    people.make("clerk-first", roles=("clerk",))
    people.login("clerk-first")
    staff_view = page(client, f"/petitions/{petition}")
    assert author in staff_view  # the porteur, shown to staff only
    assert "Saisir une feuille de signatures papier" in staff_view
    assert "À traiter" in page(client, "/")
    people.logout()
    people.make("reader")
    people.login("reader")

    resident_view = page(client, f"/petitions/{petition}")
    resident_home = page(client, "/")
    visitor_view = page(app.test_client(), f"/petitions/{petition}")

    for view in (resident_view, visitor_view):
        assert author not in view
        assert "Saisir une feuille de signatures papier" not in view
    assert "Signer la pétition" in resident_view  # the reader's own signing box
    assert "Connectez-vous pour signer" in visitor_view
    assert "À traiter" not in resident_home
    assert "Mon compte" in resident_home and "Se connecter" not in resident_home


def test_what_another_server_changed_shows_within_the_seconds_kept(
    app: Flask, client: FlaskClient, people: Any, petition: int
) -> None:
    people.make("reader")
    people.login("reader")
    assert "Un banc pour s&#39;asseoir." in page(client, f"/petitions/{petition}")

    changed_by_another_server(app, petition, easy_read="Un banc et un arbre.")

    assert "Un banc pour s&#39;asseoir." in page(client, f"/petitions/{petition}")
    seconds_pass(app)
    assert "Un banc et un arbre." in page(client, f"/petitions/{petition}")


def test_a_signature_counted_by_another_server_shows_at_once(
    app: Flask, client: FlaskClient, people: Any, petition: int
) -> None:
    """The counts are part of the kept parts' key: a signer whose next page comes from
    another worker still sees their signature in the totals."""
    people.make("reader")
    people.login("reader")
    before = page(client, f"/petitions/{petition}")
    assert '<strong class="big-number">0</strong> recueillie' in before

    changed_by_another_server(app, petition, collected_count=1)

    after = page(client, f"/petitions/{petition}")
    assert '<strong class="big-number">1</strong> recueillie' in after
    counts = client.get(f"/petitions/{petition}", headers={"HX-Request": "true"})
    assert '<strong class="big-number">1</strong> recueillie' in counts.get_data(as_text=True)


def test_a_change_committed_here_shows_on_the_next_page(
    app: Flask, client: FlaskClient, people: Any, petition: int
) -> None:
    people.make("reader")
    people.login("reader")
    assert "Un banc pour s&#39;asseoir." in page(client, f"/petitions/{petition}")

    with app.app_context():
        db.session.execute(
            update(Petition).where(Petition.id == petition).values(easy_read="Deux bancs.")
        )
        db.session.commit()

    assert "Deux bancs." in page(client, f"/petitions/{petition}")


def test_parts_are_kept_per_language(
    app: Flask, client: FlaskClient, people: Any, petition: int
) -> None:
    people.make("reader")
    people.login("reader")
    assert "Historique" in page(client, f"/petitions/{petition}")
    english = app.test_client()
    english.set_cookie("civic_lang", "en")

    view = page(english, f"/petitions/{petition}")

    assert "History" in view and "Historique" not in view
    assert 'lang="en"' in view


def test_with_no_seconds_to_keep_every_view_draws_the_parts_again(
    app: Flask, client: FlaskClient, people: Any, petition: int
) -> None:
    app.extensions[PARTS] = caching._PartsStore(0)
    people.make("reader")
    people.login("reader")
    page(client, f"/petitions/{petition}")

    changed_by_another_server(app, petition, easy_read="Un banc et un arbre.")

    assert "Un banc et un arbre." in page(client, f"/petitions/{petition}")


def test_parts_drawn_from_before_a_commit_of_this_process_are_not_kept(app: Flask) -> None:
    """A request whose transaction began before another request of the process committed
    may draw from what the database showed then (SQLite keeps that snapshot): its parts
    serve it, but the next reader gets them drawn afresh."""
    app.jinja_env.loader = ChoiceLoader(
        [
            DictLoader({"_test_parts.html": "{% set said %}{{ word }}{% endset %}"}),
            app.jinja_env.loader,
        ]
    )
    with app.test_request_context("/"):
        db.session.scalar(select(Petition.id))  # this request's transaction begins
        other = Session(db.engine)
        other.add(
            CommuneFigure(name="population", value=1, source="x", effective_date=date(2026, 1, 1))
        )
        other.commit()  # another request of the process commits meanwhile
        other.close()

        first = caching.reader_independent_parts(
            ("k",), "_test_parts.html", lambda: {"word": "avant"}
        )
        again = caching.reader_independent_parts(
            ("k",), "_test_parts.html", lambda: {"word": "après"}
        )

    assert first["said"] == "avant"
    assert again["said"] == "après"
    with app.test_request_context("/"):
        kept = caching.reader_independent_parts(
            ("k",), "_test_parts.html", lambda: {"word": "après"}
        )
        assert (
            caching.reader_independent_parts(("k",), "_test_parts.html", lambda: {"word": "x"})
            == kept
        )
