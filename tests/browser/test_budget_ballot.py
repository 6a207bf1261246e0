"""A resident fills a participatory-budget ballot in a real browser: the running total
follows each tick in place (HTMX), an over-budget ballot is refused, a fitting one kept."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import BROWSER, LiveServer, city_ballot, log_in
from tests.conftest import People

pytestmark = BROWSER


def test_the_running_total_follows_the_ticks_and_an_over_budget_ballot_is_refused(
    app: Flask, live_server: LiveServer, page: Page, people: People
) -> None:
    ballot = city_ballot(app, people, "ines")
    log_in(page, "ines")
    page.goto(ballot)
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
