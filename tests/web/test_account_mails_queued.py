"""Registration and reset mails are sent by a background job, so the request does the
same work whether or not the address (or the person) has an account: it queues one
job either way, and the job looks the account up and mails it (civic/auth/mails.py).

Before, the request itself wrote the token and talked to the mail server for a known
address only (a reset took 53 ms for a known address, 27 ms for an unknown one).
Proven by the work done, not by timings (bench/bench_enumeration.py measures those)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from civic import jobs
from civic.auth import mails
from civic.extensions import db
from tests.conftest import People, post
from tests.web.test_accounts_web import form, hood_id  # noqa: F401


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """The jobs requests queue, kept instead of run (committing, as queueing does)."""
    kept: list[tuple[str, tuple[Any, ...]]] = []

    def keep(task: str, *args: Any) -> str:
        db.session.commit()
        kept.append((task, args))
        return "kept"

    monkeypatch.setattr(jobs, "enqueue", keep)
    yield kept


def test_a_reset_queues_the_same_job_whether_or_not_the_address_has_an_account(
    app: Flask, people: People, outbox: list[Any], queued: list[tuple[str, tuple[Any, ...]]]
) -> None:
    people.make("ana")
    answers = []
    for email in ("ana@example.org", "nobody@example.org"):
        del queued[:]
        response = post(app.test_client(), "/auth/reset", {"email": email})
        answers.append((response.status_code, response.headers["Location"], list(queued)))
    assert answers[0][:2] == answers[1][:2]
    assert [(task, args[0]) for task, args in answers[0][2]] == [
        (mails.RESET_LINK, "ana@example.org")
    ]
    assert [(task, args[0]) for task, args in answers[1][2]] == [
        (mails.RESET_LINK, "nobody@example.org")
    ]
    assert outbox == []  # the request mailed nothing itself
    # The job mails the link to an account's address, and nothing otherwise.
    with app.app_context():
        for _task, args in answers[1][2] + answers[0][2]:
            mails.send_reset_link(*args)
    assert [m.to for m in outbox] == [["ana@example.org"]]
    assert re.search(r"http://localhost/auth/reset/\S+", outbox[0].body)


def test_every_registration_queues_one_mail_job_and_mails_nothing_itself(
    app: Flask,
    hood_id: int,  # noqa: F811
    outbox: list[Any],
    queued: list[tuple[str, tuple[Any, ...]]],
) -> None:
    cases = {
        "new person": {},
        "known address": {"family_name": "Autre", "given_names": "Personne"},
        "known person": {"email": "autre@example.org"},
    }
    kinds = {}
    for case, changes in cases.items():
        del queued[:]
        response = post(app.test_client(), "/auth/register", form(hood_id, **changes))
        assert response.status_code == 200
        assert [task for task, _ in queued] == [mails.REGISTRATION]
        kinds[case] = queued[0][1][0]
    assert kinds == {
        "new person": mails.CONFIRM,
        "known address": mails.ADDRESS_TAKEN,
        "known person": mails.PERSON_TAKEN,
    }
    assert outbox == []


def test_the_reset_page_always_answers_and_spaces_the_mails_it_sends(
    app: Flask, people: People, outbox: list[Any]
) -> None:
    people.make("ana")
    # Ten requests for Ana's address from ten addresses: no per-address limit to use up.
    for n in range(10):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"203.0.113.{n + 1}"
        assert post(client, "/auth/reset", {"email": "ana@example.org"}).status_code == 302
    assert len(outbox) == 1  # one link, which still works
    link = re.search(r"http://localhost(/auth/reset/\S+)", outbox[0].body)
    assert link is not None
    ana = app.test_client()
    ana.get(link.group(1))
    new = {"password": "un tout autre mot de passe", "password_again": "un tout autre mot de passe"}
    assert post(ana, "/auth/new-password", new).status_code == 302


def test_a_mail_is_written_in_its_accounts_language(
    app: Flask, people: People, outbox: list
) -> None:
    from civic.models import User

    user_id = people.make("ana")
    with app.app_context():
        db.session.get(User, user_id).locale = "en"
        db.session.commit()
    post(app.test_client(), "/auth/reset", {"email": "ana@example.org"})
    assert outbox[0].subject != "Réinitialisation du mot de passe"
