"""Object-level access (issue 8): a resident who may use a page in general still cannot
act on another resident's thing through it. Each refusal is what the other person
sees (403 or 404, never a hint that the object exists) and the rows stay as they were.

Alice owns the things; Bruno, a verified resident too, tries his luck by typing URLs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, inspect, select

from civic.extensions import db
from civic.models import (
    BudgetBallot,
    BudgetProposal,
    Notification,
    Petition,
    PetitionEvent,
    Question,
    Signature,
    User,
    VoterRegister,
)
from tests.budget_factory import add_projects, heading_ids, make_budget
from tests.conftest import People, post
from tests.support.meetings import add_question, plan_meeting
from tests.votations_factory import open_votation, question_id

PETITION = {
    "title": "Des arceaux à vélo devant l'école",
    "easy_read": "Nous voulons garer nos vélos devant l'école.",
    "decision_asked": "Installer dix arceaux à vélo rue de l'École.",
    "body": "Les parents demandent des arceaux.",
    "rule_set_code": "charter",
    "kind": "ordinary",
    "neighbourhood_id": "",
}


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def row(app: Flask, model: Any, row_id: Any) -> dict[str, Any]:
    """Every column of one row as stored now: what "nothing changed" compares."""
    with app.app_context():
        found = db.session.get(model, row_id)
        assert found is not None
        return {c.key: getattr(found, c.key) for c in inspect(model).column_attrs}


def count(app: Flask, model: Any, *where: Any) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


@pytest.fixture
def alice_and_bruno(people: People) -> dict[str, int]:
    return {
        "alice": people.make("alice", family_name="Zanetti-Krol"),
        "bruno": people.make("bruno"),
    }


# --- Questions --------------------------------------------------------------------


@pytest.mark.parametrize(("status", "page"), [("submitted", 404), ("admitted", 200)])
def test_a_resident_cannot_edit_or_withdraw_another_residents_question(
    app: Flask,
    client: FlaskClient,
    people: People,
    alice_and_bruno: dict[str, int],
    status: str,
    page: int,
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id_ = add_question(app, meeting_id, alice_and_bruno["alice"], status=status)
    before = row(app, Question, question_id_)
    people.login("bruno")
    # A question still under review is the author's and the clerks' only.
    assert client.get(f"/questions/{question_id_}").status_code == page
    assert client.get(f"/questions/{question_id_}/edit").status_code == 404
    edited = post(
        client,
        f"/questions/{question_id_}/edit",
        {"title": "Question détournée", "body": "Un autre texte, par quelqu'un d'autre."},
    )
    assert edited.status_code == 404 and "Page introuvable" in text(edited)
    assert post(client, f"/questions/{question_id_}/withdraw").status_code == 404
    assert row(app, Question, question_id_) == before


@pytest.mark.parametrize(
    ("status", "code", "page"),
    [
        ("submitted", None, 404),
        ("rejected", "defamatory", 200),
        ("admitted", None, 200),
    ],
)
def test_a_councillor_sees_a_question_as_the_public_does_until_it_is_admitted(
    app: Flask,
    client: FlaskClient,
    people: People,
    alice_and_bruno: dict[str, int],
    status: str,
    code: str | None,
    page: int,
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id_ = add_question(
        app, meeting_id, alice_and_bruno["alice"], status=status, title="Piscine fermée"
    )
    if code:
        with app.app_context():
            db.session.get(Question, question_id_).rejection_code = code
            db.session.commit()
    public = client.get(f"/questions/{question_id_}")
    people.make("elu", roles=("councillor",))
    people.login("elu")
    seen = client.get(f"/questions/{question_id_}")
    assert seen.status_code == public.status_code == page
    # Not moderated yet, or rejected as defamatory: its text is not the council's to read.
    assert ("Piscine fermée" in text(seen)) is (status == "admitted")
    answer_page = client.get(f"/council/questions/{question_id_}/answer")
    assert answer_page.status_code == (200 if status == "admitted" else 404)


# --- Petition drafts and the carrier's actions ---------------------------------------


def _alices_draft(client: FlaskClient, people: People) -> int:
    people.login("alice")
    response = post(client, "/petitions/new", PETITION)
    assert response.status_code == 302, text(response)[:1000]
    people.logout()
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_a_resident_cannot_see_edit_submit_or_withdraw_another_residents_draft(
    app: Flask, client: FlaskClient, people: People, alice_and_bruno: dict[str, int]
) -> None:
    petition_id = _alices_draft(client, people)
    before = row(app, Petition, petition_id)
    people.login("bruno")
    assert client.get(f"/petitions/{petition_id}").status_code == 404
    assert client.get(f"/petitions/{petition_id}/edit").status_code == 404
    edited = post(client, f"/petitions/{petition_id}/edit", {**PETITION, "title": "Détournée"})
    assert edited.status_code == 404 and "Page introuvable" in text(edited)
    assert post(client, f"/petitions/{petition_id}/submit").status_code == 404
    assert post(client, f"/petitions/{petition_id}/withdraw").status_code == 404
    assert row(app, Petition, petition_id) == before
    assert count(app, PetitionEvent, PetitionEvent.petition_id == petition_id) == 0
    assert "Des arceaux" not in text(client.get("/petitions/"))


def _open(app: Flask, people: People, petition_id: int) -> None:
    """Alice submits her draft; a clerk admits it."""
    from civic.petitions import lifecycle

    people.make("clerk", roles=("clerk",))
    with app.app_context():
        now = datetime.now(UTC)
        alice = db.session.scalar(select(User).where(User.email == "alice@example.org"))
        clerk = db.session.scalar(select(User).where(User.email == "clerk@example.org"))
        assert alice is not None and clerk is not None
        lifecycle.submit(petition_id, author=alice, now=now)
        lifecycle.admit(petition_id, deadline=None, actor=clerk, now=now)


def test_a_councillor_sees_neither_a_draft_nor_a_petition_under_review(
    app: Flask, client: FlaskClient, people: People, alice_and_bruno: dict[str, int]
) -> None:
    from civic.petitions import lifecycle

    petition_id = _alices_draft(client, people)
    people.make("elu", roles=("councillor",))
    people.login("elu")
    assert client.get(f"/petitions/{petition_id}").status_code == 404
    with app.app_context():
        alice = db.session.get(User, alice_and_bruno["alice"])
        lifecycle.submit(petition_id, author=alice, now=datetime.now(UTC))
    assert client.get(f"/petitions/{petition_id}").status_code == 404
    assert "Des arceaux" not in text(client.get("/petitions/"))
    clerk_id = people.make("clerk", roles=("clerk",))
    with app.app_context():
        clerk = db.session.get(User, clerk_id)
        lifecycle.admit(petition_id, deadline=None, actor=clerk, now=datetime.now(UTC))
    assert "Des arceaux" in text(client.get(f"/petitions/{petition_id}"))


@pytest.mark.parametrize("who", ["bruno", "clerk"])
def test_only_the_carrier_withdraws_an_open_petition(
    app: Flask, client: FlaskClient, people: People, alice_and_bruno: dict[str, int], who: str
) -> None:
    petition_id = _alices_draft(client, people)
    _open(app, people, petition_id)
    before = row(app, Petition, petition_id)
    people.login(who)
    page = text(client.get(f"/petitions/{petition_id}"))
    assert "Retirer la pétition" not in page
    assert post(client, f"/petitions/{petition_id}/withdraw").status_code == 404
    assert row(app, Petition, petition_id) == before
    assert row(app, Petition, petition_id)["state"] == "open"


# --- Signatures ---------------------------------------------------------------------


def test_a_resident_cannot_withdraw_or_invalidate_another_residents_signature(
    app: Flask, client: FlaskClient, people: People, alice_and_bruno: dict[str, int]
) -> None:
    petition_id = _alices_draft(client, people)
    _open(app, people, petition_id)
    people.login("alice")
    post(client, f"/petitions/{petition_id}/sign", {"confirm": "y"})
    people.logout()
    with app.app_context():
        signature_id = db.session.scalar(select(Signature.id))
    signature, petition = row(app, Signature, signature_id), row(app, Petition, petition_id)
    assert petition["collected_count"] == 1

    people.login("bruno")
    response = post(client, f"/petitions/{petition_id}/unsign", follow_redirects=True)
    assert "Vous n&#39;avez pas signé cette pétition." in text(response)
    for action in ("invalidate", "verify"):
        refused = post(
            client, f"/petitions/signatures/{signature_id}/{action}", {"reason": "Doublon"}
        )
        assert refused.status_code == 403 and "Accès refusé" in text(refused)
    assert row(app, Signature, signature_id) == signature
    assert row(app, Petition, petition_id) == petition


# --- Votes: the register and the budget ballot ------------------------------------------


def test_a_resident_does_not_see_that_another_resident_voted(
    app: Flask, client: FlaskClient, people: People, alice_and_bruno: dict[str, int]
) -> None:
    votation_id = open_votation(app)
    field = f"q{question_id(app, votation_id)}"
    people.login("alice")
    post(client, f"/votations/{votation_id}/vote", {field: "oui"})
    assert "Vous avez voté." in text(client.get(f"/votations/{votation_id}"))
    people.logout()
    people.login("bruno")
    page = text(client.get(f"/votations/{votation_id}"))
    assert "Vous avez voté." not in page and f'name="{field}"' in page
    fragment = text(client.get(f"/votations/{votation_id}", headers={"HX-Request": "true"}))
    assert "Vous avez voté." not in fragment
    assert count(app, VoterRegister) == 1
    assert count(app, VoterRegister, VoterRegister.user_id == alice_and_bruno["bruno"]) == 0


def test_a_resident_does_not_see_another_residents_budget_ballot(
    app: Flask, client: FlaskClient, people: People, alice_and_bruno: dict[str, int]
) -> None:
    budget_id = make_budget(app, "vote")
    city = heading_ids(app, budget_id)[0]
    ids = add_projects(app, city, {"Arbres": 20_000, "Bancs": 5_000})
    ballot_url = f"/budgets/{budget_id}/rubriques/{city}"
    people.login("alice")
    post(client, f"{ballot_url}/vote", {"projects": [str(ids["Arbres"])]})
    assert " checked" in text(client.get(ballot_url))
    people.logout()
    people.login("bruno")
    page = text(client.get(ballot_url))
    assert " checked" not in page
    assert "Vous avez voté dans cette rubrique" not in page
    assert count(app, BudgetBallot) == 1


# --- Personal data: the export and the notifications -------------------------------


def test_a_resident_downloads_only_their_own_data(
    app: Flask, client: FlaskClient, people: People, alice_and_bruno: dict[str, int]
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    add_question(app, meeting_id, alice_and_bruno["alice"], title="La question d'Alice")
    people.login("bruno")
    for query in ({}, {"user_id": alice_and_bruno["alice"]}, {"user": "alice@example.org"}):
        export = client.get("/account/export.json", query_string=query)
        assert export.status_code == 200
        data = export.get_json()
        assert data["account"]["email"] == "bruno@example.org"
        for alices in ("Zanetti-Krol", "alice@example.org", "La question d'Alice"):
            assert alices not in text(export)


def test_a_resident_neither_reads_nor_marks_another_residents_notifications(
    app: Flask, client: FlaskClient, people: People, alice_and_bruno: dict[str, int]
) -> None:
    with app.app_context():
        db.session.add(
            Notification(
                user_id=alice_and_bruno["alice"],
                kind="question_answered",
                subject_title="Le sujet d'Alice",
                link=None,
                created_at=datetime.now(UTC),
            )
        )
        db.session.commit()
        notification_id = db.session.scalar(select(Notification.id))
    before = row(app, Notification, notification_id)
    people.login("bruno")
    assert "Le sujet d'Alice" not in text(client.get("/notifications/"))
    post(client, "/notifications/read")
    assert row(app, Notification, notification_id) == before


# --- Participatory budget proposals ------------------------------------------------------


def test_a_resident_cannot_review_or_report_on_another_residents_budget_proposal(
    app: Flask, client: FlaskClient, people: People, alice_and_bruno: dict[str, int]
) -> None:
    budget_id = make_budget(app, "review")
    city = heading_ids(app, budget_id)[0]
    with app.app_context():
        proposal = BudgetProposal(
            budget_id=budget_id,
            heading_id=city,
            author_id=alice_and_bruno["alice"],
            title="Un jardin partagé",
            description="Un jardin rue des Lilas.",
            summary="Un jardin pour tous.",
            estimated_cost=10_000,
        )
        db.session.add(proposal)
        db.session.commit()
        proposal_id = proposal.id
    before = row(app, BudgetProposal, proposal_id)
    people.login("bruno")
    assert client.get(f"/budgets/{budget_id}/propositions/{proposal_id}").status_code == 200
    for url, data in (
        (f"/clerk/budgets/propositions/{proposal_id}/examen", {"decision": "unfeasible"}),
        (f"/clerk/budgets/propositions/{proposal_id}/suivi", {"followup_status": "abandoned"}),
    ):
        refused = post(client, url, {**data, "reason": "Parce que.", "final_cost": "1"})
        assert refused.status_code == 403 and "Accès refusé" in text(refused)
    assert client.get(f"/clerk/budgets/{budget_id}/examen").status_code in (403, 404)
    assert row(app, BudgetProposal, proposal_id) == before


# --- Links that leave the site ---------------------------------------------------------


@pytest.mark.parametrize("done", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_a_finished_jobs_result_link_never_leaves_the_site(
    app: Flask, client: FlaskClient, done: str
) -> None:
    from civic.models import Job

    with app.app_context():
        db.session.add(Job(id="0" * 8 + "-job", task="test", state="finished", progress=1.0))
        db.session.commit()
    page = text(client.get(f"/jobs/{'0' * 8}-job", query_string={"done": done}))
    assert "Terminé" in page and "Voir le résultat" not in page
    local = text(client.get(f"/jobs/{'0' * 8}-job", query_string={"done": "/budgets/"}))
    assert '<a class="button" href="/budgets/">Voir le résultat</a>' in local
