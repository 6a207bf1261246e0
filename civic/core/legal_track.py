"""The legal track's votations, as the CGCT writes them (docs/rules.md §4, §9).

Two votes of the law, beside the charter's citizens' vote (votation citoyenne):

- the **local referendum** (CGCT LO 1112-1 ff.): the council submits a draft
  deliberation to the electors; adopted only if at least half of the registered
  electors voted and it has the majority of votes cast (LO 1112-7, tallied by
  ``civic.core.votation``);
- the **consultation of the electors** (CGCT L1112-15 ff.): an opinion only
  (L1112-17: the deliberation "indique expressément que cette consultation n'est
  qu'une demande d'avis").

Both are elections in the Electoral Code's sense: electors only, at polling
stations, results from each station's official report (procès-verbal). So the
rules checked here, from plain dates and figures:

- the council's deliberation (number, date) and its transmission to the prefect
  come first; for a referendum the executive transmits it within eight days
  (LO 1112-3, second paragraph); the polling day is at least two months after the
  transmission (LO 1112-3 for a referendum, L1112-17 for a consultation);
- no vote from the first day of the sixth month before the month of the council's
  general renewal, nor during the campaign or polling days of the elections and
  referendums LO 1112-6 lists (which L1112-21 applies to consultations); a
  deliberation lapses when such a period falls between it and the vote (LO 1112-6),
  so the whole span from the deliberation to the last polling day is checked;
- not twice on the same subject within a year: two referendums (LO 1112-6, last
  paragraph); a consultation within a year of a referendum or consultation on the
  same subject (L1112-21). Two votes are on one subject when the clerk linked the
  later one to the earlier (the first vote on the subject names the subject), or
  when their subjects read the same once folded as identities are
  (``civic.core.identity``: case, accents, ligatures, look-alike letters, invisible
  characters and punctuation aside);
- a station's report adds up: voters no more than registered electors, and the
  ballots found (blank, spoiled and each choice) equal to the voters signed on the
  list, unless the report notes the difference.

Dates are the commune's local calendar days; the caller converts instants.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from civic.core.identity import normalise_name

__all__ = [
    "CHARTER_CHANNELS",
    "POLLING_STATION_CHANNELS",
    "TRANSMISSION_MAX_DAYS",
    "EarlierVote",
    "ElectionPeriod",
    "LegalProblem",
    "LegalVote",
    "ScheduleFacts",
    "StationReport",
    "add_months",
    "check_schedule",
    "check_station_report",
    "renewal_blackout",
    "same_subject",
    "subject_key",
]

CHARTER_CHANNELS = ("online", "paper")
"""A citizens' vote of the charter: online, or on paper at the town hall."""

POLLING_STATION_CHANNELS = ("paper",)
"""A vote of the law is held at polling stations under the Electoral Code: no online channel."""

TRANSMISSION_MAX_DAYS = 8
"""LO 1112-3: the executive transmits the deliberation to the prefect within eight days."""

NOTICE_MONTHS = 2
"""LO 1112-3, L1112-17: the polling day is two months at least after the transmission."""

SAME_SUBJECT_YEARS = 1
"""LO 1112-6 (referendums), L1112-21 (consultations): a year between votes on one subject."""


class LegalVote(StrEnum):
    REFERENDUM = "referendum"  # CGCT LO 1112-1 ff.
    CONSULTATION = "consultation"  # CGCT L1112-15 ff.


@dataclass(frozen=True)
class ElectionPeriod:
    """The campaign and polling days of an election or national referendum, as configured:
    from the campaign's first day to the last polling day, both included."""

    name: str
    starts_on: date
    ends_on: date

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError(f"{self.name}: the period ends before it starts")


@dataclass(frozen=True)
class EarlierVote:
    """Another vote of the law of the commune (held, or scheduled), for the one-year rule.

    ``subject_id`` names its subject: the id of the first vote on it (its own id, unless
    it was linked to an earlier vote on the same subject)."""

    kind: LegalVote
    title: str
    subject: str
    first_day: date
    last_day: date
    subject_id: int | None = None


@dataclass(frozen=True)
class ScheduleFacts:
    """What is known of a vote of the law when it is scheduled."""

    kind: LegalVote
    subject: str
    deliberation_number: str
    deliberation_on: date | None
    transmitted_on: date | None  # to the prefect (représentant de l'État)
    first_day: date  # first polling day
    last_day: date  # last polling day
    # The subject: the id of the first vote on it (as EarlierVote.subject_id).
    subject_id: int | None = None


