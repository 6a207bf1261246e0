"""Which votes of the law are on one subject, for the year between them (LO 1112-6,
L1112-21; docs/legal.md).

The subject of a vote is named by the first vote on it: a clerk recording a
deliberation that puts an object already put to the electors links it to that
earlier vote (``VotationDeliberation.same_subject_as_id`` keeps the first vote of
the chain, so a third vote linked to the second is on the first's subject too).
Rewording the object does not undo the link; the core also catches two objects
worded alike (``civic.core.legal_track.same_subject``).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from civic.core.legal_track import EarlierVote
from civic.extensions import db
from civic.models.votation_legal import VotationDeliberation
from civic.models.votations import STATUS_DRAFT, Votation
from civic.services import Refused
from civic.votations.eligibility import local_day
from civic.votations.track import LEGAL_VOTES


def polling_days(votation: Votation) -> tuple[date, date] | None:
    if votation.opens_at is None or votation.closes_at is None:
        return None
    return local_day(votation.opens_at), local_day(votation.closes_at - timedelta(microseconds=1))


def _others(votation: Votation) -> list[tuple[Votation, VotationDeliberation]]:
    """The commune's other votes of the law, scheduled or held, with their deliberation."""
    rows = db.session.execute(
        select(Votation, VotationDeliberation)
        .join(VotationDeliberation, VotationDeliberation.votation_id == Votation.id)
        .where(
            Votation.id != votation.id,
            Votation.preset.in_(list(LEGAL_VOTES)),
            Votation.status != STATUS_DRAFT,
        )
        .order_by(Votation.opens_at, Votation.id)
    ).all()
    return [(other, record) for other, record in rows]


def subject_of(votation_id: int, record: VotationDeliberation | None) -> int:
    """The subject a vote is on: the first vote on it, or the vote itself."""
    if record is not None and record.same_subject_as_id is not None:
        return record.same_subject_as_id
    return votation_id


def earlier_votes(votation: Votation) -> list[EarlierVote]:
    """The other votes of the law, for the one-year rule."""
    votes = []
    for other, record in _others(votation):
        days = polling_days(other)
        if days is not None:
            votes.append(
                EarlierVote(
                    LEGAL_VOTES[other.preset],
                    other.title,
                    record.subject,
                    *days,
                    subject_id=subject_of(other.id, record),
                )
            )
    return votes


def choices(votation: Votation) -> list[tuple[str, str]]:
    """The votes a clerk may say this one repeats, for the deliberation's form."""
    options = [("", _("Aucun : l'objet n'a pas encore été soumis aux électeurs"))]
    for other, record in _others(votation):
        day = format_date(local_day(other.opens_at), "d MMMM y") if other.opens_at else "—"
        options.append((str(other.id), f"{other.title} — {record.subject} ({day})"))
    return options


def first_vote_on(votation: Votation, chosen_id: int | None) -> int | None:
    """The first vote on the subject of the vote the clerk chose (None: a new subject)."""
    if chosen_id is None:
        return None
    for other, record in _others(votation):
        if other.id == chosen_id:
            return subject_of(other.id, record)
    raise Refused(
        _("Choisissez dans la liste un vote de la commune déjà programmé ou tenu."),
        "same_subject_as_id",
    )
