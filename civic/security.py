"""HTTP security headers on every response (docs/rules.md §8, issue 2)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, flash, request
from flask_babel import gettext as _
from markupsafe import escape
from werkzeug.exceptions import SecurityError
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


# The address of ``make run`` when PUBLIC_URL is not set.
DEVELOPMENT_URL = "http://127.0.0.1:5000"


def public_url(path: str) -> str:
    """The site's own address for ``path`` (from ``url_for``), for a mail: built on
    PUBLIC_URL, never on the host a request named, so nobody can have the site mail
    a victim a live link to another host."""
    return str(current_app.config["PUBLIC_URL"]) + path


def _configure_public_address(app: Flask) -> None:
    """PUBLIC_URL, and the hosts requests may name (Flask's TRUSTED_HOSTS): only the
    public address's once it is set; without it, the development addresses."""
    url = app.config.get("PUBLIC_URL")
    explicit = bool(url)
    if not url:
        server = app.config.get("SERVER_NAME")
        url = f"{app.config['PREFERRED_URL_SCHEME']}://{server}" if server else DEVELOPMENT_URL
    app.config["PUBLIC_URL"] = url.rstrip("/")
    if app.config.get("TRUSTED_HOSTS") is None:
        host = urlsplit(url).hostname or "localhost"
        hosts = [host] if explicit else [host, "localhost", "127.0.0.1"]
        app.config["TRUSTED_HOSTS"] = list(dict.fromkeys(hosts))


def init_app(app: Flask) -> None:
    _configure_public_address(app)
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

    @app.errorhandler(SecurityError)
    def _unknown_host(_error: SecurityError) -> Response:
        # A host outside TRUSTED_HOSTS: Flask built no URL adapter, so the usual error
        # page (its layout builds links) cannot be drawn; this one needs none.
        message = escape(_("Cette adresse n'est pas celle du site : rien n'a été fait."))
        page = f'<!doctype html><html lang="fr"><title>400</title><p>{message}</p></html>'
        return Response(page, 400, mimetype="text/html")

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if _served_over_https():
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={int(app.config['HSTS_MAX_AGE'])}"
            )
        return response


def _served_over_https() -> bool:
    """Whether browsers reach the site over HTTPS: this request came over TLS (or a
    trusted proxy says so, PROXY_COUNT), or the public address is https, as behind a
    TLS-terminating proxy whose headers are not trusted. Browsers ignore the header on
    plain HTTP, so sending it there is harmless. No ``includeSubDomains``: the
    commune's other hosts under the site's name are not Civic's to decide."""
    return request.is_secure or str(current_app.config["PUBLIC_URL"]).startswith("https://")
