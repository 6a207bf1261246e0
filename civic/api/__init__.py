"""The open-data API (read-only JSON, docs/rules.md §8): one module per area adds its routes to
``bp``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Each area's routes register themselves on ``bp`` when imported (keep at the bottom).
from civic.api import (  # noqa: E402, F401
    bodies,  # noqa: E402, F401
    budgets,  # noqa: E402, F401
    councils,  # noqa: E402, F401
    meetings,
    petitions,
    votations,
)
