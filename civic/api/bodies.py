"""``/api/v1/bodies``, ``/api/v1/lobby-meetings`` and ``/api/v1/gifts``: participatory
bodies and the lobby register (meetings, gifts and invitations) as open data, JSON and
CSV."""

from __future__ import annotations

from flask import Response, jsonify
from flask.typing import ResponseReturnValue

from civic.api import bp
from civic.bodies import opendata


def _csv(text: str, name: str) -> Response:
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.get("/bodies")
def bodies() -> ResponseReturnValue:
    return jsonify({"bodies": opendata.bodies_as_open_data()})


@bp.get("/bodies.csv")
def bodies_csv() -> ResponseReturnValue:
    return _csv(opendata.bodies_csv(), "bodies.csv")


@bp.get("/lobby-meetings")
def lobby_meetings() -> ResponseReturnValue:
    return jsonify({"lobby_meetings": opendata.lobby_meetings_as_open_data()})


@bp.get("/lobby-meetings.csv")
def lobby_meetings_csv() -> ResponseReturnValue:
    return _csv(opendata.lobby_meetings_csv(), "lobby-meetings.csv")


@bp.get("/gifts")
def gifts() -> ResponseReturnValue:
    return jsonify({"gifts": opendata.gifts_as_open_data()})


@bp.get("/gifts.csv")
def gifts_csv() -> ResponseReturnValue:
    return _csv(opendata.gifts_csv(), "gifts.csv")
