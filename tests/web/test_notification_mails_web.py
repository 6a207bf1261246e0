"""Notification mails: sent through the job queue, retried, each with a one-click
unsubscribe (RFC 8058) for its family; the person's preferences decide what is mailed;
letters by post for people without e-mail, exported by clerks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_mailman import EmailMessage
from sqlalchemy import select

from civic.extensions import db
from civic.models import Job, Notification, User
from civic.notifications import preferences
from civic.notifications.services import notify
from tests.conftest import People, post


@pytest.fixture(autouse=True)
def _mail_configured(app: Flask) -> None:
    app.config["MAIL_CONFIGURED"] = True


def _tell(
    app: Flask, user_id: int, kind: str = "petition_answered", title: str = "Un parc"
) -> None:
    with app.app_context():
        user = db.session.get_one(User, user_id)
        notify(user, kind, subject_title=title, link="/petitions/1", now=datetime.now(UTC))
        db.session.commit()


def _unsubscribe_path(mail: Any) -> str:
    header = mail.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://localhost/notifications/unsubscribe/") and header[-1] == ">"
    return urlsplit(header[1:-1]).path


def test_a_mail_says_what_happened_and_carries_a_one_click_unsubscribe(
    app: Flask, people: People, outbox: list[Any]
) -> None:
    _tell(app, people.make("lea"))
    assert len(outbox) == 1
    mail = outbox[0]
    assert mail.to == ["lea@example.org"]
    assert "La pétition « Un parc » a reçu une réponse." in mail.body
    assert "http://localhost/petitions/1" in mail.body
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _unsubscribe_path(mail) in mail.body


def test_the_one_click_post_unsubscribes_without_login_or_csrf_from_that_family_only(
    app: Flask, people: People, client: FlaskClient, outbox: list[Any]
) -> None:
    lea = people.make("lea")
    _tell(app, lea)
    path = _unsubscribe_path(outbox[0])
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "vous ne recevrez plus de courriels" in response.get_data(as_text=True)
    _tell(app, lea, "petition_admitted")
    assert len(outbox) == 1  # petitions: no more mail
    _tell(app, lea, "question_answered")
    assert len(outbox) == 2  # questions: still mailed
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Notification)) == 3


def test_opening_the_unsubscribe_link_asks_first_and_changes_nothing(
    app: Flask, people: People, client: FlaskClient, outbox: list[Any]
) -> None:
    lea = people.make("lea")
    _tell(app, lea)
    page = client.get(_unsubscribe_path(outbox[0])).get_data(as_text=True)
    assert "Me désabonner" in page
    _tell(app, lea)
    assert len(outbox) == 2


def test_a_forged_or_altered_token_unsubscribes_nobody(
    app: Flask, people: People, client: FlaskClient, outbox: list[Any]
) -> None:
    lea = people.make("lea")
    sam = people.make("sam")
    _tell(app, lea)
    path = _unsubscribe_path(outbox[0])
    with app.app_context():
        forged = preferences._serializer().dumps([sam, "everything"])  # noqa: SLF001
    for bad in (path[:-2] + "xx", f"/notifications/unsubscribe/{forged}", path + "x" * 300):
        assert client.post(bad).status_code == 404
        assert client.get(bad).status_code == 404
    _tell(app, lea)
    assert len(outbox) == 2


def test_the_preferences_page_turns_mails_off_by_family(
    app: Flask, people: People, client: FlaskClient, outbox: list[Any]
) -> None:
    lea = people.make("lea")
    people.login("lea")
    account = client.get("/account/").get_data(as_text=True)
    assert 'href="/notifications/preferences">Mes notifications' in account
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "Pétitions que je porte ou que je suis" in page
    assert 'id="privacy-notice"' in page
    response = post(client, "/notifications/preferences", {"email_questions": "y"})
    assert response.status_code == 302
    _tell(app, lea, "petition_answered")
    _tell(app, lea, "residence_verified")
    _tell(app, lea, "question_answered", title="Les bus")
    assert [mail.subject for mail in outbox] == ["Votre question « Les bus » a reçu une réponse."]
    with app.app_context():
        # Every notification is still shown in the app.
        assert len(db.session.scalars(select(Notification)).all()) == 3


def test_a_mail_server_that_fails_is_tried_again(
    app: Flask, people: People, outbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_send = EmailMessage.send
    calls: list[int] = []

    def flaky(message: EmailMessage, fail_silently: bool = False) -> int:
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionRefusedError("mail server down")
        return real_send(message, fail_silently=fail_silently)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    _tell(app, people.make("lea"))
    assert len(calls) == 3
    assert len(outbox) == 1
    with app.app_context():
        notification = db.session.scalars(select(Notification)).one()
        assert notification.mailed_at is not None
        assert db.session.scalars(select(Job.state)).all() == ["finished"]


def test_no_mail_leaves_when_the_change_is_rolled_back(
    app: Flask, people: People, outbox: list[Any]
) -> None:
    lea = people.make("lea")
    with app.app_context():
        user = db.session.get_one(User, lea)
        notify(user, "petition_answered", subject_title="X", link=None, now=datetime.now(UTC))
        db.session.rollback()
    assert outbox == []


def _without_email(app: Flask, user_id: int, *, by_post: bool) -> None:
    with app.app_context():
        user = db.session.get_one(User, user_id)
        user.email = user.email_canonical = None
        db.session.commit()
        preferences.save(user, email_on=set(), by_post=by_post, now=datetime.now(UTC))


def test_clerks_export_the_letters_of_people_without_email_once(
    app: Flask, people: People, client: FlaskClient, outbox: list[Any]
) -> None:
    paul = people.make("paul", family_name="Martin", given_names="Paul")
    rose = people.make("rose", family_name="Durand", given_names="Rose")
    _without_email(app, paul, by_post=True)
    _without_email(app, rose, by_post=False)
    _tell(app, paul, "residence_verified", title="Civic-sur-Loire")
    _tell(app, rose, "residence_verified", title="Civic-sur-Loire")
    assert outbox == []
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    page = client.get("/notifications/letters").get_data(as_text=True)
    assert "Paul Martin" in page and "Rose Durand" not in page
    todo = client.get("/clerk/").get_data(as_text=True)
    assert "Lettres à envoyer par la poste" in todo and "Paul Martin" in todo
    exported = post(client, "/notifications/letters/export", {"format": "csv"})
    assert exported.mimetype == "text/csv"
    lines = exported.get_data(as_text=True).splitlines()
    assert lines[0] == "Nom,Adresse,Date,Message,Lien"
    assert len(lines) == 2 and lines[1].startswith("Paul Martin,1 rue de la Mairie,")
    assert "Votre résidence à Civic-sur-Loire a été vérifiée" in lines[1]
    assert "Aucune lettre en attente." in client.get("/notifications/letters").get_data(
        as_text=True
    )
    _tell(app, paul, "petition_admitted", title="Un banc")
    printed = post(client, "/notifications/letters/export", {"format": "html"})
    text = printed.get_data(as_text=True)
    assert "Paul Martin" in text and "Un banc" in text and "Civic-sur-Loire a été" not in text


def test_residents_cannot_export_letters(people: People, client: FlaskClient) -> None:
    people.make("lea")
    people.login("lea")
    assert client.get("/notifications/letters").status_code == 403
    assert post(client, "/notifications/letters/export", {"format": "csv"}).status_code == 403


def test_the_data_export_holds_the_persons_choices_and_follows(
    app: Flask, people: People, client: FlaskClient
) -> None:
    import json

    from civic.notifications import follows

    lea = people.make("lea")
    with app.app_context():
        user = db.session.get_one(User, lea)
        preferences.save(user, email_on={"votations"}, by_post=False, now=datetime.now(UTC))
        follows.set_following(lea, "votation", 7, follow=True, now=datetime.now(UTC))
    people.login("lea")
    data = json.loads(client.get("/account/export.json").get_data(as_text=True))
    exported = json.dumps(data)
    assert '"email_off": ["budget", "councils", "petitions", "questions", "residence"]' in exported
    assert '"subject": "votation", "id": 7' in exported


def test_letters_are_written_in_the_communes_language_whatever_the_clerk_reads(
    app: Flask, people: People, client: FlaskClient
) -> None:
    paul = people.make("paul", family_name="Martin", given_names="Paul")
    _without_email(app, paul, by_post=True)
    _tell(app, paul, "petition_answered", title="Un parc")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    post(client, "/language", {"language": "en", "next": "/"})
    printed = post(client, "/notifications/letters/export", {"format": "html"})
    text = printed.get_data(as_text=True)
    assert 'lang="fr"' in text and "Madame, Monsieur," in text
    assert "La pétition « Un parc » a reçu une réponse." in text


def test_news_for_many_leaves_in_one_job_and_a_failed_mail_alone_is_sent_again(
    app: Flask, people: People, outbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from civic.notifications.services import notify_all

    real_send = EmailMessage.send
    failed: list[str] = []

    def flaky(message: EmailMessage, fail_silently: bool = False) -> int:
        if message.to == ["bob@example.org"] and not failed:
            failed.append("bob")
            raise ConnectionResetError("mail server hung up")
        return real_send(message, fail_silently=fail_silently)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    ids = [people.make(name) for name in ("ana", "bob", "chloe")]
    with app.app_context():
        told = notify_all(
            ids, "petition_answered", subject_title="Un parc", link=None, now=datetime.now(UTC)
        )
        db.session.commit()
        assert told == 3
        assert db.session.scalars(select(Job.state)).all() == ["finished"]
    assert failed == ["bob"]
    assert sorted(mail.to[0] for mail in outbox) == [
        "ana@example.org",
        "bob@example.org",
        "chloe@example.org",
    ]
