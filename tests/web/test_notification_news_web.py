"""Who hears what: a petition's author and the signers who asked for news, a resident
whose residence was checked, a budget proposal's author, a council's applicants."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.councils import draws
from civic.extensions import db
from civic.models import Notification, User
from civic.notifications.services import message
from civic.residents.services import decide_residence
from tests.budget_factory import heading_ids, make_budget, proposal_fields
from tests.conftest import People, post
from tests.support.councils import NOW, POOL, make_council
from tests.web.test_petitions_web import commune, draft_and_open, text

__all__ = ["commune"]  # the fixture, imported for these tests


def news_of(app: Flask, user_id: int) -> list[str]:
    """What the person reads on their notifications page, oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
        )
        return [message(n) for n in rows]


def kinds_of(app: Flask, user_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Notification.kind)
                .where(Notification.user_id == user_id)
                .order_by(Notification.id)
            )
        )


def test_the_author_and_the_signers_who_asked_hear_a_petitions_news(
    commune: Flask, client: FlaskClient, people: People, outbox: list[Any]
) -> None:
    petition_id = draft_and_open(client, people)
    carrier = people.created["carrier"]
    assert news_of(commune, carrier) == [
        "Votre pétition « Des arceaux à vélo devant l'école » est ouverte à la signature."
    ]
    commune.config["MAIL_CONFIGURED"] = True
    page = f"/petitions/{petition_id}"
    for name in ("ana", "bob", "chloe", "dina", "eve"):
        people.make(name)
        people.login(name)
        if name == "ana":
            assert "Tenez-moi informé·e de la suite" in text(client.get(page))
        fields = {"confirm": "y", **({"wants_news": "y"} if name == "ana" else {})}
        assert post(client, f"{page}/sign", fields).status_code == 302
        people.logout()
    # The fifth signature crossed the threshold and put the petition on the agenda.
    expected = ["petition_threshold", "petition_scheduled"]
    assert kinds_of(commune, people.created["ana"]) == expected
    assert kinds_of(commune, carrier) == ["petition_admitted", *expected]
    assert kinds_of(commune, people.created["bob"]) == []
    assert sorted(mail.to[0] for mail in outbox) == sorted(
        ["ana@example.org"] * 2 + ["carrier@example.org"] * 2
    )

    people.make("elue", level="elector", roles=("councillor",))
    people.login("elue")
    answer = {"answered_as": "councillor", "body": "Les arceaux seront posés en mai."}
    assert post(client, f"{page}/answer", answer).status_code == 302
    people.logout()
    assert news_of(commune, people.created["ana"])[-1] == (
        "La pétition « Des arceaux à vélo devant l'école » a reçu une réponse."
    )
    assert kinds_of(commune, carrier)[-1] == "petition_answered"
    assert kinds_of(commune, people.created["eve"]) == []
    people.login("ana")
    assert "a reçu une réponse" in text(client.get("/notifications/"))


def test_a_resident_hears_that_their_residence_was_verified_or_refused(
    app: Flask, people: People, outbox: list[Any]
) -> None:
    app.config["MAIL_CONFIGURED"] = True
    paul = people.make("paul", level="unverified")
    rose = people.make("rose", level="unverified")
    clerk = people.make("clerk", roles=("clerk",))
    with app.app_context():
        actor = db.session.get_one(User, clerk)
        now = datetime.now(UTC)
        decide_residence(paul, approve=True, reason=None, actor=actor, now=now)
        decide_residence(rose, approve=False, reason="Adresse hors commune", actor=actor, now=now)
    assert news_of(app, paul)[0].startswith("Votre résidence à ")
    assert news_of(app, rose) == [
        "La vérification de votre résidence n'a pas abouti. Motif : « Adresse hors commune »."
    ]
    assert sorted(mail.to[0] for mail in outbox) == ["paul@example.org", "rose@example.org"]


def test_a_proposals_author_hears_the_clerks_decision(
    app: Flask, client: FlaskClient, people: People
) -> None:
    budget_id = make_budget(app, "proposals")
    heading = heading_ids(app, budget_id)[0]
    lea = people.make("lea")
    people.login("lea")
    response = post(client, f"/budgets/{budget_id}/proposer", proposal_fields(heading))
    assert response.status_code == 302, text(response)[:500]
    people.logout()
    people.make("clerk", roles=("clerk",))
    with app.app_context():
        from civic.budget.proposals import ReviewInput, review_proposal
        from civic.models import BudgetProposal

        proposal = db.session.scalars(select(BudgetProposal)).one()
        clerk = db.session.scalar(select(User).where(User.email == "clerk@example.org"))
        review_proposal(
            proposal.id,
            ReviewInput("unfeasible", "Hors compétence", 0, "investment", None, None),
            actor=clerk,
            now=datetime.now(UTC),
        )
    assert kinds_of(app, lea) == ["budget_proposal_unfeasible"]
    assert "n'a pas été retenue pour le vote" in news_of(app, lea)[0]


def test_applicants_hear_their_application_decided_then_the_draw(
    app: Flask, people: People
) -> None:
    app.config["JOBS_SYNCHRONOUS"] = True
    council_id = make_council(app, people)
    applicants = [people.created[name] for name in ("f0", "m0")]
    for user_id in applicants:
        assert kinds_of(app, user_id) == ["council_application_eligible"]
    with app.app_context():
        clerk = db.session.scalar(select(User).where(User.email == "clerk@example.org"))
        draw = draws.freeze(
            council_id, draws.FreezeInput(mode="plain", reserve=2), actor=clerk, now=NOW
        )
        draw_id = draw.id
        db.session.expire_all()
        draws.enter_seed(draw_id, "4-4-2-6-1", actor=clerk, now=NOW)
    told = [kinds_of(app, people.created[name])[-1] for name, _g, _b in POOL]
    assert told.count("council_drawn") == 4
    assert "council_not_drawn" in told


def test_a_petition_waiting_for_a_meeting_is_news_when_the_meeting_is_planned(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from tests.integration.test_petitions_signing import add_figures
    from tests.support.meetings import plan_meeting

    with app.app_context():
        add_figures(population=100, electorate=50)
    petition_id = draft_and_open(client, people)
    for name in ("ana", "bob", "chloe", "dina", "eve"):
        people.make(name)
        people.login(name)
        fields = {"confirm": "y", **({"wants_news": "y"} if name == "ana" else {})}
        post(client, f"/petitions/{petition_id}/sign", fields)
        people.logout()
    ana = people.created["ana"]
    assert kinds_of(app, ana) == ["petition_threshold"]  # no meeting planned yet
    plan_meeting(app, days_ahead=20)
    assert kinds_of(app, ana) == ["petition_threshold", "petition_scheduled"]
    assert kinds_of(app, people.created["carrier"])[-1] == "petition_scheduled"


def test_proposal_authors_hear_that_the_results_are_published(app: Flask, people: People) -> None:
    from civic.budget.results import store_outcomes
    from civic.models import BudgetProposal
    from tests.budget_factory import add_projects

    budget_id = make_budget(app, "review")
    headings = heading_ids(app, budget_id)
    made = add_projects(app, headings[0], {"Un jardin partagé": 20_000, "Des bancs": 5_000})
    lea = people.make("lea")
    with app.app_context():
        db.session.get_one(BudgetProposal, made["Des bancs"]).author_id = lea
        db.session.commit()
        outcomes = {h: {"selected": [str(made["Des bancs"])]} for h in headings}
        store_outcomes(budget_id, outcomes, datetime.now(UTC))
    assert news_of(app, lea) == [
        "Les résultats du budget participatif « Budget participatif 2026 » sont publiés."
    ]
