"""The demo votations went through both steps of the two-person rule."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from civic.database import write_intent
from civic.extensions import db
from civic.models import Ballot, Votation, VotationApproval
from civic.models.commune import FIGURE_ELECTORATE, FIGURE_POPULATION_16_PLUS
from civic.models.votations import CHANNEL_PAPER, PaperBallotBatch
from tests.conftest import People
from tests.votations_factory import record_commune_figures


def _demo_staff_and_voters(app: Flask, people: People, voters: int = 20) -> tuple[int, int]:
    record_commune_figures(app, **{FIGURE_POPULATION_16_PLUS: 21_000, FIGURE_ELECTORATE: 17_000})
    clerk = people.make("agent", level="elector", roles=("clerk",))
    admin = people.make("admin", level="elector", roles=("admin",))
    for n in range(voters):
        people.make(f"voter{n}", level="elector")
    # The demo's staff accounts are found by their addresses.
    with app.app_context():
        from civic.models import User

        db.session.get(User, clerk).email = "agent@demo.civic.fr"  # type: ignore[union-attr]
        db.session.get(User, admin).email = "admin@demo.civic.fr"  # type: ignore[union-attr]
        db.session.commit()
    return clerk, admin


def test_the_demo_votations_were_scheduled_and_published_by_two_staff_members(
    app: Flask, people: People
) -> None:
    from civic.votations.demo import seed

    clerk, admin = _demo_staff_and_voters(app, people)
    with app.app_context(), write_intent():
        summary: list[str] = []
        seed(datetime.now(UTC), summary)
        votations = list(db.session.scalars(select(Votation)))
        assert sorted(v.status for v in votations) == ["published", "published", "scheduled"]
        approvals = list(db.session.scalars(select(VotationApproval)))
        assert sorted(a.action for a in approvals) == ["publish"] * 2 + ["schedule"] * 3
        for approval in approvals:
            assert approval.requested_by_id == clerk and approval.approved_by_id == admin
            assert approval.approved_at is not None
        seed(datetime.now(UTC), summary)
        assert len(db.session.scalars(select(Votation)).all()) == 3


def test_the_demo_paper_ballots_are_the_batches_listed_on_the_paper_desk(
    app: Flask, people: People
) -> None:
    # The paper desk lists batches (and cancels one); ballots put in the box without
    # a batch showed "no paper ballot entered" beside a paper row in the reconciliation.
    from civic.votations.demo import seed

    _demo_staff_and_voters(app, people, voters=40)
    with app.app_context(), write_intent():
        seed(datetime.now(UTC), [])
        in_box = Counter(
            (votation_id, station)
            for votation_id, station in db.session.execute(
                select(Ballot.votation_id, Ballot.polling_station).where(
                    Ballot.channel == CHANNEL_PAPER
                )
            )
        )
        in_batches: Counter[tuple[int, str]] = Counter()
        for batch in db.session.scalars(select(PaperBallotBatch)):
            assert batch.entered_by is not None and batch.entered_by.email == "agent@demo.civic.fr"
            in_batches[(batch.votation_id, batch.polling_station)] += batch.ballots
        assert in_box and in_batches == in_box


def test_the_demo_shows_the_law_s_consultation_beside_the_citizens_votes(
    app: Flask, client: object, people: People
) -> None:
    from civic.votations.demo import STATIONS, seed

    _demo_staff_and_voters(app, people)
    with app.app_context(), write_intent():
        seed(datetime.now(UTC), [])
        consultation = db.session.scalar(
            select(Votation).where(Votation.title == "Horaires de la médiathèque")
        )
        assert consultation is not None and consultation.status == "published"
        votation_id = consultation.id
    data = client.get(f"/api/v1/votations/{votation_id}").get_json()  # type: ignore[attr-defined]
    assert (data["track"], data["channels"]) == ("legal", ["paper"])
    assert data["deliberation"]["transmitted_to_prefect_on"] is not None
    lines = data["polling_stations"]
    assert [line["polling_station"] for line in lines] == sorted(name for name, _w in STATIONS)
    assert sum(line["registered"] for line in lines) == 17_000  # the electoral list
    result = data["questions"][0]["result"]
    assert result["voters"] == data["participation"] == sum(line["voters"] for line in lines)
    assert result["failed"][0] == "consultative_by_nature"
    others = client.get("/api/v1/votations").get_json()["votations"]  # type: ignore[attr-defined]
    assert sorted(v["track"] for v in others) == ["charter", "charter", "legal"]
    citizens = next(v for v in others if v["title"] == "Piétonnisation de la Grande Rue")
    data = client.get(f"/api/v1/votations/{citizens['id']}").get_json()  # type: ignore[attr-defined]
    [decision] = data["council_decisions"]
    assert (decision["outcome"], decision["vote"]) == (
        "adopted",
        {"for": 24, "against": 6, "abstentions": 3},
    )
