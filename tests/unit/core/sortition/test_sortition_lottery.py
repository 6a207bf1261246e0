"""Picking one panel out of a published numbered list (docs/rules.md §5 fair draw)."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civic.core.sortition import (
    InfeasibleQuotasError,
    PanelListError,
    Pool,
    Quotas,
    draw_panel,
    find_replacement,
    panel_list_digest,
    pick_panel,
    pick_panel_and_reserve,
)
from tests.unit.core.sortition.sortition_helpers import (
    meets_quotas,
    panel_counts,
    pool_of,
    quotas_of,
)

PANELS = [["p3", "p1"], ["p2", "p4"], ["p1", "p2"]]


def test_the_list_digest_hashes_numbered_lines_of_sorted_ids() -> None:
    text = "1\tp1\tp3\n2\tp2\tp4\n3\tp1\tp2\n"
    assert panel_list_digest(PANELS) == hashlib.sha256(text.encode()).hexdigest()


def test_the_digest_depends_on_the_numbering() -> None:
    assert panel_list_digest(PANELS) != panel_list_digest(list(reversed(PANELS)))


def test_a_pick_is_repeatable_and_returns_that_panel_sorted() -> None:
    picked = pick_panel(PANELS, "6 6 2")
    assert picked == pick_panel(PANELS, "6 6 2")
    assert 1 <= picked.panel_number <= 3
    assert list(picked.selected) == sorted(PANELS[picked.panel_number - 1])
    assert picked.digest == panel_list_digest(PANELS)


def test_every_number_comes_up_about_equally_often() -> None:
    panels = [[f"p{i}"] for i in range(10)]
    counts = Counter(pick_panel(panels, f"seed {s}").panel_number for s in range(2000))
    assert set(counts) == set(range(1, 11))
    assert all(120 < n < 280 for n in counts.values())  # expected 200, sd about 13


@pytest.mark.parametrize(
    ("panels", "reason"),
    [
        ([], "the list of panels is empty"),
        ([["p1"], []], "panel 2 is empty"),
        ([["p1", "p1"]], "panel 1 lists the same id twice"),
    ],
)
def test_a_malformed_list_is_refused(panels: list[list[str]], reason: str) -> None:
    with pytest.raises(PanelListError) as error:
        pick_panel(panels, "seed")
    assert reason in error.value.reasons


# Twelve candidates, six women and six men; panels of four with two of each.
POOL = pool_of([(f"c{i:02d}", ("female", "male")[i % 2]) for i in range(12)])
PARITY = quotas_of(("gender", "female", 2, 2), ("gender", "male", 2, 2))
VALID = [["c00", "c02", "c01", "c03"], ["c04", "c06", "c05", "c07"], ["c08", "c10", "c09", "c11"]]


def test_the_reserve_is_drawn_from_the_rest_of_the_pool_after_the_same_pick() -> None:
    picked = pick_panel_and_reserve(VALID, "5 2 6", POOL, PARITY, 6)
    assert picked.panel_number == pick_panel(VALID, "5 2 6").panel_number
    assert picked.selected == pick_panel(VALID, "5 2 6").selected
    assert len(picked.reserve) == 6 == len(set(picked.reserve))
    assert not set(picked.reserve) & set(picked.selected)
    assert picked == pick_panel_and_reserve(VALID, "5 2 6", POOL, PARITY, 6)


def test_the_reserve_goes_round_the_seats_so_it_mirrors_the_panel() -> None:
    # Seats in id order: female, male, female, male; each reserve fits the seat it is drawn for.
    picked = pick_panel_and_reserve(VALID, "dice", POOL, PARITY, 4)
    genders = {c.id: c.values[0] for c in POOL.candidates}
    assert [genders[r] for r in picked.reserve] == [genders[s] for s in picked.selected]


def test_a_panel_outside_the_pool_or_the_quotas_gets_no_reserve() -> None:
    with pytest.raises(InfeasibleQuotasError) as error:
        pick_panel_and_reserve([["c00", "x99"]], "s", POOL, PARITY, 2)
    assert "x99 is not in the pool" in error.value.reasons
    with pytest.raises(InfeasibleQuotasError) as error:
        pick_panel_and_reserve([["c00", "c02", "c04", "c06"]], "s", POOL, PARITY, 2)
    assert error.value.reasons == ("the panel does not meet the quotas",)


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=6),
    st.integers(min_value=0, max_value=8),
    st.lists(st.integers(min_value=0, max_value=3), max_size=8),
)
def test_replacing_those_who_decline_keeps_the_quotas_and_seats_nobody_twice(
    seed: str, size: int, declines: list[int]
) -> None:
    picked = pick_panel_and_reserve(VALID, seed, POOL, PARITY, size)
    panel = list(picked.selected)
    ever_seated = set(panel)
    for seat in declines:
        declined = panel[seat]
        found = find_replacement(POOL, PARITY, panel, declined, picked.reserve, ever_seated)
        if found.replacement is None:
            continue
        assert found.replacement in picked.reserve
        assert found.replacement not in ever_seated
        panel[seat] = found.replacement
        ever_seated.add(found.replacement)
        assert meets_quotas(POOL, PARITY, panel)
        assert len(set(panel)) == len(panel)


@st.composite
def councils(draw: st.DrawFn) -> tuple[Pool, Quotas, int]:
    """A council's pool (age band and gender) and quotas some panel meets: each quota is
    drawn around the make-up of one panel of the pool, as the parity and age rules are."""
    size = draw(st.integers(min_value=1, max_value=12))
    ages, genders = ("16-29", "30-59", "60+"), ("female", "male", "other")
    rows = [
        (f"K{i:02d}", draw(st.sampled_from(ages)), draw(st.sampled_from(genders)))
        for i in range(size)
    ]
    pool = pool_of(rows, ("age", "gender"))
    seats = draw(st.integers(min_value=1, max_value=size))
    counts = panel_counts(pool, [r[0] for r in draw(st.permutations(rows))[:seats]])
    quotas = []
    for feature, values in (("age", ages), ("gender", genders)):
        for value in values:
            n = counts.get((feature, value), 0)
            low = draw(st.integers(min_value=0, max_value=n))
            quotas.append((feature, value, low, draw(st.integers(min_value=n, max_value=seats))))
    return pool, quotas_of(*quotas), seats


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    councils(),
    st.lists(st.text(max_size=4), min_size=1, max_size=4),
    st.text(max_size=6),
    st.integers(min_value=0, max_value=12),
    st.lists(st.integers(min_value=0, max_value=11), max_size=6),
)
def test_around_any_listed_panel_the_reserve_is_off_the_panel_and_replacements_keep_quotas(
    case: tuple[Pool, Quotas, int],
    list_seeds: list[str],
    seed: str,
    size: int,
    declines: list[int],
) -> None:
    # A published list of quota-valid panels (here drawn on other seeds), then the seed.
    pool, quotas, seats = case
    panels = [draw_panel(pool, quotas, seats, s).selected for s in list_seeds]
    picked = pick_panel_and_reserve(panels, seed, pool, quotas, size)
    assert picked.selected == pick_panel(panels, seed).selected
    assert len(set(picked.reserve)) == len(picked.reserve) <= size
    assert set(picked.reserve) <= set(pool.ids()) - set(picked.selected)
    panel = list(picked.selected)
    ever_seated = set(panel)
    for number in declines:
        declined = panel[number % seats]
        found = find_replacement(pool, quotas, panel, declined, picked.reserve, ever_seated)
        if found.replacement is None:
            continue
        assert found.replacement in picked.reserve and found.replacement not in ever_seated
        panel[panel.index(declined)] = found.replacement
        ever_seated.add(found.replacement)
        assert meets_quotas(pool, quotas, panel) and len(set(panel)) == seats
