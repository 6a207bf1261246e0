"""A petition's whole life in a real browser (issue 4): drafted, admitted, signed online,
a paper sheet typed with the keyboard only (one duplicate flagged at once), the 5 %
threshold crossed, the item on the next meeting's agenda, and the mayor's answer.

The commune is small (100 inhabitants, 80 electors) so 5 % is five signatures. Accounts,
figures and the planned meeting are set-up; everything else goes through the pages,
each watched for Content-Security-Policy violations, then checked with axe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from civic.extensions import db
from tests.browser.conftest import BROWSER, LiveServer, log_in
from tests.browser.test_accessibility import (
    BLOCKING_IMPACTS,
    CSP_LISTENER,
    DUPLICATE_IDS,
    browsing_as,
    run_axe,
)
from tests.conftest import People
from tests.integration.test_petitions_signing import add_figures
from tests.support.meetings import plan_meeting

pytestmark = BROWSER

TITLE = "Des arceaux à vélo devant l'école"

# -- helpers shared with the votations story -------------------------------------------


@contextmanager
def watch_csp(browser: Browser, live_server: LiveServer) -> Iterator[tuple[Page, list[str]]]:
    """A French-speaking visitor's page under the real CSP, and the violations it meets.

    Chromium reports each violation on the console; the listener of the accessibility
    test catches the ones a console could miss, read when the block ends.
    """
    violations: list[str] = []

    def watch(context: BrowserContext, page: Page) -> None:
        context.add_init_script(CSP_LISTENER)
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    with browsing_as(browser, live_server, None, "fr", watch) as page:
        yield page, violations
        violations.extend(page.evaluate("window.__cspViolations"))


def accessibility_problems(
    browser: Browser, live_server: LiveServer, pages: dict[str | None, list[str]]
) -> list[str]:
    """Serious or critical axe findings and repeated ids on each page, per visitor."""
    problems: list[str] = []
    for who, paths in pages.items():
        # axe is injected as an inline script, which our CSP rightly refuses.
        with browsing_as(browser, live_server, who, "fr", bypass_csp=True) as page:
            for path in paths:
                response = page.goto(path)
                assert response is not None and response.status == 200, path
                problems.extend(
                    f"{who} {path}: {v['impact']} {v['id']} — {v['help']} — {v['targets'][:3]}"
                    for v in run_axe(page)
                    if v["impact"] in BLOCKING_IMPACTS
                )
                problems.extend(
                    f"{who} {path}: id {i!r} repeated" for i in page.evaluate(DUPLICATE_IDS)
                )
    return problems


# -- the story ---------------------------------------------------------------------


def _commune(app: Flask, people: People) -> int:
    """100 inhabitants, 80 electors, a council meeting planned in two weeks."""
    with app.app_context():
        add_figures(population=100, electorate=80)
        db.session.remove()
    people.make("claire", level="elector")
    people.make("agent", roles=("clerk",))
    people.make("elue", level="elector", roles=("councillor",))
    for name in ("ana", "bob"):
        people.make(name)
    people.make("dina", family_name="Haddad", given_names="Dina", birth_date=date(1990, 5, 17))
    # Two residents with verified accounts who sign on paper at the town hall.
    people.make("jean", family_name="Roux", given_names="Jean", birth_date=date(1960, 2, 3))
    people.make("marie", family_name="Petit", given_names="Marie", birth_date=date(1975, 11, 30))
    return plan_meeting(app, days_ahead=14, title="Conseil municipal de juin")


def _draft_and_submit(page: Page) -> str:
    log_in(page, "claire")
    page.goto("/petitions/")
    page.get_by_role("link", name="Proposer une pétition").click()
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Résumé en facile à lire").fill("Nous voulons garer nos vélos à l'école.")
    page.get_by_label("Décision demandée au conseil municipal").fill(
        "Installer dix arceaux à vélo rue de l'École."
    )
    page.get_by_label("Texte de la pétition").fill("Les parents **demandent** des arceaux.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator(".flash-success")).to_contain_text("Brouillon enregistré")
    petition_url = page.url.removeprefix(page.url.split("/petitions")[0])
    page.get_by_role("button", name="Envoyer en examen de recevabilité").click()
    expect(page.locator(".flash-success")).to_contain_text("envoyée en examen")
    return petition_url


def _admit(page: Page) -> None:
    page.goto("/petitions/review")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Déclarer recevable et ouvrir").click()
    expect(page.locator(".flash-success")).to_contain_text("ouverte à la signature")


def _sign(page: Page) -> None:
    """Tick the confirmation, sign, and see at once that the signature is collected."""
    box = page.locator("#petition-sign")
    box.get_by_label("Je soutiens cette pétition").check()
    box.get_by_role("button", name="Signer la pétition").click()
    expect(box).to_contain_text("Merci, votre signature est enregistrée.")
    expect(box).to_contain_text("Votre signature est recueillie.")
    expect(box).to_contain_text("Elle est comptée.")


def _type_line(page: Page, family: str, given: str, born: str, address: str) -> None:
    """One line of the sheet, as a clerk types it: Tab between fields, Enter to save."""
    expect(page.get_by_label("Nom", exact=True)).to_be_focused()
    for value in (family, given, born):
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    page.keyboard.type(address)
    page.keyboard.press("Enter")


def test_a_petition_goes_from_draft_to_the_councils_answer_in_the_browser(
    app: Flask, live_server: LiveServer, browser: Browser, people: People
) -> None:
    meeting_id = _commune(app, people)

    with watch_csp(browser, live_server) as (page, violations):
        petition_url = _draft_and_submit(page)
        assert violations == []

    with watch_csp(browser, live_server) as (page, violations):
        log_in(page, "agent")
        _admit(page)
        counts = page.locator("#petition-counts")
        expect(counts).to_contain_text(re.compile(r"\b0 recueillies?\b"))
        debate = counts.get_by_role("row", name=re.compile("Débat au conseil municipal"))
        expect(debate).to_contain_text("100 habitant·es")
        expect(debate.get_by_role("cell").nth(1)).to_have_text("5")
        assert violations == []

    # Ana signs; a page she had left open in another tab still offers the form,
    # and signing there is refused with a clear message.
    with watch_csp(browser, live_server) as (page, violations):
        log_in(page, "ana")
        page.goto(petition_url)
        stale = page.context.new_page()
        stale.goto(petition_url)
        box = page.locator("#petition-sign")
        box.get_by_role("button", name="Signer la pétition").click()
        # The confirmation step: without the tick the browser does not send the form.
        assert box.get_by_label("Je soutiens cette pétition").evaluate("box => !box.validity.valid")
        expect(box).not_to_contain_text("recueillie")
        _sign(page)
        expect(page).to_have_url(live_server.url(petition_url))  # swapped in place
        stale_box = stale.locator("#petition-sign")
        stale_box.get_by_label("Je soutiens cette pétition").check()
        stale_box.get_by_role("button", name="Signer la pétition").click()
        expect(stale_box.get_by_role("alert")).to_have_text(
            "Vous avez déjà signé cette pétition (en ligne ou sur papier)."
        )
        expect(stale_box).to_contain_text("Votre signature est recueillie.")
        page.reload()
        expect(page.locator("#petition-counts")).to_contain_text(re.compile(r"\b1 recueillie\b"))
        assert violations == []

    for name in ("bob", "dina"):
        with watch_csp(browser, live_server) as (page, violations):
            log_in(page, name)
            page.goto(petition_url)
            _sign(page)
            assert violations == []

    # The clerk types a paper sheet without touching the mouse.
    with watch_csp(browser, live_server) as (page, violations):
        log_in(page, "agent")
        page.goto(petition_url)
        page.get_by_role("link", name="Saisir une feuille de signatures papier").click()
        sheet = page.locator("#paper-sheet")
        _type_line(page, "Roux", "Jean", "03/02/1960", "2 rue Basse")
        expect(sheet).to_contain_text("Ligne enregistrée : Roux Jean — comptée")
        _type_line(page, "HADDAD", "dina", "17051990", "4 rue de la Mairie")
        expect(sheet.locator(".flash-warning")).to_contain_text(
            "Doublon : cette personne a déjà signé cette pétition (en ligne"
        )
        expect(sheet).to_contain_text("Signatures recueillies : 4")
        _type_line(page, "Petit", "Marie", "30.11.1975", "9 place du Marché")
        expect(sheet).to_contain_text("Ligne enregistrée : Petit Marie — comptée")
        expect(sheet).to_contain_text("Signatures recueillies : 5")
        expect(sheet.locator("table.paper-lines tbody tr")).to_have_count(2)
        expect(page.get_by_label("Nom", exact=True)).to_be_focused()

        # The bar is full, the threshold stamped, the item on the next meeting's agenda.
        page.goto(petition_url)
        debate = page.locator("#petition-counts").get_by_role(
            "row", name=re.compile("Débat au conseil municipal")
        )
        expect(debate.locator("progress")).to_have_attribute("value", "5")
        expect(debate.locator("progress")).to_have_attribute("max", "5")
        expect(debate).to_contain_text(re.compile(r"5 / 5 \(100\s?%\)"))
        expect(debate).to_contain_text("atteint le")
        expect(page.locator(".history")).to_contain_text("Seuil atteint : Débat au conseil")
        expect(page.locator(".history")).to_contain_text("Inscrite à l'ordre du jour")
        page.get_by_role("link", name=re.compile("Présentation de la pétition")).click()
        expect(page).to_have_url(live_server.url(f"/meetings/{meeting_id}"))
        expect(page.locator("main")).to_contain_text(
            f"Présentation de la pétition « {TITLE} » par son porteur"
        )
        assert violations == []

    with watch_csp(browser, live_server) as (page, violations):
        log_in(page, "elue")
        page.goto(petition_url)
        # No deliberation recorded yet: the answer is the mayor's, and says so.
        page.get_by_label("Réponse du maire").check()
        page.get_by_label("Réponse", exact=True).fill(
            "Le conseil installera **dix arceaux** en septembre."
        )
        page.get_by_role("button", name="Publier la réponse").click()
        expect(page.locator(".flash-success")).to_contain_text("La réponse est publiée.")
        assert violations == []

    with watch_csp(browser, live_server) as (page, violations):
        page.goto(petition_url)
        answer = page.locator(".petition-answer")
        expect(answer).to_contain_text("Le conseil installera dix arceaux en septembre.")
        expect(answer.locator("strong")).to_have_text("dix arceaux")
        expect(answer.locator("h2")).to_have_text("Réponse du maire")
        expect(page.locator(".history")).to_contain_text("Réponse publiée")
        assert violations == []

    problems = accessibility_problems(
        browser,
        live_server,
        {
            None: [petition_url],
            "elue": [petition_url],  # may still sign: the form is there
            "agent": [petition_url, petition_url + "/paper"],
        },
    )
    assert problems == []
