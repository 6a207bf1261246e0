"""The clerks' screens under the two-person rule, and the paper desk's batches."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import Ballot, PaperBallotBatch
from tests.conftest import People, post
from tests.votations_factory import approval_fields, closed_votation, question_id


def test_the_preparer_sees_the_request_waiting_and_no_approve_button(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = closed_votation(app)
    people.make("agent", roles=("clerk",))
    people.make("admin", level="unverified", roles=("admin",))
    people.login("agent")
    page = post(client, f"/clerk/votations/{votation_id}/publish", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Publication demandée." in html
    assert "En attente d'approbation par un second membre du personnel." in html
    assert "Approuver : dépouiller et publier" not in html
    refused = post(
        client, f"/clerk/votations/{votation_id}/publish/approve", follow_redirects=True
    ).get_data(as_text=True)
    assert "un second membre du personnel doit l&#39;approuver, pas vous" in refused
    people.logout()
    people.login("admin")
    listing = client.get("/clerk/votations/").get_data(as_text=True)
    assert "Approuver : dépouiller et publier" in listing
    url = f"/clerk/votations/{votation_id}/publish/approve"
    unseen = post(client, url, follow_redirects=True).get_data(as_text=True)
    assert "a changé depuis" in unseen  # a post naming no request approves nothing
    assert "Publication des résultats" not in client.get(f"/votations/{votation_id}").get_data(
        as_text=True
    )
    done = post(client, url, approval_fields(client, url), follow_redirects=True)
    assert "Résultats publiés." in done.get_data(as_text=True)
    people.logout()
    public = client.get(f"/votations/{votation_id}").get_data(as_text=True)
    assert "Publication des résultats" in public
    assert "après approbation par un second membre du personnel" in public


def _desk_with_a_voter(app: Flask, client: FlaskClient, people: People) -> tuple[int, int]:
    votation_id = closed_votation(app)
    qid = question_id(app, votation_id)
    people.make("paul")
    people.make("agent", roles=("clerk",))
    people.login("agent")
    post(
        client,
        f"/clerk/votations/{votation_id}/paper/voter",
        {"person": "paul@example.org", "polling_station": "Bureau 3"},
    )
    return votation_id, qid


def test_a_huge_number_of_paper_ballots_is_a_clear_refusal(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id, qid = _desk_with_a_voter(app, client, people)
    entry = {"polling_station": "Bureau 3", f"q{qid}_oui": "9" * 40, f"q{qid}_non": "0"}
    entry |= {f"q{qid}_blanc": "0", f"q{qid}_nul": "0"}
    response = post(client, f"/clerk/votations/{votation_id}/paper/ballots", entry)
    assert response.status_code == 200
    entry[f"q{qid}_oui"] = "2"
    response = post(client, f"/clerk/votations/{votation_id}/paper/ballots", entry)
    assert "Bureau 3 : 2 bulletins pour 1 votant émargé" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0


def test_a_clerk_cancels_a_batch_from_the_paper_desk_with_a_reason(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id, qid = _desk_with_a_voter(app, client, people)
    entry = {"polling_station": "Bureau 3", f"q{qid}_oui": "0", f"q{qid}_non": "1"}
    entry |= {f"q{qid}_blanc": "0", f"q{qid}_nul": "0"}
    post(client, f"/clerk/votations/{votation_id}/paper/ballots", entry)
    with app.app_context():
        batch_id = db.session.scalar(select(PaperBallotBatch.id))
    url = f"/clerk/votations/{votation_id}/paper/batches/{batch_id}/cancel"
    empty = post(client, url, {"reason": ""}, follow_redirects=True).get_data(as_text=True)
    assert "Indiquez pourquoi ce lot est annulé." in empty
    done = post(client, url, {"reason": "Mauvaise colonne"}, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "Lot annulé" in html and "Mauvaise colonne" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0
        assert db.session.scalar(select(func.count()).select_from(PaperBallotBatch)) == 1
