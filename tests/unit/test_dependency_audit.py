"""The verdict of `make audit` on pip-audit's JSON report (.ci/audit_dependencies.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
assert spec is not None and spec.loader is not None
audit_dependencies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_dependencies)
verdict = audit_dependencies.verdict

CLEAN = {"name": "flask", "version": "3.1.3", "vulns": []}
EDITABLE = {"name": "civic", "skip_reason": "distribution marked as editable"}
NOT_FOUND = {"name": "nh3", "skip_reason": "Dependency not found on PyPI: nh3 (0.3.2)"}


def test_a_reported_vulnerability_fails_the_build_and_names_the_fix() -> None:
    vulnerable = {
        "name": "setuptools",
        "version": "65.5.0",
        "vulns": [{"id": "PYSEC-2022-43012", "fix_versions": ["65.5.1"]}],
    }
    code, message = verdict({"dependencies": [CLEAN, vulnerable, EDITABLE]})
    assert code == 1
    assert "setuptools 65.5.0: PYSEC-2022-43012 (fixed in 65.5.1)" in message


def test_a_report_that_audited_nothing_passes_but_says_the_audit_was_not_done() -> None:
    code, message = verdict({"dependencies": [NOT_FOUND, EDITABLE]})
    assert code == 0
    assert "NOT DONE" in message


def test_a_clean_audit_passes_and_names_what_it_could_not_look_up() -> None:
    code, message = verdict({"dependencies": [CLEAN, NOT_FOUND, EDITABLE]})
    assert code == 0
    assert message.startswith("pip-audit: 1 packages audited, no known vulnerabilities")
    assert "not audited: civic, nh3" in message
