"""The home page says what is open now and what has just happened, each card linking
to its page, in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import Meeting, Petition, PetitionAnswer, Question
from civic.models.questions import QUESTION_ADMITTED
from tests.budget_factory import make_budget
from tests.integration.test_petitions_signing import add_figures, open_petition
from tests.support.sql import statements_of
from tests.votations_factory import make_votation


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def a_petition_near_its_debate(app: Flask, people: Any, title: str, counted: int) -> int:
    """An open petition with ``counted`` verified signatures (the debate asks 5 of 100)."""
    with app.app_context():
        petition_id = open_petition(people, title=title, now=datetime.now(UTC))
        petition = db.session.get(Petition, petition_id)
        assert petition is not None
        petition.collected_count = petition.counted_residents = counted
        db.session.commit()
    return petition_id


def a_busy_commune(app: Flask, people: Any, petitions: int = 1) -> dict[str, int]:
    now = datetime.now(UTC)
    with app.app_context():
        add_figures(population=100, electorate=50)
    ids = {
        "petition": a_petition_near_its_debate(app, people, "Un banc place du marché", 3),
        "votation": make_votation(
            app, opens=now - timedelta(days=1), closes=now + timedelta(days=3)
        ),
        "budget": make_budget(app, "vote"),
    }
    for n in range(1, petitions):
        a_petition_near_its_debate(app, people, f"Pétition {n}", 1)
        make_votation(
            app, opens=now - timedelta(days=1), closes=now + timedelta(days=4), title=f"Vote {n}"
        )
    author = people.make("asker")
    with app.app_context():
        meeting = Meeting(
            title="Conseil municipal de juin", starts_at=now + timedelta(days=7), place="Mairie"
        )
        past = Meeting(title="Conseil de mai", starts_at=now - timedelta(days=9), place="Mairie")
        db.session.add_all([meeting, past])
        db.session.flush()
        question = Question(
            meeting_id=past.id,
            author_id=author,
            title="Quand rouvre la piscine ?",
            body="La piscine est fermée depuis mars.",
            status=QUESTION_ADMITTED,
            submitted_at=now - timedelta(days=20),
            updated_at=now - timedelta(days=2),
            answer_kind="oral",
            answer_text="En septembre.",
            answered_at=now - timedelta(days=2),
        )
        db.session.add(question)
        db.session.add(
            PetitionAnswer(
                petition_id=ids["petition"],
                answered_as="mayor",
                body="Le banc sera posé.",
                published_at=now - timedelta(days=1),
                published_by_id=author,
            )
        )
        db.session.commit()
        ids.update(meeting=meeting.id, question=question.id)
    return ids


def test_the_home_page_shows_what_is_open_now_and_what_just_happened(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    ids = a_busy_commune(app, people)

    page = text(client.get("/"))

    now_part, recent_part = page.split('id="recent-title"')
    assert "Piétonniser la place du marché" in now_part and "Le vote est ouvert." in now_part
    assert f'href="/votations/{ids["votation"]}"' in now_part
    assert "Dernier jour :" in now_part
    assert "Encore 2 signatures pour : Débat au conseil municipal." in now_part
    assert '<progress max="5" value="3"' in now_part
    assert "Conseil municipal de juin" in now_part and "Posez votre question au conseil" in now_part
    assert f'href="/meetings/{ids["meeting"]}"' in now_part
    assert "Votez pour les projets que vous voulez voir réalisés." in now_part
    assert f'href="/budgets/{ids["budget"]}"' in now_part
    assert "Quand rouvre la piscine ?" in recent_part
    assert f'href="/questions/{ids["question"]}"' in recent_part
    assert "La commune a répondu à la pétition." in recent_part


def test_large_counts_are_written_as_french_numbers(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    with app.app_context():
        add_figures(population=100_000, electorate=50_000)
    a_petition_near_its_debate(app, people, "Un banc place du marché", 3)

    assert "Encore 4\u202f997 signatures pour" in text(client.get("/"))


def test_a_quiet_commune_is_told_nothing_is_open(client: FlaskClient) -> None:
    page = text(client.get("/"))

    assert "Rien n'est ouvert en ce moment" in page
    assert 'id="recent-title"' not in page


def test_each_power_links_to_its_list(client: FlaskClient) -> None:
    page = text(client.get("/"))

    for path in ("/petitions/", "/budgets/", "/questions/"):
        assert f'href="{path}"' in page, path


def test_the_home_page_runs_as_many_queries_for_many_petitions_as_for_one(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0] != "sqlite":
        pytest.skip("statements_of reads SQLite's trace")
    a_busy_commune(app, people, petitions=1)
    _, few = statements_of(app, lambda: client.get("/"))

    for n in range(4):
        a_petition_near_its_debate(app, people, f"Encore une {n}", 2)
    _, many = statements_of(app, lambda: client.get("/"))

    assert len(many) == len(few)
