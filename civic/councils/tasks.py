"""Background tasks of the councils area (run by ``civic.jobs``)."""

from __future__ import annotations

from civic import jobs
from civic.councils import draws, fairdraw
from civic.extensions import db
from civic.models.councils import DRAW_COMPUTING, DRAW_FAILED


def compute_fair_distribution(draw_id: int) -> dict[str, object]:
    """Fair-draw mode: maximin distribution, rounded to 1,000 panels, published as a
    numbered list with its digest (design §5). A failure marks the draw failed."""
    draw = draws.get_draw(draw_id)
    if draw is None or draw.state != DRAW_COMPUTING:
        return {"skipped": True}
    pool, quotas = draws.pool_and_quotas(draw)
    try:
        lottery = fairdraw.compute_lottery(
            pool,
            quotas,
            draw.seats,
            rounding_seed=int(draw.pool_digest[:15], 16),
            report=jobs.report_progress,
        )
    except Exception as error:
        db.session.rollback()
        draw = draws.get_draw(draw_id)
        assert draw is not None
        draw.state = DRAW_FAILED
        draw.failure = repr(error)[:2000]
        db.session.commit()
        raise
    draws.record_lottery(draw_id, lottery)
    jobs.report_progress(1.0, "published")
    return {"draw_id": draw_id, "panels": len(lottery.panels)}
