"""Browser: a clerk freezes the pool and enters the seed in public; the panel appears in place."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import BROWSER, log_in
from tests.support.councils import make_council

pytestmark = BROWSER


def test_a_clerk_freezes_the_pool_and_the_seed_brings_the_panel(
    app: Flask, people: Any, live_server: Any, page: Page
) -> None:
    council_id = make_council(app, people)
    log_in(page, "clerk")
    page.goto(f"/councils/{council_id}")
    page.get_by_label("Taille de la liste de réserve").fill("2")
    page.get_by_role("button", name="Geler le vivier").click()
    expect(page.locator("code.digest").first).to_have_text(re.compile("^[0-9a-f]{64}$"))
    page.get_by_label("Graine publique").fill("2-5-3-1-6")
    page.get_by_role("button", name="Tirer au sort").click()
    panel = page.locator("#panel tbody tr")
    expect(panel).to_have_count(4)
    expect(page.locator("pre code.reproduce")).to_contain_text("--seed '2-5-3-1-6'")
