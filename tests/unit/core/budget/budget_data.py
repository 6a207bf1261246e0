"""The real pabulib files committed under ``tests/data/pabulib`` and pabutools' recorded
outcomes on them (``reference.json``, written by ``bench/budget_reference.py``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from civic.core.budget.pabulib import read_pb

PABULIB = Path(__file__).resolve().parents[3] / "data" / "pabulib"
REFERENCE = PABULIB / "reference.json"


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
