"""A person served entirely at the town hall's counter, in a real browser (issue 18):
Odette has no e-mail address. The clerk registers her after seeing her identity card
and an energy bill, then, with her consent each time, signs a petition and asks a
question for her; each act ends on a receipt printed for her.

Accounts, the open petition and the planned meeting are set-up; everything else goes
through the pages, each watched for Content-Security-Policy violations, then checked
with axe.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from civic.extensions import db
from tests.browser.conftest import BROWSER, LiveServer, log_in
from tests.browser.test_petitions_story import accessibility_problems, watch_csp
from tests.conftest import People
from tests.integration.test_petitions_signing import add_figures, open_petition
from tests.support.meetings import plan_meeting

pytestmark = BROWSER


def _commune(app: Flask, people: People) -> tuple[int, int]:
    """An open petition and a council meeting whose questions are open."""
    with app.app_context():
        add_figures(population=100, electorate=80)
        petition_id = open_petition(people, title="Un banc place du marché", now=datetime.now(UTC))
        db.session.remove()
    people.make("agent", roles=("clerk",), family_name="Bernard", given_names="Sofiane")
    meeting_id = plan_meeting(app, days_ahead=7, title="Conseil municipal de juin")
    return petition_id, meeting_id


def _register_odette(page: Page) -> str:
    page.goto("/guichet/")
    page.get_by_role("link", name="Inscrire une personne").click()
    page.get_by_label("Nom de famille").fill("Moreau")
    page.get_by_label("Prénoms").fill("Odette")
    page.get_by_label("Date de naissance").fill("1941-03-12")
    page.get_by_label("Pièce d'identité vue").fill("carte d'identité")
    page.get_by_label("Adresse postale").fill("4 impasse des Lilas")
    page.get_by_label("Justificatif de domicile vu").fill("facture d'énergie de moins de 3 mois")
    # No e-mail address: the field stays empty.
    page.get_by_role("button", name="Ouvrir le compte vérifié").click()
    expect(page.locator(".flash-success")).to_contain_text("résidence vérifiée")
    expect(page.locator("h1")).to_have_text("Odette Moreau")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("carte d'identité ; facture d'énergie de moins de 3 mois")
    expect(facts).to_contain_text("aucune")  # no e-mail address
    return page.url.removeprefix(page.url.split("/guichet")[0])


def test_a_person_without_e_mail_is_served_entirely_at_the_counter(
    app: Flask, live_server: LiveServer, browser: Browser, people: People
) -> None:
    petition_id, meeting_id = _commune(app, people)

    with watch_csp(browser, live_server) as (page, violations):
        log_in(page, "agent")
        person_path = _register_odette(page)
        expect(page.locator("#counter-serving")).to_contain_text("vous agissez pour Odette Moreau")

        # The petition: the counter's box asks for her consent before signing.
        page.goto(f"/petitions/{petition_id}")
        box = page.locator("#petition-counter")
        expect(box.locator("h2")).to_have_text("Au guichet : signer pour Odette Moreau")
        box.get_by_role("button", name="Signer pour cette personne").click()
        assert box.get_by_label("La personne m'a donné son accord").evaluate(
            "box => !box.validity.valid"
        )
        box.get_by_label("La personne m'a donné son accord").check()
        box.get_by_role("button", name="Signer pour cette personne").click()
        expect(page).to_have_url(re.compile(r"/guichet/recus/\d+$"))
        receipt = page.locator("main")
        expect(receipt).to_contain_text("Odette Moreau")
        expect(receipt).to_contain_text("Signature de la pétition « Un banc place du marché »")
        expect(receipt).to_contain_text("au guichet de la mairie")
        expect(receipt).to_contain_text("par Sofiane Bernard")
        signature_receipt = page.url

        # The question, typed as she says it.
        page.goto(f"/meetings/{meeting_id}")
        page.get_by_role("link", name="Au guichet : poser une question pour Odette Moreau").click()
        page.get_by_label("Titre de votre question").fill("Un banc à l'arrêt de bus")
        page.get_by_label("Votre question", exact=True).fill(
            "Pourrait-on installer un banc à l'arrêt de bus de la place ?"
        )
        page.get_by_label("La personne m'a donné son accord").check()
        page.get_by_role("button", name="Envoyer la question pour cette personne").click()
        expect(page).to_have_url(re.compile(r"/guichet/recus/\d+$"))
        expect(page.locator("main")).to_contain_text(
            "Question pour la séance « Conseil municipal de juin » : Un banc à l'arrêt de bus"
        )
        question_receipt = page.url

        # Her file lists both acts, each with its receipt; the clerk stops serving her.
        page.goto(person_path)
        acts = page.get_by_role("table")
        expect(acts.get_by_role("row")).to_have_count(3)
        expect(acts).to_contain_text("Signature de la pétition")
        expect(acts).to_contain_text("Question pour la séance")
        page.get_by_role("button", name="Terminer").first.click()
        expect(page.locator(".flash-success")).to_contain_text("Vous n'agissez plus pour personne")
        assert violations == []

    # The audit log says who acted, at the counter.
    with watch_csp(browser, live_server) as (page, violations):
        log_in(page, "agent")
        page.goto("/admin/audit")
        expect(page.locator("main")).to_contain_text("au guichet, par Sofiane Bernard")
        assert violations == []

    problems = accessibility_problems(
        browser,
        live_server,
        {
            "agent": [
                "/guichet/",
                "/guichet/inscrire",
                person_path,
                signature_receipt.removeprefix(live_server.base),
                question_receipt.removeprefix(live_server.base),
                f"/petitions/{petition_id}/feuille",
                f"/meetings/{meeting_id}/questions/formulaire",
            ]
        },
    )
    assert problems == []
