"""Council sessions, motions and public votes (docs/rules.md §5).

The core (``civic.core.council_vote``) decides adoption with the council's quorum
(members present) and majority (votes cast); every member's vote is public.
Items other areas' acts put to a council's vote (a feasible participatory-budget
item) arrive as motions from the follow-up layer (``civic.followup.councils``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.core.council_vote import tally_council_vote
from civic.councils.membership import get_council, member_of, members, vote_rules
from civic.extensions import db
from civic.followup.councils import new_motion
from civic.models import Council, CouncilMotion, CouncilSession, MemberVote, SessionAttendance, User
from civic.models.councils import SUBJECT_MOTION, VOTE_AGAINST, VOTE_CHOICES, VOTE_FOR
from civic.services import Refused

TITLE_MAX = 200
MOTION_TITLE_MAX = 300
TEXT_MAX = 20_000


def get_session(session_id: int) -> CouncilSession | None:
    return db.session.get(CouncilSession, session_id)


def sessions_of(council_id: int) -> list[CouncilSession]:
    return list(
        db.session.scalars(
            select(CouncilSession)
            .where(CouncilSession.council_id == council_id)
            .order_by(CouncilSession.starts_at.desc(), CouncilSession.id.desc())
        )
    )


def motions_of_session(session_id: int) -> list[CouncilMotion]:
    return list(
        db.session.scalars(
            select(CouncilMotion)
            .where(CouncilMotion.session_id == session_id)
            .order_by(CouncilMotion.id)
        )
    )


def motions_of_council(council_id: int) -> list[CouncilMotion]:
    return list(
        db.session.scalars(
            select(CouncilMotion)
            .where(CouncilMotion.council_id == council_id)
            .order_by(CouncilMotion.id)
        )
    )


def votes_on(motion_id: int) -> list[MemberVote]:
    return list(
        db.session.scalars(
            select(MemberVote).where(MemberVote.motion_id == motion_id).order_by(MemberVote.id)
        )
    )


def present_member_ids(session_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(SessionAttendance.member_id).where(SessionAttendance.session_id == session_id)
        )
    )


@dataclass(frozen=True)
class SessionInput:
    title: str
    starts_at: datetime
    place: str
    agenda: str


def create_session(
    council_id: int, data: SessionInput, *, actor: User, now: datetime
) -> CouncilSession:
    if get_council(council_id) is None:
        raise Refused(_("Ce conseil n'existe pas."))
    title = data.title.strip()
    if not title or len(title) > TITLE_MAX:
        raise Refused(_("Donnez un intitulé (200 caractères au plus)."), "title")
    if len(data.agenda) > TEXT_MAX or len(data.place) > TITLE_MAX:
        raise Refused(_("Texte trop long."), "agenda")
    session = CouncilSession(
        council_id=council_id,
        title=title,
        starts_at=data.starts_at,
        place=data.place.strip() or None,
        agenda=data.agenda.strip(),
        created_at=now,
    )
    db.session.add(session)
    db.session.flush()
    # Items put to the vote while no session was planned wait for this one.
    waiting = list(
        db.session.scalars(
            select(CouncilMotion).where(
                CouncilMotion.council_id == council_id,
                CouncilMotion.session_id.is_(None),
                CouncilMotion.closed_at.is_(None),
            )
        )
    )
    for motion in waiting:
        motion.session_id = session.id
    audit.record(
        actor=actor,
        action="council.session_created",
        object_type="council_session",
        object_id=session.id,
        after={
            "title": title,
            "starts_at": data.starts_at.isoformat(),
            "motions_attached": [m.id for m in waiting],
        },
        now=now,
    )
    db.session.commit()
    return session


def save_minutes(session_id: int, minutes: str, *, actor: User, now: datetime) -> CouncilSession:
    session = get_session(session_id)
    if session is None:
        raise Refused(_("Cette séance n'existe pas."))
    if len(minutes) > TEXT_MAX:
        raise Refused(_("Texte trop long."), "minutes")
    before = session.minutes
    session.minutes = minutes.strip() or None
    audit.record(
        actor=actor,
        action="council.minutes_saved",
        object_type="council_session",
        object_id=session.id,
        before={"minutes": before},
        after={"minutes": session.minutes},
        now=now,
    )
    db.session.commit()
    return session


def record_attendance(
    session_id: int, member_ids: list[int], *, actor: User, now: datetime
) -> None:
    """The members present (the quorum's count). Members who voted stay present."""
    session = get_session(session_id)
    if session is None:
        raise Refused(_("Cette séance n'existe pas."))
    valid = {m.id for m in members(session.council_id)}
    if not set(member_ids) <= valid:
        raise Refused(_("Choisissez des membres de ce conseil."), "member_ids")
    voted = set(
        db.session.scalars(
            select(MemberVote.member_id)
            .join(CouncilMotion)
            .where(CouncilMotion.session_id == session_id)
        )
    )
    wanted = set(member_ids) | voted
    present = present_member_ids(session_id)
    for attendance in db.session.scalars(
        select(SessionAttendance).where(SessionAttendance.session_id == session_id)
    ):
        if attendance.member_id not in wanted:
            db.session.delete(attendance)
    for member_id in sorted(wanted - present):
        db.session.add(SessionAttendance(session_id=session_id, member_id=member_id))
    audit.record(
        actor=actor,
        action="council.attendance_recorded",
        object_type="council_session",
        object_id=session_id,
        before={"present": sorted(present)},
        after={"present": sorted(wanted)},
        now=now,
    )
    db.session.commit()


def add_motion(session_id: int, title: str, *, actor: User, now: datetime) -> CouncilMotion:
    session = get_session(session_id)
    if session is None:
        raise Refused(_("Cette séance n'existe pas."))
    motion = new_motion(session.council_id, session_id, title, SUBJECT_MOTION, None)
    motion.created_at = now
    audit.record(
        actor=actor,
        action="council.motion_added",
        object_type="council_motion",
        object_id=motion.id,
        after={"title": motion.title, "session_id": session_id},
        now=now,
    )
    db.session.commit()
    return motion


def cast_vote(motion_id: int, choice: str, *, user: User, now: datetime) -> MemberVote:
    """A member votes for, against or abstains (may change it until the motion closes)."""
    motion = db.session.get(CouncilMotion, motion_id)
    if motion is None:
        raise Refused(_("Cette motion n'existe pas."))
    member = member_of(motion.council_id, user.id)
    if member is None:
        raise Refused(_("Seuls les membres du conseil votent."))
    if motion.closed_at is not None:
        raise Refused(_("Le vote est clos."))
    if motion.session_id is None:
        raise Refused(_("Cette motion n'est pas encore inscrite à une séance."))
    if choice not in VOTE_CHOICES:
        raise Refused(_("Choisissez pour, contre ou abstention."), "choice")
    vote = db.session.scalar(
        select(MemberVote).where(
            MemberVote.motion_id == motion_id, MemberVote.member_id == member.id
        )
    )
    if vote is None:
        vote = MemberVote(motion_id=motion_id, member_id=member.id, choice=choice, cast_at=now)
        db.session.add(vote)
    else:
        vote.choice, vote.cast_at = choice, now
    if member.id not in present_member_ids(motion.session_id):
        db.session.add(SessionAttendance(session_id=motion.session_id, member_id=member.id))
    audit.record(
        actor=user,
        action="council.vote_cast",
        object_type="council_motion",
        object_id=motion_id,
        after={"member_id": member.id, "choice": choice},
        now=now,
    )
    db.session.commit()
    return vote


def close_motion(motion_id: int, *, actor: User, now: datetime) -> CouncilMotion:
    """Close the vote; the core decides adoption with the council's rules (docs/rules.md §5)."""
    motion = db.session.get(CouncilMotion, motion_id)
    if motion is None:
        raise Refused(_("Cette motion n'existe pas."))
    if motion.closed_at is not None:
        raise Refused(_("Le vote est déjà clos."))
    if motion.session_id is None:
        raise Refused(_("Cette motion n'est pas encore inscrite à une séance."))
    council = db.session.get_one(Council, motion.council_id)
    choices = [v.choice for v in votes_on(motion_id)]
    result = tally_council_vote(
        members=len(members(council.id)),
        present=len(present_member_ids(motion.session_id)),
        votes_for=choices.count(VOTE_FOR),
        votes_against=choices.count(VOTE_AGAINST),
        abstentions=len(choices) - choices.count(VOTE_FOR) - choices.count(VOTE_AGAINST),
        rules=vote_rules(council),
    )
    motion.closed_at = now
    motion.adopted = result.adopted
    motion.result = json.dumps(
        {k: str(v) if k == "majority" else v for k, v in asdict(result).items()}
    )
    audit.record(
        actor=actor,
        action="council.motion_closed",
        object_type="council_motion",
        object_id=motion_id,
        after={"adopted": result.adopted, "reason": result.reason},
        now=now,
    )
    db.session.commit()
    return motion
