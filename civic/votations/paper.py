"""The paper desk's checks: paper ballots must add up to the paper voters marked in the
register, per polling station, before publication; a mistaken batch is cancelled,
never deleted (docs/rules.md §4: one vote per person across online and paper).

Entering a batch lives with the other writes of the ballot box
(``civic.votations.voting.enter_paper_ballots``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from civic.audit import services as audit
from civic.extensions import db
from civic.models import Ballot, User
from civic.models.votations import CHANNEL_PAPER, PaperBallotBatch, Votation
from civic.services import Refused
from civic.votations.services import get_votation
from civic.votations.track import legal_vote
from civic.votations.voting import gap_text, paper_desk_open, reconciliation

REASON_MAX = 500


@dataclass(frozen=True)
class PaperGap:
    """A polling station whose paper ballots differ from its marked paper voters."""

    polling_station: str
    question: str
    ballots: int
    voters: int


def paper_gaps(votation: Votation) -> list[PaperGap]:
    if legal_vote(votation) is not None:
        # Its voters sign the polling station's own list, not the register: each
        # station's report adds up its ballots and voters (civic.votations.legal).
        return []
    return [
        PaperGap(line.polling_station or "—", line.question, line.ballots, line.register)
        for line in reconciliation(votation)
        if line.channel == CHANNEL_PAPER and not line.matches
    ]


def _describe(gap: PaperGap, *, with_question: bool) -> str:
    text = gap_text(gap.polling_station, gap.ballots, gap.voters)
    if with_question:
        text += " " + _("(question « %(question)s »)", question=gap.question)
    return text


def refuse_gaps(votation: Votation) -> None:
    """Publication is refused while any station's paper ballots and voters differ."""
    gaps = paper_gaps(votation)
    if not gaps:
        return
    several = len(votation.questions) > 1
    raise Refused(
        _(
            "Publication impossible : les bulletins papier ne correspondent pas aux "
            "émargements. %(gaps)s.",
            gaps=" ; ".join(_describe(gap, with_question=several) for gap in gaps),
        )
    )


def batches_of(votation_id: int) -> list[PaperBallotBatch]:
    return list(
        db.session.scalars(
            select(PaperBallotBatch)
            .where(PaperBallotBatch.votation_id == votation_id)
            .order_by(PaperBallotBatch.entered_at, PaperBallotBatch.id)
        )
    )


def cancel_batch(
    votation_id: int, batch_id: int, *, reason: str, actor: User, now: datetime
) -> PaperBallotBatch:
    """Take a mistaken batch's ballots out of the box; the batch stays, marked cancelled
    with who, when and why (audited). Paper ballots of one station and choice are
    interchangeable, so any of them may go."""
    votation = get_votation(votation_id)
    db.session.refresh(votation, with_for_update=True)  # one paper-desk write at a time
    paper_desk_open(votation, now)
    text = " ".join((reason or "").split())
    if not text:
        raise Refused(_("Indiquez pourquoi ce lot est annulé."), "reason")
    if len(text) > REASON_MAX:
        raise Refused(_("Raison trop longue."), "reason")
    batch = db.session.get(PaperBallotBatch, batch_id)
    if batch is None or batch.votation_id != votation.id:
        raise Refused(_("Ce lot de bulletins n'existe pas."))
    db.session.refresh(batch)
    if batch.cancelled_at is not None:
        raise Refused(_("Ce lot est déjà annulé."))
    counts: dict[str, dict[str, int]] = json.loads(batch.counts_json)
    for question_id, by_choice in counts.items():
        for choice, number in by_choice.items():
            if number <= 0:
                continue
            chosen = (
                select(Ballot.id)
                .where(
                    Ballot.votation_id == votation.id,
                    Ballot.question_id == int(question_id),
                    Ballot.channel == CHANNEL_PAPER,
                    Ballot.polling_station == batch.polling_station,
                    Ballot.choice == choice,
                )
                .limit(number)
            )
            taken = delete(Ballot).where(Ballot.id.in_(chosen.scalar_subquery()))
            gone = db.session.execute(taken.execution_options(synchronize_session=False))
            if gone.rowcount != number:  # type: ignore[attr-defined]
                db.session.rollback()
                raise Refused(_("Les bulletins de ce lot ne sont plus tous dans l'urne."))
    batch.cancelled_by_id, batch.cancelled_at, batch.cancel_reason = actor.id, now, text
    audit.record(
        actor=actor,
        action="votation.paper_batch_cancelled",
        object_type="votation",
        object_id=votation.id,
        before={"batch_id": batch.id, "polling_station": batch.polling_station, "counts": counts},
        reason=text,
        now=now,
    )
    db.session.commit()
    return batch
