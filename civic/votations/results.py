"""Closing, counting and publishing (docs/rules.md §4): the core tallies, this stores and exports.

The eligible count (the denominator of turnout and quorum) is the commune's
sourced figure for the votation's electorate in force on the last voting day
(``eligibility.eligible_figure``), never the number of accounts on the site. It
is fixed, with its source and date, when the results are published, so the
published turnout never drifts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from civic.audit import services as audit
from civic.commune.services import figures_in_force
from civic.core.votation import (
    BLANK,
    CONSULTATIVE_BY_NATURE,
    NO_DECISION,
    NO_MAJORITY,
    NULL,
    QUORUM_NOT_REACHED,
    TallyMode,
    VotationResult,
    tally_votation,
)
from civic.core.votation import (
    Ballot as CoreBallot,
)
from civic.csv_export import csv_text
from civic.events import VotationResultsPublished, publish
from civic.extensions import db
from civic.models import Ballot, Neighbourhood, User, VoterRegister
from civic.models.commune import FIGURE_ELECTORATE, FIGURE_POPULATION_16_PLUS
from civic.models.votations import (
    BALLOT_BLANK,
    BALLOT_NULL,
    CHANNEL_ONLINE,
    ELECTORATE_ELECTORS,
    PRESET_CGCT_CONSULTATION,
    PRESET_CGCT_REFERENDUM,
    STATUS_PUBLISHED,
    STATUS_SCHEDULED,
    Votation,
    VotationQuestion,
)
from civic.services import Refused
from civic.votations import documents as votation_documents
from civic.votations import encrypted, stations
from civic.votations.eligibility import (
    eligible_figure,
    last_voting_day,
    refusal_reason,
)
from civic.votations.services import get_votation, publication_approved
from civic.votations.track import legal_vote
from civic.votations.voting import choices_of, is_closed, is_open, register_entry

MODES = {
    PRESET_CGCT_REFERENDUM: TallyMode.CGCT_LOCAL_REFERENDUM,
    PRESET_CGCT_CONSULTATION: TallyMode.CONSULTATIVE,
}


def tally_mode(votation: Votation) -> TallyMode:
    return MODES.get(votation.preset, TallyMode.BINDING_IF_QUORUM)


def quorum_of(votation: Votation) -> Fraction | None:
    """The quorum handed to the core (the CGCT referendum's is fixed by law: None)."""
    if tally_mode(votation) is TallyMode.CGCT_LOCAL_REFERENDUM:
        return None
    return Fraction(votation.quorum_percent)


def _core_ballot(choice: str) -> CoreBallot:
    if choice == BALLOT_BLANK:
        return BLANK
    if choice == BALLOT_NULL:
        return NULL
    return choice


def stored_choices(question: VotationQuestion) -> list[str]:
    """The ballots of a question: those of the ballots table and, for an encrypted online
    vote, the online ballots' choices from the trustees' decrypted counts."""
    stored = db.session.scalars(select(Ballot.choice).where(Ballot.question_id == question.id))
    return [*stored, *encrypted.online_choices(question)]


def tally_question(votation: Votation, question: VotationQuestion, eligible: int) -> VotationResult:
    return tally_votation(
        [code for code, _label in choices_of(question)],
        (_core_ballot(choice) for choice in stored_choices(question)),
        eligible,
        mode=tally_mode(votation),
        quorum_percent=quorum_of(votation),
        approve_choice=question.approve_choice,
    )


def result_summary(result: VotationResult) -> dict[str, object]:
    """What is published and later compared by a recount (plain JSON values)."""
    return {
        "counts": {count.choice: count.votes for count in result.counts},
        "blank": result.blank,
        "null": result.null,
        "valid": result.valid,
        "voters": result.voters,
        "eligible": result.eligible,
        "turnout_percent": str(result.turnout_percent),
        "quorum_percent": str(result.quorum_percent),
        "quorum_required_voters": result.quorum_required_voters,
        "quorum_reached": result.quorum_reached,
        "winner": result.winner,
        "tied": list(result.tied),
        "adopted": result.adopted,
        "binding": result.binding,
        "outcome": result.outcome,
        "reason": result.reason,
        "failed": list(result.failed),
        "mode": str(result.mode),
    }


def publish_results(votation_id: int, *, actor: User | None, now: datetime) -> Votation:
    """Close the count after the period: fix the eligible count, tally, publish.

    The votation row is locked first: a ballot being cast (which holds it shared,
    ``voting.cast_online``) is waited for and counted, and any later one is refused."""
    votation = get_votation(votation_id)
    db.session.refresh(votation, with_for_update=True)
    if votation.status == STATUS_PUBLISHED:
        raise Refused(_("Les résultats sont déjà publiés."))
    if votation.status != STATUS_SCHEDULED or not is_closed(votation, now):
        raise Refused(_("Les résultats ne peuvent être publiés qu'après la clôture du vote."))
    if not publication_approved(votation.id):  # the two-person rule (approvals.py)
        raise Refused(_("Un second membre du personnel doit approuver la publication."))
    from civic.votations.secrecy import shuffle_ballot_box

    figure = eligible_figure(votation, last_voting_day(votation) or now.date())
    shuffle_ballot_box(votation.id)
    eligible = figure.value
    summaries = {}
    for question in votation.questions:
        summary = result_summary(tally_question(votation, question, eligible))
        question.published_result_json = json.dumps(summary, sort_keys=True)
        summaries[str(question.id)] = summary
    votation.eligible_count = eligible
    votation.eligible_source = figure.source
    votation.eligible_effective_date = figure.effective_date
    votation.status = STATUS_PUBLISHED
    votation.published_at = now
    # The proclamation of the results, and the draft of the council's deliberation.
    votation_documents.issue_on_publication(votation, now)
    audit.record(
        actor=actor,
        action="votation.results_published",
        object_type="votation",
        object_id=votation.id,
        after={
            "eligible": eligible,
            "eligible_source": figure.source,
            "eligible_effective_date": figure.effective_date.isoformat(),
            "results": summaries,
        },
        now=now,
    )
    # The council takes note of the result (follow-up layer: an agenda item).
    publish(VotationResultsPublished(now=now, votation_id=votation.id))
    db.session.commit()
    return votation


_FAILED_CONDITIONS = {
    CONSULTATIVE_BY_NATURE: _l("c'est une consultation : un avis, qui n'engage pas le conseil"),
    QUORUM_NOT_REACHED: _l("le quorum n'est pas atteint : le résultat est indicatif"),
    NO_MAJORITY: _l("le projet n'a pas la majorité des suffrages exprimés"),
    NO_DECISION: _l("le scrutin ne départage pas les choix"),
}


def failed_conditions(result: VotationResult) -> list[str]:
    """The conditions of the votation's rules that failed, in plain French."""
    return [str(_FAILED_CONDITIONS[code]) for code in result.failed]


@dataclass(frozen=True)
class PublishedQuestion:
    question: VotationQuestion
    result: VotationResult
    labels: dict[str, str]

    @property
    def failures(self) -> list[str]:
        return failed_conditions(self.result)


def published_results(votation: Votation) -> list[PublishedQuestion]:
    """The results, recomputed from the ballot box with the stored eligible count."""
    if votation.status != STATUS_PUBLISHED or votation.eligible_count is None:
        return []
    return [
        PublishedQuestion(
            question,
            tally_question(votation, question, votation.eligible_count),
            dict(choices_of(question)),
        )
        for question in votation.questions
    ]


@dataclass(frozen=True)
class NeighbourhoodTurnout:
    """Voters of one neighbourhood (from the register) against its sourced figure,
    when the commune has one (``eligible`` is None otherwise)."""

    name: str
    voters: int
    eligible: int | None

    @property
    def turnout(self) -> Fraction | None:
        if not self.eligible:
            return None
        return min(Fraction(self.voters, self.eligible), Fraction(1))


def turnout_by_neighbourhood(votation: Votation) -> list[NeighbourhoodTurnout]:
    """From the register (who voted is public, what they voted is not), over each
    neighbourhood's sourced figure (electors, or residents aged 16 and over)."""
    voters = dict(
        db.session.execute(
            select(User.neighbourhood_id, func.count())
            .join(VoterRegister, VoterRegister.user_id == User.id)
            .where(VoterRegister.votation_id == votation.id)
            .group_by(User.neighbourhood_id)
        ).all()
    )
    electors = votation.electorate == ELECTORATE_ELECTORS
    name = FIGURE_ELECTORATE if electors else FIGURE_POPULATION_16_PLUS
    on = last_voting_day(votation) or date.max  # the day the published figure was read
    in_force = figures_in_force((name,), on)
    lines = []
    for hood in db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)):
        if votation.neighbourhood_ids and hood.id not in votation.neighbourhood_ids:
            continue
        figure = in_force.get((hood.id, name))
        n_voters = int(voters.get(hood.id, 0))
        if n_voters or figure is not None:
            lines.append(
                NeighbourhoodTurnout(hood.name, n_voters, figure.value if figure else None)
            )
    return lines


