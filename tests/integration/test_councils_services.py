"""Councils' services on a real database: votes decided by the core, the team's parity,
budget items put to the vote, and the fair-draw job."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from civic.core.sortition import fair
from civic.councils import draw_versions, draws, membership, sessions
from civic.extensions import db
from civic.followup.councils import put_item_to_vote
from civic.models import CouncilMember, User
from civic.services import Refused
from tests.support.councils import NOW, make_council


def seat_everyone(council_id: int) -> list[CouncilMember]:
    for application in membership.applications(council_id):
        membership.seat_member(application, "volunteer", NOW)
    db.session.commit()
    return membership.members(council_id)


def clerk() -> User:
    return db.session.scalar(db.select(User).where(User.email == "clerk@example.org"))


def test_a_motion_is_adopted_with_the_quorum_and_more_votes_for_than_against(
    app: Flask, people: Any
) -> None:
    council_id = make_council(app, people)
    with app.app_context():
        members = seat_everyone(council_id)  # 12 members: quorum is 7 present
        session = sessions.create_session(
            council_id,
            sessions.SessionInput("Séance de mars", NOW + timedelta(days=3), "Salle", "1. Bancs"),
            actor=clerk(),
            now=NOW,
        )
        motion = sessions.add_motion(session.id, "Installer des bancs", actor=clerk(), now=NOW)
        sessions.record_attendance(session.id, [m.id for m in members[:7]], actor=clerk(), now=NOW)
        for member, choice in zip(
            members[:7], ["for"] * 4 + ["against"] * 2 + ["abstain"], strict=True
        ):
            sessions.cast_vote(motion.id, choice, user=member.user, now=NOW)
        closed = sessions.close_motion(motion.id, actor=clerk(), now=NOW)
        result = json.loads(closed.result)
        assert closed.adopted is True
        assert (result["votes_for"], result["votes_against"], result["abstentions"]) == (4, 2, 1)
        assert (result["present"], result["quorum_required"]) == (7, 7)


def test_without_the_quorum_a_unanimous_motion_is_not_adopted(app: Flask, people: Any) -> None:
    council_id = make_council(app, people)
    with app.app_context():
        members = seat_everyone(council_id)
        session = sessions.create_session(
            council_id,
            sessions.SessionInput("Séance", NOW + timedelta(days=3), "", ""),
            actor=clerk(),
            now=NOW,
        )
        motion = sessions.add_motion(session.id, "Motion", actor=clerk(), now=NOW)
        for member in members[:3]:
            sessions.cast_vote(motion.id, "for", user=member.user, now=NOW)
        closed = sessions.close_motion(motion.id, actor=clerk(), now=NOW)
        assert closed.adopted is False
        assert json.loads(closed.result)["reason"] == "no_quorum"
        with pytest.raises(Refused):
            sessions.cast_vote(motion.id, "for", user=members[4].user, now=NOW)


def test_only_members_vote(app: Flask, people: Any) -> None:
    council_id = make_council(app, people)
    with app.app_context():
        session = sessions.create_session(
            council_id,
            sessions.SessionInput("Séance", NOW + timedelta(days=3), "", ""),
            actor=clerk(),
            now=NOW,
        )
        motion = sessions.add_motion(session.id, "Motion", actor=clerk(), now=NOW)
        with pytest.raises(Refused, match="membres"):
            sessions.cast_vote(motion.id, "for", user=clerk(), now=NOW)


def test_a_budget_item_put_to_the_vote_waits_for_the_next_session_once(
    app: Flask, people: Any
) -> None:
    council_id = make_council(app, people)
    with app.app_context():
        first = put_item_to_vote(
            council_id, title="Jardin partagé", subject_type="budget_item", subject_id=17, now=NOW
        )
        again = put_item_to_vote(
            council_id, title="Jardin partagé", subject_type="budget_item", subject_id=17, now=NOW
        )
        assert first.id == again.id and first.session_id is None
        session = sessions.create_session(
            council_id,
            sessions.SessionInput("Séance budget", NOW + timedelta(days=9), "", ""),
            actor=clerk(),
            now=NOW,
        )
        assert [m.title for m in sessions.motions_of_session(session.id)] == ["Jardin partagé"]
        later = put_item_to_vote(
            council_id, title="Fresque", subject_type="budget_item", subject_id=18, now=NOW
        )
        assert later.session_id == session.id


@pytest.mark.parametrize(
    ("genders", "accepted"),
    [
        (["female", "male"], True),
        (["female", "male", "female"], True),
        (["male", "non-binary"], True),
        (["male", "male"], False),
        (["female", "female", "female", "male"], False),
        (["female"], False),
    ],
)
def test_the_animation_team_must_be_gender_balanced(
    app: Flask, people: Any, genders: list[str], accepted: bool
) -> None:
    pool = [
        (f"p{i}", g, __import__("datetime").date(1980, 1, 1 + i)) for i, g in enumerate(genders)
    ]
    council_id = make_council(app, people, pool=pool)
    with app.app_context():
        members = seat_everyone(council_id)
        chosen = [m.id for m in members]
        if accepted:
            membership.set_team(council_id, chosen, actor=clerk(), now=NOW)
            assert all(m.co_lead for m in membership.members(council_id))
        else:
            with pytest.raises(Refused) as refusal:
                membership.set_team(council_id, chosen, actor=clerk(), now=NOW)
            assert "paritaire" in str(refusal.value.message) or "au moins 2" in str(
                refusal.value.message
            )
            assert not any(m.co_lead for m in membership.members(council_id))


@pytest.mark.skipif(not fair.available(), reason="the fair-draw extra is not installed")
def test_the_fair_draw_publishes_a_lottery_of_1000_panels_then_picks_one_from_the_seed(
    app: Flask, people: Any
) -> None:
    from civic.core.sortition import pick_panel
    from civic.core.sortition.csvfiles import read_panels_csv

    app.config["JOBS_SYNCHRONOUS"] = True
    council_id = make_council(app, people)
    with app.app_context():
        draw = draws.freeze(
            council_id, draws.FreezeInput(mode="fair", reserve=2), actor=clerk(), now=NOW
        )
        draw_id = draw.id
        db.session.expire_all()
        draw = draws.get_draw(draw_id)
        assert draw.state == "published", draw.failure
        panels = read_panels_csv(draw.panels_csv)
        assert len(panels) == 1000 and all(len(p) == 4 for p in panels)
        chances = [row["probability"] for row in json.loads(draw.probabilities)]
        # 6 women and 6 men for 2 + 2 seats: everyone's chance is 1/3, the optimum.
        assert min(chances) == pytest.approx(1 / 3, abs=0.01)
        done = draws.enter_seed(draw_id, "4-4-2-6-1", actor=clerk(), now=NOW)
        picked = pick_panel(panels, "4-4-2-6-1")
        assert done.panel_number == picked.panel_number
        assert json.loads(done.selected) == list(picked.selected)


@pytest.mark.parametrize(
    ("mode", "algorithm", "reserve", "command", "reserve_command"),
    [
        (
            "plain",
            draw_versions.ALGORITHM_PLAIN,
            2,
            "python -m civic.core.sortition --pool draw-7-pool.csv --quotas draw-7-quotas.csv "
            "--seats 4 --seed 'l'\\''as' --reserve 2",
            None,
        ),
        (
            "fair",
            draw_versions.ALGORITHM_FAIR,
            2,
            "python -m civic.core.sortition pick --panels draw-7-panels.csv "
            "--pool draw-7-pool.csv --quotas draw-7-quotas.csv --reserve 2 --seed 'l'\\''as'",
            None,
        ),
        (
            "fair",
            draw_versions.ALGORITHM_FAIR,
            0,
            "python -m civic.core.sortition pick --panels draw-7-panels.csv --seed 'l'\\''as'",
            None,
        ),
        (
            "fair",
            draw_versions.ALGORITHM_FAIR_V1,
            2,
            "python -m civic.core.sortition pick --panels draw-7-panels.csv --seed 'l'\\''as'",
            "python -m civic.core.sortition --pool draw-7-pool.csv --quotas draw-7-quotas.csv "
            "--seats 4 --seed 'l'\\''as' --reserve 2",
        ),
    ],
)
def test_each_draw_shows_the_commands_of_the_algorithm_it_recorded(
    mode: str, algorithm: str, reserve: int, command: str, reserve_command: str | None
) -> None:
    from civic.models import CouncilDraw

    draw = CouncilDraw(
        id=7, mode=mode, algorithm=algorithm, seats=4, reserve_size=reserve, seed="l'as"
    )
    assert draw_versions.reproduce_command(draw) == command
    assert draw_versions.reserve_command(draw) == reserve_command
