"""The participatory budget's year through the web: set-up, proposals, review, vote
(an over-budget ballot refused), results with explanations, follow-up (issue 7)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import Budget, BudgetBallot, BudgetProposal
from tests.budget_factory import heading_ids, move_to, record_investment_budget
from tests.conftest import People, post


def _text(response: Any) -> str:
    return response.get_data(as_text=True)


def _proposal_id(app: Flask, title: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(BudgetProposal.id).where(BudgetProposal.title == title))
        assert found is not None
        return found


def _dates(phase_offset_days: int = 1) -> dict[str, str]:
    from datetime import timedelta

    now = datetime.now().replace(second=0, microsecond=0)
    return {
        name: (now + timedelta(days=phase_offset_days + 10 * i)).strftime("%Y-%m-%dT%H:%M")
        for i, name in enumerate(
            ("proposals_from", "review_from", "vote_from", "results_from", "followup_from")
        )
    }


def test_a_whole_year_of_participatory_budget(
    app: Flask, client: FlaskClient, people: People
) -> None:
    app.config["JOBS_SYNCHRONOUS"] = True
    record_investment_budget(app, 1_000_000)
    people.make("admin", level="elector", roles=("admin",), neighbourhood="Centre")
    people.make("clerk", roles=("clerk",), neighbourhood="Centre")
    people.make("alice", neighbourhood="Centre")
    people.make("bruno", neighbourhood="Nord")
    people.make("chloe", neighbourhood="Centre")
    people.make(
        "young",
        neighbourhood="Centre",
        birth_date=date.today().replace(year=date.today().year - 15),
    )

    # Set-up: the share is refused below 10 %, then the envelope is 20 % of 1,000,000.
    people.login("admin")
    form = {"year": "2026", "title": "Budget participatif 2026", **_dates()}
    refused = post(client, "/admin/budgets/nouveau", {**form, "share_percent": "5"})
    assert "au moins 10 %" in _text(refused)
    created = post(client, "/admin/budgets/nouveau", {**form, "share_percent": "20"})
    assert created.status_code == 302
    with app.app_context():
        budget_id = db.session.scalar(select(Budget.id))
    assert budget_id is not None
    city, centre, nord = heading_ids(app, budget_id)
    page = _text(client.get(f"/budgets/{budget_id}"))
    assert "200\u202f000,00\u00a0€" in page and "<meter" in page

    # The helper splits by population (Centre 3,000, Nord 3,000: half each of the rest).
    split = post(client, f"/admin/budgets/{budget_id}/repartition", {"city_share": "50"})
    assert 'value="100000"' in _text(split) and 'value="50000"' in _text(split)
    amounts = {f"h{city}": "100000", f"h{centre}": "60000", f"h{nord}": "40000"}
    too_much = post(
        client, f"/admin/budgets/{budget_id}/montants", {**amounts, f"h{city}": "150000"}
    )
    assert "plus que l&#39;enveloppe" in _text(too_much)
    assert post(client, f"/admin/budgets/{budget_id}/montants", amounts).status_code == 302
    rules = {
        f"h{city}-ballot_format": "approval",
        f"h{city}-rule": "greedy",
        f"h{city}-min_projects": "0",
        f"h{city}-add1_step": "1",
    }
    assert (
        post(client, f"/admin/budgets/{budget_id}/rubriques/{city}/regles", rules).status_code
        == 302
    )
    rules_centre = {
        f"h{centre}-ballot_format": "approval",
        f"h{centre}-rule": "mes",
        f"h{centre}-min_projects": "0",
        f"h{centre}-add1_step": "1",
    }
    assert (
        post(
            client, f"/admin/budgets/{budget_id}/rubriques/{centre}/regles", rules_centre
        ).status_code
        == 302
    )

    # Proposals: refused before the phase opens, then accepted from verified residents.
    people.logout()
    people.login("alice")
    proposal = {
        "heading_id": str(city),
        "summary": "Simple.",
        "description": "Long.",
        "location": "Parc",
    }
    early = post(
        client,
        f"/budgets/{budget_id}/proposer",
        {**proposal, "title": "Trop tôt", "estimated_cost": "1000"},
    )
    assert "n&#39;est pas ouvert" in _text(early)
    move_to(app, budget_id, "proposals")
    for title, cost in (
        ("Aire de jeux", "60000"),
        ("Pistes cyclables", "50000"),
        ("Bancs publics", "30000"),
        ("Arbres", "20000"),
        ("Gardien", "40000"),
        ("Aire de jeux bis", "55000"),
    ):
        done = post(
            client,
            f"/budgets/{budget_id}/proposer",
            {**proposal, "title": title, "estimated_cost": cost},
        )
        assert done.status_code == 302, _text(done)[:2000]
    post(
        client,
        f"/budgets/{budget_id}/proposer",
        {**proposal, "heading_id": str(centre), "title": "Fontaine", "estimated_cost": "30000"},
    )
    post(
        client,
        f"/budgets/{budget_id}/proposer",
        {
            **proposal,
            "heading_id": str(centre),
            "title": "Jardin partagé",
            "estimated_cost": "25000",
        },
    )

    # Review by a clerk: feasible at a final cost, operating refused, duplicate merged.
    people.logout()
    people.login("clerk")
    move_to(app, budget_id, "review")

    def review(title: str, **data: str) -> Any:
        pid = _proposal_id(app, title)
        fields = {
            "decision": "feasible",
            "reason": "",
            "final_cost": "",
            "expense_kind": "investment",
            "merge_into_id": "0",
            **data,
        }
        return post(
            client,
            f"/clerk/budgets/propositions/{pid}/examen",
            {f"p{pid}-{k}": v for k, v in fields.items()},
        )

    assert review("Aire de jeux", final_cost="60000").status_code == 302
    assert review("Pistes cyclables").status_code == 302
    assert review("Bancs publics").status_code == 302
    assert review("Arbres").status_code == 302
    operating = review("Gardien", expense_kind="operating")
    assert "fonctionnement n&#39;est pas éligible" in _text(operating)
    assert (
        review(
            "Gardien",
            decision="unfeasible",
            expense_kind="operating",
            reason="Dépense de fonctionnement.",
        ).status_code
        == 302
    )
    merge = review(
        "Aire de jeux bis", decision="merged", merge_into_id=str(_proposal_id(app, "Aire de jeux"))
    )
    assert merge.status_code == 302
    review("Fontaine")
    review("Jardin partagé")
    listing = _text(client.get(f"/budgets/{budget_id}/propositions"))
    assert "Dépense de fonctionnement." in listing and "Fusionnée avec « Aire de jeux »" in listing

    # The vote: refused before it opens; the running total; an over-budget ballot refused.
    people.logout()
    people.login("alice")
    ids = {
        t: _proposal_id(app, t)
        for t in ("Aire de jeux", "Pistes cyclables", "Bancs publics", "Arbres")
    }
    not_yet = post(
        client, f"/budgets/{budget_id}/rubriques/{city}/vote", {"projects": [str(ids["Arbres"])]}
    )
    assert "Le vote n&#39;est pas ouvert" in _text(not_yet)
    move_to(app, budget_id, "vote")
    ballot_page = _text(client.get(f"/budgets/{budget_id}/rubriques/{city}"))
    assert "Gardien" not in ballot_page and "Aire de jeux bis" not in ballot_page
    total = client.get(
        f"/budgets/{budget_id}/rubriques/{city}",
        query_string={"total": "1", "projects": [ids["Aire de jeux"], ids["Pistes cyclables"]]},
        headers={"HX-Request": "true"},
    )
    assert 'id="ballot-total"' in _text(total) and "10\u202f000" in _text(total)
    over = post(
        client,
        f"/budgets/{budget_id}/rubriques/{city}/vote",
        {
            "projects": [
                str(ids["Aire de jeux"]),
                str(ids["Pistes cyclables"]),
                str(ids["Bancs publics"]),
            ]
        },
        headers={"HX-Request": "true"},
    )
    assert over.status_code == 200, _text(over)
    assert "Votre vote n'est pas enregistré" in _text(over) and "40\u202f000 € de plus" in _text(
        over
    )
    ok = post(
        client,
        f"/budgets/{budget_id}/rubriques/{city}/vote",
        {"projects": [str(ids["Aire de jeux"]), str(ids["Arbres"])]},
    )
    assert ok.status_code == 302
    # Changeable until closing: the second ballot replaces the first.
    post(
        client,
        f"/budgets/{budget_id}/rubriques/{city}/vote",
        {"projects": [str(ids["Aire de jeux"]), str(ids["Bancs publics"])]},
    )
    # Eligibility: Nord's resident may not vote in Centre's heading.
    people.logout()
    people.login("bruno")
    other = post(
        client,
        f"/budgets/{budget_id}/rubriques/{centre}/vote",
        {"projects": [str(_proposal_id(app, "Fontaine"))]},
    )
    assert "Réservé aux habitants du quartier Centre" in _text(other)
    post(
        client,
        f"/budgets/{budget_id}/rubriques/{city}/vote",
        {"projects": [str(ids["Pistes cyclables"]), str(ids["Bancs publics"])]},
    )
    people.logout()
    people.login("young")
    too_young = post(
        client, f"/budgets/{budget_id}/rubriques/{city}/vote", {"projects": [str(ids["Arbres"])]}
    )
    assert "Il faut avoir au moins 16 ans" in _text(too_young)
    people.logout()
    people.login("chloe")
    post(
        client,
        f"/budgets/{budget_id}/rubriques/{city}/vote",
        {"projects": [str(ids["Aire de jeux"]), str(ids["Arbres"])]},
    )
    post(
        client,
        f"/budgets/{budget_id}/rubriques/{centre}/vote",
        {"projects": [str(_proposal_id(app, "Fontaine"))]},
    )
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(BudgetBallot)) == 4

    # Results: tallied in the background after closing, explained project by project.
    people.logout()
    people.login("admin")
    move_to(app, budget_id, "results")
    started = post(client, f"/admin/budgets/{budget_id}/calcul")
    assert started.status_code == 302 and "/jobs/" in started.headers["Location"]
    job = _text(client.get(started.headers["Location"]))
    assert "Terminé" in job
    results = _text(client.get(f"/budgets/{budget_id}/resultats"))
    # Greedy: Aire de jeux (3 votes) 60,000, Bancs publics (3) 30,000 -> 10,000 left:
    # Arbres (2 votes, 20,000) did not fit, Pistes cyclables (1) did not either.
    assert "ne rentrait pas, il ne restait que 10\u202f000,00\u00a0€" in results
    assert "Financé au tour 1 par son seul soutien" in results  # MES in Centre: Fontaine
    pb = client.get(f"/budgets/{budget_id}/rubriques/{city}/vote.pb")
    assert pb.status_code == 200 and "VOTES" in _text(pb)

    # Follow-up: an abandon needs its reason; the summary chart is server-rendered SVG.
    people.logout()
    people.login("clerk")
    move_to(app, budget_id, "followup")
    pid = _proposal_id(app, "Bancs publics")
    no_reason = post(
        client,
        f"/clerk/budgets/propositions/{pid}/suivi",
        {f"p{pid}-status": "abandoned", f"p{pid}-reason": "", f"p{pid}-spent": "0"},
        follow_redirects=True,
    )
    assert "raison, publique, de l&#39;abandon" in _text(no_reason)
    post(
        client,
        f"/clerk/budgets/propositions/{pid}/suivi",
        {
            f"p{pid}-status": "abandoned",
            f"p{pid}-reason": "Le terrain est inondable.",
            f"p{pid}-spent": "1200",
        },
    )
    aid = _proposal_id(app, "Aire de jeux")
    post(
        client,
        f"/clerk/budgets/propositions/{aid}/suivi",
        {f"p{aid}-status": "in_progress", f"p{aid}-reason": "", f"p{aid}-spent": "25000"},
    )
    summary = _text(client.get(f"/budgets/{budget_id}/suivi"))
    assert "<svg" in summary and "Le terrain est inondable." in summary and "En cours" in summary
    assert "style=" not in summary
    heading_page = _text(client.get(f"/budgets/{budget_id}/suivi/{city}"))
    assert "Aire de jeux" in heading_page
    api = client.get(f"/api/v1/budgets/{budget_id}").get_json()
    assert api["headings"][0]["winners"] == sorted([str(aid), str(pid)])
    assert api["headings"][0]["rule"]["name"] == "greedy"
