"""The frozen candidate pool and its canonical digest (docs/rules.md §5).

Design §5: "the candidate list is frozen and its digest published" before the
seed is fixed. The digest lets anyone check that the pool used for the draw is
the published one.

Canonical digest (version 1)
----------------------------
For every candidate, one line::

    id TAB feature1=value1 TAB feature2=value2 … LF

with the features in ascending code-point order of their names (only the
features the quotas stratify on; a pool without quotas has lines ``id LF``).
The lines are sorted in ascending code-point order (equivalently, by their
UTF-8 bytes), concatenated, encoded in UTF-8, and hashed with SHA-256; the
digest is published as 64 lowercase hex digits. Ids and values must not
contain TAB, CR or LF; feature names must not contain ``=`` either. Identical
input in any order gives the same digest. Example (two candidates, one
feature)::

    printf 'p1\\tgender=female\\np2\\tgender=male\\n' | sha256sum
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

_FORBIDDEN = ("\t", "\n", "\r")


class PoolError(ValueError):
    """The pool cannot be frozen; ``reasons`` says why, one line each."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons: tuple[str, ...] = tuple(reasons)
        super().__init__("; ".join(self.reasons))


@dataclass(frozen=True)
class Candidate:
    """One pseudonymous candidate: an id and one value per pool feature."""

    id: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Pool:
    """A frozen pool: features sorted by name, candidates sorted by id."""

    features: tuple[str, ...]
    candidates: tuple[Candidate, ...]

    def __len__(self) -> int:
        return len(self.candidates)

    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.candidates)

    def canonical_lines(self) -> list[str]:
        """The lines hashed by ``digest`` (see module docstring), in order."""
        lines = [
            "\t".join([c.id, *(f"{f}={v}" for f, v in zip(self.features, c.values, strict=True))])
            + "\n"
            for c in self.candidates
        ]
        return sorted(lines)

    @cached_property
    def _digest(self) -> bytes:
        # Computed once per frozen pool (cached_property bypasses the frozen setattr).
        return hashlib.sha256("".join(self.canonical_lines()).encode("utf-8")).digest()

    def digest_bytes(self) -> bytes:
        return self._digest

    def digest(self) -> str:
        """SHA-256 of the canonical pool, as 64 lowercase hex digits (docs/rules.md §5)."""
        return self._digest.hex()


def freeze_pool(
    features: Iterable[str], candidates: Iterable[tuple[str, Mapping[str, str]]]
) -> Pool:
    """Freeze a pool from ``(id, {feature: value})`` pairs (docs/rules.md §5: frozen list).

    Only the given features are kept (other keys are ignored). Raises
    ``PoolError`` listing every problem: duplicate or empty ids, missing or empty
    values, forbidden characters.
    """
    feature_names = tuple(sorted(set(features)))
    reasons: list[str] = []
    for feature in feature_names:
        if not feature or "=" in feature or any(ch in feature for ch in _FORBIDDEN):
            reasons.append(f"feature name {feature!r} is empty or contains '=', TAB or a newline")
    seen: set[str] = set()
    frozen: list[Candidate] = []
    for candidate_id, categories in candidates:
        if not candidate_id:
            reasons.append("a candidate has an empty id")
            continue
        if any(ch in candidate_id for ch in _FORBIDDEN):
            reasons.append(f"id {candidate_id!r} contains a TAB or a newline")
        if candidate_id in seen:
            reasons.append(f"id {candidate_id} appears more than once")
            continue
        seen.add(candidate_id)
        values: list[str] = []
        for feature in feature_names:
            value = categories.get(feature, "")
            if not value:
                reasons.append(f"candidate {candidate_id} has no value for {feature}")
            elif any(ch in value for ch in _FORBIDDEN):
                reasons.append(
                    f"candidate {candidate_id}: {feature} value contains a TAB or newline"
                )
            values.append(value)
        frozen.append(Candidate(candidate_id, tuple(values)))
    if reasons:
        raise PoolError(reasons)
    frozen.sort(key=lambda c: c.id)
    return Pool(feature_names, tuple(frozen))
