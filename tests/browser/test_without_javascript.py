"""The site with JavaScript switched off (issue 8): every page loads with its content and
no control that needs a script, and the main journeys
go through plain form posts: sign and withdraw a signature, vote, ask a question,
support one, fill a budget ballot."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from civic.database import write_intent
from tests.browser.conftest import BROWSER, LiveServer, city_ballot, log_in, new_context
from tests.browser.site_pages import SitePlan, log_in_demo
from tests.conftest import People
from tests.integration.test_petitions_signing import add_figures, open_petition
from tests.support.meetings import add_question, plan_meeting
from tests.votations_factory import open_votation

pytestmark = BROWSER

HTMX_VERBS = ("hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete")

# What on the page would need a script: an htmx request a form does not make on its
# own, a button outside any form, a link to nowhere.
SCRIPT_ONLY = """(verbs) => {
    const found = [];
    const show = (el) => el.outerHTML.slice(0, 160);
    for (const el of document.querySelectorAll(verbs.map(v => `[${v}]`).join(","))) {
        const verb = verbs.find(v => el.hasAttribute(v));
        if (el.tagName === "FORM") {
            const method = "hx-" + (el.getAttribute("method") || "get").toLowerCase();
            if (el.getAttribute("action") !== el.getAttribute(verb) || method !== verb) {
                found.push("form whose action is not its htmx request: " + show(el));
            }
        } else if (el.form && el.form.hasAttribute("action")) {
            // a control of a form that does the same without JavaScript
        } else if ((el.getAttribute("hx-trigger") || "").includes("every")) {
            // refreshes what the page already shows
        } else {
            found.push("htmx-only element: " + show(el));
        }
    }
    for (const button of document.querySelectorAll("button")) {
        if (!button.form) found.push("button outside a form: " + show(button));
    }
    for (const link of document.querySelectorAll("a[href]")) {
        const href = link.getAttribute("href");
        if (href === "#" || href.startsWith("javascript:")) found.push("dead link: " + show(link));
    }
    return found;
}"""


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A browser page that runs no script."""
    context = new_context(browser, base_url=live_server.base, java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_every_page_works_without_javascript(
    browser: Browser, live_server: LiveServer, site: SitePlan
) -> None:
    """Every state of the pages the public and residents see; staff pages in one state."""
    problems: list[str] = []
    walked = 0
    for role, visits in site.by_role(staff_states=1):
        context = new_context(browser, base_url=live_server.base, java_script_enabled=False)
        try:
            page = context.new_page()
            log_in_demo(page, role)
            for visit in visits:
                response = page.goto(visit.url)
                assert response is not None and response.status == visit.status, visit.label
                assert page.evaluate("typeof htmx") == "undefined"  # really no script
                heading = page.locator("main h1")
                if heading.count() != 1 or not heading.inner_text().strip():
                    problems.append(f"{visit.label}: no single main heading")
                problems += [f"{visit.label}: {p}" for p in page.evaluate(SCRIPT_ONLY, HTMX_VERBS)]
                walked += 1
        finally:
            context.close()
    assert walked > 60
    assert problems == [], "\n".join(problems)


# -- the journeys ------------------------------------------------------------------------


def test_a_resident_signs_a_petition_and_withdraws_the_signature_without_javascript(
    app: Flask, page: Page, people: People
) -> None:
    with app.app_context(), write_intent():
        add_figures()
        petition_id = open_petition(people, now=datetime.now(UTC))
    people.make("lea")
    log_in(page, "lea")
    page.goto(f"/petitions/{petition_id}")
    box = page.locator("#petition-sign")

    # The confirmation is a required box: the browser itself refuses the form without it.
    box.get_by_role("button", name="Signer la pétition").click()
    expect(page).to_have_url(re.compile(rf"/petitions/{petition_id}$"))
    expect(box).not_to_contain_text("recueillie")

    box.get_by_label("Je soutiens cette pétition").check()
    box.get_by_role("button", name="Signer la pétition").click()
    expect(page.locator(".flash-success")).to_have_text("Merci, votre signature est enregistrée.")
    expect(box).to_contain_text("Votre signature est recueillie.")
    expect(page.locator("#petition-counts")).to_contain_text(re.compile(r"\b1 recueillie\b"))

    box.get_by_role("button", name="Retirer ma signature").click()
    expect(page.locator(".flash-success")).to_have_text("Votre signature est retirée.")
    expect(box.get_by_role("button", name="Signer la pétition")).to_be_visible()
    expect(page.locator("#petition-counts")).to_contain_text(re.compile(r"\b0 recueillies?\b"))


def test_an_elector_votes_without_javascript(app: Flask, page: Page, people: People) -> None:
    votation_id = open_votation(app)
    people.make("louis", level="elector")
    log_in(page, "louis")
    page.goto(f"/votations/{votation_id}")
    page.get_by_label("Oui", exact=True).check()
    page.get_by_role("button", name="Voter").click()
    expect(page).to_have_url(re.compile(rf"/votations/{votation_id}$"))
    ballot = page.locator("#votation-ballot")
    expect(ballot).to_contain_text("Vous avez voté.")
    expect(ballot).to_contain_text("Participation à ce jour : 1 personne.")
    expect(ballot.get_by_role("radio")).to_have_count(0)


def test_a_resident_asks_a_question_and_supports_another_without_javascript(
    app: Flask, page: Page, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    other = add_question(app, meeting_id, people.make("ana"), title="Des bancs Grande Rue")
    people.make("lea")
    log_in(page, "lea")
    page.goto(f"/meetings/{meeting_id}")
    page.get_by_role("link", name="Poser une question").click()
    page.get_by_label("Titre de votre question").fill("Horaires de la médiathèque")
    page.get_by_label("Votre question", exact=True).fill(
        "Pourquoi la médiathèque ferme-t-elle à 17 heures le samedi ?"
    )
    page.get_by_role("button", name="Envoyer ma question").click()
    expect(page.locator(".flash-success")).to_contain_text("Question envoyée")
    expect(page.locator("#my-question")).to_contain_text("Horaires de la médiathèque")

    page.goto(f"/meetings/{meeting_id}")
    support = page.locator(f"#support-{other}")
    support.get_by_role("button", name="Soutenir").click()
    expect(page.locator(".flash-success")).to_contain_text("Votre soutien est enregistré")
    expect(support.locator(".support-count")).to_have_text("1 soutien")
    support.get_by_role("button", name="Retirer mon soutien").click()
    # French reads zero in the singular once the catalogue is compiled; without it, plural.
    expect(support.locator(".support-count")).to_have_text(re.compile(r"^0 soutiens?$"))


def test_a_resident_fills_a_budget_ballot_without_javascript(
    app: Flask, page: Page, people: People
) -> None:
    ballot = city_ballot(app, people, "ines")
    log_in(page, "ines")
    page.goto(ballot)

    # Without a script the total is recalculated by a plain GET of the same form.
    page.get_by_label("Aire de jeux").check()
    page.get_by_label("Pistes cyclables").check()
    page.get_by_role("button", name="Recalculer le total").click()
    expect(page.locator("#ballot-total")).to_contain_text("10\u202f000 € de plus")
    expect(page.get_by_label("Pistes cyclables")).to_be_checked()

    page.get_by_role("button", name="Enregistrer mon vote").click()
    expect(page.locator("#budget-ballot")).to_contain_text("Votre vote n'est pas enregistré")

    page.get_by_label("Pistes cyclables").uncheck()
    page.get_by_label("Arbres").check()
    page.get_by_role("button", name="Enregistrer mon vote").click()
    expect(page.locator("main")).to_contain_text("Votre vote est enregistré")
    page.goto(ballot)
    expect(page.get_by_label("Aire de jeux")).to_be_checked()
    expect(page.get_by_label("Arbres")).to_be_checked()
    expect(page.get_by_label("Pistes cyclables")).not_to_be_checked()
