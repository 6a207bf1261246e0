"""A documented, language-independent random stream derived from a public seed.

Design §5: the draw is verifiable — the candidate list is frozen and its digest
published, the seed is fixed in public afterwards, and the algorithm is
deterministic. Python's ``random`` module is deliberately not used, so that the
draw can be re-checked by a re-implementation in any language.

Specification (version 1)
-------------------------
* ``digest`` is the 32 raw bytes of the published SHA-256 digest (of the pool,
  see ``pool.py``, or of the list of panels, see ``lottery.py``).
* ``seed`` is the public seed, a text string, encoded in UTF-8 exactly as given
  (no trimming, no normalisation).
* Block ``c`` (``c`` = 0, 1, 2, …) is ``SHA-256(digest || seed || c)`` where
  ``c`` is an unsigned 64-bit big-endian integer (8 bytes). The stream is the
  concatenation of blocks 0, 1, 2, …
* A *word* is the next 8 bytes of the stream read as an unsigned 64-bit
  big-endian integer (each block yields four words, in order).
* ``below(n)`` for ``1 <= n <= 2**64`` returns an unbiased integer in ``[0, n)``:
  ``limit = 2**64 - (2**64 mod n)``; read words until one is ``< limit`` and
  return it ``mod n``. It always reads at least one word, even for ``n = 1``.
"""

from __future__ import annotations

import hashlib

WORD_BYTES = 8
_TWO_64 = 1 << 64


class SeededStream:
    """The random stream of docs/rules.md §5's verifiable draw (specification above)."""

    def __init__(self, digest: bytes, seed: str) -> None:
        if len(digest) != 32:
            raise ValueError("digest must be the 32 raw bytes of a SHA-256 digest")
        self._prefix = digest + seed.encode("utf-8")
        self._counter = 0
        self._buffer = b""
        self.words_read = 0

    def _next_block(self) -> bytes:
        block = hashlib.sha256(self._prefix + self._counter.to_bytes(8, "big")).digest()
        self._counter += 1
        return block

    def next_word(self) -> int:
        """Return the next 64-bit word of the stream."""
        if not self._buffer:
            self._buffer = self._next_block()
        word, self._buffer = self._buffer[:WORD_BYTES], self._buffer[WORD_BYTES:]
        self.words_read += 1
        return int.from_bytes(word, "big")

    def below(self, n: int) -> int:
        """Return an unbiased integer in ``[0, n)`` by rejection sampling."""
        if not 1 <= n <= _TWO_64:
            raise ValueError("below(n) needs 1 <= n <= 2**64")
        limit = _TWO_64 - (_TWO_64 % n)
        while True:
            word = self.next_word()
            if word < limit:
                return word % n
