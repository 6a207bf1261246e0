"""Residents' questions to the council as a list: answered or waiting, their support,
search, filters, sort and pages, as a page and as HTMX's fragment; only admitted
questions; whatever the address holds, a page and never an error."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import Meeting, Question, QuestionSupport
from civic.models.questions import QUESTION_ADMITTED, QUESTION_SUBMITTED
from civic.questions import listing

HX = {"HX-Request": "true"}


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def titles(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/questions/\d+">([^<]+)</a></h3>', page)


@pytest.fixture
def questions(app: Flask, people: Any) -> dict[str, int]:
    now = datetime.now(UTC)
    askers = [people.make(f"asker{n}") for n in range(4)]
    supporters = [people.make(f"supporter{n}") for n in range(3)]
    with app.app_context():
        may = Meeting(title="Conseil de mai", starts_at=now - timedelta(days=20), place="Mairie")
        june = Meeting(title="Conseil de juin", starts_at=now + timedelta(days=10), place="Mairie")
        db.session.add_all([may, june])
        db.session.flush()
        made = {}
        for n, (title, meeting, status, answered, supports) in enumerate(
            (
                ("Quand rouvre la piscine ?", may, QUESTION_ADMITTED, True, 1),
                ("Pourquoi couper les arbres ?", may, QUESTION_ADMITTED, False, 3),
                ("Un marché le dimanche ?", june, QUESTION_ADMITTED, False, 0),
                ("Une question pas encore examinée", june, QUESTION_SUBMITTED, False, 0),
            )
        ):
            question = Question(
                meeting_id=meeting.id,
                author_id=askers[n],
                title=title,
                body=f"{title} Le texte de la question.",
                status=status,
                submitted_at=now - timedelta(days=30 - n),
                updated_at=now - timedelta(days=30 - n),
                answered_at=now - timedelta(days=1) if answered else None,
                answer_kind="oral" if answered else None,
                answer_text="En septembre." if answered else None,
            )
            db.session.add(question)
            db.session.flush()
            for user_id in supporters[:supports]:
                db.session.add(
                    QuestionSupport(question_id=question.id, user_id=user_id, created_at=now)
                )
            made[title] = question.id
        made["may"], made["june"] = may.id, june.id
        db.session.commit()
    return made


def test_the_list_shows_admitted_questions_whether_answered_and_their_support(
    client: FlaskClient, questions: dict[str, int]
) -> None:
    page = text(client.get("/questions/"))

    assert titles(page) == [
        "Un marché le dimanche ?",
        "Pourquoi couper les arbres ?",
        "Quand rouvre la piscine ?",
    ]
    assert "Une question pas encore examinée" not in page
    assert "3 soutiens" in page and "1 soutien<" in page
    assert page.count("Répondue le") == 1 and page.count("En attente de réponse</span>") == 2


def test_search_filters_and_sorts_narrow_and_order_the_questions(
    client: FlaskClient, questions: dict[str, int]
) -> None:
    assert titles(text(client.get("/questions/?q=PISCINE"))) == ["Quand rouvre la piscine ?"]
    assert titles(text(client.get("/questions/?state=answered"))) == ["Quand rouvre la piscine ?"]
    assert titles(text(client.get(f"/questions/?meeting={questions['june']}"))) == [
        "Un marché le dimanche ?"
    ]
    assert titles(text(client.get("/questions/?sort=supported"))) == [
        "Pourquoi couper les arbres ?",
        "Quand rouvre la piscine ?",
        "Un marché le dimanche ?",
    ]


def test_the_questions_are_paged_and_htmx_gets_the_results_alone(
    client: FlaskClient, questions: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "PER_PAGE", 2)

    first = text(client.get("/questions/?sort=supported"))
    second = text(client.get("/questions/?sort=supported&page=2", headers=HX))

    assert titles(first) == ["Pourquoi couper les arbres ?", "Quand rouvre la piscine ?"]
    assert 'href="/questions/?sort=supported&amp;page=2" rel="next"' in first
    assert second.lstrip().startswith('<div id="question-list"') and "<html" not in second
    assert titles(second) == ["Un marché le dimanche ?"]


@pytest.mark.parametrize(
    "query",
    [
        "page=" + "9" * 30,
        "sort=nonsense&state=rejected&meeting=99999999999999999999",
        "q=%E2%80%AE%EF%BB%BF" + "%F0%9F%9A%B2" * 300,
        "q=100%25_\\",
    ],
)
def test_an_odd_address_gives_a_clear_page_never_an_error(
    client: FlaskClient, questions: dict[str, int], query: str
) -> None:
    assert "Questions au conseil" in text(client.get(f"/questions/?{query}"))
