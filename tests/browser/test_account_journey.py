"""A resident's first visit and a clerk's first decision, in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import BROWSER, LiveServer, log_in, new_context, seed_commune
from tests.conftest import PASSWORD, People

pytestmark = BROWSER

CONFIRM_LINK = re.compile(r"https?://\S+/auth/confirm/\S+")


def test_a_resident_registers_confirms_logs_in_and_reads_the_site_in_english(
    app: Flask, live_server: LiveServer, page: Page, outbox: list[Any]
) -> None:
    seed_commune(app)

    page.goto("/")
    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_label("Nom de famille").fill("Lefèvre")
    page.get_by_label("Prénoms").fill("Inès Marie")
    page.get_by_label("Date de naissance").fill("2008-03-14")
    page.get_by_label("Adresse postale").fill("4 rue des Tanneurs")
    page.get_by_label("Quartier").select_option(label="Saint-Pregts")
    page.get_by_label("J'habite la commune.").check()
    page.get_by_label("Adresse électronique").fill("ines@example.org")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe, à nouveau").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")

    assert len(outbox) == 1
    link = CONFIRM_LINK.search(outbox[0].body)
    assert link, outbox[0].body
    assert link.group(0).startswith(live_server.base), "the link must lead back to this site"

    # Following the link only shows a button: a mail scanner's GET confirms nothing.
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer votre adresse")
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(page).to_have_url(live_server.url("/auth/login"))
    expect(page.locator(".flash-success")).to_contain_text("Adresse confirmée")

    page.get_by_label("Adresse électronique").fill("ines@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    navigation = page.get_by_role("navigation", name="Navigation principale")
    navigation.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(page.locator("main")).to_contain_text("résidence non vérifiée")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # The English catalogue is still being written: check the language switch
    # itself (document language and switcher state), not translated strings.
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(live_server.url("/account/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".lang-current")).to_have_text("English")
    expect(page.locator(".lang-current")).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("button", name="Français")).to_be_visible()

    # The choice sticks: the next page is English too.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".lang-current")).to_have_text("English")

    # ... and it was saved on the account, not only in this browser's cookie.
    from civic.extensions import db
    from civic.models import User

    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "ines@example.org"))
        assert user is not None and user.locale == "en"


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_a_clerk_approves_a_pending_resident_from_the_queue(
    browser: Browser,
    live_server: LiveServer,
    people: People,
    pending_resident: int,
    javascript: bool,
) -> None:
    people.make("agent", level="resident", roles=("clerk",))
    context = new_context(browser, base_url=live_server.base, java_script_enabled=javascript)
    try:
        page = context.new_page()
        log_in(page, "agent")
        page.goto("/clerk/residents")
        row = page.locator(f"#resident-{pending_resident}")
        expect(row).to_contain_text("Martin")
        # A marker on the document survives an HTMX swap but not a page load.
        if javascript:
            page.evaluate("document.documentElement.dataset.sameDocument = 'yes'")

        row.get_by_label("Résidence vérifiée").check()
        row.get_by_role("button", name="Enregistrer").click()

        if javascript:
            # The row answers in place and stays, saying what was decided.
            expect(row).to_contain_text("Résidence vérifiée.")
            expect(row.locator("form")).to_have_count(0)
            assert page.evaluate("document.documentElement.dataset.sameDocument") == "yes"
            expect(page.locator(".flashes")).to_have_count(0)
        else:
            # The form posts, the queue reloads with a message, the person has left it.
            expect(page).to_have_url(live_server.url("/clerk/residents"))
            expect(page.locator(".flash-success")).to_contain_text(
                "Décision enregistrée pour Camille Martin"
            )
            expect(row).to_have_count(0)
    finally:
        context.close()

    from civic.extensions import db
    from civic.models import User

    with live_server.app.app_context():
        assert db.session.get(User, pending_resident).verification == "resident"
