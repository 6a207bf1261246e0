"""Picking one panel out of a published numbered list (docs/rules.md §5 fair draw)."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from civic.core.sortition import PanelListError, panel_list_digest, pick_panel

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
