"""The clerks' queue of petitions whose council answer is overdue (/clerk/petitions/…):
searched, paginated, oldest first, as a page and as an HTMX fragment
(civic.clerk_queues)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from civic.auth.access import roles_required
from civic.clerk_queues import Search
from civic.extensions import htmx
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.petitions.overdue import meetings_of, overdue_page

bp = Blueprint("petitions_clerk", __name__, url_prefix="/clerk/petitions")


@bp.get("/reponses-en-retard")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def overdue() -> ResponseReturnValue:
    search = Search.from_args(request.args)
    page = overdue_page(search)
    context = {
        "page": page,
        "search": search,
        "petitions": page.items,
        "meetings": meetings_of(page.items),
    }
    if htmx:
        return render_template("petitions/_overdue.html", **context)
    return render_template("petitions/overdue.html", **context)
