"""Requests for administrative documents (CRPA L311-1): by a body or by a resident, answered
by the commune within a month (``civic.core.bodies.document_request_deadline``), the
overdue ones flagged on the public list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from civic.audit import services as audit
from civic.bodies.services import get_body
from civic.core.bodies import document_request_deadline, document_request_overdue
from civic.decisions import already_decided, locked
from civic.electorate import local_day
from civic.extensions import db
from civic.models import DocumentRequest, User
from civic.models.bodies import ANSWER_OUTCOMES
from civic.services import Refused

DOCUMENT_MAX = 500
ANSWER_MAX = 5_000
PENDING_MAX = 10  # unanswered requests a resident may have at once
OLDEST = date(2000, 1, 1)


@dataclass(frozen=True)
class RequestView:
    """A request as the public list shows it: its deadline and whether it is late."""

    request: DocumentRequest
    deadline: date
    overdue: bool


def get_request(request_id: int) -> DocumentRequest | None:
    return db.session.get(DocumentRequest, request_id)


def requests(today: date, body_id: int | None = None) -> list[RequestView]:
    query = select(DocumentRequest).order_by(
        DocumentRequest.received_on.desc(), DocumentRequest.id.desc()
    )
    if body_id is not None:
        query = query.where(DocumentRequest.body_id == body_id)
    return [
        RequestView(
            r,
            document_request_deadline(r.received_on),
            document_request_overdue(r.received_on, r.answered_on, today),
        )
        for r in db.session.scalars(query)
    ]


def _document(text: str) -> str:
    text = text.strip()
    if not text or len(text) > DOCUMENT_MAX:
        raise Refused(_("Dites quel document est demandé (500 caractères au plus)."), "document")
    return text


def ask(document: str, *, resident: User, now: datetime) -> DocumentRequest:
    """A resident asks for a document: received today."""
    pending = db.session.scalar(
        select(func.count(DocumentRequest.id)).where(
            DocumentRequest.requester_id == resident.id, DocumentRequest.answered_on.is_(None)
        )
    )
    if (pending or 0) >= PENDING_MAX:
        raise Refused(
            _("Vous avez déjà %(n)d demandes sans réponse : attendez une réponse.", n=PENDING_MAX)
        )
    request = DocumentRequest(
        requester_id=resident.id,
        document=_document(document),
        received_on=local_day(now),
        created_at=now,
    )
    db.session.add(request)
    db.session.commit()
    return request


def record(
    body_id: int, document: str, received_on: date, *, actor: User, now: datetime
) -> DocumentRequest:
    """A clerk records a body's request, received on paper or by mail on ``received_on``."""
    if get_body(body_id) is None:
        raise Refused(_("Cette instance n'existe pas."), "body_id")
    if not OLDEST <= received_on <= local_day(now):
        raise Refused(_("Indiquez une date passée (depuis l'an 2000)."), "received_on")
    request = DocumentRequest(
        body_id=body_id,
        document=_document(document),
        received_on=received_on,
        created_at=now,
        recorded_by_id=actor.id,
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        actor=actor,
        action="document_request.record",
        object_type="document_request",
        object_id=request.id,
        after={"body": body_id, "received_on": received_on},
        now=now,
    )
    db.session.commit()
    return request


def answer(request_id: int, outcome: str, text: str, *, actor: User, now: datetime) -> None:
    """The commune's answer, dated today; once given it is not changed."""
    request = locked(DocumentRequest, request_id)  # two clerks at once: one answer
    if request is None:
        raise Refused(_("Cette demande n'existe pas."))
    if outcome not in ANSWER_OUTCOMES:
        raise Refused(_("Choisissez la suite donnée."), "outcome")
    if not text.strip() or len(text) > ANSWER_MAX:
        raise Refused(_("Écrivez la réponse (5 000 caractères au plus)."), "answer")
    if request.answered_on is not None:
        raise already_decided(
            _("Cette demande a déjà reçu sa réponse"), by_id=request.answered_by_id
        )
    request.answered_on = local_day(now)
    request.outcome, request.answer, request.answered_by_id = outcome, text.strip(), actor.id
    audit.record(
        actor=actor,
        action="document_request.answer",
        object_type="document_request",
        object_id=request_id,
        after={"outcome": outcome, "answered_on": request.answered_on},
        now=now,
    )
    db.session.commit()


def personal_data(user: User) -> dict[str, object]:
    """The person's document requests, for their data export (GDPR art. 15)."""
    mine = db.session.scalars(
        select(DocumentRequest)
        .where(DocumentRequest.requester_id == user.id)
        .order_by(DocumentRequest.id)
    )
    return {
        "document_requests": [
            {
                "id": r.id,
                "document": r.document,
                "received_on": r.received_on.isoformat(),
                "answered_on": r.answered_on.isoformat() if r.answered_on else None,
                "outcome": r.outcome,
                "answer": r.answer,
            }
            for r in mine
        ]
    }
