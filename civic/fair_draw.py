"""The fair draw as the areas run it (docs/rules.md §5): neighbourhood councils' draws and
bodies' lotteries offer it beside the stratified draw, through this one piece.

The distribution and its lottery of panels are the core's (``civic.core.sortition.fair``,
on the optional ``fair-draw`` extra); here is what an area needs around them: the
refusal when the server lacks the extra, the long computation inside a background job
(``civic.jobs``, with its progress bar), and the numbered list as published.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from civic import jobs
from civic.core.sortition import Pool, Quotas, fair, panel_list_digest
from civic.core.sortition.csvfiles import read_panels_csv
from civic.csv_export import csv_text
from civic.extensions import db
from civic.services import Refused


def require_available(field: str = "mode") -> None:
    """Refuse the fair draw, on the form's ``field``, where the extra is not installed."""
    if not fair.available():
        raise Refused(
            _(
                "Le tirage équitable demande le module optionnel « fair-draw » "
                "(sortition-algorithms et mip), qui n'est pas installé sur ce serveur."
            ),
            field,
        )


def compute_in_job(
    pool: Pool, quotas: Quotas, seats: int, pool_digest: str, *, failed: Callable[[str], None]
) -> fair.Lottery:
    """From inside a job's task: the lottery of panels, its progress reported to the job.
    The rounding is seeded from the pool's digest, so the same frozen pool gives the same
    list. If it fails, ``failed(reason)`` marks the area's object, committed, and the
    error goes on to the job (shown as failed)."""
    # End the read transaction before the long computation: progress reports write on
    # their own connection, which SQLite would refuse while this one holds the lock.
    db.session.rollback()
    try:
        lottery = fair.compute_lottery(
            pool,
            quotas,
            seats,
            rounding_seed=int(pool_digest[:15], 16),
            report=jobs.report_progress,
        )
    except Exception as error:
        failed(repr(error)[:2000])
        db.session.commit()
        raise
    jobs.report_progress(0.97, "publishing the list")
    return lottery


def published(lottery: fair.Lottery) -> tuple[str, str]:
    """The numbered list of panels as published (PANELS.csv) and its digest."""
    text = csv_text(lottery.rows())
    return text, panel_list_digest(read_panels_csv(text))
