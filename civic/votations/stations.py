"""Results of a vote of the law, entered from each polling station's official report
(procès-verbal): registered electors, voters signed on the list, blank and spoiled
ballots and the votes for each choice (Code électoral; docs/rules.md §4).

A report puts its ballots into the anonymous box as one paper batch, so the tally, the
exported ballots and the recount are the same as for any votation, and a mistyped
report is cancelled, with a reason, like any batch (``civic.votations.paper.cancel_batch``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civic.audit import services as audit
from civic.core.legal_track import StationReport as ReportFacts
from civic.core.legal_track import check_station_report
from civic.extensions import db
from civic.models import Ballot, User
from civic.models.votation_legal import OBSERVATION_MAX, StationReport
from civic.models.votations import (
    BALLOT_BLANK,
    BALLOT_NULL,
    CHANNEL_PAPER,
    STATUS_PUBLISHED,
    STATUS_SCHEDULED,
    PaperBallotBatch,
    Votation,
)
from civic.services import Refused
from civic.votations.legal import deliberation_of, refuse_charter
from civic.votations.services import get_votation
from civic.votations.track import legal_vote
from civic.votations.voting import PAPER_COUNT_MAX, choices_of, clean_station, new_ballot


def active_reports(votation_id: int) -> list[StationReport]:
    """The reports whose ballots are in the box (their batch not cancelled), by station."""
    return list(
        db.session.scalars(
            select(StationReport)
            .join(PaperBallotBatch, PaperBallotBatch.id == StationReport.batch_id)
            .where(
                StationReport.votation_id == votation_id, PaperBallotBatch.cancelled_at.is_(None)
            )
            .order_by(StationReport.polling_station)
        )
    )


def all_reports(votation_id: int) -> list[StationReport]:
    return list(
        db.session.scalars(
            select(StationReport)
            .where(StationReport.votation_id == votation_id)
            .order_by(StationReport.id)
        )
    )


def participation(votation: Votation) -> int:
    """The voters signed on the stations' lists, from their reports."""
    return sum(report.voters for report in active_reports(votation.id))


_REPORT_PROBLEMS = {
    "negative": _l("Les nombres du procès-verbal ne peuvent pas être négatifs."),
    "no_registered": _l("Indiquez le nombre d'électeurs inscrits au bureau."),
    "more_voters_than_registered": _l(
        "Plus de votants que d'inscrits : vérifiez le procès-verbal."
    ),
    "more_ballots_than_registered": _l(
        "Plus de bulletins que d'inscrits : vérifiez le procès-verbal."
    ),
}


def _report_refusal(code: str, ballots: int, voters: int) -> Refused:
    if code == "ballots_differ_from_voters":
        return Refused(
            _(
                "%(ballots)s bulletins et enveloppes dépouillés pour %(voters)s votants émargés : "
                "recopiez l'observation du procès-verbal qui explique l'écart.",
                ballots=ballots,
                voters=voters,
            ),
            "observation",
        )
    return Refused(_REPORT_PROBLEMS[code])


@dataclass(frozen=True)
class ReportDetails:
    """A station's report as typed: per question, a count per choice, blank and spoiled."""

    polling_station: str
    registered: int
    voters: int
    counts: dict[int, dict[str, int]]
    observation: str = ""


