"""Error pages in the user's language; a 500 rolls the database session back."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_babel import format_decimal
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from civic.extensions import db, login_manager

HANDLED = (400, 403, 404, 405, 413, 429, 500, 503)


def render_unavailable() -> tuple[str, int]:
    """The 503 page without touching the database: the layout shows the logged-in
    resident's menu and unread count, which would query it again, fail inside the
    error handler and end as the server's bare 500 — so this page is drawn for an
    anonymous visitor (the session cookie is left alone)."""
    login_manager._update_request_context_with_user()  # anonymous for this request only
    return render_template("errors/error.html", code=503, error=None), 503


def size_limit() -> str:
    """MAX_CONTENT_LENGTH in the words of the 413 page: "8 Mo", "1,5 Mo", "64 Ko"."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    if limit < 1024 * 1024:
        return f"{format_decimal(round(limit / 1024))} Ko"
    return f"{format_decimal(round(limit / (1024 * 1024), 1))} Mo"


def rollback_or_drop() -> None:
    """Roll the session back; if the connection died meanwhile, drop it instead."""
    try:
        db.session.rollback()
    except OperationalError:
        db.session().invalidate()  # closes it, discarding its connection


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def _close_session(_error: BaseException | None) -> None:
        # Runs before Flask-SQLAlchemy's own teardown (registered earlier). When the
        # database goes away after a request's last statement (restart, failover), the
        # rollback that ends the session fails; the answer is already decided (the
        # signature may be committed), so it must not turn into the server's bare 500.
        try:
            db.session.remove()
        except OperationalError as error:
            app.logger.warning("Database connection lost after the request: %s", error.orig)
            db.session().invalidate()  # closes it, discarding its connection
            db.session.remove()

    def render_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        if code >= 500:
            rollback_or_drop()
        limit = size_limit() if code == 413 else None
        return render_template("errors/error.html", code=code, error=error, limit=limit), code

    for code in HANDLED:
        app.register_error_handler(code, render_error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        if isinstance(error, HTTPException):
            return render_error(error)
        rollback_or_drop()
        if isinstance(error, OperationalError):
            # The database is unreachable (restarting, failing over): say so
            # plainly; pool_pre_ping reconnects once it is back.
            app.logger.warning("Database unavailable: %s", error.orig)
            return render_unavailable()
        app.logger.exception("Unhandled error")
        return render_template("errors/error.html", code=500, error=None), 500
