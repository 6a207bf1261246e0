"""Demo votations, the two tracks side by side (docs/rules.md §9): a citizens' vote asked
by petition with its results, the law's consultation of the electors held at five
polling stations (its deliberation sent to the prefect, results from each station's
report) and a citizens' vote open now. Bulk inserts keep the seed fast."""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import insert, select

from civic.commune.demo import split
from civic.core.council_decision import DecisionFacts
from civic.core.electorate import ELECTOR_MINIMUM_AGE
from civic.extensions import db
from civic.models import Ballot, User, Votation, VotationApproval, VotationQuestion, VoterRegister
from civic.models.votation_legal import VotationDeliberation
from civic.models.votations import (
    ACTION_SCHEDULE,
    CHANNEL_ONLINE,
    CHANNEL_PAPER,
    ELECTORATE_ELECTORS,
    PRESET_CGCT_CONSULTATION,
    STATUS_SCHEDULED,
    PaperBallotBatch,
)
from civic.votations.approvals import approve_publication, request_publication
from civic.votations.council import record_council_decision
from civic.votations.documents import issue_on_scheduling
from civic.votations.eligibility import eligible_figure, eligible_users, local_day
from civic.votations.stations import ReportDetails, enter_station_report

MARKER = "Démonstration : votations"


def _votation(
    title: str,
    question: str,
    opens: datetime,
    closes: datetime,
    staff: tuple[User, User],
    **fields: object,
) -> Votation:
    """A votation scheduled by two staff members, with the legal presets' two months'
    notice (the clerk asks, the administrator approves)."""
    scheduled = opens - timedelta(days=65)
    votation = Votation(
        title=title,
        status=STATUS_SCHEDULED,
        council_decision=MARKER,
        opens_at=opens,
        closes_at=closes,
        created_at=opens - timedelta(days=75),
        scheduled_at=scheduled,
        prepared_by_id=staff[0].id,
        **fields,
    )
    votation.questions = [
        VotationQuestion(
            position=0,
            text=question,
            choices_json=json.dumps([["oui", "Oui"], ["non", "Non"]]),
            approve_choice="oui",
        )
    ]
    db.session.add(votation)
    db.session.flush()
    clerk, admin = staff
    db.session.add(
        VotationApproval(
            votation_id=votation.id,
            action=ACTION_SCHEDULE,
            requested_by_id=clerk.id,
            requested_at=scheduled - timedelta(days=2),
            approved_by_id=admin.id,
            approved_at=scheduled,
        )
    )
    return votation


def _staff() -> tuple[User, User] | None:
    """The demo's clerk and administrator: the two people every act needs."""
    clerk = db.session.scalar(select(User).where(User.email == "agent@demo.civic.fr"))
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.civic.fr"))
    return (clerk, admin) if clerk is not None and admin is not None else None


def _publish(votation_id: int, staff: tuple[User, User], now: datetime) -> None:
    clerk, admin = staff
    request_publication(votation_id, actor=clerk, now=now - timedelta(hours=2))
    approve_publication(votation_id, actor=admin, now=now)


def _vote(
    votation: Votation, share: float, yes: float, rng: random.Random, day: datetime, clerk: User
) -> None:
    """Let a share of the eligible vote (a tenth of them on paper, entered by the clerk
    as one batch per polling station, as the paper desk lists them), in bulk."""
    eligible = list(db.session.scalars(eligible_users(votation)))
    voters = rng.sample(eligible, round(len(eligible) * share))
    question = votation.questions[0]
    register, ballots = [], []
    for user_id in voters:
        paper = rng.random() < 0.1
        station = "Bureau 1 – Hôtel de ville" if paper else None
        channel = CHANNEL_PAPER if paper else CHANNEL_ONLINE
        register.append(
            {
                "votation_id": votation.id,
                "user_id": user_id,
                "channel": channel,
                "polling_station": station,
                "voted_on": local_day(day),
            }
        )
        roll = rng.random()
        choice = "blanc" if roll < 0.04 else ("oui" if roll < 0.04 + yes else "non")
        ballots.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                "votation_id": votation.id,
                "question_id": question.id,
                "choice": choice,
                "channel": channel,
                "polling_station": station,
            }
        )
    rng.shuffle(ballots)
    if register:
        db.session.execute(insert(VoterRegister), register)
        db.session.execute(insert(Ballot), ballots)
    paper_counts: dict[str, Counter[str]] = {}
    for ballot in ballots:
        if ballot["channel"] == CHANNEL_PAPER:
            by_choice = paper_counts.setdefault(str(ballot["polling_station"]), Counter())
            by_choice[str(ballot["choice"])] += 1
    for station, counts in paper_counts.items():
        db.session.add(
            PaperBallotBatch(
                votation_id=votation.id,
                polling_station=station,
                counts_json=json.dumps({str(question.id): dict(counts)}, sort_keys=True),
                ballots=counts.total(),
                entered_by_id=clerk.id,
                entered_at=day,
            )
        )


STATIONS = (
    ("Bureau 1 – Hôtel de ville", 4),
    ("Bureau 2 – École Jean-Jaurès", 5),
    ("Bureau 3 – Gymnase des Champs-Plaisants", 4),
    ("Bureau 4 – Salle des Sablons", 3),
    ("Bureau 5 – Maison de quartier Saint-Pregts", 3),
)


