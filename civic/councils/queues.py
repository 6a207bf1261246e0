"""The councils' queue on the clerks' to-do list (civic.clerk_queues)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civic.clerk_queues import Page, Queue, Search, Tally, page_of, tally_of
from civic.models import CouncilApplication, User
from civic.models.councils import APPLICATION_PENDING


def _applications() -> Tally:
    statement = (
        select(CouncilApplication)
        .where(CouncilApplication.status == APPLICATION_PENDING)
        .order_by(CouncilApplication.created_at, CouncilApplication.id)
    )
    return tally_of(
        statement,
        lambda a: (
            a.user.display_name,
            a.created_at,
            url_for("councils.applications", council_id=a.council_id),
        ),
        url_for("councils.index"),
    )


def application_page(council_id: int, search: Search) -> Page[CouncilApplication]:
    """One page of a council's applications, oldest first, whose applicant's name or
    address, or day of application, the search names (decided ones included: the page
    says what was decided)."""
    statement = (
        select(CouncilApplication)
        .join(User, User.id == CouncilApplication.user_id)
        .where(
            CouncilApplication.council_id == council_id,
            *search.matching(User.family_name, User.given_names, User.address),
            *search.on_day(CouncilApplication.created_at),
        )
        .order_by(CouncilApplication.created_at, CouncilApplication.id)
    )
    return page_of(statement, search)


QUEUES = (
    Queue(
        key="applications", title=_l("Candidatures aux conseils de quartier"), tally=_applications
    ),
)
