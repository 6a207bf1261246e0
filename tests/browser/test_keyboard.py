"""Keyboard only (issue 8): a resident signs a petition, an elector votes, a resident asks
a question at question time — with Tab, Shift+Tab, Enter, Space and typing, never a
click. Each control reached shows the focus ring, and the person sees what happened."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask
from playwright.sync_api import Locator, Page, expect

from civic.database import write_intent
from tests.browser.conftest import BROWSER, LiveServer
from tests.conftest import PASSWORD, People
from tests.integration.test_petitions_signing import add_figures, open_petition
from tests.support.meetings import add_question, plan_meeting
from tests.votations_factory import open_votation

pytestmark = BROWSER

# The focused element shows a visible ring: the style sheet's :focus-visible outline.
SHOWS_FOCUS = """(el) => {
    const style = getComputedStyle(el);
    return el === document.activeElement && el.matches(":focus-visible")
        && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
}"""
HAS_FOCUS = "(el) => el === document.activeElement"
PRESSES = 60


def tab_to(page: Page, target: Locator, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until ``target`` has the focus, and check that it shows."""
    for _ in range(PRESSES):
        page.keyboard.press(key)
        if target.evaluate(HAS_FOCUS):
            assert target.evaluate(SHOWS_FOCUS), f"{target} has the focus but no visible ring"
            return
    raise AssertionError(f"{target} never got the focus in {PRESSES} presses of {key}")


def skip_to_content(page: Page) -> None:
    """The first Tab reaches the skip link, which Enter follows to the main content."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    assert skip.evaluate(SHOWS_FOCUS)
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def log_in_with_the_keyboard(page: Page, name: str) -> None:
    page.goto("/auth/login")
    skip_to_content(page)
    tab_to(page, page.get_by_label("Adresse électronique"))
    page.keyboard.type(f"{name}@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile("/auth/login"))


def test_a_resident_signs_a_petition_with_the_keyboard_only(
    app: Flask, live_server: LiveServer, page: Page, people: People
) -> None:
    with app.app_context(), write_intent():
        add_figures()
        petition_id = open_petition(people, now=datetime.now(UTC))
    people.make("lea")
    log_in_with_the_keyboard(page, "lea")
    page.goto(f"/petitions/{petition_id}")
    skip_to_content(page)
    box = page.locator("#petition-sign")
    confirm = box.get_by_label("Je soutiens cette pétition")
    sign = box.get_by_role("button", name="Signer la pétition")

    # Enter on the button without the confirmation: the browser stops and puts the
    # focus on the box to tick.
    tab_to(page, sign)
    page.keyboard.press("Enter")
    expect(confirm).to_be_focused()
    expect(box).not_to_contain_text("recueillie")

    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    tab_to(page, sign)
    page.keyboard.press("Enter")
    expect(box).to_contain_text("Merci, votre signature est enregistrée.")
    expect(box).to_contain_text("Votre signature est recueillie.")
    # The box was swapped in place: the focus lands on its message, not on the page top.
    expect(box.get_by_role("status").first).to_be_focused()
    expect(page).to_have_url(live_server.url(f"/petitions/{petition_id}#main"))  # no reload

    # Shift+Tab goes back up the page without being trapped in the new box.
    tab_to(page, page.get_by_role("link", name="Aller au contenu"), key="Shift+Tab")


def test_an_elector_votes_with_the_keyboard_only(
    app: Flask, live_server: LiveServer, page: Page, people: People
) -> None:
    votation_id = open_votation(app)
    people.make("louis", level="elector")
    log_in_with_the_keyboard(page, "louis")
    page.goto(f"/votations/{votation_id}")
    skip_to_content(page)
    ballot = page.locator("#votation-ballot")

    # Tab enters the group of choices on its first one; Space chooses it.
    yes = ballot.get_by_label("Oui", exact=True)
    tab_to(page, yes)
    page.keyboard.press("Space")
    expect(yes).to_be_checked()
    tab_to(page, ballot.get_by_role("button", name="Voter"))
    page.keyboard.press("Enter")
    expect(ballot).to_contain_text("Vous avez voté.")
    expect(ballot).to_contain_text("personne, pas même la mairie, ne peut savoir")
    expect(ballot.get_by_role("radio")).to_have_count(0)
    expect(ballot.locator(".voted")).to_be_focused()
    expect(page).to_have_url(live_server.url(f"/votations/{votation_id}#main"))  # no reload


def test_a_resident_asks_a_question_and_supports_another_with_the_keyboard_only(
    app: Flask, page: Page, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    other = add_question(app, meeting_id, people.make("ana"), title="Des bancs Grande Rue")
    people.make("lea")
    log_in_with_the_keyboard(page, "lea")
    page.goto(f"/meetings/{meeting_id}")
    skip_to_content(page)
    tab_to(page, page.get_by_role("link", name="Poser une question"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Poser une question au conseil municipal"
    )

    title = page.get_by_label("Titre de votre question")
    tab_to(page, title)
    page.keyboard.type("Horaires de la médiathèque")
    page.keyboard.press("Tab")
    body = page.get_by_label("Votre question", exact=True)
    expect(body).to_be_focused()
    page.keyboard.type("Pourquoi la médiathèque ferme-t-elle à 17 heures le samedi ?")
    page.keyboard.press("Tab")
    show_name = page.get_by_label("Afficher mon nom avec ma question")
    expect(show_name).to_be_focused()
    page.keyboard.press("Space")
    expect(show_name).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Envoyer ma question"))
    page.keyboard.press("Enter")

    expect(page.locator(".flash-success")).to_contain_text("Question envoyée")
    mine = page.locator("#my-question")
    expect(mine).to_contain_text("Horaires de la médiathèque")
    expect(mine).to_contain_text("En attente d'examen")

    # Supporting swaps the button in place; the focus stays on it, now "withdraw".
    support = page.locator(f"#support-{other}")
    tab_to(page, support.get_by_role("button", name="Soutenir"))
    page.keyboard.press("Enter")
    expect(support.locator(".support-count")).to_have_text("1 soutien")
    expect(support.get_by_role("button", name="Retirer mon soutien")).to_be_focused()
