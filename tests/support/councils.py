"""Councils with a pool of eligible candidates, for the councils tests (issue 6)."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flask import Flask

from tests.conftest import REPO

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
# Six women and six men of various ages: parity on 4 drawn seats is easy.
POOL = [
    (f"{gender[0]}{n}", gender, date(1950 + 5 * n, 3, 1 + n))
    for gender in ("female", "male")
    for n in range(6)
]


def make_council(
    app: Flask,
    people: Any,
    *,
    neighbourhood: str = "Centre",
    drawn: int = 4,
    volunteer: int = 2,
    pool: list[tuple[str, str, date]] | None = None,
) -> int:
    """A council on ``neighbourhood`` with an admin, a clerk and ``pool`` eligible
    candidates (names ``f0``… ``m5`` by default); returns the council id."""
    from civic.councils import membership
    from civic.extensions import db
    from civic.models import Neighbourhood, User

    admin = people.created.get("admin") or people.make("admin", level="elector", roles=("admin",))
    clerk = people.created.get("clerk") or people.make("clerk", roles=("clerk",))
    applicants = [
        (people.make(name, birth_date=born, neighbourhood=neighbourhood), gender, born)
        for name, gender, born in (POOL if pool is None else pool)
    ]
    with app.app_context():
        hood = db.session.scalar(
            db.select(Neighbourhood).where(Neighbourhood.name == neighbourhood)
        )
        council = membership.create_council(
            membership.CouncilInput(
                neighbourhood_id=hood.id,
                drawn_seats=drawn,
                volunteer_seats=volunteer,
                association_seats=0,
                term_start=date(2026, 1, 1),
                term_end=date(2028, 12, 31),
                quorum_kind="more_than_fraction",
                quorum_numerator=1,
                quorum_denominator=2,
                quorum_minimum=0,
                majority="simple",
                age_population={},
            ),
            actor=db.session.get(User, admin),
            now=NOW,
        )
        for user_id, gender, _born in applicants:
            user = db.session.get(User, user_id)
            application = membership.apply(
                council.id,
                membership.ApplicationInput(
                    kind="pool",
                    gender=gender,
                    publish_name=True,
                ),
                user=user,
                now=NOW,
            )
            membership.decide_application(
                application.id,
                eligible=True,
                reason=None,
                actor=db.session.get(User, clerk),
                now=NOW,
            )
        return council.id


def run_published_command(command: str, folder: Path) -> dict[str, Any]:
    """Run a draw's published command, as anyone would, in ``folder`` holding the
    downloaded files, with Civic's source on the path; its JSON output."""
    argv = shlex.split(command)
    assert argv[:3] == ["python", "-m", "civic.core.sortition"]
    done = subprocess.run(
        [sys.executable, *argv[1:]],
        cwd=folder,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))
