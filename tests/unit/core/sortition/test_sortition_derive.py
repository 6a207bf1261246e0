"""Deriving parity and age-band quotas (docs/rules.md §5)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from civic.core.sortition import derive_gender_quotas, derive_proportional_quotas


def bounds(derived: object) -> dict[str, tuple[int, int]]:
    return {q.value: (q.min, q.max) for q in derived.quotas}  # type: ignore[attr-defined]


def test_an_even_split_gives_exact_parity_and_the_others_their_share() -> None:
    derived = derive_gender_quotas(20, {"female": 40, "male": 50, "non-binary": 10})
    assert bounds(derived) == {"female": (9, 9), "male": (9, 9), "non-binary": (0, 2)}
    assert derived.notes == ()


def test_an_odd_split_lets_either_gender_take_the_extra_seat() -> None:
    derived = derive_gender_quotas(11, {"female": 30, "male": 30})
    assert bounds(derived) == {"female": (5, 6), "male": (5, 6)}


def test_a_small_group_of_other_genders_keeps_a_chance_instead_of_being_rounded_away() -> None:
    # 2 of 40 candidates for 8 seats: 0.4 of a seat; rounding it to 0 would give
    # them no chance at all in any draw.
    derived = derive_gender_quotas(8, {"female": 19, "male": 19, "non-binary": 2})
    assert bounds(derived) == {"female": (3, 4), "male": (3, 4), "non-binary": (0, 1)}


def test_a_pool_short_of_women_gives_all_of_them_a_seat_and_says_so() -> None:
    derived = derive_gender_quotas(20, {"female": 3, "male": 40})
    assert bounds(derived) == {"female": (3, 3), "male": (17, 17)}
    assert "parity impossible" in derived.notes[0]


@given(
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=0, max_value=8),
)
def test_parity_holds_in_every_panel_the_quotas_allow(
    seats: int, women: int, men: int, nonbinary: int, undisclosed: int
) -> None:
    counts = {"female": women, "male": men, "non-binary": nonbinary, "undisclosed": undisclosed}
    b = bounds(derive_gender_quotas(seats, counts))
    for value, (low, high) in b.items():
        assert 0 <= low <= high <= counts[value]
    (w_lo, w_hi), (m_lo, m_hi) = b["female"], b["male"]
    derived = derive_gender_quotas(seats, counts)
    if not any("parity impossible" in note for note in derived.notes):
        assert w_hi - m_lo <= 1 and m_hi - w_lo <= 1
    if women + men + nonbinary + undisclosed >= seats and not derived.notes:
        # Whatever the others take within their bounds, the seats can be filled.
        others = b["non-binary"][1] + b["undisclosed"][1]
        assert w_lo + m_lo <= seats <= w_hi + m_hi + others


def test_age_bands_follow_the_population_shares() -> None:
    population = {"16-29": 2000, "30-44": 3000, "45-59": 3000, "60+": 2000}
    pool = {"16-29": 50, "30-44": 50, "45-59": 50, "60+": 50}
    derived = derive_proportional_quotas(25, population, pool)
    assert bounds(derived) == {
        "16-29": (5, 5),
        "30-44": (7, 8),
        "45-59": (7, 8),
        "60+": (5, 5),
    }


def test_a_band_short_of_candidates_passes_its_seats_to_the_largest_bands() -> None:
    population = {"young": 50, "old": 50}
    derived = derive_proportional_quotas(10, population, {"young": 2, "old": 30})
    assert bounds(derived) == {"young": (2, 2), "old": (5, 8)}
    assert derived.notes == ("age=young: the pool has 2 for at least 5 seats",)


def test_a_tolerance_widens_every_band() -> None:
    derived = derive_proportional_quotas(10, {"a": 1, "b": 1}, {"a": 9, "b": 9}, tolerance=1)
    assert bounds(derived) == {"a": (4, 6), "b": (4, 6)}
