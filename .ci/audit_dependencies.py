"""Known vulnerabilities in the installed packages: pip-audit on this virtualenv, with a
verdict that tells "audited, clean" from "could not audit".

pip-audit asks a vulnerability service about each installed release (PyPI's JSON API by
default). Where that service does not answer for a release, pip-audit skips the package
as "not found on PyPI", still prints "No known vulnerabilities found" and exits 0: a
green that audited nothing. So:

- a package is reported vulnerable: exit 1, the build fails;
- packages were audited and none is vulnerable: exit 0;
- nothing could be audited (no network, or an index that serves no per-release pages),
  or the service cannot be reached at all: a notice that the audit was NOT done, exit 0.
  The build does not hang on a third-party service, but it says so plainly.

Usage: ``python .ci/audit_dependencies.py [extra pip-audit options]`` (``make audit``).
The editable civic package itself is skipped: it is this repository, not a release.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# What requests/urllib3 say when the service cannot be reached (pip-audit then stops
# with a traceback instead of writing its report).
UNREACHABLE = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "timed out",
    "Temporary failure in name resolution",
)

NOT_DONE = (
    "pip-audit: dependency audit NOT DONE: no vulnerability data could be had from "
    "this machine ({detail}). The build goes on; run `make audit` where the service "
    "answers."
)


def verdict(report: dict[str, Any]) -> tuple[int, str]:
    """Exit code and message for a pip-audit JSON report."""
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = sorted(d["name"] for d in dependencies if "skip_reason" in d)
    findings = [
        f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or '-'})"
        for d in audited
        for v in d.get("vulns", [])
    ]
    if findings:
        return 1, "pip-audit: known vulnerabilities:\n  " + "\n  ".join(findings)
    if not audited:
        return 0, NOT_DONE.format(detail=f"none of {len(skipped)} packages could be looked up")
    message = f"pip-audit: {len(audited)} packages audited, no known vulnerabilities"
    if skipped:
        message += f"; not audited: {', '.join(skipped)}"
    return 0, message


def main(options: list[str]) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip_audit",
                "--progress-spinner=off",
                "--skip-editable",
                "--format=json",
                f"--output={report}",
                *options,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if report.is_file() and report.stat().st_size:
            code, message = verdict(json.loads(report.read_text()))
        elif any(marker in done.stderr for marker in UNREACHABLE):
            last = done.stderr.strip().splitlines()[-1][:200]
            code, message = 0, NOT_DONE.format(detail=last)
        else:
            code, message = done.returncode or 1, f"pip-audit failed:\n{done.stderr}"
    print(message, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
