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

A logged-in reader's page cannot be shared whole, but most of it is the same for
everyone: ``reader_independent_parts`` renders those parts as a visitor would see them
and keeps them a few seconds (``READER_INDEPENDENT_SECONDS``) in the server process, per
language; the view then draws only what is the reader's own around them. Any change
this process commits starts afresh, so a reader never sees their own act missing; a
change committed by another process shows within those seconds, as behind the shared
cache.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, TypeVar

from cachetools import TTLCache
from flask import Flask, Response, current_app, g, has_app_context, request, session
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from civic.extensions import db, login_manager

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


_PARTS = "civic_reader_independent_parts"
_WROTE = "civic_wrote"
_BEGAN = "civic_parts_generation_at_begin"
_PARTS_KEPT = 512  # entries per process: a page's parts in one language each


class _PartsStore:
    def __init__(self, seconds: int) -> None:
        self.entries: TTLCache[tuple[Hashable, ...], dict[str, Markup]] | None = (
            TTLCache(maxsize=_PARTS_KEPT, ttl=seconds) if seconds > 0 else None
        )
        self.generation = 0  # counts the commits that changed something
        self.lock = threading.Lock()


def reader_independent_parts(
    key: tuple[Hashable, ...], template: str, context: Callable[[], dict[str, Any]]
) -> dict[str, Markup]:
    """The top-level ``{% set name %}…{% endset %}`` parts of ``template``, drawn with
    ``context()`` for a visitor: the same for every reader of this ``key`` (a page and
    whatever of it changes often, such as a petition's counts) in this language.

    Kept ``READER_INDEPENDENT_SECONDS`` at most, and never past a commit of this process
    that changed something; ``context`` is only called to draw them again."""
    store: _PartsStore = current_app.extensions[_PARTS]
    if store.entries is None:
        return _draw_as_visitor(template, context())
    full_key = (store.generation, str(get_locale()), template, *key)
    with store.lock:
        parts = store.entries.get(full_key)
    if parts is None:
        parts = _draw_as_visitor(template, context())
        with store.lock:
            # Drawn from what the database showed when this request's transaction began:
            # kept only if nothing was committed here since (else it may miss that).
            if db.session.info.get(_BEGAN, store.generation) == store.generation:
                store.entries[full_key] = parts
    return parts


def _draw_as_visitor(template: str, context: dict[str, Any]) -> dict[str, Markup]:
    """Draw the parts with nobody logged in and no token, whoever asked: what is kept for
    everyone cannot hold anything of the reader who happened to ask first."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    reader = g.get("_login_user")
    shared = g.get(_SHARED)
    g._login_user = login_manager.anonymous_user()
    setattr(g, _SHARED, True)
    try:
        app.update_template_context(context)
        module = app.jinja_env.get_template(template).make_module(context)
    finally:
        if reader is None:
            g.pop("_login_user", None)
        else:
            g._login_user = reader
        if shared is None:
            g.pop(_SHARED, None)
        else:
            setattr(g, _SHARED, shared)
    return {
        name: value
        for name, value in vars(module).items()
        if isinstance(value, Markup) and not name.startswith("_")
    }


def layout_parts() -> dict[str, Markup]:
    """base.html's parts that are the same for every reader of this page (its links,
    its footer, the privacy notice of its form), per endpoint and language."""
    return reader_independent_parts((request.endpoint,), "_layout_parts.html", dict)


# What this process commits that changes a row: the kept parts start afresh.
@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_begin")
def _began(session: Session, _transaction: Any, _connection: Any) -> None:
    if has_app_context():
        store = current_app.extensions.get(_PARTS)
        if store is not None:
            session.info[_BEGAN] = store.generation


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.info.pop(_WROTE, False) and has_app_context():
        store = current_app.extensions.get(_PARTS)
        if store is not None:
            with store.lock:
                store.generation += 1
                if store.entries is not None:
                    store.entries.clear()


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_WROTE, None)


def init_app(app: Flask) -> None:
    app.add_template_global(shared_page)
    app.add_template_global(layout_parts)
    app.after_request(_cache_headers)
    app.extensions[_PARTS] = _PartsStore(int(app.config["READER_INDEPENDENT_SECONDS"]))
