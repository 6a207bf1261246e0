"""Councils, draws and council votes as open data (``/api/v1``, docs/rules.md §5 and §8)."""

from __future__ import annotations

import json
from typing import Any

from civic.councils import draw_versions, draws, membership, sessions
from civic.models import Council, CouncilDraw, CouncilMotion
from civic.models.councils import DRAW_DONE, OFFER_ACCEPTED


def council_summary(council: Council) -> dict[str, Any]:
    return {
        "id": council.id,
        "neighbourhood": council.neighbourhood.name,
        "seats": council.seats,
        "drawn_seats": council.drawn_seats,
        "volunteer_seats": council.volunteer_seats,
        "association_seats": council.association_seats,
        "term": {"start": council.term_start.isoformat(), "end": council.term_end.isoformat()},
        "rules": {
            "quorum": {
                "kind": council.quorum_kind,
                "fraction": f"{council.quorum_numerator}/{council.quorum_denominator}",
                "minimum": council.quorum_minimum,
            },
            "majority": council.majority,
        },
    }


def councils_as_open_data() -> list[dict[str, Any]]:
    return [council_summary(c) for c in membership.councils()]


def member_label(member_id: int, names: dict[int, str | None]) -> str:
    return names.get(member_id) or f"membre {member_id}"


def motion_as_open_data(motion: CouncilMotion, names: dict[int, str | None]) -> dict[str, Any]:
    return {
        "id": motion.id,
        "title": motion.title,
        "subject_type": motion.subject_type,
        "subject_id": motion.subject_id,
        "session_id": motion.session_id,
        "closed_at": motion.closed_at.isoformat() if motion.closed_at else None,
        "adopted": motion.adopted,
        "result": json.loads(motion.result) if motion.result else None,
        "votes": [
            {
                "member_id": v.member_id,
                "member": member_label(v.member_id, names),
                "choice": v.choice,
            }
            for v in sessions.votes_on(motion.id)
        ],
    }


def council_as_open_data(council_id: int) -> dict[str, Any] | None:
    council = membership.get_council(council_id)
    if council is None:
        return None
    members = membership.members(council_id)
    names = {m.id: m.public_name for m in members}
    return {
        **council_summary(council),
        "members": [
            {
                "id": m.id,
                "name": m.public_name,  # only for members who accepted publication
                "seat": m.seat,
                "co_lead": m.co_lead,
                "since": m.since.isoformat(),
            }
            for m in members
        ],
        "draws": [d.id for d in draws.draws_of(council_id)],
        "sessions": [
            {
                "id": s.id,
                "title": s.title,
                "starts_at": s.starts_at.isoformat(),
                "place": s.place,
                "agenda": s.agenda,
                "minutes": s.minutes,
                "present": sorted(sessions.present_member_ids(s.id)),
                "motions": [
                    motion_as_open_data(m, names) for m in sessions.motions_of_session(s.id)
                ],
            }
            for s in sessions.sessions_of(council_id)
        ],
    }


def draw_as_open_data(draw: CouncilDraw) -> dict[str, Any]:
    done = draw.state == DRAW_DONE
    candidates = draws.candidates_of(draw.id)
    return {
        "id": draw.id,
        "council_id": draw.council_id,
        "mode": draw.mode,
        "state": draw.state,
        "algorithm": draw.algorithm,
        "seats": draw.seats,
        "reserve_size": draw.reserve_size,
        "pool_digest": draw.pool_digest,
        "pool_size": len(candidates),
        "frozen_at": draw.frozen_at.isoformat(),
        "panels_digest": draw.panels_digest,
        "seed": draw.seed,
        "seeded_at": draw.seeded_at.isoformat() if draw.seeded_at else None,
        "panel_number": draw.panel_number,
        "panel": json.loads(draw.selected) if done and draw.selected else None,
        "reserve": json.loads(draw.reserve) if done and draw.reserve else None,
        "offers": [
            {
                "id": c.pseudonym,
                "answer": c.offer,
                "replaces": c.replaces,
                "name": c.application.user.display_name
                if c.offer == OFFER_ACCEPTED and c.application.publish_name
                else None,
            }
            for c in candidates
            if c.offer is not None
        ],
        "selection_probabilities": json.loads(draw.probabilities) if draw.probabilities else None,
        "selection_probabilities_method": draw.probabilities_method,
        "command": draw_versions.reproduce_command(draw) if done else None,
        # A fair draw of the first version re-runs its reserve with a second command.
        "reserve_command": draw_versions.reserve_command(draw) if done else None,
    }
