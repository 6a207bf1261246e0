"""Every page of the site, for every visitor who sees it, checked with axe-core in French
and in English, under the real Content-Security-Policy.

The pages are generated from the URL map on the seeded demo commune
(``tests/browser/site_pages.py``): a new page is walked without being listed here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.conftest import BROWSER, LiveServer, log_in, new_context
from tests.browser.site_pages import PageVisit, SitePlan, log_in_demo

pytestmark = BROWSER

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
LANGUAGES = ["fr", "en"]
# Every state of every page the public and residents see, in both languages; staff
# pages (used in the commune's language) in two states in French, one in English,
# which keeps the walk within a few minutes on a two-core machine.
STAFF_STATES = {"fr": 2, "en": 1}

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
    """A page in ``language`` for an account made with ``People`` (None: a visitor)."""
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


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now (axe is added if the page lacks it).

    ``evaluate`` runs through the DevTools protocol, which the page's CSP does not
    govern, so axe runs under the real policy."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
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

CSP_LISTENER = """
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
        window.__cspViolations.push(
            `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
            + ` at ${event.sourceFile || "?"}:${event.lineNumber}`);
    });
"""


# -- states a page is also checked in, after what a visitor does on it -------------------


def submit_empty(page: Page) -> None:
    page.locator("main form:not(.inline) button[type=submit]").first.click()
    page.locator(".error-summary").wait_for()


def approve_first_in_queue(page: Page) -> None:
    row = page.locator(".queue-row").first
    row.locator("input[value=approve]").check()
    row.locator("button[type=submit]").click()
    # The row is swapped in place by htmx: wait until the form has gone.
    row.locator("form").wait_for(state="detached")


AFTERWARDS: dict[str, tuple[str, Callable[[Page], None]]] = {
    "auth.register": ("with errors", submit_empty),
    "auth.login": ("with errors", submit_empty),
    "petitions.new": ("with errors", submit_empty),
    "questions.new": ("with errors", submit_empty),
    "residents.queue": ("after an approval", approve_first_in_queue),
}
# Error pages people land on (the generated walk only keeps pages that answer 200).
ERROR_PAGES = [
    PageVisit("anonymous", "-", "/no-such-page", 404),
    PageVisit("resident", "admin.index", "/admin/", 403),
]


def test_every_page_of_the_site_is_walked(site: SitePlan) -> None:
    assert site.uncovered == set(), (
        "nobody could be shown these pages: seed an object in tests/browser/site_pages.py"
    )
    sides = {v.role for v in site.visits}
    assert {"anonymous", "resident", "elector", "clerk", "councillor", "admin"} <= sides
    assert len(site.visits) > 100


@contextmanager
def walking_as(
    browser: Browser, live_server: LiveServer, role: str, language: str
) -> Iterator[tuple[Page, list[str]]]:
    """A demo account's page in ``language``, with axe preloaded (an init script is not
    subject to the CSP) and the CSP violations it meets."""
    violations: list[str] = []
    context = checked_context(browser, live_server, language)
    try:
        page = checked_page(context, violations)
        log_in_demo(page, role)
        yield page, violations
    finally:
        context.close()


def checked_context(browser: Browser, live_server: LiveServer, language: str) -> BrowserContext:
    """A browser in ``language`` with axe preloaded and a CSP violation listener."""
    context = new_context(browser, base_url=live_server.base)
    context.add_cookies([{"name": "civic_lang", "value": language, "url": live_server.base}])
    context.add_init_script(CSP_LISTENER)
    context.add_init_script(path=AXE)
    return context


def checked_page(context: BrowserContext, violations: list[str]) -> Page:
    """A page of ``context`` whose CSP reports on the console go to ``violations``."""
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page


def problems_on(page: Page, label: str, violations: list[str]) -> list[str]:
    """Serious or critical axe findings, repeated ids and CSP violations on the page."""
    found = [f"{label}: CSP {v}" for v in page.evaluate("window.__cspViolations")]
    found += [f"{label}: CSP {v}" for v in violations]
    violations.clear()
    # axe 4.11 retired its duplicate-id rule; a repeated id still breaks label[for],
    # aria-describedby and in-page links, so we keep the check.
    found += [f"{label}: id {i!r} is used more than once" for i in page.evaluate(DUPLICATE_IDS)]
    for violation in run_axe(page):
        line = (
            f"{label}: {violation['impact']} {violation['id']} — {violation['help']} — "
            f"{', '.join(violation['targets'][:5])}"
        )
        print(line)  # minor and moderate findings are reported, not failed on
        if violation["impact"] in BLOCKING_IMPACTS:
            found.append(line)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_has_a_serious_accessibility_violation_or_breaks_the_csp(
    browser: Browser, live_server: LiveServer, site: SitePlan, language: str
) -> None:
    problems: list[str] = []
    afterwards = dict(AFTERWARDS)  # once per endpoint
    walk = dict(site.by_role(staff_states=STAFF_STATES[language]))
    for error in ERROR_PAGES:
        walk.setdefault(error.role, []).append(error)
    for role, visits in walk.items():
        with walking_as(browser, live_server, role, language) as (page, violations):
            for visit in visits:
                label = f"[{language}] {visit.label}"
                response = page.goto(visit.url)
                assert response is not None
                assert response.status == visit.status, f"{label}: {response.status}"
                # A document (acknowledgement, deliberation…) is issued once, in the
                # commune's language, whatever the reader's.
                written_in = "fr" if visit.endpoint == "documents.show" else language
                assert page.locator("html").get_attribute("lang") == written_in, label
                problems += problems_on(page, label, violations)
                if visit.endpoint in afterwards:
                    state, action = afterwards.pop(visit.endpoint)
                    action(page)
                    problems += problems_on(page, f"{label}, {state}", violations)
    assert problems == [], "\n".join(problems)
