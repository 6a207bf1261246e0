"""Refusals of the participatory budget (issue 7): ineligible voters, outside the
phases, the one-person rule across paper and online, images checked by their bytes."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import BudgetBallot, BudgetProposal
from tests.budget_factory import add_projects, heading_ids, make_budget, proposal_fields
from tests.conftest import People, post


def _text(response: Any) -> str:
    return response.get_data(as_text=True)


def test_an_unverified_account_cannot_vote_or_propose(
    app: Flask, client: FlaskClient, people: People
) -> None:
    budget_id = make_budget(app, "vote")
    city = heading_ids(app, budget_id)[0]
    ids = add_projects(app, city, {"Bancs": 8_000})
    people.make("newcomer", level="unverified")
    people.login("newcomer")
    page = _text(client.get(f"/budgets/{budget_id}/rubriques/{city}"))
    assert "résidence doit d&#39;abord être vérifiée" in page
    vote = post(client, f"/budgets/{budget_id}/rubriques/{city}/vote", {"projects": [ids["Bancs"]]})
    assert vote.status_code == 403
    assert client.get(f"/budgets/{budget_id}/proposer").status_code == 403


def test_voting_is_refused_once_the_vote_has_closed(
    app: Flask, client: FlaskClient, people: People
) -> None:
    budget_id = make_budget(app, "results")
    city = heading_ids(app, budget_id)[0]
    ids = add_projects(app, city, {"Bancs": 8_000})
    people.make("alice")
    people.login("alice")
    page = _text(client.get(f"/budgets/{budget_id}/rubriques/{city}"))
    assert "Le vote est clos." in page
    late = post(
        client,
        f"/budgets/{budget_id}/rubriques/{city}/vote",
        {"projects": [ids["Bancs"]]},
        headers={"HX-Request": "true"},
    )
    assert late.status_code == 200 and "Le vote n&#39;est pas ouvert" in _text(late)
    assert client.get(f"/budgets/{budget_id}/resultats").status_code == 404  # not tallied yet


def test_a_paper_ballot_and_an_online_one_by_the_same_person_collide(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("clerk", roles=("clerk",))
    people.make("alice", family_name="Durand", given_names="Alice", birth_date=date(1990, 5, 17))
    budget_id = make_budget(app, "vote", amounts=(100_000, 50_000))
    city, centre = heading_ids(app, budget_id)
    ids = add_projects(app, city, {"Bancs": 8_000, "Arbres": 20_000})
    people.login("clerk")
    with app.app_context():
        from civic.models import Neighbourhood

        hood = db.session.scalar(select(Neighbourhood.id).where(Neighbourhood.name == "Centre"))
    paper = {
        "family_name": "Durand",
        "given_names": "Alice",
        "birth_date": "1990-05-17",
        "neighbourhood_id": str(hood),
        "projects": [str(ids["Bancs"])],
    }
    url = f"/clerk/budgets/{budget_id}/rubriques/{city}/papier"
    assert "Saisir un bulletin papier" in _text(client.get(url))
    assert post(client, url, paper).status_code == 302
    again = post(client, url, paper, follow_redirects=True)
    assert "déjà voté dans cette rubrique" in _text(again)
    child = post(client, url, {**paper, "given_names": "Léo", "birth_date": "2015-01-01"})
    assert "Il faut avoir au moins 16 ans" in _text(child)
    people.logout()
    people.login("alice")
    online = post(
        client, f"/budgets/{budget_id}/rubriques/{city}/vote", {"projects": [ids["Arbres"]]}
    )
    assert "déjà voté dans cette rubrique" in _text(online)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BudgetBallot)) == 1
    assert centre  # the neighbourhood heading exists beside the city-wide one


def test_a_proposal_image_is_checked_by_its_bytes_and_stored_under_the_instance(
    app: Flask, client: FlaskClient, people: People
) -> None:
    budget_id = make_budget(app, "proposals")
    city = heading_ids(app, budget_id)[0]
    people.make("alice")
    people.login("alice")
    fields = proposal_fields(city)
    fake = post(
        client,
        f"/budgets/{budget_id}/proposer",
        {**fields, "image": (io.BytesIO(b"<?php echo 1; ?>"), "photo.png")},
        content_type="multipart/form-data",
    )
    assert "PNG, JPEG ou WebP" in _text(fake)
    picture = io.BytesIO()
    Image.new("RGB", (4, 3), "teal").save(picture, "PNG")
    png = picture.getvalue()
    done = post(
        client,
        f"/budgets/{budget_id}/proposer",
        {**fields, "image": (io.BytesIO(png), "photo.png")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    with app.app_context():
        name = db.session.scalar(select(BudgetProposal.image_name))
    assert name and name.endswith(".png")
    with client.get(f"/budgets/images/{name}") as image:
        assert image.status_code == 200 and image.content_type == "image/png"
        assert Image.open(io.BytesIO(image.data)).getpixel((3, 2)) == (0, 128, 128)
