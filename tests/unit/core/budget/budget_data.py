"""The real pabulib files committed under ``tests/data/pabulib`` and pabutools' recorded
outcomes on them (``reference.json``, written by ``bench/budget_reference.py``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from civic.core.budget.model import TALLIED_VOTE_TYPES
from civic.core.budget.pabulib import read_election, read_pb

PABULIB = Path(__file__).resolve().parents[3] / "data" / "pabulib"
REFERENCE = PABULIB / "reference.json"
RULES = ("greedy", "mes", "mes+greedy", "mes+add1")


def pb_files() -> list[Path]:
    return sorted(PABULIB.glob("*.pb"))


@cache
def reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data


def published(path: Path) -> set[str]:
    """The projects the city funded (the PROJECTS section's ``selected`` column)."""
    pb = read_pb(path)
    column = pb.project_header.index("selected")
    return {row[0] for row in pb.project_rows if row[column] == "1"}


def recorded_rules(path: Path) -> tuple[str, ...]:
    """The rules recorded for a file: none for ballots that are not tallied (ordinal);
    mes+add1 (minutes of pabutools) only where the city used equal shares."""
    election = read_election(path)
    if election.vote_type not in TALLIED_VOTE_TYPES:
        return ()
    if election.meta.get("rule", "").startswith("equalshares"):
        return RULES
    return tuple(r for r in RULES if r != "mes+add1")
