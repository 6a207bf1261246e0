"""Staff pages a clerk opens on a phone fit its width: a table too wide for the
screen scrolls inside its own box instead of pushing the whole page sideways."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from playwright.sync_api import Browser

from civic.database import write_intent
from tests.browser.conftest import BROWSER, LiveServer, log_in, new_context
from tests.browser.test_petitions_story import accessibility_problems
from tests.conftest import People
from tests.integration.test_petitions_signing import add_figures, open_petition
from tests.votations_factory import open_votation

pytestmark = BROWSER

PHONE = {"width": 390, "height": 844}
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_the_clerk_votation_list_and_paper_desk_do_not_scroll_sideways_on_a_phone(
    app: Flask, live_server: LiveServer, browser: Browser, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("clerk", roles=("clerk",))
    paths = ("/clerk/votations/", f"/clerk/votations/{votation_id}/paper")
    context = new_context(
        browser, base_url=live_server.base, viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        log_in(page, "clerk")
        for path in paths:
            page.goto(path)
            overflow = page.evaluate(SIDEWAYS)
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()
    # The boxes that scroll are reachable from the keyboard and named.
    assert accessibility_problems(browser, live_server, {"clerk": list(paths)}) == []


def test_the_petition_list_and_a_petition_fit_a_phone(
    app: Flask, live_server: LiveServer, browser: Browser, people: People
) -> None:
    # The list's state filters wrap; a petition's thresholds table scrolls in its box.
    with app.app_context(), write_intent():
        add_figures()
        petition_id = open_petition(people, now=datetime.now(UTC))
    paths = ("/petitions/", f"/petitions/{petition_id}")
    context = new_context(
        browser, base_url=live_server.base, viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        for path in paths:
            page.goto(path)
            overflow = page.evaluate(SIDEWAYS)
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()
    assert accessibility_problems(browser, live_server, {None: list(paths)}) == []


def test_the_audit_log_and_the_staff_list_do_not_scroll_sideways_on_a_phone(
    app: Flask, live_server: LiveServer, browser: Browser, people: People
) -> None:
    people.make("admin", roles=("admin",))
    paths = ("/admin/audit", "/admin/staff")
    context = new_context(
        browser, base_url=live_server.base, viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        log_in(page, "admin")
        for path in paths:
            page.goto(path)
            overflow = page.evaluate(SIDEWAYS)
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()
    assert accessibility_problems(browser, live_server, {"admin": list(paths)}) == []
