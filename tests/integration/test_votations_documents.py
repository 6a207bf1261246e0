"""A votation's documents: its notice when scheduled (with, for a vote of the law, the
model of a polling station's report), the proclamation when its results are published;
listed on its page and in the API (docs/rules.md §4)."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from civic.database import write_intent
from civic.extensions import db
from civic.models import User
from civic.votations import approvals
from tests.conftest import People
from tests.integration.test_votations_legal import closed_legal_votation, deliberate, legal_draft
from tests.votations_factory import make_votation, publish, staff, station_report

NOW = datetime.now(UTC)


def schedule(app: Flask, votation_id: int, clerk: int, second: int) -> None:
    with app.app_context(), write_intent():
        approvals.request_scheduling(votation_id, actor=db.session.get(User, clerk), now=NOW)
    with app.app_context(), write_intent():
        approvals.approve_scheduling(votation_id, actor=db.session.get(User, second), now=NOW)


def document_page(client: FlaskClient, url: str) -> str:
    path = url.split("localhost", 1)[-1]
    return html.unescape(client.get(path).get_data(as_text=True))


def test_a_scheduled_consultation_has_its_notice_and_its_stations_report_model(
    app: Flask, client: FlaskClient, people: People
) -> None:
    clerk, second = staff(people)
    votation_id = legal_draft(app, preset="cgct_consultation")
    deliberate(app, votation_id, clerk)
    schedule(app, votation_id, clerk, second)
    data = client.get(f"/api/v1/votations/{votation_id}").get_json()
    kinds = {item["kind"]: item["url"] for item in data["documents"]}
    assert sorted(kinds) == ["station_report_template", "votation_notice"]
    notice = document_page(client, kinds["votation_notice"])
    assert "Par délibération n° 2026-041" in notice
    assert "n'est qu'une demande d'avis (CGCT L1112-17)" in notice
    assert "il n'y a pas de vote en ligne" in notice
    model = document_page(client, kinds["station_report_template"])
    assert "Votants (émargements)" in model and "Voix « Oui »" in model
    page = html.unescape(client.get(f"/votations/{votation_id}").get_data(as_text=True))
    assert "Avis de votation : Piétonniser la place du marché" in page


def test_the_proclamation_gives_each_station_and_says_a_consultation_is_an_opinion(
    app: Flask, client: FlaskClient, people: People
) -> None:
    clerk, second = staff(people)
    votation_id = closed_legal_votation(app, "cgct_consultation")
    station_report(app, votation_id, clerk, station="Bureau 7", counts={"oui": 70, "non": 20})
    with app.app_context():
        publish(votation_id, (clerk, second))
    data = client.get(f"/api/v1/votations/{votation_id}").get_json()
    [proclamation] = [d for d in data["documents"] if d["kind"] == "proclamation"]
    text = document_page(client, proclamation["url"])
    assert "Bureau 7" in text and "Avis des électeurs, qui n'engage pas le conseil" in text
    pdf = client.get(proclamation["url"].split("localhost", 1)[-1] + ".pdf")
    assert (pdf.status_code, pdf.data[:5]) == (200, b"%PDF-")


def test_a_citizens_vote_s_notice_never_calls_it_a_referendum_or_a_consultation(
    app: Flask,
) -> None:
    votation_id = make_votation(
        app, opens=NOW + timedelta(days=20), closes=NOW + timedelta(days=30), status="draft"
    )
    from civic.votations import documents

    with app.app_context():
        from civic.models import Votation

        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        documents.issue_on_scheduling(votation, NOW)
        db.session.commit()
    with app.app_context():
        [row] = documents.documents_of(votation_id)
        text = html.unescape(row.html)
    assert "Votation citoyenne" in text and "engagé politiquement" in text
    for legal_word in ("référendum", "Référendum", "consultation", "Consultation"):
        assert legal_word not in text


def test_a_consultations_publication_drafts_the_councils_deliberation_with_the_figures(
    app: Flask, client: FlaskClient, people: People
) -> None:
    clerk, second = staff(people)
    votation_id = closed_legal_votation(app, "cgct_consultation")
    station_report(app, votation_id, clerk, station="Bureau 7", counts={"oui": 70, "non": 20})
    with app.app_context():
        publish(votation_id, (clerk, second))
    data = client.get(f"/api/v1/votations/{votation_id}").get_json()
    kinds = {item["kind"]: item["url"] for item in data["documents"]}
    assert "draft_deliberation" in kinds and "proclamation" in kinds
    draft = " ".join(document_page(client, kinds["draft_deliberation"]).split())
    assert "Projet — à compléter et à soumettre au vote du conseil municipal" in draft
    assert "90 personnes ont voté" in draft and "« Oui » : 70 ; « Non » : 20" in draft
    assert "arrête sa décision sur l'affaire qui en a fait l'objet (CGCT L1112-20)" in draft
    page = html.unescape(client.get(f"/votations/{votation_id}").get_data(as_text=True))
    assert "Projet de délibération : Piétonniser la place du marché" in page
    pdf = client.get(kinds["draft_deliberation"].split("localhost", 1)[-1] + ".pdf")
    assert (pdf.status_code, pdf.data[:5]) == (200, b"%PDF-")


def test_a_citizens_votes_draft_deliberation_is_the_councils_political_commitment(
    app: Flask, client: FlaskClient, people: People
) -> None:
    clerk, second = staff(people)
    votation_id = make_votation(app, opens=NOW - timedelta(days=3), closes=NOW - timedelta(hours=1))
    with app.app_context():
        publish(votation_id, (clerk, second))
    data = client.get(f"/api/v1/votations/{votation_id}").get_json()
    [url] = [d["url"] for d in data["documents"] if d["kind"] == "draft_deliberation"]
    draft = " ".join(document_page(client, url).split())
    assert "Suite donnée à la votation citoyenne « Piétonniser la place du marché »" in draft
    assert "conformément à l'engagement politique pris dans la charte" in draft
    assert "0 personnes ont voté" in draft
    for legal_word in ("référendum", "consultation"):
        assert legal_word not in draft.lower()


def test_a_document_is_written_in_the_commune_s_language_whoever_issues_it(
    app: Flask,
) -> None:
    from flask_babel import force_locale

    from civic.models import Votation
    from civic.votations import documents

    votation_id = make_votation(
        app, opens=NOW + timedelta(days=20), closes=NOW + timedelta(days=30), status="draft"
    )
    # A clerk reading English schedules it: the notice is the commune's, in French.
    with app.test_request_context("/"), force_locale("en"):
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        documents.issue_on_scheduling(votation, NOW)
        db.session.commit()
        [row] = documents.documents_of(votation_id)
        assert row.title == "Avis de votation : Piétonniser la place du marché"
        assert "Votation citoyenne décidée par le conseil" in html.unescape(row.html)
