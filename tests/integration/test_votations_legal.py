"""The legal track's votes as the law says: the deliberation sent to the prefect before
scheduling, the periods and the one-year delay of LO 1112-6 / L1112-21, polling stations
only, results from each station's report, LO 1112-7's adoption rule
(docs/rules.md §4, §9)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import Ballot, User, Votation
from civic.services import Refused
from civic.votations import approvals, legal, stations
from tests.conftest import People, post
from tests.support.days import commune_day
from tests.votations_factory import (
    ELECTORATE,
    make_votation,
    publish,
    staff,
    station_report,
)

NOW = datetime.now(UTC)
TODAY = commune_day(NOW)
POLLING = datetime.combine(TODAY + timedelta(days=75), datetime.min.time(), UTC) + timedelta(
    hours=7
)


def legal_draft(app: Flask, preset: str = "cgct_referendum", **fields: object) -> int:
    values: dict[str, object] = {
        "opens": POLLING,
        "closes": POLLING + timedelta(hours=11),
        "status": "draft",
        "preset": preset,
        "electorate": "electors",
        "min_age": 18,
    }
    values.update(fields)
    return make_votation(app, **values)  # type: ignore[arg-type]


def closed_legal_votation(app: Flask, preset: str = "cgct_referendum") -> int:
    """A vote of the law whose polling day is over: its stations' reports are due."""
    return make_votation(
        app,
        opens=NOW - timedelta(hours=12),
        closes=NOW - timedelta(hours=1),
        preset=preset,
        electorate="electors",
        min_age=18,
    )


def deliberate(
    app: Flask,
    votation_id: int,
    clerk: int,
    *,
    subject: str = "Piétonnisation de la Grande Rue",
    adopted_on: date | None = None,
    transmitted_on: date | None = None,
    same_subject_as_id: int | None = None,
) -> None:
    adopted = adopted_on or TODAY - timedelta(days=3)
    with app.app_context():
        legal.record_deliberation(
            votation_id,
            legal.DeliberationDetails(
                subject,
                "2026-041",
                adopted,
                transmitted_on or adopted + timedelta(days=1),
                same_subject_as_id,
            ),
            actor=db.session.get(User, clerk),
            now=NOW,
        )


def ask_scheduling(app: Flask, votation_id: int, clerk: int) -> None:
    with app.app_context(), write_intent():
        approvals.request_scheduling(votation_id, actor=db.session.get(User, clerk), now=NOW)


def test_a_referendum_is_scheduled_only_once_its_deliberation_reached_the_prefect(
    app: Flask, people: People
) -> None:
    clerk, _second = staff(people)
    votation_id = legal_draft(app)
    with pytest.raises(Refused, match=r"Enregistrez d'abord la délibération.*LO 1112-3"):
        ask_scheduling(app, votation_id, clerk)
    with app.app_context():
        legal.record_deliberation(
            votation_id,
            legal.DeliberationDetails("Grande Rue", "2026-041", TODAY - timedelta(days=3), None),
            actor=db.session.get(User, clerk),
            now=NOW,
        )
    with pytest.raises(Refused, match="Enregistrez la transmission de la délibération au préfet"):
        ask_scheduling(app, votation_id, clerk)
    deliberate(app, votation_id, clerk)
    ask_scheduling(app, votation_id, clerk)


def test_a_deliberation_sent_after_eight_days_is_named(app: Flask, people: People) -> None:
    clerk, _second = staff(people)
    votation_id = legal_draft(app)
    adopted = TODAY - timedelta(days=20)
    deliberate(
        app, votation_id, clerk, adopted_on=adopted, transmitted_on=TODAY - timedelta(days=2)
    )
    deadline = (adopted + timedelta(days=8)).strftime("%d/%m/%Y")
    with pytest.raises(Refused, match=rf"huit jours, soit le {deadline} au plus tard"):
        ask_scheduling(app, votation_id, clerk)


def test_an_impossible_deliberation_is_refused_and_nothing_is_stored(
    app: Flask, people: People
) -> None:
    clerk, _second = staff(people)
    votation_id = legal_draft(app)
    with pytest.raises(Refused, match="transmise avant d'avoir été adoptée"):
        deliberate(app, votation_id, clerk, transmitted_on=TODAY - timedelta(days=30))
    with pytest.raises(Refused, match="datée de demain"):
        deliberate(app, votation_id, clerk, adopted_on=TODAY + timedelta(days=1))
    with app.app_context():
        assert legal.deliberation_of(votation_id) is None


def test_no_vote_during_a_configured_national_campaign(app: Flask, people: People) -> None:
    clerk, _second = staff(people)
    campaign = (POLLING.date() - timedelta(days=14), POLLING.date() + timedelta(days=7))
    app.config["ELECTION_PERIODS"] = [
        {
            "name": "Élections législatives",
            "from": campaign[0].isoformat(),
            "to": campaign[1].isoformat(),
        }
    ]
    votation_id = legal_draft(app, preset="cgct_consultation")
    deliberate(app, votation_id, clerk)
    with pytest.raises(Refused) as refused:
        ask_scheduling(app, votation_id, clerk)
    message = refused.value.message
    assert "« Élections législatives »" in message and campaign[0].strftime("%d/%m/%Y") in message
    assert "LO 1112-6, L1112-21" in message


