"""Run a published command (a recount, a tally) as anyone would: in a folder holding
the downloaded files, with nothing but this repository on the path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import REPO


def run_published(command: str, folder: Path) -> Any:
    """``python -m …`` run in ``folder``; its JSON answer."""
    words = command.split()
    if words[0] != "python":
        raise ValueError(f"not a published python command: {command}")
    done = subprocess.run(
        [sys.executable, *words[1:]],
        cwd=folder,
        env={"PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)
