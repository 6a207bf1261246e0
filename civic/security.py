"""HTTP security headers on every response (design §8, issue 2)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, flash, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter, Map

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def local_target(target: str | None, default: str) -> str:
    """A ``next`` address to follow only if it stays on this site (no open redirect):
    a path, not ``//host`` nor a backslash that browsers read as one."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return default


# Every id is a PostgreSQL ``integer`` (no primary key is a BigInteger).
LARGEST_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """``<int:…>`` limited to what an id column holds (1 … 2**31 - 1): anything else
    matches no route, so Flask answers 404 before a view hands the database a number
    it refuses (PostgreSQL: out of range; SQLite: past 2**63, an OverflowError)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    # Before any blueprint adds its rules: a rule binds its converters when added.
    app.url_map.converters["int"] = DatabaseIdConverter

    @app.before_request
    def _refuse_nul_bytes() -> None:
        # No text a person types contains NUL, and PostgreSQL refuses it in text
        # columns: say so plainly instead of failing with a 500 at the first flush.
        values = [*request.args.values(), *request.form.values()]
        if any("\x00" in value for value in values):
            flash(
                _("Le texte envoyé contient un caractère nul invisible : retirez-le et réessayez."),
                "error",
            )
            abort(400)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response
