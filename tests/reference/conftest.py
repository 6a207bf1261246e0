"""The live comparison with pabutools runs only when this folder is named on the command
line (``make test-reference``: ``pytest tests/reference``). A plain ``pytest`` or
``pytest tests`` leaves it out, so the default run never imports pabutools: it compares
the core with the outcomes pabutools computed once (``tests/data/pabulib/reference.json``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _named(config: pytest.Config) -> bool:
    """Whether a command-line argument is this folder or something inside it."""
    start = config.invocation_params.dir
    for arg in config.invocation_params.args:
        if arg.startswith("-"):
            continue
        path = (start / arg.split("::", 1)[0]).resolve()
        if path == HERE or HERE in path.parents:
            return True
    return False


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if collection_path.name == "conftest.py" or _named(config):
        return None
    return True
