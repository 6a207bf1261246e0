"""The demo commune has its participatory bodies (issue 20): a CCSPL with a document request
overdue, a citizen audit drawn in two stages (by the fair draw, with a reserve list that
replaced someone who declined), a youth council, and a lobby register."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from flask import Flask
from sqlalchemy import func, select

from civic.bodies import requests
from civic.core.sortition import fair
from civic.database import write_intent
from civic.electorate import local_day
from civic.extensions import db
from civic.models import Body, BodyLottery, BodyMember, Gift, LobbyMeeting


def test_the_demo_has_each_kind_of_body_and_a_lobby_register_once(app: Flask) -> None:
    from civic.demo import seed

    with app.app_context(), write_intent():
        now = datetime.now(UTC)
        seed(now)
        kinds = set(db.session.scalars(select(Body.kind)))
        assert {"ccspl", "citizen_audit", "youth_council"} <= kinds
        ccspl = db.session.scalar(select(Body).where(Body.kind == "ccspl"))
        assert ccspl is not None
        overdue = [v for v in requests.requests(local_day(now), ccspl.id) if v.overdue]
        assert len(overdue) == 1
        draw = db.session.scalar(select(BodyLottery))
        assert draw is not None and draw.state == "seated"
        drawn = db.session.scalar(
            select(func.count(BodyMember.id)).where(
                BodyMember.body_id == draw.body_id, BodyMember.category == "drawn"
            )
        )
        assert drawn == draw.seats == 6
        assert db.session.scalar(select(func.count(LobbyMeeting.id))) == 3
        assert set(db.session.scalars(select(Gift.outcome))) == {"declined", "accepted"}
        seed(now)
        assert db.session.scalar(select(func.count(Body.id))) == len(kinds)
        assert db.session.scalar(select(func.count(LobbyMeeting.id))) == 3
    gifts = app.test_client().get("/api/v1/gifts").get_json()["gifts"]
    assert {(g["description"], g["outcome"]) for g in gifts} == {
        ("Invitation à un match au stade de France", "declined"),
        ("Panier de produits locaux", "accepted"),
    }


@pytest.mark.skipif(not fair.available(), reason="the fair-draw extra is not installed")
def test_the_demo_citizen_audit_shows_its_fair_draw_reserve_list_and_a_replacement(
    app: Flask,
) -> None:
    from civic.demo import seed

    with app.app_context(), write_intent():
        seed(datetime.now(UTC))
        lottery_id = db.session.scalar(select(BodyLottery.id))
    page = app.test_client().get(f"/body-lotteries/{lottery_id}").get_data(as_text=True)
    page = unescape(page)
    assert "Le panel est tiré par le tirage équitable" in page
    assert re.search(r"n° \d+ sur 1 000", page)
    assert re.search(r"Réserve, dans l'ordre d'appel : <code>L\d+</code>", page)
    assert re.search(r"remplacé·e par L\d+", page) and "(appelé·e)" in page
