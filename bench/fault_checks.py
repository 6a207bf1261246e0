"""What must hold in the database after a fault run (``faults.py``, run by hand).

Read in a fresh process after the last restart, i.e. from what reached the disk:

- every signature a resident was told about (302 with the thank-you flash) has its row;
- no row that nobody asked for, no (petition, person) row twice;
- every petition's counters equal its rows (and ``flask civic petitions recount
  --dry-run`` agrees, as an operator would run it);
- every threshold the rows reach is stamped once, none is stamped that is not reached,
  and each stamp has exactly its consequence: two agenda items (presentation and
  answer) for ``council_debate``, one votation draft for ``referendum`` — none
  duplicated, none lost, none without a stamp.
"""

from __future__ import annotations

import collections
import os
import subprocess
from dataclasses import dataclass, field
from typing import Any

import harness

Pair = tuple[int, int]  # (bench resident number, petition id)

EXPECTED_CONSEQUENCES = {
    "council_debate": {("agenda", "petition_presentation"), ("agenda", "petition_answer")},
    "referendum": {("votation", "referendum")},
}


@dataclass
class Verdict:
    acknowledged: int = 0
    found: int = 0
    rows: int = 0
    lost: list[Pair] = field(default_factory=list)
    phantom: list[Pair] = field(default_factory=list)
    doubled: int = 0
    drift: list[tuple[int, int, int]] = field(default_factory=list)
    recount: str = ""
    recount_code: int = -1
    thresholds: int = 0
    consequences: int = 0
    consequence_problems: list[str] = field(default_factory=list)
    integrity: str = "n/a"

    @property
    def fine(self) -> bool:
        return (
            not self.lost
            and not self.phantom
            and not self.doubled
            and not self.drift
            and self.recount_code == 0
            and not self.consequence_problems
            and self.integrity in ("ok", "n/a")
        )

    def summary(self) -> str:
        return (
            f"{'OK' if self.fine else 'FAILED'}: acknowledged {self.acknowledged}, "
            f"found in the database {self.found} (lost {len(self.lost)}), rows {self.rows}, "
            f"rows nobody asked for {len(self.phantom)}, doubled {self.doubled}, "
            f"counter drift {len(self.drift)}, recount: {self.recount!r} (exit "
            f"{self.recount_code}), thresholds crossed {self.thresholds}, consequences "
            f"{self.consequences}, consequence problems {self.consequence_problems[:5]}, "
            f"integrity {self.integrity}"
        )


def verify(
    database: str,
    instance: str,
    ids: list[int],
    acknowledged: set[Pair],
    attempted: set[Pair],
) -> Verdict:
    import bench_signing
    from sqlalchemy import func, select, text

    os.environ["CIVIC_INSTANCE_PATH"] = instance
    from civic import create_app
    from civic.extensions import db
    from civic.models import AgendaItem, Petition, PetitionThreshold, Signature, User, Votation
    from civic.petitions.counting import count_rows
    from civic.petitions.rules import evaluate
    from civic.services import now_utc

    verdict = Verdict(acknowledged=len(acknowledged))
    app = create_app(bench_signing._config(database))
    with app.app_context():
        numbers = {
            user_id: int(email.removeprefix("bench").split("@")[0])
            for user_id, email in db.session.execute(
                select(User.id, User.email).where(User.email.like("bench%@example.org"))
            )
        }
        rows = [
            (numbers[user_id], petition_id)
            for user_id, petition_id in db.session.execute(
                select(Signature.user_id, Signature.petition_id).where(
                    Signature.petition_id.in_(ids)
                )
            )
        ]
        stored = set(rows)
        verdict.rows = len(rows)
        verdict.doubled = len(rows) - len(stored)
        verdict.found = len(acknowledged & stored)
        verdict.lost = sorted(acknowledged - stored)
        verdict.phantom = sorted(stored - attempted)
        verdict.doubled += db.session.scalar(
            select(func.count()).select_from(
                select(Signature.petition_id, Signature.identity_key)
                .group_by(Signature.petition_id, Signature.identity_key)
                .having(func.count() > 1)
                .subquery()
            )
        )
        today = now_utc().date()
        found: dict[int, set[tuple[str, str]]] = collections.defaultdict(set)
        counted: collections.Counter[tuple[int, str, str]] = collections.Counter()
        for subject_id, kind in db.session.execute(
            select(AgendaItem.subject_id, AgendaItem.kind).where(
                AgendaItem.subject_type == "petition"
            )
        ):
            found[subject_id].add(("agenda", kind))
            counted[(subject_id, "agenda", kind)] += 1
        for petition_id, kind in db.session.execute(
            select(Votation.origin_petition_id, Votation.kind).where(
                Votation.origin_petition_id.is_not(None)
            )
        ):
            found[petition_id].add(("votation", kind))
            counted[(petition_id, "votation", kind)] += 1
        verdict.consequences = sum(counted.values())
        verdict.consequence_problems += [f"{k} ×{n}" for k, n in counted.items() if n > 1]
        stamps = collections.Counter(
            db.session.execute(select(PetitionThreshold.petition_id, PetitionThreshold.name))
        )
        verdict.consequence_problems += [f"stamp {k} ×{n}" for k, n in stamps.items() if n > 1]
        for petition_id in ids:
            petition = db.session.get(Petition, petition_id)
            assert petition is not None
            recounted = count_rows(petition_id)
            if petition.collected_count != recounted.collected:
                verdict.drift.append((petition_id, petition.collected_count, recounted.collected))
            evaluation = evaluate(petition, today)
            assert evaluation is not None
            if evaluation.newly_crossed or evaluation.lost:
                verdict.consequence_problems.append(
                    f"petition {petition_id}: reached but not stamped {evaluation.newly_crossed},"
                    f" stamped but not reached {evaluation.lost}"
                )
            names = set(petition.stamps())
            verdict.thresholds += len(names)
            expected = set().union(*(EXPECTED_CONSEQUENCES.get(n, set()) for n in names))
            if found[petition_id] != expected:
                verdict.consequence_problems.append(
                    f"petition {petition_id}: stamps {sorted(names)} but consequences "
                    f"{sorted(found[petition_id])}"
                )
        if db.engine.dialect.name == "sqlite":
            verdict.integrity = db.session.scalar(text("PRAGMA integrity_check"))
        db.session.remove()
        db.engine.dispose()
    recount = subprocess.run(
        [harness.venv_command("flask"), "civic", "petitions", "recount", "--dry-run"],
        cwd=harness.REPO,
        env=harness.app_environment(instance, database),
        capture_output=True,
        text=True,
    )
    verdict.recount_code = recount.returncode
    verdict.recount = (recount.stdout.strip().splitlines() or [recount.stderr[-200:]])[-1]
    return verdict


def as_dict(verdict: Verdict) -> dict[str, Any]:
    return {
        "fine": verdict.fine,
        "acknowledged": verdict.acknowledged,
        "found": verdict.found,
        "lost": len(verdict.lost),
        "rows": verdict.rows,
        "phantom": len(verdict.phantom),
        "doubled": verdict.doubled,
        "drift": len(verdict.drift),
        "recount": verdict.recount,
        "thresholds": verdict.thresholds,
        "consequences": verdict.consequences,
        "consequence_problems": verdict.consequence_problems,
        "integrity": verdict.integrity,
    }
