"""A budget's results say first what was funded and for whom, then the money left and
what becomes of it, and keep the project-by-project detail for whoever opens it; each
project's page says whether it was funded and why."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient

from civic.budget import results
from civic.budget.tasks import tally
from civic.extensions import db
from civic.models import BudgetBallot, BudgetChoice, BudgetHeading
from tests.budget_factory import add_projects, heading_ids, make_budget, move_to


def _ballots(app: Flask, heading_id: int, ballots: list[tuple[int, ...]]) -> None:
    with app.app_context():
        for number, chosen in enumerate(ballots):
            ballot = BudgetBallot(
                heading_id=heading_id,
                identity_key=f"personne-{heading_id}-{number}",
                cast_at=datetime.now(UTC),
            )
            ballot.choices = [BudgetChoice(proposal_id=p) for p in chosen]
            db.session.add(ballot)
        db.session.commit()


def _text(page: str) -> str:
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(page.replace("\u202f", " ").replace("\xa0", " ").split())


def _tallied_budget(app: Flask) -> tuple[int, dict[str, int]]:
    budget_id = make_budget(app, "vote", amounts=(100_000,))
    city = heading_ids(app, budget_id)[0]
    ids = add_projects(
        app, city, {"Aire de jeux": 60_000, "Bancs publics": 30_000, "Arbres": 20_000}
    )
    playground, benches, trees = ids["Aire de jeux"], ids["Bancs publics"], ids["Arbres"]
    # Greedy: the playground (3 votes) and the benches (2) are funded, 10,000 € left for
    # the trees (1 vote, 20,000 €), which do not fit. The trees' lone voter got nothing.
    _ballots(app, city, [(playground,), (playground, benches), (playground, benches), (trees,)])
    with app.app_context():
        db.session.get_one(BudgetHeading, city).rule = "greedy"
        db.session.commit()
    move_to(app, budget_id, "results")
    with app.app_context():
        assert results.tally_plans(budget_id)  # the budget is ready to tally
        tally(budget_id)
    return budget_id, ids


def test_the_results_open_on_the_funded_projects_the_satisfied_voters_and_the_money_left(
    app: Flask, client: FlaskClient
) -> None:
    budget_id, _ = _tallied_budget(app)
    html = client.get(f"/budgets/{budget_id}/resultats").get_data(as_text=True)
    page = _text(html)
    assert "2 projets financés pour 90 000,00 €, sur 100 000,00 €." in page
    assert "4 votants : 3 ont obtenu au moins un projet qu'ils avaient choisi." in page
    assert "Il reste 10 000,00 € : aucun autre projet ne rentrait dans cette somme." in page
    assert "reste dans le budget d'investissement de la commune" in page
    # The details come after the summary, folded.
    assert page.index("Il reste 10 000,00 €") < page.index("Le détail, projet par projet")
    assert "<details" in html and "Règle : Les plus votés d'abord" in page
    # No code shown raw: the core's parameters are not printed.
    assert "utility =" not in page and "completion =" not in page


def test_a_project_page_says_whether_it_was_funded_and_why(app: Flask, client: FlaskClient) -> None:
    budget_id, ids = _tallied_budget(app)
    funded = _text(
        client.get(f"/budgets/{budget_id}/propositions/{ids['Aire de jeux']}").get_data(
            as_text=True
        )
    )
    assert "Résultat du vote" in funded and "Résultat du vote Financé : classé parmi" in funded
    left_out = _text(
        client.get(f"/budgets/{budget_id}/propositions/{ids['Arbres']}").get_data(as_text=True)
    )
    assert "Résultat du vote Non retenu : ne rentrait pas" in left_out
    assert "il ne restait que 10 000,00 €" in left_out
