"""The demo's notifications (issue 18): the demo residents find news of every kind in
every state (new, read, mailed), choices made on their preferences page, a votation
followed, and a person served at the counter, without e-mail, whose letters wait for
the clerk's export, one already posted."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from civic.extensions import db
from civic.models import (
    BudgetProposal,
    Council,
    Notification,
    NotificationFollow,
    NotificationSettings,
    Petition,
    User,
    Votation,
)
from civic.models.votations import STATUS_SCHEDULED
from civic.notifications.kinds import PETITIONS
from civic.notifications.services import path_to


def _titles() -> dict[str, tuple[str, str | None]]:
    """A title and a link for each subject, from the demo's own data when it has some."""
    petition = db.session.scalar(select(Petition).order_by(Petition.id).limit(1))
    votation = db.session.scalar(
        select(Votation).where(Votation.status == STATUS_SCHEDULED).order_by(Votation.id).limit(1)
    )
    proposal = db.session.scalar(select(BudgetProposal).order_by(BudgetProposal.id).limit(1))
    council = db.session.scalar(select(Council).order_by(Council.id).limit(1))
    return {
        "petition": (
            (petition.title, path_to("petitions.show", petition_id=petition.id))
            if petition
            else ("Des arceaux à vélo devant l'école", None)
        ),
        "votation": (
            (votation.title, path_to("votations.show", votation_id=votation.id))
            if votation
            else ("Piétonniser la place du marché", None)
        ),
        "proposal": (
            (
                proposal.title,
                path_to("budget.proposal", budget_id=proposal.budget_id, proposal_id=proposal.id),
            )
            if proposal
            else ("Un jardin partagé", None)
        ),
        "council": (
            (council.neighbourhood.name, path_to("councils.show", council_id=council.id))
            if council
            else ("Centre-ville", None)
        ),
    }


# (kind, subject, hours ago, read, mailed).
News = tuple[str, str | None, int, bool, bool]
# The elector of the demo.
ELECTOR_NEWS: tuple[News, ...] = (
    ("residence_verified", None, 24 * 40, True, True),
    ("petition_admitted", "petition", 24 * 30, True, True),
    ("petition_threshold", "petition", 24 * 12, True, True),
    ("petition_scheduled", "petition", 24 * 6, False, True),
    ("petition_answered", "petition", 24 * 2, False, True),
    ("votation_opening", "votation", 24, False, True),
    ("votation_last_day", "votation", 3, False, False),
    ("budget_proposal_feasible", "proposal", 24 * 20, True, True),
    ("budget_results", "proposal", 24 * 3, False, True),
    ("council_application_eligible", "council", 24 * 15, True, True),
    ("council_drawn", "council", 24 * 4, False, True),
)
# The resident: mail turned off for petitions, so this news is in the app only.
RESIDENT_NEWS: tuple[News, ...] = (
    ("residence_refused", None, 24 * 60, True, True),
    ("residence_verified", None, 24 * 50, True, True),
    ("petition_rejected", "petition", 24 * 9, True, False),
    ("budget_proposal_unfeasible", "proposal", 24 * 5, False, True),
    ("council_application_ineligible", "council", 24 * 8, True, True),
    ("council_not_drawn", "council", 24, False, True),
)
# The person served at the counter, without e-mail: letters (one already exported).
COUNTER_NEWS: tuple[News, ...] = (
    ("residence_verified", None, 24 * 10, False, False),
    ("petition_threshold", "petition", 24, False, False),
)


def _add(user: User, news: tuple[News, ...], now: datetime) -> None:
    titles = _titles()
    for kind, subject, hours, read, mailed in news:
        at = now - timedelta(hours=hours)
        link: str | None
        if subject is None:
            title, link = (
                "Motif : justificatif illisible" if kind == "residence_refused" else "la commune",
                path_to("account.index"),
            )
        else:
            title, link = titles[subject]
        db.session.add(
            Notification(
                user_id=user.id,
                kind=kind,
                subject_title=title[:300],
                link=link,
                created_at=at,
                read_at=at + timedelta(hours=1) if read else None,
                mailed_at=at if mailed and user.email else None,
            )
        )


def seed(now: datetime, summary: list[str]) -> None:
    elector = db.session.scalar(select(User).where(User.email == "electeur@demo.civic.fr"))
    resident = db.session.scalar(select(User).where(User.email == "habitante@demo.civic.fr"))
    if elector is None or resident is None:
        return
    seeded = db.session.scalar(select(Notification.id).where(Notification.user_id == elector.id))
    if seeded is not None:
        return
    _add(elector, ELECTOR_NEWS, now)
    _add(resident, RESIDENT_NEWS, now)
    db.session.add(
        NotificationSettings(
            user_id=resident.id, email_off=PETITIONS, by_post=False, updated_at=now
        )
    )
    votation_id = db.session.scalar(
        select(Votation.id).where(Votation.status == STATUS_SCHEDULED).order_by(Votation.id)
    )
    if votation_id is not None:
        db.session.add(
            NotificationFollow(
                user_id=elector.id, subject_type="votation", subject_id=votation_id, created_at=now
            )
        )
    people = 2
    served = db.session.scalar(
        select(User).where(User.email.is_(None), User.deleted_at.is_(None)).order_by(User.id)
    )
    if served is not None:
        db.session.add(NotificationSettings(user_id=served.id, by_post=True, updated_at=now))
        _add(served, COUNTER_NEWS, now)
        db.session.flush()
        first = db.session.scalar(
            select(Notification)
            .where(Notification.user_id == served.id)
            .order_by(Notification.created_at)
        )
        if first is not None:
            first.letter_exported_at = now - timedelta(days=9)
        people += 1
    db.session.flush()
    summary.append(f"Notifications in every state for {people} demo residents")
