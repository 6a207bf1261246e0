"""Petitions whose council answer is overdue as a clerk's queue (issue 18): a petition
on a held meeting's agenda for its answer, with no answer published, is counted on the
to-do list and listed twenty at a time oldest first, searched by title, author or day
of the meeting, as a page and as an HTMX fragment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import AgendaItem, Meeting, Petition, PetitionAnswer
from civic.models.meetings import KIND_PETITION_ANSWER, KIND_PETITION_PRESENTATION
from civic.models.petitions import CLOSED
from tests.conftest import People
from tests.support.meetings import plan_meeting

HX = {"HX-Request": "true"}
URL = "/clerk/petitions/reponses-en-retard"
MARCH = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 6, 18, 0, tzinfo=UTC)


def _meeting(app: Flask, start: datetime, title: str, *, held: bool = True) -> int:
    meeting_id = plan_meeting(app, days_ahead=10, title=title)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.starts_at = start
        meeting.held_at = start + timedelta(hours=3) if held else None
        db.session.commit()
    return meeting_id


def _petition_on(
    app: Flask, meeting_id: int, author_id: int, title: str, kind: str = KIND_PETITION_ANSWER
) -> int:
    """A petition past the debate threshold whose answer is on the meeting's agenda."""
    with app.app_context():
        petition = Petition(
            title=title,
            body="Texte",
            easy_read="Texte facile",
            decision_asked="Décision",
            rule_set_code="local",
            rule_set_snapshot="{}",
            state=CLOSED,
            author_id=author_id,
            submitted_at=MARCH - timedelta(days=90),
        )
        db.session.add(petition)
        db.session.flush()
        db.session.add(
            AgendaItem(
                meeting_id=meeting_id,
                kind=kind,
                title=f"Réponse à la pétition « {title} »",
                subject_type="petition",
                subject_id=petition.id,
            )
        )
        db.session.commit()
        return petition.id


def _answered(app: Flask, petition_id: int, by: int) -> None:
    with app.app_context():
        db.session.add(
            PetitionAnswer(
                petition_id=petition_id,
                answered_as="mayor",
                body="Le maire répond.",
                published_at=datetime.now(UTC),
                published_by_id=by,
            )
        )
        db.session.commit()


def test_petitions_awaiting_their_answer_after_the_meeting_are_counted_and_paged(
    app: Flask, client: FlaskClient, people: People
) -> None:
    march = _meeting(app, MARCH, "Conseil de mars")
    april = _meeting(app, APRIL, "Conseil d'avril")
    coming = _meeting(app, datetime.now(UTC) + timedelta(days=5), "Prochain conseil", held=False)
    author = people.make("author")
    for n in range(22):
        _petition_on(app, march if n < 12 else april, author, f"Pétition{n:02d}")
    answered = _petition_on(app, march, author, "Déjà répondue")
    _answered(app, answered, by=people.make("mayor", roles=("councillor",)))
    _petition_on(app, coming, author, "Pas encore due")
    _petition_on(app, march, author, "Présentée seulement", kind=KIND_PETITION_PRESENTATION)
    people.make("clerk", roles=("clerk",))
    people.login("clerk")

    todo = client.get("/clerk/").get_data(as_text=True)
    row = todo.split('id="queue-petition_answers_overdue"')[1].split("</tr>")[0]
    assert "Réponses aux pétitions en retard" in row
    assert ">22<" in row and "Pétition00" in row and f'href="{URL}"' in row

    page = client.get(URL).get_data(as_text=True)
    assert "<html" in page and "22 pétitions attendent leur réponse" in page
    assert page.count('class="queue-row"') == 20
    assert page.index("Pétition00") < page.index("Pétition12") < page.index("Pétition19")
    for absent in ("Pétition20", "Déjà répondue", "Pas encore due", "Présentée seulement"):
        assert absent not in page
    assert "Conseil de mars" in page
    second = client.get(f"{URL}?page=2", headers=HX).get_data(as_text=True)
    assert second.lstrip().startswith('<div id="overdue-petition-answers"')
    assert second.count('class="queue-row"') == 2 and "Pétition21" in second
    with app.app_context():
        last = db.session.scalar(db.select(Petition.id).where(Petition.title == "Pétition21"))
    assert f'href="/petitions/{last}#answer-form-title"' in second


def test_overdue_petition_answers_are_found_by_title_author_or_day_with_and_without_htmx(
    app: Flask, client: FlaskClient, people: People
) -> None:
    march = _meeting(app, MARCH, "Conseil de mars")
    april = _meeting(app, APRIL, "Conseil d'avril")
    _petition_on(app, march, people.make("a", family_name="Dupont"), "Des arbres rue Haute")
    _petition_on(app, april, people.make("b", family_name="Martin"), "Une piste cyclable")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")

    page = client.get(f"{URL}?q=arbres").get_data(as_text=True)
    assert "<html" in page and "Des arbres rue Haute" in page
    assert "Une piste cyclable" not in page and "Jour de la séance" in page
    assert "Titre ou auteur·e" in page
    by_author = client.get(f"{URL}?q=martin", headers=HX).get_data(as_text=True)
    assert by_author.lstrip().startswith('<div id="overdue-petition-answers"')
    assert "Une piste cyclable" in by_author and "Des arbres rue Haute" not in by_author
    by_day = client.get(f"{URL}?jour=2026-03-02", headers=HX).get_data(as_text=True)
    assert "Des arbres rue Haute" in by_day and "Une piste cyclable" not in by_day
    nothing = client.get(f"{URL}?q=zzz").get_data(as_text=True)
    assert "Aucune pétition en retard de réponse ne correspond à cette recherche." in nothing


def test_with_no_petition_overdue_the_queue_says_so_and_strange_searches_do_not_fail(
    client: FlaskClient, people: People
) -> None:
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    todo = client.get("/clerk/").get_data(as_text=True)
    row = todo.split('id="queue-petition_answers_overdue"')[1].split("</tr>")[0]
    assert ">0<" in row
    page = client.get(URL).get_data(as_text=True)
    assert "Aucune réponse en retard : chaque pétition inscrite" in page
    for query in ("page=-3", "page=99999999999", "jour=2026-13-45", "q=" + "%25_\\" * 200):
        assert client.get(f"{URL}?{query}").status_code == 200, query


def test_residents_cannot_see_the_overdue_petition_answers(
    client: FlaskClient, as_role: object
) -> None:
    as_role("resident")  # type: ignore[operator]
    assert client.get(URL).status_code == 403
