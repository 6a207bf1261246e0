"""Background tasks of the councils area (run by ``civic.jobs``)."""

from __future__ import annotations

from civic import jobs
from civic.core.sortition import fair
from civic.councils import draws
from civic.extensions import db
from civic.models import CouncilDraw
from civic.models.councils import DRAW_COMPUTING, DRAW_FAILED


def compute_fair_distribution(draw_id: int) -> dict[str, object]:
    """Fair-draw mode: maximin distribution, rounded to 1,000 panels, published as a
    numbered list with its digest (docs/rules.md §5). A failure marks the draw failed."""
    draw = draws.get_draw(draw_id)
    if draw is None or draw.state != DRAW_COMPUTING:
        return {"skipped": True}
    pool, quotas = draws.pool_and_quotas(draw)
    seats, rounding_seed = draw.seats, int(draw.pool_digest[:15], 16)
    # End the read transaction before the long computation: progress reports write on
    # their own connection, which SQLite would refuse while this one holds the lock.
    db.session.rollback()
    try:
        lottery = fair.compute_lottery(
            pool, quotas, seats, rounding_seed=rounding_seed, report=jobs.report_progress
        )
    except Exception as error:
        draw = db.session.get_one(CouncilDraw, draw_id)
        draw.state = DRAW_FAILED
        draw.failure = repr(error)[:2000]
        db.session.commit()
        raise
    jobs.report_progress(0.97, "publishing the list")
    draws.record_lottery(draw_id, lottery)
    return {"draw_id": draw_id, "panels": len(lottery.panels)}
