"""Every CSV the site serves is safe to open in a spreadsheet: a cell a resident or a
clerk typed that begins like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) comes out as plain text, and the files the core's command line reads back
still recount to the published result."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic.csv_export import csv_text, neutralise
from civic.extensions import db
from civic.models import Petition, User, Votation
from civic.votations import results, voting
from tests.conftest import People
from tests.support.commands import run_published
from tests.votations_factory import open_votation, publish, question_id, staff
from tests.web.test_petitions_web import draft_and_open

FORMULA = '=HYPERLINK("https://exemple.invalid/","Cliquez ici")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_beginning_like_a_formula_gets_a_quote_in_front(start: str) -> None:
    assert neutralise(start + "1+1") == "'" + start + "1+1"


def test_numbers_and_ordinary_text_are_written_as_they_are() -> None:
    assert neutralise(-3) == -3
    assert neutralise("Arceaux à vélo = sécurité") == "Arceaux à vélo = sécurité"
    assert csv_text([["a", "b"], [FORMULA, 2]]) == (
        'a,b\n"\'=HYPERLINK(""https://exemple.invalid/"",""Cliquez ici"")",2\n'
    )


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_a_petition_titled_with_a_formula_is_plain_text_in_the_open_data_csv(
    app: Flask, client: FlaskClient, people: People
) -> None:
    petition_id = draft_and_open(client, people)
    with app.app_context():
        db.session.get(Petition, petition_id).title = FORMULA
        db.session.commit()
    rows = _rows(client.get("/api/v1/petitions.csv").get_data(as_text=True))
    titles = [row[1] for row in rows[1:]]
    assert titles == ["'" + FORMULA]


def _cast_and_publish(app: Flask, people: People, *, station: str, question: str) -> int:
    votation_id = open_votation(app)
    qid = question_id(app, votation_id)
    staff_ids = staff(people)
    voters = [people.make(f"voter{n}") for n in range(4)]
    paper = people.make("paper")
    now = datetime.now(UTC)
    with app.app_context():
        db.session.get(Votation, votation_id).questions[0].text = question
        db.session.commit()
        for user_id, choice in zip(voters, ["oui", "non", "oui", "blanc"], strict=True):
            user = db.session.get(User, user_id)
            voting.cast_online(votation_id, user=user, answers={qid: choice}, now=now)
        clerk = db.session.get(User, staff_ids[0])
        paper_email = db.session.get(User, paper).email
        voting.mark_paper_voter(
            votation_id, person=paper_email, polling_station=station, actor=clerk, now=now
        )
        clerk = db.session.get(User, staff_ids[0])
        voting.enter_paper_ballots(
            votation_id, polling_station=station, counts={qid: {"oui": 1}}, actor=clerk, now=now
        )
        votation = db.session.get(Votation, votation_id)
        votation.closes_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
        publish(votation_id, staff_ids)
    return votation_id


def test_a_polling_station_typed_as_a_formula_is_neutralised_and_the_ballots_still_recount(
    app: Flask, people: People, tmp_path: Path
) -> None:
    votation_id = _cast_and_publish(app, people, station=FORMULA, question="Place piétonne ?")
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        ballots = results.ballots_csv(votation, votation.questions[0])
        page = results.votation_page(votation_id, user=None, now=datetime.now(UTC))
        published = json.loads(votation.questions[0].published_result_json)
    stations = {row[2] for row in _rows(ballots)[1:]}
    assert stations == {"", "'" + FORMULA}
    (tmp_path / f"votation-{votation_id}-bulletins-1.csv").write_text(ballots)
    recomputed = run_published(page.recount_commands[0], tmp_path)
    assert published["counts"] == {"oui": 3, "non": 1}
    assert {c["choice"]: c["votes"] for c in recomputed["counts"]} == published["counts"]
    assert recomputed["blank"] == published["blank"] == 1


def test_a_question_typed_as_a_formula_is_plain_text_in_the_results_csv(
    app: Flask, people: People
) -> None:
    votation_id = _cast_and_publish(app, people, station="Mairie", question="-1 + 1 ?")
    with app.app_context():
        rows = _rows(results.results_csv(db.session.get(Votation, votation_id)))
    assert {row[0] for row in rows[1:]} == {"'-1 + 1 ?"}
    assert ["'-1 + 1 ?", "oui", "3", "0.7500"] in rows


def test_a_project_named_as_a_formula_is_plain_text_in_the_pb_file_which_still_recounts(
    app: Flask, people: People, tmp_path: Path
) -> None:
    from civic.budget import results as budget_results
    from civic.budget import voting as budget_voting
    from civic.core.budget import tally
    from civic.models import BudgetHeading
    from tests.budget_factory import add_projects, heading_ids, make_budget, move_to

    budget_id = make_budget(app, "vote", amounts=(50_000,))
    (city,) = heading_ids(app, budget_id)
    ids = add_projects(app, city, {FORMULA: 30_000, "Bancs": 8_000, "+ d'arbres": 25_000})
    for n, chosen in enumerate([{FORMULA, "Bancs"}, {"+ d'arbres"}, {"+ d'arbres", "Bancs"}]):
        voter = people.make(f"voter{n}")
        with app.app_context():
            budget_voting.cast_online(
                city,
                user=db.session.get(User, voter),
                chosen={ids[title] for title in chosen},
                now=datetime.now(UTC),
            )
    move_to(app, budget_id, "results")
    with app.app_context():
        heading = db.session.get(BudgetHeading, city)
        pb = budget_results.export_pb(heading)
        in_app = tally(budget_results.election_for(heading), "greedy").selected
    names = {row[2] for row in csv.reader(io.StringIO(pb), delimiter=";") if len(row) == 3}
    assert "'" + FORMULA in names and "'+ d'arbres" in names and "Bancs" in names
    (tmp_path / "vote.pb").write_text(pb, encoding="utf-8")
    recount = run_published("python -m civic.core.budget --rule greedy vote.pb", tmp_path)
    assert in_app and recount["selected"] == list(in_app)
