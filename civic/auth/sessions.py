"""Server-side sessions: one ``user_sessions`` row per logged-in browser.

The cookie (Flask's session, and Flask-Login's remember cookie) carries
``"<user id>:<session id>"``; the database keeps only the SHA-256 of the random
session id. Every request checks the row in the same statement that loads the
account (``civic.auth.services.load_user``): a row deleted by a log-out, a password
reset or "log out everywhere" ends the session on every app server at once, and a
cookie copied before cannot bring it back. ``last_seen_at`` is written at most every
``SEEN_EVERY`` (after the response, in its own short transaction), never per request.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, g
from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import SQLAlchemyError

from civic.database import write_intent
from civic.extensions import db
from civic.models import User, UserSession

logger = logging.getLogger(__name__)

# How stale ``last_seen_at`` may get before a request refreshes it. A staff session
# ends after STAFF_IDLE_MINUTES unused, so its end is pushed back more often.
SEEN_EVERY = timedelta(minutes=5)
STAFF_SEEN_EVERY = timedelta(minutes=1)


def session_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def split_id(value: str) -> tuple[int, str] | None:
    """``"12:abc…"`` → ``(12, "abc…")``; anything else (an old plain id) → None."""
    user_id, _, raw = value.partition(":")
    if not raw or not user_id.isdigit() or len(user_id) > 10:
        return None
    return int(user_id), raw


def open_session(
    user_id: int, user_agent: str, *, remember: bool, now: datetime, second_factor: bool = False
) -> str:
    """Add the row of a new log-in (the caller commits); returns the raw session id.
    The account's ended rows go at the same time, so the table stays small.
    ``second_factor``: the browser passed it (civic.auth.second_factor), so the session
    may act as staff, and ends after STAFF_IDLE_MINUTES unused."""
    db.session.execute(
        delete(UserSession).where(UserSession.user_id == user_id, UserSession.expires_at <= now)
    )
    db.session.execute(_active(User.id == user_id, now))
    raw = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            id=session_hash(raw),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + _lifetime(remember, staff=second_factor),
            device=device_of(user_agent),
            remember=remember,
            second_factor_at=now if second_factor else None,
        )
    )
    return raw


def in_use(user_id: int, now: datetime) -> None:
    """The person used their account another way (an act at the counter, in their name
    and with their consent): it counts as a log-in for keeping the account open."""
    db.session.execute(_active(User.id == user_id, now))


def _active(which: Any, now: datetime) -> Any:
    """The account is in use: it stays open (the retention run closes accounts unused
    for ACCOUNT_INACTIVE_MONTHS, civic.account.privacy) and any notice of closing lapses."""
    return (
        update(User)
        .where(which)
        .values(last_active_at=now, inactivity_warned_at=None)
        .execution_options(synchronize_session=False)
    )


def end_session(raw: str | None) -> None:
    """Delete this browser's row (the caller commits)."""
    if raw:
        db.session.execute(delete(UserSession).where(UserSession.id == session_hash(raw)))


def end_all_sessions(user_id: int, *, keep: str | None = None) -> None:
    """Delete every row of the account but ``keep`` (the caller commits)."""
    statement = delete(UserSession).where(UserSession.user_id == user_id)
    if keep:
        statement = statement.where(UserSession.id != session_hash(keep))
    db.session.execute(statement)


def active_sessions(user_id: int, *, now: datetime) -> list[UserSession]:
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user_id, UserSession.expires_at > now)
            .order_by(UserSession.last_seen_at.desc())
        )
    )


def remember_seen(raw: str, last_seen_at: datetime, now: datetime, *, staff: bool) -> None:
    """Called by ``load_user``: ask for a refresh after the response if it is due."""
    if now - last_seen_at >= (STAFF_SEEN_EVERY if staff else SEEN_EVERY):
        g.civic_session_seen = session_hash(raw)


def refresh_seen(now: datetime) -> None:
    """After the response: write ``last_seen_at`` (and push back the end of a session
    without "remember me") if ``load_user`` found it stale. The request's own work is
    committed or abandoned by now; this runs in a transaction of its own. It is a
    convenience (the account page's "last seen"): a failure is logged, not shown."""
    pending = g.pop("civic_session_seen", None)
    if pending is None:
        return
    db.session.rollback()
    try:
        with write_intent():
            db.session.execute(
                update(UserSession)
                .where(UserSession.id == pending)
                .values(
                    last_seen_at=now,
                    expires_at=case(
                        (
                            UserSession.second_factor_at.is_not(None),
                            now + _lifetime(remember=False, staff=True),
                        ),
                        (UserSession.remember, UserSession.expires_at),
                        else_=now + _lifetime(remember=False),
                    ),
                )
            )
            owner = select(UserSession.user_id).where(UserSession.id == pending)
            db.session.execute(_active(User.id == owner.scalar_subquery(), now))
            db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        logger.warning("could not note when a session was last seen", exc_info=True)


def _lifetime(remember: bool, *, staff: bool = False) -> timedelta:
    if staff:
        return timedelta(minutes=int(current_app.config["STAFF_IDLE_MINUTES"]))
    if remember:
        return current_app.config["REMEMBER_COOKIE_DURATION"]
    return timedelta(hours=int(current_app.config["SESSION_IDLE_HOURS"]))


_BROWSERS = (
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox", "Firefox"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_of(user_agent: str) -> str:
    """The browser and system in plain words (``"Firefox · Android"``), or "" if the
    User-Agent says nothing we know. Product names need no translation."""
    found = [
        next((name for token, name in table if token in user_agent), "")
        for table in (_BROWSERS, _SYSTEMS)
    ]
    return " · ".join(part for part in found if part)[:80]
