"""The public lists in a real browser: choosing a sort or typing a search swaps the
results in place and the address follows (HTMX); the language switch of a page kept
by shared caches goes through its own page and lands back, in English; axe finds
nothing serious on either."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from playwright.sync_api import Page, expect

from civic.extensions import db
from civic.models import Petition
from tests.browser.conftest import BROWSER, LiveServer
from tests.browser.test_accessibility import BLOCKING_IMPACTS, run_axe
from tests.integration.test_petitions_signing import add_figures, open_petition

pytestmark = BROWSER


def _petitions(app: Flask, people: Any) -> None:
    with app.app_context():
        add_figures(population=100, electorate=50)
        for title, counted in (("Des arceaux à vélo", 2), ("Une fontaine au parc", 4)):
            petition = db.session.get(
                Petition, open_petition(people, title=title, now=datetime.now(UTC))
            )
            assert petition is not None
            petition.collected_count = petition.counted_residents = counted
            db.session.commit()


def _titles(page: Page) -> list[str]:
    return page.locator("#petition-list h3 a").all_inner_texts()


def test_the_petition_list_is_sorted_and_searched_in_place(
    app: Flask, live_server: LiveServer, page: Page, people: Any
) -> None:
    _petitions(app, people)
    page.goto("/petitions/")
    assert [v for v in run_axe(page) if v["impact"] in BLOCKING_IMPACTS] == []

    page.get_by_label("Trier par").select_option("closest")
    expect(page).to_have_url(re.compile(r"/petitions/\?.*sort=closest"))
    expect(page.locator("#petition-list h3 a").first).to_have_text("Une fontaine au parc")

    page.get_by_label("Rechercher").fill("arceaux")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("#petition-list h3 a")).to_have_count(1)
    assert _titles(page) == ["Des arceaux à vélo"]
    expect(page.locator("h1")).to_have_text("Pétitions")  # the page stayed, the list changed


def test_the_language_switch_of_a_shared_page_lands_back_in_english(
    app: Flask, live_server: LiveServer, page: Page, people: Any
) -> None:
    _petitions(app, people)
    page.goto("/petitions/")

    page.get_by_role("button", name="English").click()
    assert [v for v in run_axe(page) if v["impact"] in BLOCKING_IMPACTS] == []
    page.locator("main").get_by_role("button").click()

    expect(page).to_have_url(live_server.url("/petitions/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