def ballots_csv(votation: Votation, question: VotationQuestion) -> str:
    """The anonymous ballots of one question, readable by ``python -m civic.core votation``.

    Sorted by choice, channel and station, so the file keeps no trace of the
    order in which ballots were cast or stored.
    """
    rows = db.session.execute(
        select(Ballot.choice, Ballot.channel, Ballot.polling_station)
        .where(Ballot.question_id == question.id)
        .order_by(Ballot.choice, Ballot.channel, Ballot.polling_station)
    ).all()
    online = [(choice, CHANNEL_ONLINE, None) for choice in encrypted.online_choices(question)]
    return csv_text(
        [
            ["choice", "channel", "polling_station"],
            *(
                [choice, channel, station or ""]
                for choice, channel, station in sorted(
                    [*rows, *online], key=lambda row: (row[0], row[1], row[2] or "")
                )
            ),
        ]
    )


def results_csv(votation: Votation) -> str:
    rows: list[list[object]] = [["question", "choice", "votes", "share_of_votes_cast"]]
    for item in published_results(votation):
        for count in item.result.counts:
            rows.append(
                [item.question.text, count.choice, count.votes, f"{float(count.share):.4f}"]
            )
        rows.append([item.question.text, BALLOT_BLANK, item.result.blank, ""])
        rows.append([item.question.text, BALLOT_NULL, item.result.null, ""])
    return csv_text(rows)


