"""The audit log's hash chain (docs/rules.md §8: each entry carries the hash of the previous one).

Pure functions, so anyone holding an export of the log can check it without the
application: ``entry_hash = SHA-256(prev_hash || canonical JSON of the entry)``,
where the canonical JSON has sorted keys, no spaces and UTF-8 text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64

# The fields an entry's hash covers, in the canonical JSON.
HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "reason",
)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """Hash of one entry, chained on ``prev_hash``; ``fields`` must hold ``HASHED_FIELDS``."""
    payload = canonical_json({name: fields[name] for name in HASHED_FIELDS})
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    first_broken_seq: int | None
    problem: str | None  # "prev_hash_mismatch", "hash_mismatch", "sequence_gap"


def verify_chain(entries: Iterable[Mapping[str, Any]]) -> ChainCheck:
    """Walk entries in ``seq`` order; name the first one whose links or hash do not hold."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for entry in entries:
        seq = int(entry["seq"])
        if seq != expected_seq:
            return ChainCheck(False, checked, seq, "sequence_gap")
        if entry["prev_hash"] != expected_prev:
            return ChainCheck(False, checked, seq, "prev_hash_mismatch")
        if entry_hash(expected_prev, entry) != entry["entry_hash"]:
            return ChainCheck(False, checked, seq, "hash_mismatch")
        expected_prev = str(entry["entry_hash"])
        expected_seq += 1
        checked += 1
    return ChainCheck(True, checked, None, None)
