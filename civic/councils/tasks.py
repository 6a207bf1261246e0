"""Background tasks of the councils area (run by ``civic.jobs``)."""

from __future__ import annotations

from civic import fair_draw
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

    def failed(reason: str) -> None:
        found = db.session.get_one(CouncilDraw, draw_id)
        found.state, found.failure = DRAW_FAILED, reason

    lottery = fair_draw.compute_in_job(pool, quotas, draw.seats, draw.pool_digest, failed=failed)
    draws.record_lottery(draw_id, lottery)
    return {"draw_id": draw_id, "panels": len(lottery.panels)}