def recount_command(votation: Votation, question: VotationQuestion, filename: str) -> str:
    """The command anyone can run on the exported ballots to check the result."""
    parts = [
        "python -m civic.core votation",
        f"--ballots {filename}",
        f"--eligible {votation.eligible_count}",
        f"--mode {tally_mode(votation)}",
        "--choices " + ",".join(code for code, _label in choices_of(question)),
    ]
    quorum = quorum_of(votation)
    if quorum is not None:
        parts.append(f"--quorum {quorum}")
    if question.approve_choice:
        parts.append(f"--approve {question.approve_choice}")
    return " ".join(parts)


@dataclass(frozen=True)
class Recount:
    question: str
    published: dict[str, object] | None
    recounted: dict[str, object]

    @property
    def matches(self) -> bool:
        """Every published value recounts the same (a value added to the summary
        after publication has nothing published to compare with)."""
        if self.published is None:
            return False
        return all(self.recounted.get(key) == value for key, value in self.published.items())


def eligible_description(votation: Votation) -> str:
    """The denominator of a published votation, with its source and date (plain text)."""
    if votation.eligible_source and votation.eligible_effective_date:
        return (
            f"Eligible: {votation.eligible_count} (commune figure; source: "
            f"{votation.eligible_source}; effective {votation.eligible_effective_date.isoformat()})"
        )
    return f"Eligible: {votation.eligible_count} (count of eligible accounts, no commune figure)"


def recount(votation_id: int) -> list[Recount]:
    """Tally the ballot box again and compare with what was published."""
    votation = get_votation(votation_id)
    if votation.status != STATUS_PUBLISHED or votation.eligible_count is None:
        raise Refused(_("Les résultats de cette votation ne sont pas publiés."))
    return [
        Recount(
            question.text,
            json.loads(question.published_result_json) if question.published_result_json else None,
            result_summary(tally_question(votation, question, votation.eligible_count)),
        )
        for question in votation.questions
    ]


@dataclass(frozen=True)
class VotationPage:
    """Everything the votation page shows to one visitor."""

    votation: Votation
    phase: str  # "draft", "upcoming", "open", "counting", "published"
    voted_channel: str | None  # how this visitor took part, if they did; never what
    refusal: str | None  # why this visitor may not vote, if they may not
    voters: int
    results: list[PublishedQuestion]
    recount_commands: list[str]
    neighbourhood_turnout: list[NeighbourhoodTurnout]


def phase_of(votation: Votation, now: datetime) -> str:
    if votation.status == STATUS_PUBLISHED:
        return "published"
    if votation.status != STATUS_SCHEDULED:
        return "draft"
    if is_closed(votation, now):
        return "counting"
    return "open" if is_open(votation, now) else "upcoming"


def votation_page(votation_id: int, *, user: User | None, now: datetime) -> VotationPage:
    votation = get_votation(votation_id)
    entry = register_entry(votation.id, user.id) if user is not None else None
    refusal = None
    if user is not None and entry is None:
        refusal = refusal_reason(votation, user)
    voters = int(
        db.session.scalar(
            select(func.count())
            .select_from(VoterRegister)
            .where(VoterRegister.votation_id == votation.id)
        )
        or 0
    )
    if legal_vote(votation) is not None:  # signed on the polling stations' lists
        voters = stations.participation(votation)
    published = votation.status == STATUS_PUBLISHED
    return VotationPage(
        votation=votation,
        phase=phase_of(votation, now),
        voted_channel=entry.channel if entry else None,
        refusal=refusal,
        voters=voters,
        results=published_results(votation),
        recount_commands=[
            recount_command(votation, question, f"votation-{votation.id}-bulletins-{n}.csv")
            for n, question in enumerate(votation.questions, start=1)
        ]
        if published
        else [],
        # A vote of the law's voters sign their station's list, not the register: its
        # turnout is given per polling station (civic.votations.stations).
        neighbourhood_turnout=turnout_by_neighbourhood(votation)
        if published and legal_vote(votation) is None
        else [],
    )
