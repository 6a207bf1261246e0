"""The participatory budget at the town hall's counter (issue 18): a clerk proposes a
project and casts a ballot for the person served, with their consent, and prints the
receipt; the printed paper ballot asks what the paper entry page takes in."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import AuditEntry, BudgetBallot, BudgetProposal, CounterAct
from tests.budget_factory import add_projects, heading_ids, make_budget, proposal_fields
from tests.conftest import People, post
from tests.web.test_counter import _odette, register, text


def _serving_odette(app: Flask, client: FlaskClient, people: People) -> int:
    people.make("agent", roles=("clerk",))
    people.login("agent")
    register(client, app)
    return _odette(app).id


def test_a_clerk_proposes_a_project_for_the_person_with_consent(
    app: Flask, client: FlaskClient, people: People
) -> None:
    budget_id = make_budget(app, "proposals")
    person_id = _serving_odette(app, client, people)
    assert "Proposer un projet pour Odette Moreau" in text(client.get(f"/budgets/{budget_id}"))
    path = f"/budgets/{budget_id}/guichet/proposer"
    fields = proposal_fields(heading_ids(app, budget_id)[0])
    refused = post(client, path, fields)
    assert refused.status_code == 200 and "accord" in text(refused)
    response = post(client, path, {**fields, "consent": "y"})
    assert response.status_code == 302
    receipt = text(client.get(response.headers["Location"]))
    assert "Proposition au budget participatif : Fresque" in receipt
    with app.app_context():
        proposal = db.session.scalar(select(BudgetProposal))
        assert proposal is not None and proposal.author_id == person_id
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "budget.proposal_counter_submitted")
        )
        assert entry is not None and (entry.reason or "").startswith("au guichet, par ")


def test_a_clerk_casts_a_ballot_for_the_person_and_the_receipt_keeps_the_choices_secret(
    app: Flask, client: FlaskClient, people: People
) -> None:
    budget_id = make_budget(app, "vote")
    heading_id = heading_ids(app, budget_id)[0]
    projects = add_projects(app, heading_id, {"Aire de jeux": 60_000, "Arbres": 20_000})
    person_id = _serving_odette(app, client, people)
    assert "voter pour Odette Moreau" in text(client.get(f"/budgets/{budget_id}"))
    path = f"/budgets/{budget_id}/rubriques/{heading_id}/guichet"
    chosen = {"projects": [str(projects["Arbres"])]}
    refused = post(client, path, chosen)
    assert refused.status_code == 200 and "accord" in text(refused)
    response = post(client, path, {**chosen, "consent": "y"})
    assert response.status_code == 302
    receipt = text(client.get(response.headers["Location"]))
    assert "rubrique « Toute la ville »" in receipt and "Arbres" not in receipt
    with app.app_context():
        ballot = db.session.scalar(select(BudgetBallot))
        assert ballot is not None and ballot.voter_id == person_id
        assert [c.proposal_id for c in ballot.choices] == [projects["Arbres"]]
        assert db.session.scalar(select(CounterAct.kind)) == "budget_ballot"


def test_the_printed_paper_ballot_asks_what_the_paper_entry_takes_in(
    app: Flask, client: FlaskClient, people: People
) -> None:
    budget_id = make_budget(app, "vote")
    heading_id = heading_ids(app, budget_id)[0]
    add_projects(app, heading_id, {"Aire de jeux": 60_000, "Arbres": 20_000})
    people.make("agent", roles=("clerk",))
    people.login("agent")
    assert "bulletin à imprimer" in text(client.get(f"/budgets/{budget_id}"))
    ballot = text(client.get(f"/budgets/{budget_id}/rubriques/{heading_id}/bulletin"))
    entry = text(client.get(f"/clerk/budgets/{budget_id}/rubriques/{heading_id}/papier"))
    for asked, field in (
        ("Nom de famille", "family_name"),
        ("Prénoms", "given_names"),
        ("Date de naissance", "birth_date"),
        ("Quartier de résidence", "neighbourhood_id"),
    ):
        assert asked in ballot and f'name="{field}"' in entry
    assert "Aire de jeux" in ballot and "Arbres" in ballot
