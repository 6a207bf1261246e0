from __future__ import annotations

from typing import Any

from civic.core.audit_chain import GENESIS_HASH, entry_hash, verify_chain


def make_chain(n: int) -> list[dict[str, Any]]:
    chain: list[dict[str, Any]] = []
    prev = GENESIS_HASH
    for seq in range(1, n + 1):
        fields: dict[str, Any] = {
            "seq": seq,
            "created_at": f"2026-01-0{seq}T10:00:00+00:00",
            "actor_id": 1,
            "actor_label": "user #1 (clerk)",
            "action": "residence.approved",
            "object_type": "user",
            "object_id": str(seq),
            "before": None,
            "after": '{"verification": "resident"}',
            "reason": None,
        }
        fields["prev_hash"] = prev
        fields["entry_hash"] = entry_hash(prev, fields)
        prev = fields["entry_hash"]
        chain.append(fields)
    return chain


def test_an_untouched_chain_verifies() -> None:
    check = verify_chain(make_chain(5))
    assert (check.ok, check.checked, check.first_broken_seq) == (True, 5, None)


def test_an_edited_entry_is_named_as_the_first_broken_one() -> None:
    chain = make_chain(5)
    chain[2]["reason"] = "rewritten afterwards"
    check = verify_chain(chain)
    assert (check.ok, check.first_broken_seq, check.problem) == (False, 3, "hash_mismatch")


def test_a_rehashed_edit_still_breaks_the_next_link() -> None:
    chain = make_chain(5)
    chain[1]["after"] = '{"verification": "elector"}'
    chain[1]["entry_hash"] = entry_hash(chain[1]["prev_hash"], chain[1])
    check = verify_chain(chain)
    assert (check.first_broken_seq, check.problem) == (3, "prev_hash_mismatch")


def test_a_deleted_entry_shows_as_a_gap() -> None:
    chain = make_chain(4)
    del chain[1]
    check = verify_chain(chain)
    assert (check.first_broken_seq, check.problem) == (3, "sequence_gap")


def test_an_empty_log_is_intact() -> None:
    assert verify_chain([]).ok
