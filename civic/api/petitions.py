"""``/api/v1/petitions``: states, counts per neighbourhood, thresholds and answers; CSV too."""

from __future__ import annotations

from flask import Response, abort, jsonify
from flask.typing import ResponseReturnValue

from civic.api import bp
from civic.extensions import db
from civic.models import Petition
from civic.petitions import queries
from civic.petitions.opendata import (
    petition_as_open_data,
    petition_file_as_open_data,
    petitions_csv,
)
from civic.services import now_utc


@bp.get("/petitions")
def petitions() -> ResponseReturnValue:
    now = now_utc()
    return jsonify(
        {"petitions": [petition_as_open_data(p, now) for p in queries.visible_petitions()]}
    )


@bp.get("/petitions.csv")
def petitions_as_csv() -> ResponseReturnValue:
    return Response(
        petitions_csv(now_utc()),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=petitions.csv"},
    )


@bp.get("/petitions/<int:petition_id>")
def petition(petition_id: int) -> ResponseReturnValue:
    found = db.session.get(Petition, petition_id)
    if found is None or not found.is_visible:
        abort(404)
    return jsonify({**petition_as_open_data(found, now_utc()), **petition_file_as_open_data(found)})
