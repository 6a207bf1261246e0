"""The two-person rule: one staff member asks to schedule a votation or to publish its
results, a second one approves, and the approval is the act that changes the votation.

Scheduling also keeps the calendar: the notice between scheduling and opening and
the shortest voting period of the votation's preset (``civic.core.votation_calendar``,
configured in ``VOTATION_CALENDAR``). Each approval locks the votation's row (SELECT …
FOR UPDATE; SQLite's write transaction does it there) and reads the state again
under the lock, so when two staff members approve at the same moment the second
finds the act done and is told so: one publication, one audit entry.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import gettext as _

from civic.audit import services as audit
from civic.core.votation import VotationError
from civic.extensions import db
from civic.models import User
from civic.models.votations import (
    ACTION_PUBLISH,
    ACTION_SCHEDULE,
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    STATUS_SCHEDULED,
    Votation,
    VotationApproval,
)
from civic.services import Refused
from civic.votations import calendar, eligibility, encrypted, legal, paper, results, stations
from civic.votations import documents as votation_documents
from civic.votations.services import get_votation, request_of
from civic.votations.voting import is_closed


def _locked(votation_id: int) -> Votation:
    """The votation, its row locked and its state read again under the lock."""
    votation = get_votation(votation_id)
    db.session.refresh(votation, with_for_update=True)
    return votation


def _ready_to_schedule(votation: Votation, now: datetime) -> None:
    if not votation.questions or not votation.easy_read.strip():
        raise Refused(
            _("Rédigez la question et l'explication en langage simple avant de programmer.")
        )
    if votation.closes_at is not None and votation.closes_at <= now:
        raise Refused(_("Fixez une période de vote qui n'est pas déjà passée."))
    calendar.refuse_early_or_short(votation.preset, votation.opens_at, votation.closes_at, now=now)
    # A vote of the law: its deliberation sent to the prefect, its periods and delays.
    legal.refuse_unlawful_schedule(votation, now)
    # Turnout will be measured against the commune's sourced figure: refuse to open a
    # vote whose denominator is missing (naming the figure), not only at publication.
    eligibility.eligible_figure(votation, eligibility.last_voting_day(votation) or now.date())
    # An online vote is encrypted: its trustees' ceremony must be finished.
    encrypted.refuse_unready_to_open(votation)


def _pending_message(request: VotationApproval) -> str:
    return _(
        "Déjà demandée par %(name)s le %(moment)s : en attente d'approbation par un second "
        "membre du personnel.",
        name=request.requested_by.display_name,
        moment=format_datetime(request.requested_at, "d MMMM yyyy, HH:mm"),
    )


def _ask(votation: Votation, action: str, *, actor: User, now: datetime) -> VotationApproval:
    existing = request_of(votation.id, action)
    if existing is not None:
        raise Refused(_pending_message(existing))
    request = VotationApproval(
        votation_id=votation.id, action=action, requested_by_id=actor.id, requested_at=now
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        actor=actor,
        action=f"votation.{action}_requested",
        object_type="votation",
        object_id=votation.id,
        after={"request_id": request.id},
        now=now,
    )
    return request


def _second_person(
    votation: Votation, action: str, actor: User, seen_request: str | None
) -> VotationApproval:
    request = request_of(votation.id, action)
    if request is None or request.approved_at is not None:
        raise Refused(_("Aucune demande n'attend d'approbation pour cette votation."))
    if request.requested_by_id == actor.id:
        raise Refused(
            _(
                "Vous avez fait cette demande : un second membre du personnel doit "
                "l'approuver, pas vous."
            )
        )
    if seen_request is not None and request.seen_token != seen_request:
        # Edited and asked for again since the approver's page was read: they would
        # approve a text they never saw.
        raise Refused(
            _(
                "La demande a changé depuis que vous avez ouvert la page (la votation a été "
                "modifiée puis demandée à nouveau) : relisez-la avant d'approuver."
            )
        )
    return request


def request_scheduling(votation_id: int, *, actor: User, now: datetime) -> None:
    """Ask a second staff member to schedule a complete draft (audited)."""
    votation = _locked(votation_id)
    if votation.status != STATUS_DRAFT:
        raise Refused(_("Cette votation est déjà programmée."))
    _ready_to_schedule(votation, now)
    _ask(votation, ACTION_SCHEDULE, actor=actor, now=now)
    db.session.commit()


def approve_scheduling(
    votation_id: int, *, actor: User, now: datetime, seen_request: str | None = None
) -> None:
    """The second staff member schedules the votation: it becomes visible and opens at
    its start. The notice is counted from this approval. ``seen_request``: the request
    on the approver's page, refused if another has replaced it since."""
    votation = _locked(votation_id)
    if votation.status != STATUS_DRAFT:
        raise Refused(_("Cette votation est déjà programmée."))
    request = _second_person(votation, ACTION_SCHEDULE, actor, seen_request)
    if votation.prepared_by_id == actor.id:
        raise Refused(
            _(
                "Vous avez préparé cette votation : un second membre du personnel doit "
                "approuver sa programmation, pas vous."
            )
        )
    _ready_to_schedule(votation, now)
    encrypted.open_election(votation)  # the election and its empty box, questions final
    request.approved_by_id, request.approved_at = actor.id, now
    votation.status = STATUS_SCHEDULED
    votation.scheduled_at = now
    votation_documents.issue_on_scheduling(votation, now)  # the notice of the votation
    audit.record(
        actor=actor,
        action="votation.scheduled",
        object_type="votation",
        object_id=votation.id,
        after={
            "opens_at": votation.opens_at.isoformat() if votation.opens_at else None,
            "closes_at": votation.closes_at.isoformat() if votation.closes_at else None,
            "requested_by": request.requested_by_id,
            "approved_by": actor.id,
        },
        now=now,
    )
    db.session.commit()