def test_no_vote_in_the_six_months_before_the_council_s_renewal(app: Flask, people: People) -> None:
    clerk, _second = staff(people)
    renewal = POLLING.date() + timedelta(days=100)
    app.config["COUNCIL_GENERAL_RENEWAL"] = renewal.strftime("%Y-%m")
    votation_id = legal_draft(app)
    deliberate(app, votation_id, clerk)
    with pytest.raises(Refused, match=r"le conseil municipal est renouvelé.*LO 1112-6"):
        ask_scheduling(app, votation_id, clerk)


def test_a_second_referendum_on_the_same_subject_waits_a_year(app: Flask, people: People) -> None:
    clerk, second = staff(people)
    held = POLLING - timedelta(days=200)
    first = legal_draft(app, opens=held, closes=held + timedelta(hours=11))
    deliberate(app, first, clerk, subject="PIÉTONNISATION de la Grande-Rue")
    with app.app_context():
        votation = db.session.get(Votation, first)
        assert votation is not None
        votation.status = "published"
        db.session.commit()
    votation_id = legal_draft(app)
    deliberate(app, votation_id, clerk)
    held_day = held.date()
    allowed = held_day.replace(year=held_day.year + 1).strftime("%d/%m/%Y")
    with pytest.raises(Refused, match=r"même objet .*LO 1112-6") as refused:
        ask_scheduling(app, votation_id, clerk)
    assert "Piétonniser la place du marché" in refused.value.message
    assert f"Pas avant le {allowed}." in refused.value.message
    deliberate(app, votation_id, clerk, subject="Extension de la médiathèque")
    ask_scheduling(app, votation_id, clerk)


def test_a_vote_linked_to_the_earlier_vote_on_its_subject_waits_a_year_however_worded(
    app: Flask, people: People
) -> None:
    clerk, _second = staff(people)
    held = POLLING - timedelta(days=200)
    first = legal_draft(app, opens=held, closes=held + timedelta(hours=11))
    deliberate(app, first, clerk)
    with app.app_context():
        votation = db.session.get(Votation, first)
        assert votation is not None
        votation.status = "published"
        db.session.commit()
    votation_id = legal_draft(app)
    with pytest.raises(Refused, match="Choisissez dans la liste un vote"):
        deliberate(app, votation_id, clerk, same_subject_as_id=votation_id)
    reworded = "Rendre la Grande Rue aux piétons et aux vélos"
    deliberate(app, votation_id, clerk, subject=reworded)
    ask_scheduling(app, votation_id, clerk)  # worded otherwise and not linked: allowed
    deliberate(app, votation_id, clerk, subject=reworded, same_subject_as_id=first)
    with pytest.raises(Refused, match=r"même objet .*LO 1112-6"):
        ask_scheduling(app, votation_id, clerk)
    with app.app_context():
        record = legal.deliberation_of(votation_id)
        assert record is not None and record.same_subject_as_id == first


def test_a_vote_of_the_law_is_not_cast_online_nor_marked_at_the_town_hall_desk(
    app: Flask, people: People
) -> None:
    from civic.votations import voting

    clerk, _second = staff(people)
    elector = people.make("elector", level="elector")
    votation_id = make_votation(
        app,
        opens=NOW - timedelta(hours=1),
        closes=NOW + timedelta(hours=9),
        preset="cgct_referendum",
        electorate="electors",
        min_age=18,
    )
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None and votation.channels == ("paper",)
        question = votation.questions[0].id
        with pytest.raises(Refused, match="pas de vote en ligne"):
            voting.cast_online(
                votation_id, user=db.session.get(User, elector), answers={question: "oui"}, now=NOW
            )
        db.session.rollback()
        with pytest.raises(Refused, match="liste d'émargement de leur bureau"):
            voting.mark_paper_voter(
                votation_id,
                person="elector@example.org",
                polling_station="Bureau 1",
                actor=db.session.get(User, clerk),
                now=NOW,
            )


def ballots(app: Flask, votation_id: int) -> int:
    with app.app_context():
        return int(
            db.session.scalar(
                select(func.count()).select_from(Ballot).where(Ballot.votation_id == votation_id)
            )
            or 0
        )


