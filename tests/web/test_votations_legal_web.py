"""The legal track's staff pages, as a clerk uses them: the organising deliberation and
the polling stations' reports (docs/rules.md §4)."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models.votation_legal import VotationDeliberation
from civic.votations import legal, stations
from tests.conftest import People, post
from tests.support.days import commune_day
from tests.votations_factory import make_votation, question_id, staff

NOW = datetime.now(UTC)
TODAY = commune_day(NOW)


def legal_votation(app: Flask, **fields: object) -> int:
    values: dict[str, object] = {
        "opens": NOW + timedelta(days=80),
        "closes": NOW + timedelta(days=80, hours=10),
        "status": "draft",
        "preset": "cgct_referendum",
        "electorate": "electors",
        "min_age": 18,
    }
    values.update(fields)
    return make_votation(app, **values)  # type: ignore[arg-type]


def text(response: object) -> str:
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def test_a_clerk_records_the_deliberation_and_sees_what_still_blocks_scheduling(
    app: Flask, client: FlaskClient, people: People
) -> None:
    staff(people)
    votation_id = legal_votation(app)
    people.login("preparer")
    url = f"/clerk/votations/{votation_id}/deliberation"
    page = text(client.get(url))
    assert "Enregistrez d'abord la délibération du conseil" in page
    form = {
        "subject": "Piétonnisation de la Grande Rue",
        "number": "2026-041",
        "adopted_on": (TODAY - timedelta(days=3)).isoformat(),
        "transmitted_on": "",
    }
    page = text(post(client, url, form, follow_redirects=True))
    assert "Délibération enregistrée." in page
    assert "Enregistrez la transmission de la délibération au préfet" in page
    form["transmitted_on"] = (TODAY - timedelta(days=2)).isoformat()
    page = text(post(client, url, form, follow_redirects=True))
    assert "Ce qui empêche encore de programmer le vote" not in page
    with app.app_context():
        record = legal.deliberation_of(votation_id)
        assert record is not None and record.transmitted_on == TODAY - timedelta(days=2)


def test_a_transmission_before_the_deliberation_is_shown_on_its_field_and_not_saved(
    app: Flask, client: FlaskClient, people: People
) -> None:
    staff(people)
    votation_id = legal_votation(app)
    people.login("preparer")
    form = {
        "subject": "Grande Rue",
        "number": "2026-041",
        "adopted_on": TODAY.isoformat(),
        "transmitted_on": (TODAY - timedelta(days=5)).isoformat(),
    }
    response = post(client, f"/clerk/votations/{votation_id}/deliberation", form)
    assert response.status_code == 200
    assert 'id="transmitted_on-error"' in response.get_data(as_text=True)
    assert "transmise avant d'avoir été adoptée" in text(response)
    with app.app_context():
        assert legal.deliberation_of(votation_id) is None


def test_a_clerk_links_the_deliberation_to_the_earlier_vote_on_its_subject(
    app: Flask, client: FlaskClient, people: People
) -> None:
    staff(people)
    earlier = legal_votation(app, title="Grande Rue piétonne", status="published")
    with app.app_context():
        db.session.add(
            VotationDeliberation(
                votation_id=earlier,
                subject="Piétonnisation de la Grande Rue",
                number="2025-090",
                adopted_on=TODAY - timedelta(days=300),
                transmitted_on=TODAY - timedelta(days=299),
                recorded_at=datetime.now(UTC),
            )
        )
        db.session.commit()
    votation_id = legal_votation(app)
    people.login("preparer")
    url = f"/clerk/votations/{votation_id}/deliberation"
    page = text(client.get(url))
    assert "Même objet qu'un vote antérieur" in page
    assert f'<option value="{earlier}">Grande Rue piétonne — Piétonnisation' in page
    form = {
        "subject": "La Grande Rue rendue aux piétons",
        "number": "2026-041",
        "adopted_on": (TODAY - timedelta(days=3)).isoformat(),
        "transmitted_on": (TODAY - timedelta(days=2)).isoformat(),
        "same_subject_as_id": "n'importe quoi",
    }
    response = post(client, url, form)
    assert 'id="same_subject_as_id-error"' in response.get_data(as_text=True)
    page = text(
        post(client, url, {**form, "same_subject_as_id": str(earlier)}, follow_redirects=True)
    )
    assert "Délibération enregistrée." in page
    with app.app_context():
        record = legal.deliberation_of(votation_id)
        assert record is not None and record.same_subject_as_id == earlier


def test_a_citizens_vote_has_no_deliberation_page(
    app: Flask, client: FlaskClient, people: People
) -> None:
    staff(people)
    votation_id = legal_votation(app, preset="charter", electorate="residents", min_age=16)
    people.login("preparer")
    assert client.get(f"/clerk/votations/{votation_id}/deliberation").status_code == 404
    assert client.get(f"/clerk/votations/{votation_id}/stations").status_code == 404


def test_a_clerk_types_a_station_s_report_after_the_poll(
    app: Flask, client: FlaskClient, people: People
) -> None:
    staff(people)
    votation_id = legal_votation(
        app, status="scheduled", opens=NOW - timedelta(hours=11), closes=NOW - timedelta(hours=1)
    )
    qid = question_id(app, votation_id)
    people.login("preparer")
    url = f"/clerk/votations/{votation_id}/stations"
    form = {
        "polling_station": "Bureau 3 – Gymnase",
        "registered": "1200",
        "voters": "500",
        f"q{qid}_oui": "300",
        f"q{qid}_non": "190",
        f"q{qid}_blanc": "6",
        f"q{qid}_nul": "4",
        "observation": "",
    }
    page = text(post(client, url, form, follow_redirects=True))
    assert "Procès-verbal saisi." in page and "Bureau 3 – Gymnase" in page
    form["polling_station"] = "Bureau 4"
    form[f"q{qid}_oui"] = "290"
    response = post(client, url, form)
    assert response.status_code == 200
    assert "490 bulletins et enveloppes dépouillés pour 500 votants" in text(response)
    with app.app_context():
        assert [r.polling_station for r in stations.all_reports(votation_id)] == [
            "Bureau 3 – Gymnase"
        ]
        db.session.rollback()


def test_a_recall_vote_cannot_be_dressed_as_a_vote_of_the_law(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from sqlalchemy import func, select

    from civic.models import Votation

    staff(people)
    people.login("preparer")
    form = {
        "kind": "recall",
        "preset": "cgct_referendum",
        "title": "Révocation de l'adjoint aux travaux",
        "council_decision": "Délibération 2026-20",
        "question": "Faut-il révoquer l'adjoint ?",
        "choices": "Oui\nNon",
        "approve_choice": "Oui",
        "easy_read": "",
        "quorum_percent": "50",
        "min_age": "18",
    }
    response = post(client, "/clerk/votations/new", form)
    assert response.status_code == 200
    assert "La loi ne prévoit pas de vote révocatoire" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Votation)) == 0
