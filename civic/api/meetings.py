"""``/api/v1/meetings``: meetings, agendas and question time as open data."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from civic.api import bp
from civic.meetings import services
from civic.services import now_utc


@bp.get("/meetings")
def meetings() -> ResponseReturnValue:
    return jsonify({"meetings": services.meetings_as_open_data()})


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int) -> ResponseReturnValue:
    data = services.meeting_as_open_data(meeting_id, now_utc())
    if data is None:
        return jsonify({"error": "not_found"}), 404
    return jsonify(data)
