"""Casting votes: online ballots, the paper register and paper ballots (docs/rules.md §4).

Every path writes the register (who took part) and the ballot box (what was
voted) in one transaction, and nothing on a ballot names or orders its voter:
a random key, no user, no time. The register's primary key (votation, user) is
the lock against double voting, online or on paper, whatever the concurrency:
the second insert fails and its whole transaction, ballots included, is rolled
back. Online votes are deliberately NOT in the audit log (its entries carry the
actor and the exact time); clerks' paper entries are.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from civic.audit import services as audit
from civic.extensions import db
from civic.models import Ballot, User, VoterRegister
from civic.models.elections import VotationElection
from civic.models.votations import (
    BALLOT_BLANK,
    BALLOT_NULL,
    CHANNEL_ONLINE,
    CHANNEL_PAPER,
    STATUS_SCHEDULED,
    PaperBallotBatch,
    Votation,
    VotationQuestion,
)
from civic.services import Refused
from civic.votations import track
from civic.votations.eligibility import local_day, refusal_reason
from civic.votations.services import get_votation

STATION_MAX = 120
PAPER_COUNT_MAX = 100_000


def choices_of(question: VotationQuestion) -> list[tuple[str, str]]:
    return [(str(code), str(label)) for code, label in json.loads(question.choices_json)]


def is_open(votation: Votation, now: datetime) -> bool:
    return (
        votation.status == STATUS_SCHEDULED
        and votation.opens_at is not None
        and votation.closes_at is not None
        and votation.opens_at <= now < votation.closes_at
    )


def is_closed(votation: Votation, now: datetime) -> bool:
    return votation.closes_at is not None and now >= votation.closes_at


def register_entry(votation_id: int, user_id: int) -> VoterRegister | None:
    """Whether (and how) this person took part; never what they voted."""
    return db.session.get(VoterRegister, (votation_id, user_id))


def new_ballot(votation: Votation, question_id: int, choice: str, **where: str | None) -> Ballot:
    return Ballot(
        id=uuid.uuid4().hex,
        votation_id=votation.id,
        question_id=question_id,
        choice=choice,
        **where,
    )


def already_voted_message(entry: VoterRegister | None, *, to_the_clerk: bool = False) -> str:
    """Why a second vote is refused, said to the voter (« Vous avez déjà voté ») or to the
    clerk marking someone at the paper desk (« Cette personne a déjà voté »)."""
    # The desk's name is typed as the commune calls it ("Bureau 1 – Hôtel de ville"):
    # shown as is, without a "bureau" of our own in front of it.
    paper = entry is not None and entry.channel == CHANNEL_PAPER
    station = entry.polling_station if entry is not None else None
    if to_the_clerk:
        if paper:
            return _(
                "Cette personne a déjà voté : vote enregistré sur papier (%(station)s).",
                station=station,
            )
        return _(
            "Cette personne a déjà voté : vote enregistré en ligne, "
            "une seule participation par personne."
        )
    if paper:
        return _("Vous avez déjà voté : vote enregistré sur papier (%(station)s).", station=station)
    return _(
        "Vous avez déjà voté : vote enregistré en ligne, une seule participation par personne."
    )


def _write_register(votation: Votation, user_id: int, entry: VoterRegister) -> None:
    """Insert the register row first and flush, so a double vote fails before any ballot.

    No savepoint: a refused double vote rolls the whole transaction back anyway, and
    a savepoint cost two more round trips under the write lock on every vote."""
    db.session.add(entry)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        # A paper desk's race is told to its clerk, an online one to the voter.
        to_the_clerk = entry.channel == CHANNEL_PAPER
        found = register_entry(votation.id, user_id)
        raise Refused(already_voted_message(found, to_the_clerk=to_the_clerk)) from None


def cast_online(votation_id: int, *, user: User, answers: dict[int, str], now: datetime) -> None:
    """Record that ``user`` voted online and drop their anonymous ballots in the box.

    The votation may have been read before this transaction (the vote page reads it
    before taking the write lock): its status and period are read again here, with a
    shared row lock (PostgreSQL; SQLite's write lock does it there), so a ballot can
    neither land after a publication nor slip in while one is counting — publication
    locks the row for update first (``results.publish_results``)."""
    votation = get_votation(votation_id)
    db.session.refresh(
        votation, ["status", "opens_at", "closes_at"], with_for_update={"read": True}
    )
    if not is_open(votation, now):
        raise Refused(
            _("Le vote n'est pas ouvert : il n'est possible que pendant la période de vote.")
        )
    track.refuse_online(votation)  # a vote of the law is cast at a polling station
    if db.session.get(VotationElection, votation.id) is not None:
        # An encrypted votation's choice is never stored in clear (civic.votations.encrypted).
        raise Refused(_("Ce vote en ligne est chiffré : votez avec votre code de vote."))
    reason = refusal_reason(votation, user)
    if reason:
        raise Refused(reason)
    if register_entry(votation.id, user.id) is not None:
        raise Refused(already_voted_message(register_entry(votation.id, user.id)))
    ballots = []
    for question in votation.questions:
        choice = answers.get(question.id)
        allowed = {code for code, _label in choices_of(question)} | {BALLOT_BLANK}
        if choice not in allowed:
            raise Refused(
                _("Répondez à chaque question (le vote blanc est possible)."), f"q{question.id}"
            )
        ballots.append(new_ballot(votation, question.id, choice, channel=CHANNEL_ONLINE))
    _write_register(
        votation,
        user.id,
        VoterRegister(
            votation_id=votation.id,
            user_id=user.id,
            channel=CHANNEL_ONLINE,
            voted_on=local_day(now),
        ),
    )
    db.session.add_all(ballots)
    db.session.commit()


def clean_station(station: str | None) -> str:
    text = " ".join((station or "").split())
    if not text:
        raise Refused(_("Indiquez le bureau de vote."), "polling_station")
    if len(text) > STATION_MAX:
        raise Refused(_("Nom de bureau trop long."), "polling_station")
    return text


def paper_desk_open(votation: Votation, now: datetime) -> None:
    if votation.status != STATUS_SCHEDULED or votation.opens_at is None or now < votation.opens_at:
        raise Refused(
            _("Le vote papier n'est possible qu'à partir de l'ouverture et avant la publication.")
        )


def find_person(person: str) -> User | None:
    """An account by e-mail address or account number, as typed at the paper desk."""
    text = (person or "").strip()
    if text.isdigit() and len(text) < 12:
        return db.session.get(User, int(text))
    return db.session.scalar(
        select(User).where(or_(User.email == text, User.email_canonical == text.lower()))
    )


def mark_paper_voter(
    votation_id: int, *, person: str, polling_station: str, actor: User, now: datetime
) -> User:
    """Sign a paper voter into the register (refused if they voted online, or on paper already).

    As for an online vote, the status is read again under a shared row lock, so a mark
    cannot land after the publication that counted the station's ballots."""
    votation = get_votation(votation_id)
    db.session.refresh(
        votation, ["status", "opens_at", "closes_at"], with_for_update={"read": True}
    )
    paper_desk_open(votation, now)
    track.refuse_register_desk(votation)
    station = clean_station(polling_station)
    user = find_person(person)
    if user is None:
        raise Refused(
            _("Aucun compte ne correspond (adresse e-mail ou numéro de compte)."), "person"
        )
    reason = refusal_reason(votation, user)
    if reason:
        raise Refused(reason, "person")
    entry = register_entry(votation.id, user.id)
    if entry is not None:
        raise Refused(already_voted_message(entry, to_the_clerk=True), "person")
    _write_register(
        votation,
        user.id,
        VoterRegister(
            votation_id=votation.id,
            user_id=user.id,
            channel=CHANNEL_PAPER,
            polling_station=station,
            voted_on=local_day(now),
        ),
    )
    audit.record(
        actor=actor,
        action="votation.paper_voter_marked",
        object_type="votation",
        object_id=votation.id,
        after={"user_id": user.id, "polling_station": station},
        now=now,
    )
    db.session.commit()
    return user


def gap_text(station: str, ballots: int, voters: int) -> str:
    """« Bureau 3 : 412 bulletins pour 415 votants émargés »."""
    return _(
        "%(station)s : %(ballots)s pour %(voters)s",
        station=station,
        ballots=ngettext("%(num)s bulletin", "%(num)s bulletins", ballots),
        voters=ngettext("%(num)s votant émargé", "%(num)s votants émargés", voters),
    )


def _refuse_more_ballots_than_voters(
    votation: Votation, station: str, recorded: dict[str, dict[str, int]]
) -> None:
    """Every paper ballot is a marked paper voter's: a station never holds more ballots
    (per question) than voters marked there, whatever number was typed."""
    voters = int(
        db.session.scalar(
            select(func.count())
            .select_from(VoterRegister)
            .where(
                VoterRegister.votation_id == votation.id,
                VoterRegister.channel == CHANNEL_PAPER,
                VoterRegister.polling_station == station,
            )
        )
        or 0
    )
    in_box = dict(
        db.session.execute(
            select(Ballot.question_id, func.count())
            .where(
                Ballot.votation_id == votation.id,
                Ballot.channel == CHANNEL_PAPER,
                Ballot.polling_station == station,
            )
            .group_by(Ballot.question_id)
        ).all()
    )
    for question in votation.questions:
        total = int(in_box.get(question.id, 0)) + sum(recorded[str(question.id)].values())
        if total > voters:
            raise Refused(
                _(
                    "%(gap)s. Un bureau ne peut pas compter plus de bulletins que de votants "
                    "émargés : émargez d'abord chaque votant.",
                    gap=gap_text(station, total, voters),
                )
            )


def enter_paper_ballots(
    votation_id: int,
    *,
    polling_station: str,
    counts: dict[int, dict[str, int]],
    actor: User,
    now: datetime,
) -> int:
    """Add a polling station's anonymous paper ballots: per question, a count per choice,
    blank (``blanc``) and spoiled (``nul``), as one batch a clerk can cancel. Refused
    when a question would get more ballots at the station than paper voters marked
    there. Returns the number of ballots added."""
    votation = get_votation(votation_id)
    # One paper-desk write at a time per votation, and none after a publication
    # (which locks the row first): the over-count check below reads a settled box.
    db.session.refresh(votation, with_for_update=True)
    paper_desk_open(votation, now)
    track.refuse_register_desk(votation)
    station = clean_station(polling_station)
    ballots: list[Ballot] = []
    recorded: dict[str, dict[str, int]] = {}
    for question in votation.questions:
        allowed = [code for code, _label in choices_of(question)] + [BALLOT_BLANK, BALLOT_NULL]
        given = counts.get(question.id, {})
        for code in allowed:
            number = given.get(code, 0)
            if not 0 <= number <= PAPER_COUNT_MAX:
                raise Refused(_("Nombre de bulletins invalide."))
            ballots.extend(
                new_ballot(
                    votation, question.id, code, channel=CHANNEL_PAPER, polling_station=station
                )
                for _ in range(number)
            )
        recorded[str(question.id)] = {code: given.get(code, 0) for code in allowed}
    if not ballots:
        raise Refused(_("Aucun bulletin saisi."))
    _refuse_more_ballots_than_voters(votation, station, recorded)
    db.session.add_all(ballots)
    db.session.add(
        PaperBallotBatch(
            votation_id=votation.id,
            polling_station=station,
            counts_json=json.dumps(recorded, sort_keys=True),
            ballots=len(ballots),
            entered_by_id=actor.id,
            entered_at=now,
        )
    )
    audit.record(
        actor=actor,
        action="votation.paper_ballots_entered",
        object_type="votation",
        object_id=votation.id,
        after={"polling_station": station, "counts": recorded},
        now=now,
    )
    db.session.commit()
    return len(ballots)


@dataclass(frozen=True)
class ReconciliationLine:
    """Register entries vs ballots for one channel (and polling station) and question."""

    channel: str
    polling_station: str | None
    question: str
    register: int
    ballots: int

    @property
    def matches(self) -> bool:
        return self.register == self.ballots


def reconciliation(votation: Votation) -> list[ReconciliationLine]:
    """Ballots must equal register entries, per channel, per polling station, per question."""
    register = Counter(
        {
            (channel, station): int(n)
            for channel, station, n in db.session.execute(
                select(VoterRegister.channel, VoterRegister.polling_station, func.count())
                .where(VoterRegister.votation_id == votation.id)
                .group_by(VoterRegister.channel, VoterRegister.polling_station)
            )
        }
    )
    boxes = Counter(
        {
            (channel, station, question_id): int(n)
            for channel, station, question_id, n in db.session.execute(
                select(Ballot.channel, Ballot.polling_station, Ballot.question_id, func.count())
                .where(Ballot.votation_id == votation.id)
                .group_by(Ballot.channel, Ballot.polling_station, Ballot.question_id)
            )
        }
    )
    places = sorted(
        set(register) | {(c, s) for c, s, _q in boxes},
        key=lambda place: (place[0] != CHANNEL_ONLINE, place[1] or ""),
    )
    if not places:
        places = [(CHANNEL_ONLINE, None)]
    return [
        ReconciliationLine(
            channel,
            station,
            question.text,
            register[(channel, station)],
            boxes[(channel, station, question.id)],
        )
        for channel, station in places
        for question in votation.questions
    ]
