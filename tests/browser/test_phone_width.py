"""Staff pages a clerk opens on a phone fit its width: a table too wide for the
screen scrolls inside its own box instead of pushing the whole page sideways."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from playwright.sync_api import Browser

from civic.database import write_intent
from civic.extensions import db
from civic.models.commune import NEIGHBOURHOOD_FIGURE_NAMES, Neighbourhood, NeighbourhoodFigure
from tests.browser.conftest import BROWSER, LiveServer, log_in, new_context
from tests.browser.site_pages import SitePlan, log_in_demo
from tests.browser.test_petitions_story import accessibility_problems
from tests.conftest import People
from tests.integration.test_petitions_signing import add_figures, open_petition
from tests.integration.test_votations_denominator import publish, record_residents_16_plus, vote
from tests.votations_factory import open_votation

pytestmark = BROWSER

PHONE = {"width": 390, "height": 844}
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def assert_fits_a_phone(
    browser: Browser, live_server: LiveServer, user: str, paths: tuple[str, ...]
) -> None:
    """Each page, opened by ``user`` at 390 px, does not scroll sideways, and the boxes
    that scroll instead are named and reachable from the keyboard (axe is clean)."""
    context = new_context(
        browser, base_url=live_server.base, viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        log_in(page, user)
        for path in paths:
            page.goto(path)
            overflow = page.evaluate(SIDEWAYS)
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()
    assert accessibility_problems(browser, live_server, {user: list(paths)}) == []


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
    assert_fits_a_phone(browser, live_server, "admin", ("/admin/audit", "/admin/staff"))


def test_the_commune_figures_and_the_neighbourhoods_do_not_scroll_sideways_on_a_phone(
    app: Flask, live_server: LiveServer, browser: Browser, people: People
) -> None:
    # Sources as a commune writes them: long enough to widen a table past 390 px.
    source = "Liste électorale générale arrêtée au 1er mars 2026, extraction du REU"
    with app.app_context(), write_intent():
        add_figures()
        hood = Neighbourhood(name="Centre historique", population=4200, population_source=source)
        db.session.add(hood)
        db.session.flush()
        for name in NEIGHBOURHOOD_FIGURE_NAMES:
            db.session.add(
                NeighbourhoodFigure(
                    neighbourhood_id=hood.id,
                    name=name,
                    value=3100,
                    source=source,
                    effective_date=date(2026, 3, 1),
                )
            )
        db.session.commit()
    people.make("admin", roles=("admin",))
    paths = ("/admin/figures", "/admin/neighbourhoods")
    assert_fits_a_phone(browser, live_server, "admin", paths)


def test_a_votations_results_with_its_neighbourhood_turnout_fit_a_phone(
    app: Flask, live_server: LiveServer, browser: Browser, people: People
) -> None:
    votation_id = open_votation(app)
    hood = "Quartier Nord-Est des Hauts-de-Sens"
    voter = people.make("nord", neighbourhood=hood)
    record_residents_16_plus(app, hood, 12_900)
    vote(app, votation_id, voter, "oui")
    publish(app, people, votation_id)
    people.make("visitor")
    assert_fits_a_phone(browser, live_server, "visitor", (f"/votations/{votation_id}",))


PHONE_WIDTH = "document.documentElement.scrollWidth"


def test_no_page_of_the_site_scrolls_sideways_on_a_phone(
    browser: Browser, live_server: LiveServer, site: SitePlan
) -> None:
    # Every page of the URL map, as each visitor sees it (the axe walk's plan), at 390 px:
    # tables stack or scroll in their own labelled box, the navigation folds behind its
    # menu button, long words break.
    too_wide: list[str] = []
    for role, visits in site.by_role(staff_states=1):
        context = new_context(
            browser, base_url=live_server.base, viewport=PHONE, is_mobile=True, has_touch=True
        )
        try:
            page = context.new_page()
            log_in_demo(page, role)
            for visit in visits:
                page.goto(visit.url)
                width = page.evaluate(PHONE_WIDTH)
                if width > PHONE["width"]:
                    too_wide.append(f"{visit.label} is {width}px wide")
        finally:
            context.close()
    assert too_wide == [], "\n".join(too_wide)


def test_on_a_phone_the_navigation_folds_behind_a_menu_button_that_needs_no_script(
    live_server: LiveServer, browser: Browser
) -> None:
    context = new_context(
        browser,
        base_url=live_server.base,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    try:
        page = context.new_page()
        page.goto("/")
        petitions = page.get_by_role("navigation").get_by_role("link", name="Pétitions")
        assert not petitions.is_visible()
        page.locator("summary", has_text="Menu").click()
        assert petitions.is_visible()
    finally:
        context.close()
    wide = new_context(browser, base_url=live_server.base, viewport={"width": 1280, "height": 800})
    try:
        page = wide.new_page()
        page.goto("/")
        assert page.get_by_role("navigation").get_by_role("link", name="Pétitions").is_visible()
        assert not page.locator("summary", has_text="Menu").is_visible()
    finally:
        wide.close()