def _published_message(votation: Votation) -> str:
    request = request_of(votation.id, ACTION_PUBLISH)
    if request is not None and request.approved_by is not None and votation.published_at:
        return _(
            "Les résultats sont déjà publiés : %(name)s a approuvé la publication le %(moment)s.",
            name=request.approved_by.display_name,
            moment=format_datetime(votation.published_at, "d MMMM yyyy, HH:mm"),
        )
    return _("Les résultats sont déjà publiés.")


def _ready_to_publish(votation: Votation, now: datetime) -> None:
    if votation.status == STATUS_PUBLISHED:
        raise Refused(_published_message(votation))
    if votation.status != STATUS_SCHEDULED or not is_closed(votation, now):
        raise Refused(_("Les résultats ne peuvent être publiés qu'après la clôture du vote."))
    stations.refuse_unready_publication(votation)  # a vote of the law: its stations' reports
    paper.refuse_gaps(votation)
    encrypted.refuse_unready_to_publish(votation)
    # The first staff member learns at once that the denominator is missing.
    eligibility.eligible_figure(votation, eligibility.last_voting_day(votation) or now.date())


def request_publication(votation_id: int, *, actor: User, now: datetime) -> None:
    """Ask a second staff member to count and publish (after closing, paper reconciled)."""
    votation = _locked(votation_id)
    _ready_to_publish(votation, now)
    _ask(votation, ACTION_PUBLISH, actor=actor, now=now)
    db.session.commit()


def approve_publication(
    votation_id: int, *, actor: User, now: datetime, seen_request: str | None = None
) -> None:
    """The second staff member's approval counts and publishes the results, once."""
    votation = _locked(votation_id)
    _ready_to_publish(votation, now)
    request = _second_person(votation, ACTION_PUBLISH, actor, seen_request)
    request.approved_by_id, request.approved_at = actor.id, now
    audit.record(
        actor=actor,
        action="votation.publish_approved",
        object_type="votation",
        object_id=votation.id,
        after={"requested_by": request.requested_by_id, "approved_by": actor.id},
        now=now,
    )
    try:
        results.publish_results(votation_id, actor=actor, now=now)
    except VotationError as error:
        db.session.rollback()
        if error.code == "more_voters_than_eligible":
            voters, _sep, eligible = error.detail.partition(" > ")
            raise Refused(
                _(
                    "Publication impossible : %(voters)s votants pour %(eligible)s inscrits. "
                    "Vérifiez les émargements et le nombre d'inscrits avant de publier.",
                    voters=voters,
                    eligible=eligible,
                )
            ) from None
        raise Refused(_("Le dépouillement a échoué (%(code)s).", code=error.code)) from None
