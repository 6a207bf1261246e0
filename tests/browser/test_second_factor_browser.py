"""A staff member's first log-in with the second factor, in a real browser: enrolment
(QR code and key), recovery codes, then the second step; every page checked with axe
under the real CSP, in French and in English. The site walk cannot reach these pages
(they follow a password just given), so they are walked here."""

from __future__ import annotations

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import BROWSER, LiveServer, give_second_factor
from tests.browser.test_accessibility import (
    LANGUAGES,
    checked_context,
    checked_page,
    problems_on,
)
from tests.conftest import PASSWORD, People
from tests.web.test_second_factor_web import without_authenticator

pytestmark = BROWSER


def give_password(page: Page, email: str) -> None:
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_clerk_enrols_an_authenticator_then_logs_in_with_it(
    app: Flask, browser: Browser, live_server: LiveServer, people: People, language: str
) -> None:
    user_id = people.make("claire", roles=("clerk",))
    without_authenticator(app, user_id)
    problems: list[str] = []
    violations: list[str] = []
    first = checked_context(browser, live_server, language)
    again = checked_context(browser, live_server, language)
    try:
        page = checked_page(first, violations)
        give_password(page, "claire@example.org")
        page.wait_for_url("**/auth/second-factor/enrol")
        qr_code = page.locator("img.qr-code")
        expect(qr_code).to_be_visible()
        assert qr_code.evaluate("img => img.naturalWidth > 100")  # drawn, not blocked
        problems += problems_on(page, f"[{language}] enrolment", violations)

        secret = page.locator("code.secret").inner_text().replace(" ", "")
        page.locator("#code").fill(pyotp.TOTP(secret).now())
        page.locator("main form button[type=submit]").click()
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        problems += problems_on(page, f"[{language}] recovery codes", violations)
        page.locator("main a.button").click()
        expect(page).to_have_url(live_server.url("/"))

        other = checked_page(again, violations)  # another day, another browser
        give_password(other, "claire@example.org")
        other.wait_for_url("**/auth/second-factor")
        problems += problems_on(other, f"[{language}] second step", violations)
        give_second_factor(other, "claire@example.org")
        response = other.goto("/clerk/residents")
        assert response is not None and response.status == 200
    finally:
        first.close()
        again.close()
    assert problems == [], "\n".join(problems)
