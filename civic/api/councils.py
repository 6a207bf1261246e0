"""``/api/v1/councils`` and ``/api/v1/draws``: neighbourhood councils as open data."""

from __future__ import annotations

from flask import abort, jsonify
from flask.typing import ResponseReturnValue

from civic.api import bp
from civic.councils import draws, opendata


@bp.get("/councils")
def councils() -> ResponseReturnValue:
    return jsonify({"councils": opendata.councils_as_open_data()})


@bp.get("/councils/<int:council_id>")
def council(council_id: int) -> ResponseReturnValue:
    data = opendata.council_as_open_data(council_id)
    if data is None:
        abort(404)
    return jsonify(data)


@bp.get("/draws/<int:draw_id>")
def draw(draw_id: int) -> ResponseReturnValue:
    found = draws.get_draw(draw_id)
    if found is None:
        abort(404)
    return jsonify(opendata.draw_as_open_data(found))
