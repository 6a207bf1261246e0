"""A resident fills a participatory-budget ballot in a real browser: the running total
follows each tick in place (HTMX), an over-budget ballot is refused, a fitting one kept."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import BROWSER, LiveServer, log_in, seed_commune
from tests.budget_factory import add_projects, heading_ids, make_budget
from tests.conftest import People

pytestmark = BROWSER


def test_the_running_total_follows_the_ticks_and_an_over_budget_ballot_is_refused(
    app: Flask, live_server: LiveServer, page: Page, people: People
) -> None:
    seed_commune(app)
    people.make("ines", neighbourhood="Centre")
    budget_id = make_budget(app, "vote", amounts=(100_000,))
    city = heading_ids(app, budget_id)[0]
    add_projects(app, city, {"Aire de jeux": 60_000, "Pistes cyclables": 50_000, "Arbres": 20_000})

    log_in(page, "ines")
    page.goto(f"/budgets/{budget_id}/rubriques/{city}")
    total = page.locator("#ballot-total")
    expect(total).to_contain_text("0,00")
    page.get_by_label("Aire de jeux").check()
    expect(total).to_contain_text("60\u202f000,00\u00a0€ sur 100\u202f000,00\u00a0€")
    page.get_by_label("Pistes cyclables").check()
    expect(total).to_contain_text("10\u202f000 € de plus")

    page.get_by_role("button", name="Enregistrer mon vote").click()
    expect(page.locator("#budget-ballot")).to_contain_text("Votre vote n'est pas enregistré")

    page.get_by_label("Pistes cyclables").uncheck()
    page.get_by_label("Arbres").check()
    expect(total).to_contain_text("il reste 20\u202f000,00\u00a0€")
    page.get_by_role("button", name="Enregistrer mon vote").click()
    expect(page.locator("#budget-ballot")).to_contain_text("Votre vote est enregistré")

    page.reload()
    expect(page.get_by_label("Aire de jeux")).to_be_checked()
    expect(page.get_by_label("Arbres")).to_be_checked()
    expect(page.get_by_label("Pistes cyclables")).not_to_be_checked()
