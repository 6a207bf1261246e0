"""``/api/v1/meetings``: meetings, agendas and question time as open data."""

from __future__ import annotations

from flask import abort, jsonify
from flask.typing import ResponseReturnValue

from civic.api import bp
from civic.meetings import services


@bp.get("/meetings")
def meetings() -> ResponseReturnValue:
    return jsonify({"meetings": services.meetings_as_open_data()})


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int) -> ResponseReturnValue:
    data = services.meeting_as_open_data(meeting_id)
    if data is None:
        abort(404)
    return jsonify(data)
