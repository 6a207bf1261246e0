"""Council meetings through the pages: clerks plan and run them, everyone reads them,
the calendar feed and the open-data API (docs/rules.md §7)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.followup import agenda
from civic.models import AgendaItem, Meeting
from tests.conftest import People, post
from tests.support.meetings import add_question, move_meeting, plan_meeting

PARIS = ZoneInfo("Europe/Paris")


def _form_for(days_ahead: int, **extra: str) -> dict[str, str]:
    day = (datetime.now(PARIS) + timedelta(days=days_ahead)).date()
    return {
        "title": "Conseil municipal",
        "day": day.isoformat(),
        "start_time": "18:30",
        "end_time": "21:00",
        "place": "Salle du conseil, hôtel de ville",
        **extra,
    }


def _meeting(app: Flask, meeting_id: int) -> Meeting:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting is not None
        _ = meeting.items
        db.session.expunge_all()
        return meeting


def test_a_clerk_plans_a_meeting_and_waiting_items_join_its_agenda(
    app: Flask, client: FlaskClient, people: People
) -> None:
    with app.app_context():
        agenda.schedule_agenda_item(
            kind="petition_presentation",
            title="Présentation de la pétition « Des arbres rue Thénard » par sa porteuse",
            subject_type="petition",
            subject_id=12,
            now=datetime.now(UTC),
        )
        db.session.commit()
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    form_page = client.get("/clerk/meetings/new").get_data(as_text=True)
    assert "Des arbres rue Thénard" in form_page  # announced as waiting
    response = post(client, "/clerk/meetings/new", _form_for(20))
    assert response.status_code == 302
    meeting_id = int(re.search(r"/clerk/meetings/(\d+)", response.headers["Location"]).group(1))
    meeting = _meeting(app, meeting_id)
    assert meeting.starts_at.astimezone(PARIS).strftime("%H:%M") == "18:30"
    assert [i.kind for i in meeting.items] == ["question_time", "petition_presentation"]
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Des arbres rue Thénard" in page
    assert f'href="/meetings/{meeting_id}#question-time"' in page


def test_a_meeting_in_the_past_cannot_be_planned(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    response = post(client, "/clerk/meetings/new", _form_for(-2))
    assert response.status_code == 200
    assert "Une séance se planifie dans le futur" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Meeting)).all() == []


def test_a_resident_or_a_councillor_cannot_plan_a_meeting(
    app: Flask, client: FlaskClient, people: People
) -> None:
    for name, roles in (("lea", ()), ("nadia", ("councillor",))):
        people.make(name, roles=roles)
        people.login(name)
        assert post(client, "/clerk/meetings/new", _form_for(10)).status_code == 403
        people.logout()
    with app.app_context():
        assert db.session.scalars(db.select(Meeting)).all() == []


def test_a_clerk_edits_the_agenda_adds_moves_and_removes_items(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=10)
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    post(client, f"/clerk/meetings/{meeting_id}/items", {"item-title": "Budget primitif 2027"})
    post(client, f"/clerk/meetings/{meeting_id}/items", {"item-title": "Tarifs de la cantine"})
    items = _meeting(app, meeting_id).items
    assert [i.title for i in items][1:] == ["Budget primitif 2027", "Tarifs de la cantine"]
    post(client, f"/clerk/agenda-items/{items[1].id}/move", {"direction": "up"})
    post(client, f"/clerk/agenda-items/{items[2].id}/move", {"direction": "up"})
    titles = [i.title for i in _meeting(app, meeting_id).items]
    assert titles == ["Budget primitif 2027", "Tarifs de la cantine", items[0].title]
    response = post(client, f"/clerk/agenda-items/{items[0].id}/remove")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "inscrit automatiquement" in page
    post(client, f"/clerk/agenda-items/{items[2].id}/remove")
    titles = [i.title for i in _meeting(app, meeting_id).items]
    assert titles == ["Budget primitif 2027", items[0].title]


def test_a_clerk_moves_a_meeting_and_the_page_shows_the_new_time(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=10)
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    form = client.get(f"/clerk/meetings/{meeting_id}").get_data(as_text=True)
    assert "Date, heure et lieu" in form
    response = post(
        client,
        f"/clerk/meetings/{meeting_id}/details",
        _form_for(12, start_time="19:00", place="Salle des fêtes"),
    )
    assert response.status_code == 302
    meeting = _meeting(app, meeting_id)
    assert meeting.place == "Salle des fêtes"
    assert meeting.starts_at.astimezone(PARIS).strftime("%H:%M") == "19:00"
    response = post(
        client,
        f"/clerk/meetings/{meeting_id}/details",
        _form_for(12, start_time="19:00", end_time="18:00"),
    )
    assert "La fin doit suivre le début" in response.get_data(as_text=True)


def test_a_meeting_is_held_then_its_minutes_are_published(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=3)
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    response = post(client, f"/clerk/meetings/{meeting_id}/held")
    assert "pas encore commencé" in client.get(response.headers["Location"]).get_data(as_text=True)
    move_meeting(app, meeting_id, days_ahead=-0.1)
    post(client, f"/clerk/meetings/{meeting_id}/held")
    assert _meeting(app, meeting_id).status == "held"
    response = post(client, f"/clerk/meetings/{meeting_id}/minutes", {"publish": "y"})
    assert "Un procès-verbal publié a un texte ou un PDF" in response.get_data(as_text=True)
    markdown = "## Délibérations\n\nAdopté à l'unanimité. <script>alert(1)</script>"
    response = post(
        client, f"/clerk/meetings/{meeting_id}/minutes", {"markdown": markdown, "publish": "y"}
    )
    assert response.status_code == 302
    people.logout()
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "<h2>Délibérations</h2>" in page
    assert "<script>alert" not in page
    listing = client.get("/meetings").get_data(as_text=True)
    assert "procès-verbal publié" in listing


def _held(app: Flask) -> int:
    meeting_id = plan_meeting(app, days_ahead=3)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.starts_at = datetime.now(UTC) - timedelta(days=1)
        meeting.status = "held"
        db.session.commit()
    return meeting_id


def test_pdf_minutes_are_checked_and_served_as_a_download(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from io import BytesIO

    meeting_id = _held(app)
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    url = f"/clerk/meetings/{meeting_id}/minutes"
    fake = {"pdf": (BytesIO(b"<html>not a pdf</html>"), "pv.pdf")}
    response = post(client, url, fake, content_type="multipart/form-data")
    assert "Ce fichier n&#39;est pas un PDF" in response.get_data(as_text=True)
    app.config["MINUTES_PDF_MAX_BYTES"] = 1024
    big = {"pdf": (BytesIO(b"%PDF-1.7\n" + b"0" * 2000), "pv.pdf")}
    response = post(client, url, big, content_type="multipart/form-data")
    assert "Le PDF dépasse" in response.get_data(as_text=True)
    good = {"pdf": (BytesIO(b"%PDF-1.7\n%%EOF\n"), "../../etc/passwd.pdf")}
    assert post(client, url, good, content_type="multipart/form-data").status_code == 302
    people.logout()
    pdf_url = f"/meetings/{meeting_id}/minutes.pdf"
    assert client.get(pdf_url).status_code == 404  # not published yet
    people.login("clerk")
    assert post(client, url, {"publish": "y"}).status_code == 302
    people.logout()
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "proces-verbal-" in disposition
    assert "passwd" not in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_calendar_feed_is_valid_icalendar(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(
        app, days_ahead=10, title="Conseil municipal; budget, vœux et questions des habitants"
    )
    response = client.get("/meetings.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.data
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in body.replace(b"\r\n", b"")
    unfolded = body.decode("utf-8").replace("\r\n ", "")
    assert f"UID:meeting-{meeting_id}@localhost" in unfolded
    assert "SUMMARY:Conseil municipal\\; budget\\, vœux et questions des habitants" in unfolded
    assert re.search(r"DTSTART:\d{8}T\d{6}Z", unfolded)
    assert unfolded.count("BEGIN:VEVENT") == 1


def test_meetings_are_open_data_without_personal_data(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    shown = people.make("lea", given_names="Léa", family_name="Martin")
    hidden = people.make("sam", given_names="Samir", family_name="Haddad")
    add_question(app, meeting_id, shown, title="Question de Léa", show_name=True)
    add_question(app, meeting_id, hidden, title="Question de Samir")
    add_question(app, meeting_id, people.make("ana"), status="submitted", title="En attente")
    listing = client.get("/api/v1/meetings").get_json()
    assert [m["id"] for m in listing["meetings"]] == [meeting_id]
    data = client.get(f"/api/v1/meetings/{meeting_id}").get_json()
    assert data["agenda"][0]["kind"] == "question_time"
    questions = {q["title"]: q for q in data["question_time"]["questions"]}
    assert set(questions) == {"Question de Léa", "Question de Samir"}
    assert questions["Question de Léa"]["asked_by"] == "Léa Martin"
    assert questions["Question de Samir"]["asked_by"] is None
    assert questions["Question de Léa"]["supports"] == 0
    raw = client.get(f"/api/v1/meetings/{meeting_id}").get_data(as_text=True)
    assert "Haddad" not in raw and "@example.org" not in raw
    assert client.get("/api/v1/meetings/999999").status_code == 404


def test_the_past_meetings_page_pages(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        for days in range(25):
            db.session.add(
                Meeting(
                    title=f"Séance {days}",
                    starts_at=datetime.now(UTC) - timedelta(days=30 + days),
                    place="Mairie",
                    status="minutes_published",
                )
            )
        db.session.commit()
    first = client.get("/meetings/past").get_data(as_text=True)
    assert "Séance 0" in first and "Plus anciennes" in first
    second = client.get("/meetings/past?page=2").get_data(as_text=True)
    assert "Séance 24" in second
    assert client.get("/meetings/past?page=0").status_code == 404


def test_an_agenda_item_links_to_what_it_concerns_once_registered(
    app: Flask, client: FlaskClient
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    with app.app_context():
        db.session.add(
            AgendaItem(
                meeting_id=meeting_id,
                position=5,
                kind="votation_result",
                title="Résultat de la votation",
                subject_type="nothing_registered",
                subject_id=1,
                created_at=datetime.now(UTC),
            )
        )
        db.session.commit()
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Résultat de la votation" in page
