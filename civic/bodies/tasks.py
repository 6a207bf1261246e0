"""Background tasks of the bodies area (run by ``civic.jobs``)."""

from __future__ import annotations

from civic import fair_draw
from civic.bodies import lottery_seats
from civic.extensions import db
from civic.models import BodyLottery
from civic.models.bodies import LOTTERY_COMPUTING, LOTTERY_FAILED


def compute_fair_lottery(lottery_id: int) -> dict[str, object]:
    """A lottery's fair draw: maximin distribution over the quota-valid panels of its
    frozen pool, rounded to 1,000 panels, published as a numbered list with its digest
    before the seed (docs/rules.md §5). A failure marks the lottery failed."""
    found = db.session.get(BodyLottery, lottery_id)
    if found is None or found.state != LOTTERY_COMPUTING or found.pool_digest is None:
        return {"skipped": True}
    pool, quotas = lottery_seats.pool_and_quotas(found)

    def failed(reason: str) -> None:
        lottery = db.session.get_one(BodyLottery, lottery_id)
        lottery.state, lottery.failure = LOTTERY_FAILED, reason

    lottery = fair_draw.compute_in_job(pool, quotas, found.seats, found.pool_digest, failed=failed)
    lottery_seats.record_panels(lottery_id, lottery)
    return {"lottery_id": lottery_id, "panels": len(lottery.panels)}
