"""A votation in a real browser: a resident votes and is told they voted (never what);
once the period is over a clerk publishes the count and the page draws the chart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from civic.extensions import db
from civic.models import User, Votation
from civic.models.commune import FIGURE_POPULATION_16_PLUS
from tests.browser.conftest import BROWSER, LiveServer, log_in
from tests.browser.test_petitions_story import accessibility_problems, watch_csp
from tests.conftest import People
from tests.votations_factory import FIGURES_SOURCE, open_votation, record_commune_figures

pytestmark = BROWSER


def _cast(app: Flask, votation_id: int, name: str, choice: str) -> None:
    """Another resident's ballot, cast through the service (set-up, not the story)."""
    from civic.votations import voting

    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == f"{name}@example.org"))
        votation = db.session.get(Votation, votation_id)
        assert user is not None and votation is not None
        answers = {votation.questions[0].id: choice}
        voting.cast_online(votation_id, user=user, answers=answers, now=datetime.now(UTC))


def _close(app: Flask, votation_id: int) -> None:
    """The voting period ends (moved into the past: the app reads the real clock)."""
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        votation.closes_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()


def test_a_resident_votes_and_after_closing_the_published_results_show_the_chart(
    app: Flask, live_server: LiveServer, browser: Browser, people: People
) -> None:
    # Turnout is measured against the commune's sourced figure, never the accounts
    # (docs/rules.md §2, §4): a hamlet of five residents aged 16 and over.
    record_commune_figures(app, **{FIGURE_POPULATION_16_PLUS: 5})
    votation_id = open_votation(app)
    for name in ("lea", "marc", "nora", "zoe"):
        people.make(name)
    people.make("clerk", roles=("clerk",))
    people.make("admin", level="unverified", roles=("admin",))
    _cast(app, votation_id, "marc", "oui")
    _cast(app, votation_id, "nora", "oui")
    votation_url = f"/votations/{votation_id}"

    with watch_csp(browser, live_server) as (lea, violations):
        log_in(lea, "lea")
        lea.goto(votation_url)
        ballot = lea.locator("#votation-ballot")
        expect(ballot).to_contain_text("Participation à ce jour : 2 personnes.")
        lea.get_by_label("Non", exact=True).check()
        lea.get_by_role("button", name="Voter").click()
        expect(ballot).to_contain_text("Vous avez voté.")
        expect(lea).to_have_url(live_server.url(votation_url))  # swapped in place
        _says_voted_but_not_what(lea)
        lea.reload()
        _says_voted_but_not_what(lea)
        assert violations == []
    # Zoé has not voted yet: the ballot form is on her page.
    assert accessibility_problems(browser, live_server, {"zoe": [votation_url]}) == []

    _close(app, votation_id)
    with watch_csp(browser, live_server) as (clerk, violations):
        log_in(clerk, "clerk")
        clerk.goto(votation_url)
        expect(clerk.locator("#votation-ballot")).to_contain_text("Le vote est clos.")
        clerk.goto("/clerk/votations/")
        row = clerk.get_by_role("row", name="Piétonniser la place du marché")
        row.get_by_role("button", name="Demander la publication des résultats").click()
        expect(clerk.locator(".flash-success")).to_contain_text("Publication demandée.")
        expect(row).to_contain_text("En attente d'approbation par un second membre du personnel")
        expect(row.get_by_role("button")).to_have_count(0)  # not the preparer's to approve
        assert violations == []
    with watch_csp(browser, live_server) as (admin, violations):
        # A second staff member approves: the count runs and the results are published.
        log_in(admin, "admin")
        admin.goto("/clerk/votations/")
        row = admin.get_by_role("row", name="Piétonniser la place du marché")
        row.get_by_role("button", name="Approuver : dépouiller et publier").click()
        expect(admin.locator(".flash-success")).to_contain_text("Résultats publiés.")
        admin.get_by_role("link", name="Piétonniser la place du marché").click()
        results = admin.locator("#votation-results")
        expect(results).to_contain_text("Choix en tête : Oui.")
        bars = results.locator("table.result-table svg.bar-chart rect.bar")
        expect(bars).to_have_count(2)
        # Two "oui" and one "non": the bars are drawn to the shares of the votes cast.
        widths = [float(w or 0) for w in (bar.get_attribute("width") for bar in bars.all())]
        assert widths == [66.67, 33.33]
        expect(results.locator("rect.bar-winner").first).to_have_attribute("width", "66.67")
        # Three of the five residents aged 16 and over (the commune's figure) took part.
        expect(results.locator("svg.quorum-chart")).to_have_attribute(
            "aria-label", "Participation 60 %, quorum 25 %"
        )
        expect(results).to_contain_text("3 votants sur 5 habitants de 16 ans et plus")
        expect(results.locator(".eligible-source")).to_contain_text(FIGURES_SOURCE)
        expect(results.locator(".eligible-source")).to_contain_text(
            "Ce n'est pas le nombre de comptes du site."
        )
        assert violations == []

    assert accessibility_problems(browser, live_server, {None: [votation_url]}) == []


def _says_voted_but_not_what(page: Page) -> None:
    ballot = page.locator("#votation-ballot")
    expect(ballot).to_contain_text("Vous avez voté.")
    expect(ballot).to_contain_text("personne, pas même la mairie, ne peut savoir")
    expect(ballot.get_by_role("radio")).to_have_count(0)
    for choice in ("Oui", "Non", "Vote blanc"):
        expect(ballot).not_to_contain_text(choice)
