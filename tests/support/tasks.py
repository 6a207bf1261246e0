"""Tasks used by the job tests (importable by an RQ worker)."""

from __future__ import annotations

from civic import jobs
from civic.extensions import db
from civic.models import Neighbourhood


def count_to(n: int) -> dict[str, int]:
    for i in range(n):
        jobs.report_progress((i + 1) / n, f"{i + 1}/{n}")
    db.session.add(Neighbourhood(name=f"Created by job {n}", population=n))
    return {"counted": n}


def fail() -> None:
    raise RuntimeError("deliberate failure")


def read_then_report_then_write() -> int:
    """The shape that deadlocked on SQLite: a read transaction open while reporting."""
    count = db.session.query(Neighbourhood).count()
    jobs.report_progress(0.5, "halfway")
    db.session.add(Neighbourhood(name="After progress", population=count))
    return count
