"""Question time in a real browser: a resident asks, a clerk admits, two residents
support (one with JavaScript, one without) and the meeting page shows the new order."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import BROWSER, LiveServer, log_in, new_context
from tests.conftest import People
from tests.support.meetings import add_question, add_supports, plan_meeting

pytestmark = BROWSER


def _titles(page: Page) -> list[str]:
    return page.locator("#question-board .question-title a").all_inner_texts()


def test_a_question_is_asked_admitted_supported_and_climbs_the_order(
    app: Flask, live_server: LiveServer, browser: Browser, page: Page, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    earlier = add_question(app, meeting_id, people.make("ana"), title="Des bancs Grande Rue")
    add_supports(app, earlier, [people.make("bob")])
    people.make("lea")
    people.make("sam")
    people.make("tom")
    people.make("clerk", roles=("clerk",))
    meeting_url = f"/meetings/{meeting_id}"

    # Léa asks her question.
    log_in(page, "lea")
    page.goto(meeting_url)
    page.get_by_role("link", name="Poser une question").click()
    page.get_by_label("Titre de votre question").fill("Horaires de la médiathèque")
    page.get_by_label("Votre question", exact=True).fill(
        "Pourquoi la médiathèque ferme-t-elle à 17 heures le samedi ?"
    )
    page.get_by_label("Afficher mon nom avec ma question").check()
    page.get_by_role("button", name="Envoyer ma question").click()
    expect(page.locator(".flash-success")).to_contain_text("Question envoyée")
    expect(page.locator("#my-question")).to_contain_text("En attente d'examen")

    # The clerk admits it from the queue; HTMX swaps the row in place.
    clerk = new_context(browser, base_url=live_server.base)
    clerk_page = clerk.new_page()
    log_in(clerk_page, "clerk")
    clerk_page.goto(f"/clerk/meetings/{meeting_id}/questions")
    row = clerk_page.locator(".queue-row", has_text="Horaires de la médiathèque")
    row.get_by_label("Admettre", exact=True).check()
    row.get_by_role("button", name="Enregistrer").click()
    expect(row).to_contain_text("Admise")
    expect(clerk_page).to_have_url(live_server.url(f"/clerk/meetings/{meeting_id}/questions"))
    clerk.close()

    page.goto(meeting_url)
    assert _titles(page) == ["Des bancs Grande Rue", "Horaires de la médiathèque"]
    expect(page.get_by_role("navigation", name="Navigation principale")).to_contain_text(
        "Notifications 1"
    )

    # Sam supports it with JavaScript: the count changes without a page load.
    sam = new_context(browser, base_url=live_server.base)
    sam_page = sam.new_page()
    log_in(sam_page, "sam")
    sam_page.goto(meeting_url)
    question = sam_page.locator(".question", has_text="Horaires de la médiathèque")
    question.get_by_role("button", name="Soutenir").click()
    expect(question.locator(".support-count")).to_have_text("1 soutien")
    expect(question.get_by_role("button", name="Retirer mon soutien")).to_be_visible()
    expect(sam_page).to_have_url(live_server.url(meeting_url))
    sam.close()

    # Tom supports it without JavaScript: the form posts and comes back.
    tom = new_context(browser, base_url=live_server.base, java_script_enabled=False)
    tom_page = tom.new_page()
    log_in(tom_page, "tom")
    tom_page.goto(meeting_url)
    question = tom_page.locator(".question", has_text="Horaires de la médiathèque")
    question.get_by_role("button", name="Soutenir").click()
    expect(tom_page.locator(".flash-success")).to_contain_text("Votre soutien est enregistré")
    tom.close()

    # Two supports against one: Léa's question now comes first, with her name.
    page.reload()
    assert _titles(page) == ["Horaires de la médiathèque", "Des bancs Grande Rue"]
    first = page.locator("#question-board .question").first
    expect(first.locator(".support-count")).to_have_text("2 soutiens")
    expect(first).to_contain_text("Posée par Lea")


def test_meeting_and_question_time_pages_pass_axe_for_each_role(
    app: Flask, live_server: LiveServer, browser: Browser, people: People
) -> None:
    from tests.browser.test_accessibility import BLOCKING_IMPACTS, DUPLICATE_IDS, run_axe

    meeting_id = plan_meeting(app, days_ahead=7)
    lea = people.make("lea")
    asked = add_question(app, meeting_id, lea, title="Des bancs Grande Rue", show_name=True)
    add_question(app, meeting_id, people.make("sam"), status="submitted")
    add_supports(app, asked, [people.make("bob")])
    people.make("clerk", roles=("clerk",))
    people.make("nadia", level="elector", roles=("councillor",))
    people.make("admin", level="elector", roles=("admin",))
    pages = {
        None: ["/meetings", f"/meetings/{meeting_id}", f"/questions/{asked}"],
        "lea": [f"/meetings/{meeting_id}", f"/questions/{asked}/edit", "/notifications/"],
        "bob": [f"/meetings/{meeting_id}/questions/new"],
        "clerk": [
            "/clerk/meetings/new",
            f"/clerk/meetings/{meeting_id}",
            f"/clerk/meetings/{meeting_id}/questions",
        ],
        "nadia": [f"/council/meetings/{meeting_id}/answers", f"/council/questions/{asked}/answer"],
        "admin": ["/admin/question-time"],
    }
    problems = []
    for who, paths in pages.items():
        # axe goes in as an inline script, which the CSP refuses (it has its own test).
        context = new_context(browser, base_url=live_server.base, bypass_csp=True)
        page = context.new_page()
        if who is not None:
            log_in(page, who)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            blocking = [
                (v["id"], v["targets"][:3])
                for v in run_axe(page)
                if v["impact"] in BLOCKING_IMPACTS
            ]
            repeated = page.evaluate(DUPLICATE_IDS)
            if blocking or repeated:
                problems.append((who, path, blocking, repeated))
        context.close()
    assert problems == []
