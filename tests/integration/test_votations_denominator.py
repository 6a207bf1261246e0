"""A votation's turnout and quorum are measured against the commune's sourced figure,
never against the accounts on the site; "adopté" only when every condition holds
(docs/rules.md §4, CGCT LO 1112-7)."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import (
    AuditEntry,
    CommuneFigure,
    Neighbourhood,
    NeighbourhoodFigure,
    User,
    Votation,
)
from civic.models.commune import (
    FIGURE_ELECTORATE,
    FIGURE_ELECTORATE_EU,
    FIGURE_POPULATION_16_PLUS,
)
from civic.models.votations import VotationApproval, VotationNeighbourhood
from civic.services import Refused
from civic.votations import results, voting
from tests.conftest import People
from tests.votations_factory import (
    ELECTORATE,
    FIGURES_SOURCE,
    POPULATION_16_PLUS,
    make_votation,
    open_votation,
    question_id,
    staff,
    station_report,
)
from tests.votations_factory import publish as publish_results

NOW = datetime.now(UTC)


def publish(app: Flask, people: People, votation_id: int) -> None:
    """Close the vote; one staff member asks to publish, a second approves."""
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        votation.closes_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
        publish_results(votation_id, staff(people))


def vote(app: Flask, votation_id: int, user_id: int, choice: str, now: datetime = NOW) -> None:
    qid = question_id(app, votation_id)
    with app.app_context():
        user = db.session.get(User, user_id)
        voting.cast_online(votation_id, user=user, answers={qid: choice}, now=now)


def test_a_charter_votation_with_three_voters_is_measured_against_the_population_aged_16_and_over(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    for n in range(3):
        vote(app, votation_id, people.make(f"voter{n}"), "oui")
    publish(app, people, votation_id)

    data = client.get(f"/api/v1/votations/{votation_id}").get_json()
    assert data["eligible_count"] == POPULATION_16_PLUS
    assert data["eligible_source"] == FIGURES_SOURCE
    assert data["eligible_effective_date"] == "2024-01-01"
    result = data["questions"][0]["result"]
    assert (result["voters"], result["eligible"], result["turnout_percent"]) == (3, 21_000, "0.0")
    assert (result["adopted"], result["outcome"], result["failed"]) == (
        False,
        "majority_for",
        ["quorum_not_reached"],
    )
    assert result["failed_conditions_text"] == [
        "le quorum n'est pas atteint : le résultat est indicatif"
    ]
    page = html.unescape(client.get(f"/votations/{votation_id}").get_data(as_text=True))
    assert "Le projet est adopté." not in page
    assert "mais il n'est pas adopté" in page
    # Said once, in one word: not again as "publié à titre consultatif".
    assert page.count("le quorum n'est pas atteint : le résultat est indicatif") == 1
    assert "Le quorum n'est pas atteint" not in page and "consultatif" not in page
    assert "habitants de 16 ans et plus" in page and FIGURES_SOURCE in page
    assert "Ce n'est pas le nombre de comptes du site." in page
    # The quorum names the population it is counted on, not "inscrits".
    assert "des habitants de 16 ans et plus (chiffre officiel de la commune) ont voté" in page
    assert "personnes inscrites" not in page


def test_an_electors_votation_shows_the_date_of_each_list_it_adds_up(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app, preset="cgct_referendum", electorate="electors", min_age=18)
    with app.app_context():
        db.session.add(
            CommuneFigure(
                name=FIGURE_ELECTORATE_EU,
                value=80,
                source="Liste complémentaire (citoyens de l'UE)",
                effective_date=date(2024, 6, 1),
            )
        )
        db.session.commit()
    station_report(app, votation_id, staff(people)[0])
    publish(app, people, votation_id)
    page = html.unescape(client.get(f"/votations/{votation_id}").get_data(as_text=True))
    assert f"{FIGURES_SOURCE} (au 1 janvier 2024)" in page
    assert "Liste complémentaire (citoyens de l'UE) (au 1 juin 2024)" in page


def record_residents_16_plus(app: Flask, neighbourhood: str, value: int) -> None:
    """The sourced number of residents aged 16 and over of an existing neighbourhood."""
    with app.app_context():
        hood = db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == neighbourhood))
        assert hood is not None
        db.session.add(
            NeighbourhoodFigure(
                neighbourhood_id=hood.id,
                name=FIGURE_POPULATION_16_PLUS,
                value=value,
                source="INSEE, IRIS",
                effective_date=date(2024, 1, 1),
            )
        )
        db.session.commit()


def test_a_residents_votation_heads_its_neighbourhood_column_with_residents_aged_16_and_over(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id = open_votation(app)
    voter = people.make("nord", neighbourhood="Nord")
    record_residents_16_plus(app, "Nord", 900)
    vote(app, votation_id, voter, "oui")
    publish(app, people, votation_id)
    page = html.unescape(client.get(f"/votations/{votation_id}").get_data(as_text=True))
    assert "Habitants de 16 ans et plus (chiffre officiel)</th>" in page
    assert "Inscrits (chiffre officiel)" not in page


def test_a_local_referendum_is_measured_against_the_electoral_list(
    app: Flask, people: People
) -> None:
    votation_id = open_votation(app, preset="cgct_referendum", electorate="electors", min_age=18)
    station_report(app, votation_id, staff(people)[0])
    publish(app, people, votation_id)
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        assert (votation.eligible_count, votation.eligible_source) == (ELECTORATE, FIGURES_SOURCE)
        result = results.published_results(votation)[0].result
    assert result.quorum_required_voters == ELECTORATE // 2
    assert (result.adopted, result.failed) == (False, ("quorum_not_reached",))


def _two_neighbourhoods(app: Flask, people: People, figures: dict[str, int]) -> list[int]:
    people.make("nord", neighbourhood="Nord", level="elector")
    people.make("sud", neighbourhood="Sud", level="elector")
    with app.app_context():
        hoods = list(
            db.session.scalars(select(Neighbourhood).where(Neighbourhood.name.in_(["Nord", "Sud"])))
        )
        for hood in hoods:
            if hood.name in figures:
                db.session.add(
                    NeighbourhoodFigure(
                        neighbourhood_id=hood.id,
                        name=FIGURE_ELECTORATE,
                        value=figures[hood.name],
                        source=f"Liste électorale, bureau {hood.name}",
                        effective_date=date(2024, 3, 1),
                    )
                )
        db.session.commit()
        return [hood.id for hood in hoods]


def _consultation_of(app: Flask, hood_ids: list[int]) -> int:
    votation_id = open_votation(app, preset="cgct_consultation", electorate="electors", min_age=18)
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        votation.neighbourhoods = [VotationNeighbourhood(neighbourhood_id=h) for h in hood_ids]
        db.session.commit()
    return votation_id


def test_a_consultation_of_two_neighbourhoods_counts_their_electors(
    app: Flask, people: People
) -> None:
    votation_id = _consultation_of(
        app, _two_neighbourhoods(app, people, {"Nord": 1200, "Sud": 800})
    )
    station_report(app, votation_id, staff(people)[0], registered=1200)
    publish(app, people, votation_id)
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        assert votation.eligible_count == 2000
        assert (
            votation.eligible_source
            == "Liste électorale, bureau Nord ; Liste électorale, bureau Sud"
        )


def test_publication_is_refused_naming_the_neighbourhood_figure_that_is_missing(
    app: Flask, people: People
) -> None:
    votation_id = _consultation_of(app, _two_neighbourhoods(app, people, {"Nord": 1200}))
    station_report(app, votation_id, staff(people)[0])
    with pytest.raises(Refused) as refused:
        publish(app, people, votation_id)
    assert "quartier Sud" in refused.value.message
    with app.app_context():  # refused when asked, not only when approved
        assert db.session.scalar(select(VotationApproval.id)) is None
    assert "électeurs inscrits" in refused.value.message
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None and votation.eligible_count is None


def test_a_resident_who_turns_16_on_the_local_voting_day_may_vote_while_utc_is_the_day_before(
    app: Flask, people: People
) -> None:
    # Polling day 7 March 2027 in Paris: 6 March 23:00 UTC to 7 March 23:00 UTC.
    opens = datetime(2027, 3, 6, 23, 0, tzinfo=UTC)
    votation_id = make_votation(app, opens=opens, closes=opens + timedelta(days=1))
    teen = people.make("teen", birth_date=date(2011, 3, 7))
    younger = people.make("younger", birth_date=date(2011, 3, 8))
    at = datetime(2027, 3, 6, 23, 30, tzinfo=UTC)  # 00:30 on 7 March in Paris
    vote(app, votation_id, teen, "oui", now=at)
    with pytest.raises(Refused) as refused:
        vote(app, votation_id, younger, "oui", now=at)
    assert refused.value.message == "Il faut avoir au moins 16 ans le 7 mars 2027."


def test_the_recount_command_shows_the_figure_its_source_and_date(
    app: Flask, people: People, runner: object
) -> None:
    votation_id = open_votation(app)
    vote(app, votation_id, people.make("voter"), "non")
    publish(app, people, votation_id)
    out = runner.invoke(args=["civic", "votations", "recount", str(votation_id)])  # type: ignore[attr-defined]
    assert out.exit_code == 0, out.output
    assert f"Eligible: {POPULATION_16_PLUS} (commune figure; source: {FIGURES_SOURCE}" in out.output
    assert "effective 2024-01-01" in out.output


def test_the_figures_are_recorded_per_neighbourhood_and_audited(app: Flask, people: People) -> None:
    from civic.commune.services import FigureInput, current_neighbourhood_figure, record_figure

    admin = people.make("admin", roles=("admin",), neighbourhood="Nord")
    with app.app_context():
        hood = db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == "Nord"))
        assert hood is not None
        record_figure(
            FigureInput(FIGURE_POPULATION_16_PLUS, 3100, "INSEE 2021", date(2024, 1, 1), hood.id),
            actor=db.session.get(User, admin),
            now=NOW,
        )
        figure = current_neighbourhood_figure(FIGURE_POPULATION_16_PLUS, hood.id, date(2025, 1, 1))
        assert figure is not None and (figure.value, figure.source) == (3100, "INSEE 2021")
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.object_type == "neighbourhood_figure")
        )
        assert entry is not None and entry.action == "figure.recorded"
        with pytest.raises(Refused):
            record_figure(
                FigureInput("investment_budget", 5, "x", date(2024, 1, 1), hood.id),
                actor=db.session.get(User, admin),
                now=NOW,
            )


def test_scheduling_is_refused_naming_the_figure_the_turnout_will_need(
    app: Flask, people: People
) -> None:
    from civic.votations import approvals

    opens = datetime.now(UTC) + timedelta(days=30)
    votation_id = make_votation(app, opens=opens, closes=opens + timedelta(days=10), status="draft")
    preparer, _approver = staff(people)
    with app.app_context():
        db.session.execute(
            CommuneFigure.__table__.delete().where(CommuneFigure.name == FIGURE_POPULATION_16_PLUS)
        )
        db.session.commit()
        with pytest.raises(Refused) as refused:
            approvals.request_scheduling(
                votation_id, actor=db.session.get(User, preparer), now=datetime.now(UTC)
            )
    assert "le nombre d'habitants de 16 ans et plus" in refused.value.message
    assert "Chiffres de la commune" in refused.value.message
