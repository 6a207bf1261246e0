"""``/clerk/``: one page with each queue's count and its oldest item, oldest queue
first in each row; the areas' own pages do the work (civic.clerk_queues)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from civic import clerk_queues
from civic.auth.access import roles_required
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK

bp = Blueprint("clerk", __name__, url_prefix="/clerk")


@bp.get("/")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def index() -> ResponseReturnValue:
    queues = [(queue, queue.tally()) for queue in clerk_queues.registered()]
    return render_template(
        "clerk/index.html", queues=queues, waiting=sum(tally.count for _, tally in queues)
    )
