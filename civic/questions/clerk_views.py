"""The clerks' queue of question time's answers overdue (/clerk/questions/…): searched,
paginated, oldest first, as a page and as an HTMX fragment (civic.clerk_queues)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from civic.auth.access import roles_required
from civic.clerk_queues import Search
from civic.extensions import htmx
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.questions import settings as rules
from civic.questions.overdue import overdue_page
from civic.services import now_utc

bp = Blueprint("questions_clerk", __name__, url_prefix="/clerk/questions")


@bp.get("/reponses-en-retard")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def overdue() -> ResponseReturnValue:
    search = Search.from_args(request.args)
    page = overdue_page(search, now_utc())
    context = {
        "page": page,
        "search": search,
        "questions": page.items,
        "due": rules.load().written_answer_due,
    }
    if htmx:
        return render_template("questions/_overdue.html", **context)
    return render_template("questions/overdue.html", **context)
