"""The legal track's rules: deliberation and transmission first, the periods of LO 1112-6,
a year between votes on one subject, and polling stations' reports that add up."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from civic.core.legal_track import (
    CHARTER_CHANNELS,
    POLLING_STATION_CHANNELS,
    EarlierVote,
    ElectionPeriod,
    LegalVote,
    ScheduleFacts,
    StationReport,
    add_months,
    check_schedule,
    check_station_report,
    renewal_blackout,
    subject_key,
)

TODAY = date(2027, 1, 10)
RENEWAL = date(2032, 3, 1)
REFERENDUM = ScheduleFacts(
    kind=LegalVote.REFERENDUM,
    subject="Piétonnisation de la Grande Rue",
    deliberation_number="2027-004",
    deliberation_on=date(2027, 1, 5),
    transmitted_on=date(2027, 1, 8),
    first_day=date(2027, 3, 14),
    last_day=date(2027, 3, 14),
)
CONSULTATION = replace(REFERENDUM, kind=LegalVote.CONSULTATION)


def codes(facts: ScheduleFacts, **options: object) -> list[str]:
    settings: dict[str, object] = {
        "today": TODAY,
        "renewal_month": RENEWAL,
        "elections": [],
        "earlier": [],
    }
    settings.update(options)
    return [problem.code for problem in check_schedule(facts, **settings)]  # type: ignore[arg-type]


def test_a_referendum_with_its_deliberation_sent_two_months_ahead_may_be_scheduled() -> None:
    assert codes(REFERENDUM) == []


def test_the_law_s_votes_are_held_at_polling_stations_only() -> None:
    assert POLLING_STATION_CHANNELS == ("paper",)
    assert CHARTER_CHANNELS == ("online", "paper")


def test_nothing_is_scheduled_before_the_deliberation_and_its_transmission() -> None:
    assert codes(replace(REFERENDUM, deliberation_number=" ")) == ["no_deliberation"]
    assert codes(replace(REFERENDUM, deliberation_on=None)) == ["no_deliberation"]
    assert codes(replace(REFERENDUM, transmitted_on=None)) == ["not_transmitted"]
    assert codes(replace(REFERENDUM, deliberation_on=date(2027, 1, 11))) == [
        "deliberation_in_future"
    ]
    assert codes(replace(REFERENDUM, transmitted_on=date(2027, 1, 4))) == [
        "transmitted_before_deliberation"
    ]
    assert codes(replace(REFERENDUM, transmitted_on=date(2027, 1, 11))) == ["transmitted_in_future"]


def test_a_referendum_s_deliberation_reaches_the_prefect_within_eight_days() -> None:
    late = replace(REFERENDUM, deliberation_on=date(2026, 12, 20), transmitted_on=date(2027, 1, 8))
    [problem] = check_schedule(late, today=TODAY, renewal_month=None, elections=[], earlier=[])
    assert (problem.code, problem.day) == ("transmitted_late", date(2026, 12, 28))
    # The consultation's article sets no such delay.
    assert codes(replace(late, kind=LegalVote.CONSULTATION)) == []


def test_the_polling_day_is_two_months_after_the_transmission_at_least() -> None:
    soon = replace(REFERENDUM, first_day=date(2027, 3, 7), last_day=date(2027, 3, 7))
    [problem] = check_schedule(soon, today=TODAY, renewal_month=None, elections=[], earlier=[])
    assert (problem.code, problem.day) == ("notice_too_short", date(2027, 3, 8))
    exactly = replace(REFERENDUM, first_day=date(2027, 3, 8), last_day=date(2027, 3, 8))
    assert codes(exactly) == []
    assert codes(replace(soon, kind=LegalVote.CONSULTATION)) == ["notice_too_short"]


def test_no_vote_from_the_first_day_of_the_sixth_month_before_the_council_s_renewal() -> None:
    assert renewal_blackout(date(2032, 3, 15)) == (date(2031, 9, 1), date(2032, 3, 31))
    last_day_allowed = date(2031, 8, 31)
    lawful = replace(
        REFERENDUM,
        deliberation_on=date(2031, 5, 2),
        transmitted_on=date(2031, 5, 3),
        first_day=last_day_allowed,
        last_day=last_day_allowed,
    )
    assert codes(lawful, today=date(2031, 6, 1)) == []
    too_late = replace(lawful, first_day=date(2031, 9, 1), last_day=date(2031, 9, 1))
    assert codes(too_late, today=date(2031, 6, 1)) == ["renewal_period"]
    assert codes(replace(too_late, kind=LegalVote.CONSULTATION), today=date(2031, 6, 1)) == [
        "renewal_period"
    ]
    assert codes(too_late, today=date(2031, 6, 1), renewal_month=None) == []


def test_no_vote_during_a_national_campaign_nor_when_one_falls_after_the_deliberation() -> None:
    presidential = ElectionPeriod("Élection présidentielle", date(2027, 3, 29), date(2027, 4, 25))
    during = replace(REFERENDUM, first_day=date(2027, 4, 11), last_day=date(2027, 4, 11))
    [problem] = check_schedule(
        during, today=TODAY, renewal_month=None, elections=[presidential], earlier=[]
    )
    assert (problem.code, problem.name) == ("election_period", "Élection présidentielle")
    assert (problem.starts_on, problem.ends_on) == (date(2027, 3, 29), date(2027, 4, 25))
    # The deliberation lapses when such a period falls between it and the vote (LO 1112-6).
    after = replace(REFERENDUM, first_day=date(2027, 5, 2), last_day=date(2027, 5, 2))
    assert codes(after, elections=[presidential]) == ["election_period"]
    before = replace(REFERENDUM, first_day=date(2027, 3, 14), last_day=date(2027, 3, 14))
    assert codes(before, elections=[presidential]) == []


def earlier(
    kind: LegalVote, day: date, subject: str = "piétonnisation de la grande rue"
) -> EarlierVote:
    return EarlierVote(kind, "Grande Rue", subject, day, day)


def test_two_referendums_on_one_subject_need_a_year_between_them() -> None:
    last_year = earlier(LegalVote.REFERENDUM, date(2026, 6, 14))
    [problem] = check_schedule(
        REFERENDUM, today=TODAY, renewal_month=None, elections=[], earlier=[last_year]
    )
    assert (problem.code, problem.day, problem.name) == (
        "same_subject_within_a_year",
        date(2027, 6, 14),
        "Grande Rue",
    )
    long_ago = earlier(LegalVote.REFERENDUM, date(2026, 3, 14))
    assert codes(REFERENDUM, earlier=[long_ago]) == []
    other_subject = earlier(LegalVote.REFERENDUM, date(2026, 6, 14), "Parc des Sablons")
    assert codes(REFERENDUM, earlier=[other_subject]) == []


def test_a_consultation_waits_a_year_after_a_referendum_or_a_consultation() -> None:
    for kind in LegalVote:
        assert codes(CONSULTATION, earlier=[earlier(kind, date(2026, 6, 14))]) == [
            "same_subject_within_a_year"
        ]
    # LO 1112-6 counts referendums only: a referendum may follow a consultation.
    assert codes(REFERENDUM, earlier=[earlier(LegalVote.CONSULTATION, date(2026, 6, 14))]) == []


def test_the_subject_is_compared_without_case_accents_or_punctuation() -> None:
    assert subject_key("  Piétonnisation de la GRANDE-RUE ! ") == subject_key(
        "pietonnisation de la grande rue"
    )
    assert codes(replace(REFERENDUM, subject=" ,; ")) == ["no_subject"]


def test_a_vote_linked_to_an_earlier_one_is_on_its_subject_however_it_is_worded() -> None:
    reworded = replace(REFERENDUM, subject="Rendre la Grande Rue aux piétons", subject_id=7)
    first = earlier(LegalVote.REFERENDUM, date(2026, 6, 14))
    linked = replace(first, subject_id=7)
    assert codes(reworded, earlier=[linked]) == ["same_subject_within_a_year"]
    # Unlinked and worded otherwise: another subject.
    assert codes(reworded, earlier=[replace(first, subject_id=3)]) == []
    assert codes(replace(reworded, subject_id=None), earlier=[first]) == []


def test_a_subject_written_with_a_ligature_or_look_alike_letters_is_the_same_subject() -> None:
    last_year = earlier(LegalVote.REFERENDUM, date(2026, 6, 14), "Cœur de ville piéton")
    # "oe" spelt out; then a Cyrillic "о" and a zero-width space slipped into the words.
    for subject in ("COEUR de ville, piéton", "Cœur de vil\u200ble piét\u043en"):
        assert codes(replace(REFERENDUM, subject=subject), earlier=[last_year]) == [
            "same_subject_within_a_year"
        ]


@given(
    first=st.dates(min_value=date(2025, 1, 1), max_value=date(2035, 1, 1)),
    gap=st.integers(min_value=0, max_value=800),
)
def test_the_one_year_rule_is_the_same_whichever_vote_comes_first(first: date, gap: int) -> None:
    second = first + timedelta(days=gap)
    a = replace(CONSULTATION, first_day=first, last_day=first, deliberation_on=None)
    b = replace(CONSULTATION, first_day=second, last_day=second, deliberation_on=None)
    as_vote = [EarlierVote(LegalVote.CONSULTATION, "a", a.subject, first, first)]
    bs_vote = [EarlierVote(LegalVote.CONSULTATION, "b", b.subject, second, second)]
    a_blocked = "same_subject_within_a_year" in codes(a, earlier=bs_vote, renewal_month=None)
    b_blocked = "same_subject_within_a_year" in codes(b, earlier=as_vote, renewal_month=None)
    assert a_blocked == b_blocked == (second < add_months(first, 12))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_renewal_period_starts_on_a_first_six_months_ahead(renewal: date) -> None:
    starts, ends = renewal_blackout(renewal)
    assert starts.day == 1
    assert (renewal.year * 12 + renewal.month) - (starts.year * 12 + starts.month) == 6
    assert (ends.year, ends.month) == (renewal.year, renewal.month)
    assert (ends + timedelta(days=1)).day == 1


def report(**fields: object) -> StationReport:
    values: dict[str, object] = {
        "registered": 1000,
        "voters": 412,
        "blank": 6,
        "null": 3,
        "counts": {"oui": 250, "non": 153},
    }
    values.update(fields)
    return StationReport(**values)  # type: ignore[arg-type]


def test_a_station_report_adds_up() -> None:
    assert check_station_report(report()) is None
    assert check_station_report(report(voters=1001)) == "more_voters_than_registered"
    assert check_station_report(report(registered=0, voters=0)) == "no_registered"
    assert check_station_report(report(blank=-1)) == "negative"
    assert check_station_report(report(voters=410)) == "ballots_differ_from_voters"
    explained = report(voters=410, observation="Deux enveloppes de plus que d'émargements")
    assert check_station_report(explained) is None
    assert (
        check_station_report(report(registered=405, voters=400, observation="x"))
        == "more_ballots_than_registered"
    )


@given(
    registered=st.integers(min_value=0, max_value=3000),
    voters=st.integers(min_value=0, max_value=3000),
    yes=st.integers(min_value=0, max_value=3000),
    no=st.integers(min_value=0, max_value=3000),
)
def test_an_accepted_report_never_counts_more_than_its_list(
    registered: int, voters: int, yes: int, no: int
) -> None:
    facts = report(
        registered=registered, voters=voters, blank=0, null=0, counts={"oui": yes, "non": no}
    )
    if check_station_report(facts) is None:
        assert facts.ballots == voters <= registered
