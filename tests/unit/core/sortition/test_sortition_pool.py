"""The frozen pool's canonical digest (docs/rules.md §5: the frozen list's digest is published)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.core.sortition import PoolError, freeze_pool

ROWS = [
    ("p2", {"gender": "male", "age": "30-44", "email": "x@example.org"}),
    ("p1", {"gender": "female", "age": "16-29"}),
]


def test_digest_is_sha256_of_sorted_tab_separated_lines_with_sorted_features() -> None:
    pool = freeze_pool(["gender", "age"], ROWS)
    text = "p1\tage=16-29\tgender=female\np2\tage=30-44\tgender=male\n"
    assert pool.digest() == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_pool_without_quota_features_hashes_the_ids_alone() -> None:
    pool = freeze_pool([], ROWS)
    assert pool.digest() == hashlib.sha256(b"p1\np2\n").hexdigest()


def test_columns_not_named_as_features_are_ignored() -> None:
    assert freeze_pool(["gender"], ROWS).features == ("gender",)


def test_the_digest_changes_when_a_category_changes() -> None:
    changed = [ROWS[0], ("p1", {"gender": "male", "age": "16-29"})]
    assert freeze_pool(["gender"], ROWS).digest() != freeze_pool(["gender"], changed).digest()


candidates = st.dictionaries(
    st.text(alphabet="abcxyz0123-_é", min_size=1, max_size=6),
    st.tuples(st.sampled_from(["female", "male", "other"]), st.sampled_from(["a", "b"])),
    max_size=15,
)


@given(candidates, st.randoms(use_true_random=False))
def test_the_digest_does_not_depend_on_the_input_order(
    people: dict[str, tuple[str, str]], rnd: object
) -> None:
    rows = [(i, {"gender": g, "age": a}) for i, (g, a) in people.items()]
    shuffled = list(rows)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    first = freeze_pool(["gender", "age"], rows)
    second = freeze_pool(["age", "gender"], shuffled)
    assert first.digest() == second.digest()
    assert first == second


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([("p1", {"gender": "f"}), ("p1", {"gender": "m"})], "id p1 appears more than once"),
        ([("", {"gender": "f"})], "a candidate has an empty id"),
        ([("p\t1", {"gender": "f"})], "contains a TAB"),
        ([("p1", {})], "candidate p1 has no value for gender"),
        ([("p1", {"gender": "f\n"})], "contains a TAB or newline"),
    ],
)
def test_a_pool_that_cannot_be_hashed_unambiguously_is_refused(
    rows: list[tuple[str, dict[str, str]]], reason: str
) -> None:
    with pytest.raises(PoolError) as error:
        freeze_pool(["gender"], rows)
    assert any(reason in r for r in error.value.reasons)
