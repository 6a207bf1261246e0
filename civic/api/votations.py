"""``/api/v1/votations``: questions, period, participation and (after closing) results."""

from __future__ import annotations

from flask import abort, jsonify
from flask.typing import ResponseReturnValue

from civic.api import bp
from civic.services import Refused, now_utc
from civic.votations import opendata


@bp.get("/votations")
def votations() -> ResponseReturnValue:
    return jsonify({"votations": opendata.votations_as_open_data(now=now_utc())})


@bp.get("/votations/<int:votation_id>")
def votation(votation_id: int) -> ResponseReturnValue:
    try:
        return jsonify(opendata.votation_as_open_data(votation_id, now=now_utc()))
    except Refused:
        abort(404)
