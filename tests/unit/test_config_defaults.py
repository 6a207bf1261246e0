"""Every setting the code reads has its default in one place, civic/config.py."""

from __future__ import annotations

import re
from pathlib import Path

from civic.config import DEFAULTS

CIVIC = Path(__file__).resolve().parents[2] / "civic"
# Read from config, whatever the form: config["X"], config.get("X"…), config.setdefault("X"…).
READ = re.compile(r"config(?:\[|\.get\(|\.setdefault\()\s*\"([A-Z][A-Z0-9_]*)\"")
# A default written beside the read instead of in civic/config.py.
DEFAULT_BESIDE = re.compile(r"config\.(?:get|setdefault)\(\s*\"[A-Z][A-Z0-9_]*\"\s*,")
# Filled in by create_app from the instance folder or from another setting.
DERIVED = {"SECRET_KEY", "IDENTITY_KEY_SECRET", "REMEMBER_COOKIE_SECURE"}


def sources() -> dict[str, str]:
    return {
        str(path.relative_to(CIVIC.parent)): path.read_text(encoding="utf-8")
        for path in sorted(CIVIC.rglob("*.py"))
        if path.name != "config.py"
    }


def test_every_setting_the_code_reads_has_a_default_in_civic_config() -> None:
    missing = {
        f"{name} ({path})"
        for path, text in sources().items()
        for name in READ.findall(text)
        if name not in DEFAULTS and name not in DERIVED
    }
    assert missing == set()


def test_no_module_keeps_a_default_of_its_own_beside_the_read() -> None:
    found = [
        f"{path}: {match.group(0)}"
        for path, text in sources().items()
        for match in DEFAULT_BESIDE.finditer(text)
    ]
    assert found == []
