"""Closing, counting and publishing (design §4): the core tallies, this stores and exports.

The eligible count (the denominator of turnout) is taken once, when the results
are published: the accounts eligible at that moment, plus anyone in the register
who has since lost eligibility (they were eligible when they voted). It is
stored, so the published turnout never drifts.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from flask_babel import gettext as _
from sqlalchemy import func, select, union

from civic.audit import services as audit
from civic.core.votation import (
    BLANK,
    NULL,
    TallyMode,
    VotationResult,
    tally_votation,
)
from civic.core.votation import (
    Ballot as CoreBallot,
)
from civic.extensions import db
from civic.models import Ballot, Neighbourhood, User, VoterRegister
from civic.models.votations import (
    BALLOT_BLANK,
    BALLOT_NULL,
    PRESET_CGCT_CONSULTATION,
    PRESET_CGCT_REFERENDUM,
    STATUS_PUBLISHED,
    STATUS_SCHEDULED,
    Votation,
    VotationQuestion,
)
from civic.services import Refused
from civic.votations.eligibility import eligible_users, refusal_reason
from civic.votations.services import get_votation
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


def count_eligible(votation: Votation) -> int:
    """Accounts eligible now, plus registered voters who no longer are."""
    voters = select(VoterRegister.user_id).where(VoterRegister.votation_id == votation.id)
    everyone = union(eligible_users(votation), voters).subquery()
    return int(db.session.scalar(select(func.count()).select_from(everyone)) or 0)


def _core_ballot(choice: str) -> CoreBallot:
    if choice == BALLOT_BLANK:
        return BLANK
    if choice == BALLOT_NULL:
        return NULL
    return choice


def stored_choices(question: VotationQuestion) -> list[str]:
    return list(db.session.scalars(select(Ballot.choice).where(Ballot.question_id == question.id)))


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
    from civic.votations.secrecy import shuffle_ballot_box

    shuffle_ballot_box(votation.id)
    eligible = count_eligible(votation)
    summaries = {}
    for question in votation.questions:
        summary = result_summary(tally_question(votation, question, eligible))
        question.published_result_json = json.dumps(summary, sort_keys=True)
        summaries[str(question.id)] = summary
    votation.eligible_count = eligible
    votation.status = STATUS_PUBLISHED
    votation.published_at = now
    audit.record(
        actor=actor,
        action="votation.results_published",
        object_type="votation",
        object_id=votation.id,
        after={"eligible": eligible, "results": summaries},
        now=now,
    )
    _schedule_council_item(votation, now)
    db.session.commit()
    return votation


def _schedule_council_item(votation: Votation, now: datetime) -> None:
    """Put the result on the council's agenda (meetings area, design §6)."""
    try:
        from civic.meetings.services import schedule_agenda_item
    except ImportError:  # the meetings area is not installed
        return
    schedule_agenda_item(
        kind="votation_result",
        title=_("Résultat de la votation : %(title)s", title=votation.title),
        subject_type="votation",
        subject_id=votation.id,
        now=now,
    )


@dataclass(frozen=True)
class PublishedQuestion:
    question: VotationQuestion
    result: VotationResult
    labels: dict[str, str]


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
    name: str
    voters: int
    eligible: int

    @property
    def turnout(self) -> Fraction:
        return Fraction(self.voters, self.eligible) if self.eligible else Fraction(0)


def turnout_by_neighbourhood(votation: Votation) -> list[NeighbourhoodTurnout]:
    """From the register (who voted is public, what they voted is not), over the
    accounts eligible now: an indication, the official turnout is the stored one."""
    eligible = dict(
        db.session.execute(
            select(User.neighbourhood_id, func.count())
            .where(User.id.in_(eligible_users(votation).scalar_subquery()))
            .group_by(User.neighbourhood_id)
        ).all()
    )
    voters = dict(
        db.session.execute(
            select(User.neighbourhood_id, func.count())
            .join(VoterRegister, VoterRegister.user_id == User.id)
            .where(VoterRegister.votation_id == votation.id)
            .group_by(User.neighbourhood_id)
        ).all()
    )
    lines = []
    for hood in db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)):
        n_voters, n_eligible = int(voters.get(hood.id, 0)), int(eligible.get(hood.id, 0))
        if n_voters or n_eligible:
            lines.append(NeighbourhoodTurnout(hood.name, n_voters, max(n_eligible, n_voters)))
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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["choice", "channel", "polling_station"])
    writer.writerows([choice, channel, station or ""] for choice, channel, station in rows)
    return out.getvalue()


def results_csv(votation: Votation) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["question", "choice", "votes", "share_of_votes_cast"])
    for item in published_results(votation):
        for count in item.result.counts:
            writer.writerow(
                [item.question.text, count.choice, count.votes, f"{float(count.share):.4f}"]
            )
        writer.writerow([item.question.text, BALLOT_BLANK, item.result.blank, ""])
        writer.writerow([item.question.text, BALLOT_NULL, item.result.null, ""])
    return out.getvalue()


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
        return self.published == self.recounted


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
        neighbourhood_turnout=turnout_by_neighbourhood(votation) if published else [],
    )
