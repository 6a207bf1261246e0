"""``/api/v1/budgets``: participatory budgets, their headings, projects and results."""

from __future__ import annotations

from flask import abort, jsonify
from flask.typing import ResponseReturnValue

from civic.api import bp
from civic.budget import opendata
from civic.services import now_utc


@bp.get("/budgets")
def budgets() -> ResponseReturnValue:
    return jsonify({"budgets": opendata.budgets_as_open_data(now_utc())})


@bp.get("/budgets/<int:budget_id>")
def budget(budget_id: int) -> ResponseReturnValue:
    data = opendata.budget_as_open_data(budget_id, now_utc())
    if data is None:
        abort(404)
    return jsonify(data)
