"""Feedback a resident gets at once (issue 19): a signature's count in place, a second
vote refused in words, an over-budget ballot shown in colour and words, a petition's
votation page that exists while it is prepared."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import post
from tests.web.test_petitions_web import HX, commune, draft_and_open  # noqa: F401


def test_signing_with_htmx_updates_the_counts_in_place(
    commune: Flask,  # noqa: F811
    client: FlaskClient,
    people: Any,
) -> None:
    petition_id = draft_and_open(client, people)
    people.make("ana", level="resident")
    people.login("ana")
    answer = post(client, f"/petitions/{petition_id}/sign", {"confirm": "y"}, headers=HX)
    fragment = " ".join(answer.get_data(as_text=True).split())
    assert "Merci, votre signature est enregistrée." in fragment
    # The counts come with the answer, swapped out of band: no wait for the next poll.
    assert 'id="petition-counts"' in fragment and 'hx-swap-oob="true"' in fragment
    assert "1</strong> recueillie</span>" in fragment
    # The page itself keeps its counts in place, not out of band.
    page = client.get(f"/petitions/{petition_id}").get_data(as_text=True)
    assert 'id="petition-counts"' in page and "hx-swap-oob" not in page


def test_a_selection_over_the_heading_amount_shows_in_words_and_in_the_gauges_warning(
    app: Flask, client: FlaskClient
) -> None:
    from tests.budget_factory import add_projects, heading_ids, make_budget

    budget_id = make_budget(app, "vote", amounts=(100_000,))
    city = heading_ids(app, budget_id)[0]
    ids = add_projects(app, city, {"Aire de jeux": 60_000, "Pistes cyclables": 50_000})
    chosen = "&".join(f"projects={i}" for i in ids.values())
    url = f"/budgets/{budget_id}/rubriques/{city}?total=1&{chosen}"
    fragment = " ".join(client.get(url, headers=HX).get_data(as_text=True).split())
    fragment = fragment.replace("\u202f", " ").replace("\xa0", " ")
    assert '<span class="over-budget">dépassement de 10 000,00 € : retirez un projet</span>' in (
        fragment
    )
    # The gauge runs past its "high" mark, away from its optimum: the browser's warning.
    assert 'max="110000" low="100000" high="100000" optimum="0" value="110000"' in fragment
    within = f"/budgets/{budget_id}/rubriques/{city}?total=1&projects={ids['Aire de jeux']}"
    calm = client.get(within, headers=HX).get_data(as_text=True)
    assert "over-budget" not in calm and "il reste" in calm


def test_a_petitions_draft_votation_shows_as_in_preparation_not_a_404(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    from datetime import UTC, datetime

    from civic.database import write_intent
    from civic.extensions import db
    from civic.followup import votations as drafts
    from civic.models import Votation
    from tests.integration.test_petitions_signing import add_figures, open_petition

    now = datetime.now(UTC)
    with app.app_context(), write_intent():
        add_figures()
        petition_id = open_petition(people, now=now)
        votation_id = drafts.create_draft_from_petition(
            petition_id=petition_id, kind="referendum", question="Piétonniser la place ?", now=now
        ).id
        council_draft = Votation(
            kind="referendum", status="draft", title="Brouillon du conseil", created_at=now
        )
        db.session.add(council_draft)
        db.session.commit()
        council_draft_id = council_draft.id
    page = client.get(f"/votations/{votation_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Cette votation est en préparation." in html
    assert f'href="/petitions/{petition_id}"' in html and "Voter</button>" not in html
    # A council's own draft is not linked from anywhere public: still the clerks' alone.
    assert client.get(f"/votations/{council_draft_id}").status_code == 404
    # Voting on a draft is still refused.
    people.make("lea")
    people.login("lea")
    assert post(client, f"/votations/{votation_id}/vote", {}).status_code == 404