def test_a_station_report_is_entered_after_closing_and_must_add_up(
    app: Flask, people: People
) -> None:
    clerk, _second = staff(people)
    votation_id = make_votation(
        app,
        opens=NOW - timedelta(hours=1),
        closes=NOW + timedelta(hours=9),
        preset="cgct_consultation",
        electorate="electors",
        min_age=18,
    )
    with app.app_context():
        question = db.session.get(Votation, votation_id).questions[0].id  # type: ignore[union-attr]
        details = stations.ReportDetails("Bureau 1", 1000, 10, {question: {"oui": 6, "non": 3}})
        with pytest.raises(Refused, match="après la clôture du scrutin"):
            stations.enter_station_report(
                votation_id, details, actor=db.session.get(User, clerk), now=NOW
            )
    with pytest.raises(Refused, match="9 bulletins et enveloppes dépouillés pour 10 votants"):
        station_report(app, votation_id, clerk, counts={"oui": 6, "non": 3}, voters=10)
    with pytest.raises(Refused, match="Plus de votants que d'inscrits"):
        station_report(app, votation_id, clerk, registered=5, counts={"oui": 6})
    assert ballots(app, votation_id) == 0
    station_report(
        app,
        votation_id,
        clerk,
        counts={"oui": 6, "non": 3},
        voters=10,
        observation="Un électeur a emporté son enveloppe",
    )
    assert ballots(app, votation_id) == 9
    with pytest.raises(Refused, match="déjà saisi"):
        station_report(app, votation_id, clerk, counts={"oui": 6})
    assert ballots(app, votation_id) == 9


def test_a_mistyped_report_is_cancelled_then_entered_again(
    app: Flask, client: FlaskClient, people: People
) -> None:
    clerk, _second = staff(people)
    votation_id = closed_legal_votation(app, "cgct_consultation")
    station_report(app, votation_id, clerk, counts={"oui": 60, "non": 30})
    with app.app_context():
        [report] = stations.all_reports(votation_id)
        batch_id = report.batch_id
    people.login("preparer")
    response = post(
        client,
        f"/clerk/votations/{votation_id}/paper/batches/{batch_id}/cancel",
        {"reason": "Oui et non inversés", "from": "stations"},
    )
    assert response.headers["Location"].endswith(f"/clerk/votations/{votation_id}/stations")
    assert ballots(app, votation_id) == 0
    page = client.get(f"/clerk/votations/{votation_id}/stations").get_data(as_text=True)
    assert "Oui et non inversés" in page
    station_report(app, votation_id, clerk, counts={"oui": 30, "non": 60})
    assert ballots(app, votation_id) == 90


def test_a_referendum_is_adopted_when_half_the_registered_electors_voted(
    app: Flask, client: FlaskClient, people: People
) -> None:
    clerk, second = staff(people)
    votation_id = closed_legal_votation(app, "cgct_referendum")
    half = ELECTORATE // 2  # 8,560 of 17,120 registered electors
    station_report(
        app,
        votation_id,
        clerk,
        station="Bureau 1",
        registered=9000,
        counts={"oui": 3000, "non": 1400},
        blank=60,
        null=40,
    )
    station_report(
        app,
        votation_id,
        clerk,
        station="Bureau 2",
        registered=8120,
        counts={"oui": 2000, "non": 2000},
        blank=60,
        null=half - 4500 - 4060,
    )
    with app.app_context():
        publish(votation_id, (clerk, second))
    data = client.get(f"/api/v1/votations/{votation_id}").get_json()
    assert data["channels"] == ["paper"] and data["track"] == "legal"
    assert data["participation"] == half
    result = data["questions"][0]["result"]
    assert (result["voters"], result["eligible"], result["adopted"]) == (half, ELECTORATE, True)
    assert [line["polling_station"] for line in data["polling_stations"]] == [
        "Bureau 1",
        "Bureau 2",
    ]
    assert data["polling_stations"][0]["registered"] == 9000
    page = client.get(f"/votations/{votation_id}").get_data(as_text=True)
    assert "Résultats par bureau de vote" in page and "Référendum local (CGCT LO 1112-1)" in page


def test_one_voter_fewer_than_half_the_list_leaves_the_project_unadopted(
    app: Flask, client: FlaskClient, people: People
) -> None:
    clerk, second = staff(people)
    votation_id = closed_legal_votation(app, "cgct_referendum")
    station_report(app, votation_id, clerk, registered=17_120, counts={"oui": ELECTORATE // 2 - 1})
    with app.app_context():
        publish(votation_id, (clerk, second))
    result = client.get(f"/api/v1/votations/{votation_id}").get_json()["questions"][0]["result"]
    assert (result["adopted"], result["failed"]) == (False, ["quorum_not_reached"])


def test_a_citizens_vote_is_online_and_on_paper_and_named_for_what_it_is(
    app: Flask, client: FlaskClient
) -> None:
    votation_id = make_votation(app, opens=NOW - timedelta(hours=1), closes=NOW + timedelta(days=6))
    data = client.get(f"/api/v1/votations/{votation_id}").get_json()
    assert data["channels"] == ["online", "paper"] and data["track"] == "charter"
    assert data["designation"] == "Votation citoyenne décidée par le conseil"
    page = client.get(f"/votations/{votation_id}").get_data(as_text=True)
    assert "Votation citoyenne décidée par le conseil" in page
    assert '<p class="eyebrow">Votation citoyenne décidée par le conseil</p>' in page
    for legal_name in ("Référendum local", "Consultation des électeurs", "Consultation (CGCT"):
        assert legal_name not in page
