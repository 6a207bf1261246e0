"""The stratified, deterministic draw and its reserve (docs/rules.md §5)."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civic.core.sortition import (
    InfeasibleQuotasError,
    Pool,
    Quotas,
    draw_panel,
    find_replacement,
    infeasibility_reasons,
)
from tests.unit.core.sortition.sortition_helpers import (
    meets_quotas,
    panel_counts,
    pool_of,
    quotas_of,
)

FEATURES = ("age", "gender")
GENDERS = ("female", "male", "other")
AGES = ("young", "old")


def small_pool(n: int = 40) -> Pool:
    rows = [(f"p{i:02d}", AGES[(i // 3) % 2], GENDERS[i % 3]) for i in range(n)]
    return pool_of(rows, FEATURES)


PARITY = quotas_of(
    ("gender", "female", 4, 5),
    ("gender", "male", 4, 5),
    ("gender", "other", 0, 1),
    ("age", "young", 3, 6),
    ("age", "old", 3, 6),
)


@st.composite
def pools_and_quotas(draw: st.DrawFn) -> tuple[Pool, Quotas, int]:
    n = draw(st.integers(min_value=1, max_value=9))
    rows = [
        (f"c{i}", draw(st.sampled_from(AGES[:2])), draw(st.sampled_from(GENDERS))) for i in range(n)
    ]
    seats = draw(st.integers(min_value=0, max_value=n))
    rows_q = []
    for feature, values in (("age", AGES), ("gender", GENDERS)):
        for value in values:
            low = draw(st.integers(min_value=0, max_value=3))
            high = draw(st.integers(min_value=low, max_value=6))
            rows_q.append((feature, value, low, high))
    return pool_of(rows, FEATURES), quotas_of(*rows_q), seats


def brute_force_feasible(pool: Pool, quotas: Quotas, seats: int) -> bool:
    return any(meets_quotas(pool, quotas, panel) for panel in combinations(pool.ids(), seats))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(pools_and_quotas(), st.text(max_size=8))
def test_a_draw_meets_the_quotas_exactly_when_some_panel_does(
    case: tuple[Pool, Quotas, int], seed: str
) -> None:
    pool, quotas, seats = case
    if brute_force_feasible(pool, quotas, seats):
        assert infeasibility_reasons(pool, quotas, seats) == []
        drawn = draw_panel(pool, quotas, seats, seed, reserve=3)
        assert len(set(drawn.selected)) == seats
        assert meets_quotas(pool, quotas, drawn.selected)
        assert not set(drawn.reserve) & set(drawn.selected)
        assert drawn == draw_panel(pool, quotas, seats, seed, reserve=3)
    else:
        with pytest.raises(InfeasibleQuotasError) as error:
            draw_panel(pool, quotas, seats, seed)
        assert error.value.reasons


def test_three_features_with_crossed_quotas_are_met() -> None:
    rows = [
        (f"p{i:03d}", AGES[i % 2], GENDERS[(i // 2) % 3], ("n", "s", "e")[(i * 7) % 3])
        for i in range(120)
    ]
    pool = pool_of(rows, ("age", "gender", "quartier"))
    quotas = quotas_of(
        ("age", "young", 5, 5),
        ("age", "old", 5, 5),
        ("gender", "female", 5, 5),
        ("gender", "male", 4, 5),
        ("gender", "other", 0, 1),
        ("quartier", "n", 3, 4),
        ("quartier", "s", 3, 4),
        ("quartier", "e", 2, 3),
    )
    for seed in ("1", "2", "3", "4", "5"):
        assert meets_quotas(pool, quotas, draw_panel(pool, quotas, 10, seed).selected)


def test_the_same_inputs_give_the_same_panel_in_the_same_order() -> None:
    pool = small_pool()
    first = draw_panel(pool, PARITY, 10, "4 2 6 1", reserve=5)
    assert draw_panel(small_pool(), PARITY, 10, "4 2 6 1", reserve=5) == first
    assert first.digest == pool.digest()


def test_different_seeds_give_different_panels() -> None:
    pool = small_pool()
    panels = {frozenset(draw_panel(pool, PARITY, 10, str(seed)).selected) for seed in range(20)}
    assert len(panels) >= 18


def test_with_no_quotas_every_candidate_is_drawn_about_k_out_of_n_times() -> None:
    pool = pool_of([(f"p{i:02d}",) for i in range(20)], ())
    no_quotas = quotas_of()
    draws = 1000
    counts = Counter(
        i for s in range(draws) for i in draw_panel(pool, no_quotas, 5, f"s{s}").selected
    )
    expected = draws * 5 / 20  # 250, standard deviation about 13.7
    assert set(counts) == set(pool.ids())
    assert all(abs(n - expected) < 90 for n in counts.values()), counts


def test_infeasible_quotas_say_which_category_and_why() -> None:
    pool = small_pool(12)  # 4 female, 4 male, 4 other
    quotas = quotas_of(
        ("gender", "female", 8, 9),
        ("gender", "male", 0, 9),
        ("gender", "other", 0, 9),
        ("age", "young", 0, 9),
        ("age", "old", 0, 9),
    )
    with pytest.raises(InfeasibleQuotasError) as error:
        draw_panel(pool, quotas, 10, "seed")
    assert "gender=female needs at least 8 but the pool has 4" in error.value.reasons


def test_minima_above_the_seats_are_reported() -> None:
    quotas = quotas_of(
        ("gender", "female", 6, 9),
        ("gender", "male", 6, 9),
        ("gender", "other", 0, 9),
        ("age", "young", 0, 9),
        ("age", "old", 0, 9),
    )
    reasons = infeasibility_reasons(small_pool(), quotas, 10)
    assert reasons == ["gender: sum of minima 12 exceeds 10 seats"]


def test_features_that_only_clash_together_are_named() -> None:
    # Every woman is young and every man is old: 3 women and 1 young cannot coexist.
    pool = pool_of(
        [("a", "young", "female"), ("b", "young", "female"), ("c", "young", "female")]
        + [(f"m{i}", "old", "male") for i in range(5)],
        FEATURES,
    )
    quotas = quotas_of(
        ("gender", "female", 3, 3),
        ("gender", "male", 0, 9),
        ("gender", "other", 0, 9),
        ("age", "young", 0, 1),
        ("age", "old", 0, 9),
    )
    assert infeasibility_reasons(pool, quotas, 4) == [
        "the quotas on age and gender cannot be met together by any 4 candidates of this pool"
    ]


def test_a_candidate_whose_category_has_no_quota_row_is_reported() -> None:
    pool = pool_of([("p1", "young", "female"), ("p2", "young", "robot")], FEATURES)
    reasons = infeasibility_reasons(pool, PARITY, 1)
    assert reasons == ["candidate p2: gender=robot has no quota row"]


def test_each_reserve_could_take_some_seat_without_breaking_a_quota() -> None:
    pool = small_pool()
    drawn = draw_panel(pool, PARITY, 10, "reserve", reserve=8)
    assert len(drawn.reserve) == 8
    assert len(set(drawn.reserve)) == 8
    for candidate in drawn.reserve:
        assert any(
            meets_quotas(pool, PARITY, [*(m for m in drawn.selected if m != seat), candidate])
            for seat in drawn.selected
        )


def test_the_reserve_stops_when_the_pool_runs_out() -> None:
    pool = pool_of([(f"p{i:02d}",) for i in range(12)], ())
    drawn = draw_panel(pool, quotas_of(), 10, "x", reserve=5)
    assert len(drawn.reserve) == 2


def test_a_declined_member_is_replaced_by_the_first_fitting_reserve() -> None:
    pool = small_pool()
    drawn = draw_panel(pool, PARITY, 10, "decline", reserve=8)
    panel = list(drawn.selected)
    used: list[str] = []
    for declined in drawn.selected[:4]:
        result = find_replacement(pool, PARITY, panel, declined, drawn.reserve, used)
        assert result.replacement is not None
        fitting = [
            r
            for r in drawn.reserve
            if r not in used
            and meets_quotas(pool, PARITY, [*(m for m in panel if m != declined), r])
        ]
        assert result.replacement == fitting[0]
        panel = [result.replacement if m == declined else m for m in panel]
        used.append(result.replacement)
        assert meets_quotas(pool, PARITY, panel)


def test_no_replacement_is_offered_when_no_reserve_fits() -> None:
    pool = small_pool()
    quotas = quotas_of(
        ("gender", "female", 1, 1),
        ("gender", "male", 0, 0),
        ("gender", "other", 0, 0),
        ("age", "young", 0, 1),
        ("age", "old", 0, 1),
    )
    drawn = draw_panel(pool, quotas, 1, "s")
    result = find_replacement(pool, quotas, drawn.selected, drawn.selected[0], ["p01"])
    assert result.replacement is None
    assert "no unused reserve" in result.reason


def test_panel_counts_follow_the_quotas_on_a_larger_pool() -> None:
    drawn = draw_panel(small_pool(90), PARITY, 10, "big")
    counts = panel_counts(small_pool(90), drawn.selected)
    assert abs(counts[("gender", "female")] - counts[("gender", "male")]) <= 1
