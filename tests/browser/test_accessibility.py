"""Every page a visitor, a resident, a clerk and an admin reach, checked with axe-core
in both languages, and loaded under the real Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.conftest import BROWSER, LiveServer, log_in, new_context, seed_commune
from tests.conftest import People

pytestmark = BROWSER

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
LANGUAGES = ["fr", "en"]


@dataclass(frozen=True)
class Visit:
    """A page to check, and optionally something to do on it and check again."""

    label: str
    path: str
    status: int = 200
    then: Callable[[Page], None] | None = None
    then_label: str = ""


def submit_empty(page: Page) -> None:
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()


def approve_first_in_queue(page: Page) -> None:
    row = page.locator(".queue-row").first
    row.locator("input[value=approve]").check()
    row.locator("button[type=submit]").click()
    # The row is swapped in place by htmx: wait until the form has gone.
    row.locator("form").wait_for(state="detached")


def visits_by_account() -> dict[str | None, list[Visit]]:
    """Who sees which page (None: not logged in). Each gets its own browser context."""
    return {
        None: [
            Visit("home", "/"),
            Visit("login", "/auth/login"),
            Visit("register", "/auth/register", then=submit_empty, then_label="with errors"),
            Visit("reset request", "/auth/reset"),
            Visit("404", "/no-such-page", status=404),
        ],
        "camille": [Visit("account", "/account/")],
        "admin": [
            Visit(
                "verification queue",
                "/clerk/residents",
                then=approve_first_in_queue,
                then_label="after an approval",
            ),
            Visit("figures", "/admin/figures"),
        ],
    }


@pytest.fixture
def commune(app: Flask, people: People, pending_resident: int) -> None:
    """Neighbourhoods, figures, a resident waiting for verification and an admin."""
    seed_commune(app)
    people.make("admin", level="elector", roles=("admin", "clerk"))


Prepare = Callable[[BrowserContext, Page], None]


@contextmanager
def browsing_as(
    browser: Browser,
    live_server: LiveServer,
    who: str | None,
    language: str,
    prepare: Prepare | None = None,
    **options: Any,
) -> Iterator[Page]:
    context = new_context(browser, base_url=live_server.base, **options)
    # The language cookie is what the switcher sets; accounts here have no saved choice.
    context.add_cookies([{"name": "civic_lang", "value": language, "url": live_server.base}])
    try:
        page = context.new_page()
        if prepare is not None:
            prepare(context, page)
        if who is not None:
            log_in(page, who)
        yield page
    finally:
        context.close()


def visit_every_page(
    browser: Browser,
    live_server: LiveServer,
    language: str,
    check: Callable[[str, Page], None],
    prepare: Prepare | None = None,
    **options: Any,
) -> None:
    for who, visits in visits_by_account().items():
        with browsing_as(browser, live_server, who, language, prepare, **options) as page:
            for visit in visits:
                response = page.goto(visit.path)
                assert response is not None
                assert response.status == visit.status, f"{visit.label}: {response.status}"
                assert page.locator("html").get_attribute("lang") == language
                check(visit.label, page)
                if visit.then is not None:
                    visit.then(page)
                    check(f"{visit.label}, {visit.then_label}", page)


def run_axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(  # type: ignore[no-any-return]
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }"""
    )


DUPLICATE_IDS = """() => {
    const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_has_a_serious_or_critical_accessibility_violation(
    browser: Browser, live_server: LiveServer, commune: None, language: str
) -> None:
    blocking: list[str] = []

    def check(label: str, page: Page) -> None:
        # axe 4.11 retired its duplicate-id rule; a repeated id still breaks
        # label[for], aria-describedby and in-page links, so we keep the check.
        for repeated in page.evaluate(DUPLICATE_IDS):
            blocking.append(f"[{language}] {label}: id {repeated!r} is used more than once")
        for violation in run_axe(page):
            line = (
                f"[{language}] {label}: {violation['impact']} {violation['id']} — "
                f"{violation['help']} — {', '.join(violation['targets'][:5])}"
            )
            # Minor and moderate findings are reported, not failed on.
            print(line)
            if violation["impact"] in BLOCKING_IMPACTS:
                blocking.append(line)

    # axe is injected as an inline script, which our CSP rightly refuses; this
    # test is about markup, the CSP has its own test below.
    visit_every_page(browser, live_server, language, check, bypass_csp=True)
    assert not blocking, "\n".join(blocking)


CSP_LISTENER = """
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
        window.__cspViolations.push(
            `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
            + ` at ${event.sourceFile || "?"}:${event.lineNumber}`);
    });
"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_breaks_the_content_security_policy(
    browser: Browser, live_server: LiveServer, commune: None, language: str
) -> None:
    violations: list[str] = []

    def check(label: str, page: Page) -> None:
        # Let htmx (deferred) run and process the page before looking.
        page.wait_for_load_state("load")
        for violation in page.evaluate("window.__cspViolations"):
            violations.append(f"[{language}] {label}: {violation}")

    def watch(context: BrowserContext, page: Page) -> None:
        context.add_init_script(CSP_LISTENER)
        page.on(
            "console",
            lambda message: (
                violations.append(f"[{language}] console: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    visit_every_page(browser, live_server, language, check, prepare=watch)
    assert not violations, "\n".join(violations)
