"""The seeded stream is the documented SHA-256 counter construction (docs/rules.md §5)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.core.sortition import SeededStream

DIGEST = hashlib.sha256(b"pool").digest()


def block(counter: int, seed: str = "1234") -> bytes:
    return hashlib.sha256(DIGEST + seed.encode() + counter.to_bytes(8, "big")).digest()


def test_words_are_the_sha256_blocks_read_in_8_byte_big_endian_chunks() -> None:
    stream = SeededStream(DIGEST, "1234")
    expected = [
        int.from_bytes(b[i : i + 8], "big") for b in (block(0), block(1)) for i in (0, 8, 16, 24)
    ]
    assert [stream.next_word() for _ in range(8)] == expected


def test_the_seed_is_used_as_given_in_utf8() -> None:
    stream = SeededStream(DIGEST, "dé 6")
    assert stream.next_word() == int.from_bytes(block(0, "dé 6")[:8], "big")


def test_below_reduces_an_accepted_word_modulo_n() -> None:
    stream = SeededStream(DIGEST, "1234")
    assert stream.below(30) == int.from_bytes(block(0)[:8], "big") % 30


def test_below_one_still_reads_a_word() -> None:
    stream = SeededStream(DIGEST, "x")
    assert stream.below(1) == 0
    assert stream.words_read == 1


def test_below_rejects_words_in_the_biased_tail() -> None:
    # With n = 2**63 + 1, the limit is n itself: about half the words are rejected.
    n = 2**63 + 1
    stream = SeededStream(DIGEST, "tail")
    values = [stream.below(n) for _ in range(50)]
    assert all(0 <= v < n for v in values)
    assert stream.words_read > 50


@given(st.integers(min_value=1, max_value=2**64), st.text(max_size=20))
def test_below_stays_in_range_and_is_repeatable(n: int, seed: str) -> None:
    first = SeededStream(DIGEST, seed).below(n)
    assert 0 <= first < n
    assert SeededStream(DIGEST, seed).below(n) == first


@pytest.mark.parametrize("bad", [b"", b"short", bytes(33)])
def test_the_digest_must_be_32_bytes(bad: bytes) -> None:
    with pytest.raises(ValueError):
        SeededStream(bad, "seed")


@pytest.mark.parametrize("n", [0, -3, 2**64 + 1])
def test_below_refuses_ranges_the_stream_cannot_cover(n: int) -> None:
    with pytest.raises(ValueError):
        SeededStream(DIGEST, "seed").below(n)