def _sunday_before(moment: datetime) -> tuple[datetime, datetime]:
    """A polling day under the Electoral Code: a Sunday, 8 a.m. to 6 p.m., the commune's time."""
    day = local_day(moment)
    day -= timedelta(days=(day.weekday() + 1) % 7)
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    opens = datetime.combine(day, time(8), zone).astimezone(UTC)
    return opens, opens + timedelta(hours=10)


def _deliberation(votation: Votation, subject: str, clerk: User) -> None:
    """The council's deliberation, sent to the prefect two days later, over two months
    before the polling day (CGCT L1112-17)."""
    assert votation.opens_at is not None  # nosec B101  # set by _votation
    adopted = local_day(votation.opens_at) - timedelta(days=70)
    db.session.add(
        VotationDeliberation(
            votation_id=votation.id,
            subject=subject,
            number=f"{adopted.year}-087",
            adopted_on=adopted,
            transmitted_on=adopted + timedelta(days=2),
            recorded_by_id=clerk.id,
            recorded_at=datetime.combine(adopted + timedelta(days=2), time(9), UTC),
        )
    )


def _station_reports(votation: Votation, rng: random.Random, clerk: User, at: datetime) -> None:
    """Each polling station's report, as the clerk types it from the signed paper: the
    commune's electors shared among the stations, a third of them voting."""
    assert votation.closes_at is not None  # nosec B101  # set by _votation
    eligible = eligible_figure(votation, local_day(votation.closes_at)).value
    registered = split(eligible, [weight for _name, weight in STATIONS])
    question = votation.questions[0].id
    for (name, _weight), listed in zip(STATIONS, registered, strict=True):
        voters = round(listed * rng.uniform(0.29, 0.38))
        blank, null = round(voters * 0.02), round(voters * 0.01)
        yes = round((voters - blank - null) * rng.uniform(0.58, 0.7))
        counts = {"oui": yes, "non": voters - blank - null - yes, "blanc": blank, "nul": null}
        enter_station_report(
            votation.id,
            ReportDetails(name, listed, voters, {question: counts}),
            actor=clerk,
            now=at,
        )


def seed(now: datetime, summary: list[str]) -> None:
    if db.session.scalar(select(Votation.id).where(Votation.council_decision == MARKER).limit(1)):
        return
    staff = _staff()
    if staff is None:
        return
    rng = random.Random(1112)  # nosec B311  # demo data, reproducible from a fixed seed
    referendum = _votation(
        "Piétonnisation de la Grande Rue",
        "Approuvez-vous la piétonnisation de la Grande Rue le samedi ?",
        now - timedelta(days=40),
        now - timedelta(days=26),
        staff,
        kind="referendum",
        easy_read="La Grande Rue serait réservée aux **piétons** le samedi, de 9 h à 19 h.",
        arguments_for="- Plus de sécurité pour les enfants\n- Les commerces attirent plus de monde",
        arguments_against="- Les livraisons deviennent plus difficiles\n- Moins de stationnement",
    )
    _vote(referendum, 0.42, 0.58, rng, now - timedelta(days=30), staff[0])
    polling_day = _sunday_before(now - timedelta(days=10))
    consultation = _votation(
        "Horaires de la médiathèque",
        "Souhaitez-vous que la médiathèque ouvre le dimanche matin ?",
        *polling_day,
        staff,
        kind="consultation",
        preset=PRESET_CGCT_CONSULTATION,
        electorate=ELECTORATE_ELECTORS,
        min_age=ELECTOR_MINIMUM_AGE,
        easy_read=(
            "Le conseil municipal demande l'**avis** des électeurs sur une ouverture de la "
            "médiathèque le dimanche matin. Le vote a lieu dans les bureaux de vote."
        ),
        arguments_for="Plus pratique pour les familles qui travaillent en semaine.",
        arguments_against="Coûte deux postes d'agents supplémentaires.",
    )
    _deliberation(consultation, "Ouverture de la médiathèque le dimanche matin", staff[0])
    db.session.flush()
    _station_reports(consultation, rng, staff[0], polling_day[1] + timedelta(hours=3))
    opened = _votation(
        "Nouveau nom du parc des Sablons",
        "Le parc des Sablons doit-il porter le nom de Simone Veil ?",
        now - timedelta(days=2),
        now + timedelta(days=12),
        staff,
        kind="consultation",
        easy_read="Le parc serait renommé **parc Simone-Veil**.",
        arguments_for="Un hommage à une grande figure européenne.",
        arguments_against="Le nom actuel est connu de tous les habitants.",
    )
    _vote(opened, 0.08, 0.7, rng, now - timedelta(days=1), staff[0])
    db.session.flush()
    for votation in (referendum, consultation, opened):  # the notice, issued when scheduled
        assert votation.scheduled_at is not None  # nosec B101  # set by _votation
        issue_on_scheduling(votation, votation.scheduled_at)
    _publish(referendum.id, staff, now - timedelta(days=25))
    # The council's deliberation on the citizens' vote's result (its political commitment).
    decided = now - timedelta(days=12)
    record_council_decision(
        referendum.id,
        facts=DecisionFacts("adopted", local_day(decided), f"{decided.year}-112", 24, 6, 3),
        summary="La Grande Rue sera réservée aux piétons le samedi, de 9 h à 19 h.",
        actor=staff[0],
        now=decided,
    )
    _publish(consultation.id, staff, now - timedelta(days=5))
    summary.append(
        "3 votations (a citizens' vote and a legal consultation with results by polling "
        "station, a citizens' vote open)"
    )
