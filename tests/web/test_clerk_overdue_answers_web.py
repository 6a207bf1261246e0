"""Question time's answers overdue as a clerk's queue (issue 18): counted on the
to-do list, listed twenty at a time oldest first, searched by title, author or day
of the meeting, as a page and as an HTMX fragment, each row leading to the meeting's
answers page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import Meeting, Question
from tests.conftest import People
from tests.support.meetings import add_question, plan_meeting

HX = {"HX-Request": "true"}
URL = "/clerk/questions/reponses-en-retard"
# Both long past the 30 days given for a written answer.
MARCH = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 6, 18, 0, tzinfo=UTC)


def _meeting_on(app: Flask, start: datetime, title: str) -> int:
    meeting_id = plan_meeting(app, days_ahead=10, title=title)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.starts_at = start
        db.session.commit()
    return meeting_id


def _answered(app: Flask, question_id: int) -> None:
    with app.app_context():
        question = db.session.get(Question, question_id)
        assert question is not None
        question.answer_kind, question.answer_text = "written", "Elle rouvrira en juin."
        question.answered_at = datetime.now(UTC)
        db.session.commit()


def test_the_overdue_answers_are_counted_and_listed_twenty_at_a_time_oldest_first(
    app: Flask, client: FlaskClient, people: People
) -> None:
    march = _meeting_on(app, MARCH, "Conseil de mars")
    april = _meeting_on(app, APRIL, "Conseil d'avril")
    recent = _meeting_on(app, datetime.now(UTC) - timedelta(days=3), "Conseil récent")
    for n in range(22):
        author = people.make(f"q{n}")
        meeting = march if n < 12 else april
        add_question(app, meeting, author, title=f"Question{n:02d} ?", minutes_ago=500 - n)
    answered = add_question(app, march, people.make("done"), title="Déjà répondue ?")
    _answered(app, answered)
    add_question(app, recent, people.make("soon"), title="Pas encore due ?")
    add_question(app, march, people.make("new"), status="submitted", title="Pas admise ?")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")

    todo = client.get("/clerk/").get_data(as_text=True)
    row = todo.split('id="queue-answers_overdue"')[1].split("</tr>")[0]
    assert ">22<" in row and "Question00 ?" in row and f'href="{URL}"' in row

    page = client.get(URL).get_data(as_text=True)
    assert "<html" in page and "22 réponses en retard" in page
    assert page.count('class="queue-row"') == 20
    assert page.index("Question00 ?") < page.index("Question12 ?") < page.index("Question19 ?")
    for absent in ("Question20 ?", "Déjà répondue ?", "Pas encore due ?", "Pas admise ?"):
        assert absent not in page
    assert f'href="/council/meetings/{march}/answers"' in page
    second = client.get(f"{URL}?page=2", headers=HX).get_data(as_text=True)
    assert second.lstrip().startswith('<div id="overdue-answers"')
    assert second.count('class="queue-row"') == 2 and "Question21 ?" in second
    assert f'href="/council/meetings/{april}/answers"' in second


def test_the_overdue_answers_are_found_by_title_author_or_day_with_and_without_htmx(
    app: Flask, client: FlaskClient, people: People
) -> None:
    march = _meeting_on(app, MARCH, "Conseil de mars")
    april = _meeting_on(app, APRIL, "Conseil d'avril")
    add_question(app, march, people.make("a", family_name="Dupont"), title="La piscine ?")
    add_question(app, april, people.make("b", family_name="Martin"), title="Le marché ?")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")

    page = client.get(f"{URL}?q=piscine").get_data(as_text=True)
    assert "<html" in page and "La piscine ?" in page and "Le marché ?" not in page
    assert "Titre ou auteur·e" in page
    assert 'name="q" value="piscine"' in page and "Jour de la séance" in page
    by_author = client.get(f"{URL}?q=martin", headers=HX).get_data(as_text=True)
    assert by_author.lstrip().startswith('<div id="overdue-answers"')
    assert "Le marché ?" in by_author and "La piscine ?" not in by_author
    by_day = client.get(f"{URL}?jour=2026-03-02", headers=HX).get_data(as_text=True)
    assert "La piscine ?" in by_day and "Le marché ?" not in by_day
    nothing = client.get(f"{URL}?q=zzz").get_data(as_text=True)
    assert "Aucune réponse en retard ne correspond à cette recherche." in nothing


def test_with_nothing_overdue_the_queue_says_so_and_strange_searches_do_not_fail(
    client: FlaskClient, people: People
) -> None:
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    page = client.get(URL).get_data(as_text=True)
    assert "Aucune réponse en retard : toutes les questions admises" in page
    for query in ("page=-3", "page=99999999999", "jour=2026-13-45", "q=" + "%25_\\" * 200):
        assert client.get(f"{URL}?{query}").status_code == 200, query


def test_residents_cannot_see_the_overdue_answers(client: FlaskClient, as_role: object) -> None:
    as_role("resident")  # type: ignore[operator]
    assert client.get(URL).status_code == 403