def enter_station_report(
    votation_id: int, details: ReportDetails, *, actor: User, now: datetime
) -> StationReport:
    """Enter a polling station's report after the poll closed: its ballots go into the box
    (one paper batch), its registered electors and voters are kept beside it (audited)."""
    votation = get_votation(votation_id)
    db.session.refresh(votation, with_for_update=True)  # one desk write at a time
    refuse_charter(votation)
    if (
        votation.status != STATUS_SCHEDULED
        or votation.closes_at is None
        or now < votation.closes_at
    ):
        raise Refused(
            _(
                "Le procès-verbal d'un bureau se saisit après la clôture du scrutin et avant la "
                "publication des résultats."
            )
        )
    station = clean_station(details.polling_station)
    if any(report.polling_station == station for report in active_reports(votation.id)):
        raise Refused(
            _(
                "Le procès-verbal de ce bureau est déjà saisi : annulez-le (avec une raison) "
                "pour le saisir à nouveau."
            ),
            "polling_station",
        )
    observation = " ".join((details.observation or "").split())
    if len(observation) > OBSERVATION_MAX:
        raise Refused(_("Observation trop longue."), "observation")
    numbers = [details.registered, details.voters]
    recorded: dict[str, dict[str, int]] = {}
    ballots: list[Ballot] = []
    for question in votation.questions:
        codes = [code for code, _label in choices_of(question)]
        given = details.counts.get(question.id, {})
        counts = {code: given.get(code, 0) for code in codes}
        blank, null = given.get(BALLOT_BLANK, 0), given.get(BALLOT_NULL, 0)
        numbers += [blank, null, *counts.values()]
        if any(not 0 <= number <= PAPER_COUNT_MAX for number in numbers):
            raise Refused(_("Nombre invalide dans le procès-verbal."))
        facts = ReportFacts(details.registered, details.voters, blank, null, counts, observation)
        problem = check_station_report(facts)
        if problem is not None:
            raise _report_refusal(problem, facts.ballots, details.voters)
        recorded[str(question.id)] = {**counts, BALLOT_BLANK: blank, BALLOT_NULL: null}
        for code, number in recorded[str(question.id)].items():
            ballots.extend(
                new_ballot(
                    votation, question.id, code, channel=CHANNEL_PAPER, polling_station=station
                )
                for _ in range(number)
            )
    batch = PaperBallotBatch(
        votation_id=votation.id,
        polling_station=station,
        counts_json=json.dumps(recorded, sort_keys=True),
        ballots=len(ballots),
        entered_by_id=actor.id,
        entered_at=now,
    )
    db.session.add_all(ballots)
    db.session.add(batch)
    db.session.flush()
    report = StationReport(
        votation_id=votation.id,
        batch_id=batch.id,
        polling_station=station,
        registered=details.registered,
        voters=details.voters,
        observation=observation or None,
    )
    db.session.add(report)
    audit.record(
        actor=actor,
        action="votation.station_report_entered",
        object_type="votation",
        object_id=votation.id,
        after={
            "polling_station": station,
            "registered": details.registered,
            "voters": details.voters,
            "counts": recorded,
            "observation": observation or None,
        },
        now=now,
    )
    db.session.commit()
    return report


def refuse_unready_publication(votation: Votation) -> None:
    """A vote of the law is counted from its stations' reports: at least one is needed."""
    if legal_vote(votation) is not None and not active_reports(votation.id):
        raise Refused(
            _("Saisissez le procès-verbal de chaque bureau de vote avant de publier les résultats.")
        )


@dataclass(frozen=True)
class StationLine:
    """One station's published figures, from its report."""

    polling_station: str
    registered: int
    voters: int
    counts: dict[str, int]  # per choice code, then "blanc" and "nul" (first question)
    observation: str | None

    @property
    def turnout(self) -> Fraction:
        return Fraction(self.voters, self.registered) if self.registered else Fraction(0)


def station_lines(votation: Votation) -> list[StationLine]:
    """Each counted station's report, for the results page and the open data."""
    if legal_vote(votation) is None or not votation.questions:
        return []
    first = str(votation.questions[0].id)
    return [
        StationLine(
            report.polling_station,
            report.registered,
            report.voters,
            json.loads(report.batch.counts_json).get(first, {}),
            report.observation,
        )
        for report in active_reports(votation.id)
    ]


def legal_open_data(votation: Votation) -> dict[str, Any]:
    """What the API adds for a vote of the law: its deliberation and, once published, the
    figures of each polling station's report (nothing for a citizens' vote)."""
    if legal_vote(votation) is None:
        return {}
    record = deliberation_of(votation.id)
    return {
        "deliberation": {
            "subject": record.subject,
            "number": record.number,
            "adopted_on": record.adopted_on.isoformat() if record.adopted_on else None,
            "transmitted_to_prefect_on": record.transmitted_on.isoformat()
            if record.transmitted_on
            else None,
        }
        if record is not None
        else None,
        "polling_stations": [
            {
                "polling_station": line.polling_station,
                "registered": line.registered,
                "voters": line.voters,
                "counts": line.counts,
                "observation": line.observation,
            }
            for line in station_lines(votation)
        ]
        if votation.status == STATUS_PUBLISHED
        else [],
    }
