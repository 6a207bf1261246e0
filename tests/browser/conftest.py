"""Browser layer: the real app on a real socket, driven by Debian's chromium.

The app under test is the ``app`` fixture of ``tests/conftest.py`` (same database,
same locmem outbox), served by werkzeug in a background thread so the test can
read the outbox and the database while the browser talks HTTP to it. Playwright's
own browsers are never downloaded: we launch the distribution's chromium.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from tests.conftest import PASSWORD, People
from tests.support.second_factor import SECOND_STEP, current_code

pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER = [pytest.mark.browser]
# Short enough that a broken page fails fast, long enough for a slow CI box.
TIMEOUT_MS = 10_000


@dataclass
class LiveServer:
    """The app answering on 127.0.0.1:port; ``url('/path')`` is what a browser types."""

    app: Flask
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path


# The app the live server serves, for helpers that read the database as a person's
# phone would know it (the authenticator's code).
_LIVE_APP: list[Flask] = []


def _buffered(app: Flask) -> Any:
    """The app with each response read whole and closed before it is sent. When a
    browser drops a request (a favicon or a poll cancelled by a navigation), werkzeug's
    development server can fail before closing the response, and a static file's handle
    would be left to the garbage collector: a ResourceWarning in whichever test runs
    next. A test server needs no streaming."""

    def respond(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return respond


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """Serve ``app`` from a background thread until the test ends.

    Named like pytest-flask's fixture, which it replaces here: pytest-flask's
    version forks a process, which could not share the locmem outbox.
    """
    # Route on whatever Host the browser sends; mails link to the public address
    # (PUBLIC_URL), which is this server.
    app.config["SERVER_NAME"] = None
    server: BaseWSGIServer = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    _LIVE_APP.append(app)
    try:
        yield LiveServer(app=app, port=server.server_port)
    finally:
        _LIVE_APP.remove(app)
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    context = new_context(browser, base_url=live_server.base)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


# -- data and actions shared by the browser tests ---------------------------------


def seed_commune(app: Flask) -> None:
    """Two neighbourhoods and the official figures, as a commune has after set-up."""
    from civic.extensions import db
    from civic.models import Neighbourhood
    from civic.models.commune import CommuneFigure

    with app.app_context():
        for name, population in (("Centre", 3000), ("Saint-Pregts", 2100)):
            if db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.name == name)):
                continue
            db.session.add(Neighbourhood(name=name, population=population))
        recorded = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)
        for name, value in (
            ("population", 25_000),
            ("electorate", 15_500),
            ("investment_budget", 9_000_000),
        ):
            db.session.add(
                CommuneFigure(
                    name=name,
                    value=value,
                    source="INSEE, populations légales 2023",
                    effective_date=date(2026, 1, 1),
                    recorded_at=recorded,
                )
            )
        db.session.commit()


def log_in(page: Page, name: str) -> None:
    """Log in through the form, as the person would (accounts come from ``People``)."""
    page.goto("/auth/login")
    page.locator("#email").fill(f"{name}@example.org")
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)
    give_second_factor(page, f"{name}@example.org")


def give_second_factor(page: Page, email: str) -> None:
    """Staff: type the authenticator's code on the second step, as the person would."""
    if urlsplit(page.url).path != SECOND_STEP:
        return
    assert _LIVE_APP, "the second step needs the live server's app"
    page.locator("#code").fill(current_code(_LIVE_APP[-1], email))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: urlsplit(url).path != SECOND_STEP)


def city_ballot(app: Flask, people: People, voter: str) -> str:
    """A budget in its vote phase whose city-wide heading of 100 000 € offers three
    projects (Aire de jeux 60 000 €, Pistes cyclables 50 000 €, Arbres 20 000 €), and
    ``voter`` living in Centre; returns the ballot's path."""
    from tests.budget_factory import add_projects, heading_ids, make_budget

    seed_commune(app)
    people.make(voter, neighbourhood="Centre")
    budget_id = make_budget(app, "vote", amounts=(100_000,))
    city = heading_ids(app, budget_id)[0]
    add_projects(app, city, {"Aire de jeux": 60_000, "Pistes cyclables": 50_000, "Arbres": 20_000})
    return f"/budgets/{budget_id}/rubriques/{city}"


@pytest.fixture
def pending_resident(people: People) -> int:
    """A confirmed account waiting in the clerk's verification queue."""
    return people.make("camille", level="unverified", family_name="Martin")


@pytest.fixture
def site(app: Flask) -> Iterator[Any]:
    """The demo commune and the plan of its pages (``site_pages``); rate limits off, as a
    walk logs in and opens pages far more often than a person would."""
    from tests.browser.site_pages import plan_site, seed_site
    from tests.security.site import no_rate_limits

    seed_site(app)
    plan = plan_site(app)
    with no_rate_limits():
        yield plan