@dataclass(frozen=True)
class LegalProblem:
    """Why a vote of the law may not be scheduled: ``code`` and what the message needs.

    Codes: "no_subject", "no_deliberation", "deliberation_in_future", "not_transmitted",
    "transmitted_before_deliberation", "transmitted_in_future", "transmitted_late"
    (``day``: the last day allowed), "notice_too_short" (``day``: the first polling day
    allowed), "renewal_period" and "election_period" (``name``, ``starts_on``,
    ``ends_on``), "same_subject_within_a_year" (``name``: the earlier vote's title,
    ``day``: the first day another vote on its subject may be held)."""

    code: str
    day: date | None = None
    name: str = ""
    starts_on: date | None = None
    ends_on: date | None = None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (clamped to the month's end)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def renewal_blackout(renewal_month: date) -> tuple[date, date]:
    """LO 1112-6, 1°: no referendum "à compter du premier jour du sixième mois précédant
    celui au cours duquel il doit être procédé au renouvellement général" of the council.

    For a renewal in March 2032, from 1 September 2031 to the end of March 2032 (the
    renewal's own month, whose polling days the second paragraph covers too)."""
    first_of_month = renewal_month.replace(day=1)
    last = calendar.monthrange(first_of_month.year, first_of_month.month)[1]
    return add_months(first_of_month, -6), first_of_month.replace(day=last)


def subject_key(text: str) -> str:
    """A subject as compared: folded as a person's name is for the identity key (case,
    accents, ligatures, look-alike letters of other alphabets, invisible characters,
    punctuation and spacing aside), so "Cœur de ville" is "coeur de ville"."""
    return normalise_name(text)


def same_subject(facts: ScheduleFacts, vote: EarlierVote) -> bool:
    """Linked by the clerk to one first vote, or worded alike."""
    if facts.subject_id is not None and facts.subject_id == vote.subject_id:
        return True
    return subject_key(facts.subject) == subject_key(vote.subject)


def _overlaps(start: date, end: date, other_start: date, other_end: date) -> bool:
    return start <= other_end and other_start <= end


def _deliberation_problems(facts: ScheduleFacts, today: date) -> list[LegalProblem]:
    delib, sent = facts.deliberation_on, facts.transmitted_on
    if not facts.deliberation_number.strip() or delib is None:
        return [LegalProblem("no_deliberation")]
    if delib > today:
        return [LegalProblem("deliberation_in_future")]
    if sent is None:
        return [LegalProblem("not_transmitted")]
    if sent < delib:
        return [LegalProblem("transmitted_before_deliberation")]
    if sent > today:
        return [LegalProblem("transmitted_in_future")]
    problems = []
    deadline = delib + timedelta(days=TRANSMISSION_MAX_DAYS)
    if facts.kind is LegalVote.REFERENDUM and sent > deadline:
        problems.append(LegalProblem("transmitted_late", day=deadline))
    earliest = add_months(sent, NOTICE_MONTHS)
    if facts.first_day < earliest:
        problems.append(LegalProblem("notice_too_short", day=earliest))
    return problems


def _same_subject(facts: ScheduleFacts, earlier: Sequence[EarlierVote]) -> list[LegalProblem]:
    problems = []
    for vote in earlier:
        if not same_subject(facts, vote):
            continue
        # Two referendums (LO 1112-6); a consultation after either kind (L1112-21).
        if facts.kind is LegalVote.REFERENDUM and vote.kind is not LegalVote.REFERENDUM:
            continue
        before, after = (
            (vote.last_day, facts.first_day)
            if vote.first_day <= facts.first_day
            else (facts.last_day, vote.first_day)
        )
        if after < add_months(before, 12 * SAME_SUBJECT_YEARS):
            # The first day allowed, when the other vote comes first.
            day = before if vote.first_day <= facts.first_day else None
            problems.append(
                LegalProblem(
                    "same_subject_within_a_year",
                    day=add_months(day, 12 * SAME_SUBJECT_YEARS) if day else None,
                    name=vote.title,
                )
            )
    return problems


def check_schedule(
    facts: ScheduleFacts,
    *,
    today: date,
    renewal_month: date | None,
    elections: Sequence[ElectionPeriod],
    earlier: Sequence[EarlierVote],
) -> list[LegalProblem]:
    """Every rule of the law the vote breaks, in reading order (empty: it may be scheduled).

    ``renewal_month``: a day of the month of the council's next general renewal, or None
    when not configured; ``elections``: the configured campaigns and polling days;
    ``earlier``: the commune's other votes of the law (not this one)."""
    if facts.last_day < facts.first_day:
        raise ValueError("the last polling day precedes the first")
    problems: list[LegalProblem] = []
    if not subject_key(facts.subject):
        problems.append(LegalProblem("no_subject"))
    problems.extend(_deliberation_problems(facts, today))
    # From the deliberation (or the first polling day, without one) to the last polling day.
    span_start = min(facts.deliberation_on or facts.first_day, facts.first_day)
    if renewal_month is not None:
        starts, ends = renewal_blackout(renewal_month)
        if _overlaps(span_start, facts.last_day, starts, ends):
            problems.append(LegalProblem("renewal_period", starts_on=starts, ends_on=ends))
    for period in sorted(elections, key=lambda p: p.starts_on):
        if _overlaps(span_start, facts.last_day, period.starts_on, period.ends_on):
            problems.append(
                LegalProblem(
                    "election_period",
                    name=period.name,
                    starts_on=period.starts_on,
                    ends_on=period.ends_on,
                )
            )
    if subject_key(facts.subject):
        problems.extend(_same_subject(facts, earlier))
    return problems


@dataclass(frozen=True)
class StationReport:
    """A polling station's official report (procès-verbal), as typed from the paper."""

    registered: int  # electors on the station's list (inscrits)
    voters: int  # signatures on the list (votants, émargements)
    blank: int
    null: int
    counts: Mapping[str, int]  # votes for each choice
    observation: str = ""  # what the report notes, e.g. why ballots and voters differ

    @property
    def ballots(self) -> int:
        return self.blank + self.null + sum(self.counts.values())


def check_station_report(report: StationReport) -> str | None:
    """Why a station's report cannot be right, or None: "negative", "no_registered",
    "more_voters_than_registered", "more_ballots_than_registered",
    "ballots_differ_from_voters" (only when no observation explains it)."""
    numbers = [report.registered, report.voters, report.blank, report.null, *report.counts.values()]
    if any(number < 0 for number in numbers):
        return "negative"
    if report.registered == 0:
        return "no_registered"
    if report.voters > report.registered:
        return "more_voters_than_registered"
    if report.ballots > report.registered:
        return "more_ballots_than_registered"
    if report.ballots != report.voters and not report.observation.strip():
        return "ballots_differ_from_voters"
    return None
