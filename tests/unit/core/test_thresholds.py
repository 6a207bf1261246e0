"""Petition thresholds: when the count crosses a threshold… (docs/rules.md §2, §3)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.core.thresholds import (
    CGCT,
    CHARTER,
    Base,
    BaseFigure,
    BaseFigureError,
    CountedSigners,
    PriorSignature,
    RuleSet,
    RuleSetError,
    SignatureCounts,
    ThresholdRule,
    check_quarter_rule,
    evaluate_thresholds,
    legal_request_slot,
    quarter_key,
    required_signatures,
    rule_set_from_dict,
    rule_set_to_dict,
    to_fraction,
)

STAMP = datetime(2026, 3, 1, 10, 0)


def figures(population: int = 26_000, electorate: int = 17_000) -> dict[str, BaseFigure]:
    return {
        "population": BaseFigure("population", population, "INSEE 2023", date(2026, 1, 1)),
        "electorate": BaseFigure("electorate", electorate, "REU export", date(2026, 2, 1)),
    }


def counts(residents: int, electors: int = 0, collected: int | None = None) -> SignatureCounts:
    total = residents if collected is None else collected
    return SignatureCounts(collected=total, counted_residents=residents, counted_electors=electors)


# --- required ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "percent", "required"),
    [
        (26_000, 5, 1_300),
        (26_001, 5, 1_301),
        (26_019, 5, 1_301),
        (26_020, 5, 1_301),
        (26_021, 5, 1_302),
        (26_000, 10, 2_600),
        (17_000, 10, 1_700),
        (1, 5, 1),
        (3, Fraction(100, 3), 1),
        (7, Fraction(25, 2), 1),
        (9, Fraction(25, 2), 2),
    ],
)
def test_required_is_base_times_percent_rounded_up(
    base: int, percent: Fraction | int, required: int
) -> None:
    assert required_signatures(base, percent) == required


# --- boundaries -------------------------------------------------------------


@pytest.mark.parametrize(
    ("counted", "reached", "remaining"),
    [(1_299, False, 1), (1_300, True, 0), (1_301, True, 0)],
)
def test_council_debate_is_reached_at_exactly_five_percent_of_the_population(
    counted: int, reached: bool, remaining: int
) -> None:
    status = evaluate_thresholds(CHARTER, counts(counted), figures(), "ordinary").status(
        "council_debate"
    )
    assert status.required == 1_300
    assert status.reached is reached
    assert status.remaining == remaining
    assert status.progress == min(Fraction(1), Fraction(counted, 1_300))


def test_a_status_names_the_figure_it_used() -> None:
    status = evaluate_thresholds(CHARTER, counts(10), figures(), "ordinary").status("referendum")
    assert (status.base, status.base_value, status.base_source, status.base_date) == (
        Base.POPULATION,
        26_000,
        "INSEE 2023",
        date(2026, 1, 1),
    )
    assert status.percent == 10
    assert status.consequence == "referendum"


def test_collected_and_counted_are_both_reported() -> None:
    status = evaluate_thresholds(CHARTER, counts(10, collected=25), figures(), "ordinary").status(
        "council_debate"
    )
    assert (status.collected, status.counted) == (25, 10)


def test_progress_is_capped_at_one() -> None:
    status = evaluate_thresholds(CHARTER, counts(5_000), figures(), "ordinary").status(
        "council_debate"
    )
    assert status.progress == 1


def test_an_ordinary_petition_has_debate_and_referendum_but_not_recall() -> None:
    evaluation = evaluate_thresholds(CHARTER, counts(0), figures(), "ordinary")
    assert [s.name for s in evaluation.statuses] == [
        "council_debate",
        "referendum",
        "legal_request",
    ]


# --- recall counts electors only -------------------------------------------


def test_a_recall_counts_only_electors_signatures() -> None:
    evaluation = evaluate_thresholds(
        CHARTER, counts(residents=5_000, electors=1_699), figures(), "recall"
    )
    assert [s.name for s in evaluation.statuses] == ["recall", "legal_request"]
    status = evaluation.status("recall")
    assert (status.counted, status.required, status.reached) == (1_699, 1_700, False)
    assert status.counts is CountedSigners.ELECTORS


def test_a_recall_is_reached_at_ten_percent_of_the_electorate() -> None:
    evaluation = evaluate_thresholds(CHARTER, counts(1_700, 1_700), figures(), "recall")
    assert evaluation.newly_crossed == ("recall",)


def test_a_recall_does_not_need_the_population_figure() -> None:
    only_electorate = {"electorate": figures()["electorate"]}
    assert evaluate_thresholds(CHARTER, counts(0), only_electorate, "recall").statuses


# --- bases missing or zero ------------------------------------------------


def test_a_missing_base_figure_is_a_clear_error_naming_it() -> None:
    with pytest.raises(BaseFigureError) as caught:
        evaluate_thresholds(CHARTER, counts(1), {}, "ordinary")
    assert (caught.value.code, caught.value.figure) == ("base_figure_missing", "population")


@pytest.mark.parametrize("value", [0, -5])
def test_a_zero_or_negative_base_figure_is_a_clear_error_naming_it(value: int) -> None:
    with pytest.raises(BaseFigureError) as caught:
        evaluate_thresholds(CGCT, counts(1, 1), figures(electorate=value), "ordinary")
    assert (caught.value.code, caught.value.figure) == ("base_figure_not_positive", "electorate")


def test_an_unknown_petition_kind_is_refused() -> None:
    with pytest.raises(RuleSetError) as caught:
        evaluate_thresholds(CGCT, counts(1), figures(), "recall")
    assert caught.value.code == "unknown_petition_kind"


@pytest.mark.parametrize(("collected", "residents", "electors"), [(-1, 0, 0), (5, 6, 0), (5, 4, 5)])
def test_inconsistent_counts_are_refused(collected: int, residents: int, electors: int) -> None:
    with pytest.raises(ValueError):
        SignatureCounts(collected, residents, electors)


# --- stamps: crossing once, un-reaching --------------------------------------


def test_crossing_a_threshold_without_a_stamp_is_newly_crossed() -> None:
    evaluation = evaluate_thresholds(CHARTER, counts(1_300), figures(), "ordinary", {})
    assert evaluation.newly_crossed == ("council_debate",)
    assert evaluation.kept == ()
    assert evaluation.lost == ()


def test_a_stamped_threshold_still_reached_is_kept_not_crossed_again() -> None:
    evaluation = evaluate_thresholds(
        CHARTER, counts(1_400), figures(), "ordinary", {"council_debate": STAMP}
    )
    assert evaluation.newly_crossed == ()
    assert evaluation.kept == ("council_debate",)
    assert evaluation.status("council_debate").reached_at == STAMP


def test_invalidations_below_the_threshold_lose_the_stamp() -> None:
    evaluation = evaluate_thresholds(
        CHARTER,
        counts(1_299, collected=1_400),
        figures(),
        "ordinary",
        {"council_debate": STAMP, "referendum": None},
    )
    assert evaluation.lost == ("council_debate",)
    assert evaluation.newly_crossed == ()


def test_stamps_of_thresholds_outside_the_rule_set_are_ignored() -> None:
    evaluation = evaluate_thresholds(CGCT, counts(0), figures(), "ordinary", {"recall": STAMP})
    assert evaluation.lost == ()


# --- CGCT --------------------------------------------------------------------


def test_cgct_needs_one_tenth_of_electors_for_the_council_agenda() -> None:
    evaluation = evaluate_thresholds(
        CGCT, counts(residents=3_000, electors=1_700), figures(), "ordinary"
    )
    status = evaluation.status("council_agenda")
    assert (status.base, status.required, status.counted, status.reached) == (
        Base.ELECTORATE,
        1_700,
        1_700,
        True,
    )
    assert status.consequence == "council_agenda"
    assert CGCT.eligible_signers is CountedSigners.ELECTORS
    assert CGCT.per_quarter_limit


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2026, 1, 1), "2026-Q1"),
        (date(2026, 3, 31), "2026-Q1"),
        (date(2026, 4, 1), "2026-Q2"),
        (date(2026, 9, 30), "2026-Q3"),
        (date(2026, 12, 31), "2026-Q4"),
        (datetime(2026, 10, 1, 0, 0), "2026-Q4"),
    ],
)
def test_quarter_keys_are_calendar_quarters(day: date, key: str) -> None:
    assert quarter_key(day) == key


def test_an_elector_may_sign_one_cgct_request_per_quarter() -> None:
    prior = [PriorSignature(7, "cgct", date(2026, 10, 3))]
    check = check_quarter_rule(CGCT, 8, date(2026, 12, 31), prior)
    assert (check.allowed, check.reason, check.quarter, check.conflicting_petition_id) == (
        False,
        "already_signed_this_quarter",
        "2026-Q4",
        7,
    )


def test_an_elector_may_sign_again_the_next_quarter() -> None:
    prior = [PriorSignature(7, "cgct", date(2026, 9, 30))]
    check = check_quarter_rule(CGCT, 8, date(2026, 10, 1), prior)
    assert (check.allowed, check.reason) == (True, "first_this_quarter")


def test_charter_signatures_do_not_use_up_the_cgct_quarter() -> None:
    prior = [PriorSignature(7, "charter", date(2026, 10, 3))]
    assert check_quarter_rule(CGCT, 8, date(2026, 10, 4), prior).allowed


def test_the_same_petition_is_not_a_conflict_for_the_quarter_rule() -> None:
    prior = [PriorSignature(8, "cgct", date(2026, 10, 3))]
    assert check_quarter_rule(CGCT, 8, date(2026, 10, 4), prior).allowed


def test_the_charter_has_no_quarter_limit() -> None:
    prior = [PriorSignature(7, "charter", date(2026, 10, 3))]
    check = check_quarter_rule(CHARTER, 8, date(2026, 10, 4), prior)
    assert (check.allowed, check.reason) == (True, "no_quarter_limit")


# --- rule sets as data --------------------------------------------------------


@pytest.mark.parametrize("rule_set", [CHARTER, CGCT])
def test_default_rule_sets_survive_a_json_round_trip(rule_set: RuleSet) -> None:
    stored = json.dumps(rule_set_to_dict(rule_set))
    assert rule_set_from_dict(json.loads(stored)) == rule_set


def test_percents_are_stored_as_exact_strings() -> None:
    rule = ThresholdRule(
        "third", Fraction(1, 3), Base.POPULATION, CountedSigners.RESIDENTS, "x", frozenset({"o"})
    )
    half = ThresholdRule(
        "half",
        to_fraction(Decimal("12.5")),
        Base.POPULATION,
        CountedSigners.RESIDENTS,
        "y",
        frozenset({"o"}),
    )
    data = rule_set_to_dict(RuleSet("custom", (rule, half), CountedSigners.RESIDENTS))
    assert [t["percent"] for t in data["thresholds"]] == ["1/3", "12.5"]
    assert rule_set_from_dict(data).thresholds[0].percent == Fraction(1, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, Fraction(5)), ("12.5", Fraction(25, 2)), (12.5, Fraction(25, 2)), (0.1, Fraction(1, 10))],
)
def test_percents_are_read_exactly(value: object, expected: Fraction) -> None:
    assert to_fraction(value) == expected


@pytest.mark.parametrize("value", [True, "abc", float("nan"), float("inf"), "1/0", None])
def test_non_numbers_are_refused_as_percents(value: object) -> None:
    with pytest.raises(RuleSetError) as caught:
        to_fraction(value)
    assert caught.value.code == "not_a_number"


def _edited(**changes: object) -> dict[str, object]:
    data = rule_set_to_dict(CHARTER)
    threshold_changes = changes.pop("threshold", None)
    if isinstance(threshold_changes, dict):
        data["thresholds"][1].update(threshold_changes)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        (_edited(threshold={"percent": "0"}), "percent_out_of_range", "referendum.percent"),
        (_edited(threshold={"percent": "101"}), "percent_out_of_range", "referendum.percent"),
        (_edited(threshold={"percent": "dix"}), "not_a_number", "thresholds[1]."),
        (_edited(threshold={"base": "households"}), "unknown_value", "thresholds[1].base"),
        (_edited(threshold={"name": "council_debate"}), "threshold_name_duplicated", "thresholds"),
        (_edited(threshold={"kinds": []}), "kinds_empty", "referendum.kinds"),
        (_edited(eligible_signers="everyone"), "unknown_value", "eligible_signers"),
        (_edited(per_quarter_limit="yes"), "wrong_type", "per_quarter_limit"),
        (_edited(min_age=True), "wrong_type", "min_age"),
        (_edited(thresholds=[]), "thresholds_empty", "thresholds"),
        (_edited(thresholds=[3]), "wrong_type", "thresholds[0]"),
        ({"code": "x"}, "missing", "thresholds"),
    ],
)
def test_a_broken_rule_set_names_the_faulty_field(
    data: dict[str, object], code: str, field: str
) -> None:
    with pytest.raises(RuleSetError) as caught:
        rule_set_from_dict(data)
    assert (caught.value.code, caught.value.field) == (code, field)


# --- properties ----------------------------------------------------------------

percents = st.fractions(min_value=Fraction(1, 100), max_value=100, max_denominator=1000)


@given(st.integers(1, 10**9), percents)
def test_required_is_the_smallest_count_reaching_the_percent(base: int, percent: Fraction) -> None:
    required = required_signatures(base, percent)
    assert required * 100 >= base * percent > (required - 1) * 100


@given(st.integers(1, 100_000), st.integers(0, 100_000), st.integers(0, 100_000))
def test_status_is_monotone_in_the_count(population: int, lower: int, higher: int) -> None:
    lower, higher = sorted((lower, higher))
    before = evaluate_thresholds(CHARTER, counts(lower), figures(population), "ordinary")
    after = evaluate_thresholds(CHARTER, counts(higher), figures(population), "ordinary")
    for old, new in zip(before.statuses, after.statuses, strict=True):
        assert new.reached >= old.reached
        assert new.progress >= old.progress
        assert new.remaining <= old.remaining


@given(
    st.integers(1, 100_000),
    st.integers(0, 20_000),
    st.dictionaries(
        st.sampled_from(["council_debate", "referendum", "recall"]), st.sampled_from([None, STAMP])
    ),
)
def test_newly_crossed_and_kept_are_exactly_the_reached_thresholds(
    population: int, counted: int, stamps: dict[str, datetime | None]
) -> None:
    evaluation = evaluate_thresholds(
        CHARTER, counts(counted), figures(population), "ordinary", stamps
    )
    reached = {s.name for s in evaluation.statuses if s.reached}
    assert set(evaluation.newly_crossed) | set(evaluation.kept) == reached
    assert not set(evaluation.newly_crossed) & set(evaluation.kept)
    assert not set(evaluation.lost) & reached
    assert all(stamps.get(name) is not None for name in evaluation.lost)


# --- the legal request inside every petition (CGCT L1112-16) -----------------


def legal(residents: int, electors: int, legal_requests: int) -> SignatureCounts:
    return SignatureCounts(
        collected=residents,
        counted_residents=residents,
        counted_electors=electors,
        counted_legal=legal_requests,
    )


def test_a_charter_petition_also_measures_electors_legal_requests_against_a_tenth() -> None:
    status = evaluate_thresholds(
        CHARTER, legal(5_000, 3_000, 1_699), figures(electorate=17_000), "ordinary"
    ).status("legal_request")
    assert (status.counted, status.required, status.reached) == (1_699, 1_700, False)
    assert status.base is Base.ELECTORATE
    assert status.counts is CountedSigners.LEGAL_REQUESTS


def test_the_legal_request_starts_when_a_tenth_of_the_electors_made_it() -> None:
    evaluation = evaluate_thresholds(CHARTER, legal(1_700, 1_700, 1_700), figures(), "recall")
    assert "legal_request" in evaluation.newly_crossed
    assert evaluation.status("legal_request").consequence == "legal_request"


def test_electors_who_did_not_make_it_their_legal_request_do_not_count_for_it() -> None:
    status = evaluate_thresholds(CHARTER, legal(17_000, 17_000, 0), figures(), "ordinary").status(
        "legal_request"
    )
    assert (status.counted, status.reached) == (0, False)


def test_a_legal_petition_does_not_carry_a_second_legal_request() -> None:
    evaluation = evaluate_thresholds(CGCT, legal(10, 10, 10), figures(), "ordinary")
    assert [s.name for s in evaluation.statuses] == ["council_agenda"]


def test_an_admin_rule_set_keeps_the_legal_request_whatever_its_thresholds() -> None:
    data = rule_set_to_dict(CHARTER)
    data["thresholds"] = data["thresholds"][:1]
    edited = rule_set_from_dict(data)
    statuses = evaluate_thresholds(edited, counts(0), figures(), "ordinary").statuses
    assert [s.name for s in statuses] == ["council_debate", "legal_request"]


def test_without_the_electorate_figure_the_charter_thresholds_are_still_measured() -> None:
    population_only = {"population": figures()["population"]}
    statuses = evaluate_thresholds(CHARTER, counts(0), population_only, "ordinary").statuses
    assert [s.name for s in statuses] == ["council_debate", "referendum"]


def test_legal_requests_cannot_outnumber_the_electors_who_signed() -> None:
    with pytest.raises(ValueError, match="counts_inconsistent"):
        legal(10, 3, 4)


def test_a_legal_request_takes_the_quarter_slot_every_legal_petition_takes() -> None:
    assert legal_request_slot(date(2026, 12, 6)) == "cgct:2026-Q4"
    assert legal_request_slot(date(2027, 1, 1)) == "cgct:2027-Q1"
    assert legal_request_slot(date(2026, 3, 31)).split(":")[0] == CGCT.code


@given(
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
)
def test_the_legal_request_is_reached_exactly_at_one_tenth_of_the_electorate(
    electorate: int, made: int
) -> None:
    made = min(made, electorate)
    status = evaluate_thresholds(
        CHARTER, legal(made, made, made), figures(electorate=electorate), "ordinary"
    ).status("legal_request")
    assert status.reached == (made * 10 >= electorate)
