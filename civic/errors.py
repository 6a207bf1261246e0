"""Error pages in the user's language; a 500 rolls the database session back."""

from __future__ import annotations

from flask import Flask, render_template
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from civic.extensions import db

HANDLED = (400, 403, 404, 405, 413, 429, 500, 503)


def init_app(app: Flask) -> None:
    def render_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        if code >= 500:
            db.session.rollback()
        return render_template("errors/error.html", code=code, error=error), code

    for code in HANDLED:
        app.register_error_handler(code, render_error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        if isinstance(error, HTTPException):
            return render_error(error)
        db.session.rollback()
        if isinstance(error, OperationalError):
            # The database is unreachable (restarting, failing over): say so
            # plainly; pool_pre_ping reconnects once it is back.
            app.logger.warning("Database unavailable: %s", error.orig)
            return render_template("errors/error.html", code=503, error=None), 503
        app.logger.exception("Unhandled error")
        return render_template("errors/error.html", code=500, error=None), 500
