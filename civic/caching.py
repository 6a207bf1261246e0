"""Anonymous pages a shared cache may keep a few seconds (a busy day: the whole town
opens the same petition).

A view marked ``@shared_when_anonymous`` answers a visitor who is not logged in with
a page holding nothing of theirs: the templates leave the CSRF token out
(``shared_page()`` in base.html; the language switch then goes through its own page)
and no cookie is set. Such an answer gets an ETag (a conditional GET is answered 304)
and ``Cache-Control: public, max-age=SHARED_CACHE_SECONDS``, so nginx's micro-cache and
browsers may keep it that long.

Everything else says ``private, no-store`` when it concerns a person: a logged-in
reader's page, a page that set or changed a cookie or carried a CSRF token. The check
is made on the answer itself, after the view: a marked page that came to hold a
token (a form a template added) is simply not shared, never shared with the token.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])

_SHARED = "civic_shared_page"
_SESSION_BEFORE = "civic_session_before"
# Flask-WTF keeps the token it made on ``g``, and in the session, under the field's name.
_CSRF = "csrf_token"


def shared_when_anonymous(view: F) -> F:
    """Let a shared cache keep this page when the reader is not logged in."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if request.method in ("GET", "HEAD") and not current_user.is_authenticated:
            setattr(g, _SHARED, True)
            setattr(g, _SESSION_BEFORE, dict(session))
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def shared_page() -> bool:
    """True while drawing a page meant for a shared cache: leave the CSRF token out."""
    return bool(g.get(_SHARED))


def _forget_unused_token(response: Response) -> None:
    """A form built but not drawn (a councillor's answer form, for a visitor) made a
    token the page does not hold: take it back out of the session it was put in, so
    that the answer sets no cookie."""
    token = g.get(_CSRF)
    before = g.get(_SESSION_BEFORE, {})
    if token is None or _CSRF in before or str(token).encode() in response.get_data():
        return
    session.pop(_CSRF, None)
    if dict(session) == before:
        session.modified = False


def _personal(response: Response) -> bool:
    """Whether the answer holds or sets anything of this browser's."""
    token = g.get(_CSRF)
    return bool(
        "Set-Cookie" in response.headers
        or session.modified
        or (token is not None and str(token).encode() in response.get_data())
        or current_user.is_authenticated
    )


def _cache_headers(response: Response) -> Response:
    if not shared_page():
        # The reader only if the view loaded them (a static file does not); a visitor's
        # page holding a token (a form) or setting a cookie is theirs alone too.
        user = g.get("_login_user")
        personal = (
            (user is not None and user.is_authenticated)
            or g.get(_CSRF) is not None
            or session.modified
            or "Set-Cookie" in response.headers
        )
        if personal and "Cache-Control" not in response.headers:
            response.cache_control.private = True
            response.cache_control.no_store = True
        return response
    if response.status_code == 200 and not response.is_streamed:
        _forget_unused_token(response)
    if response.status_code != 200 or response.is_streamed or _personal(response):
        response.cache_control.private = True
        response.cache_control.no_store = True
        return response
    response.cache_control.public = True
    response.cache_control.max_age = int(current_app.config["SHARED_CACHE_SECONDS"])
    response.add_etag()
    response.make_conditional(request)  # 304 when the reader's copy is this one
    return response


def init_app(app: Flask) -> None:
    app.add_template_global(shared_page)
    app.after_request(_cache_headers)
