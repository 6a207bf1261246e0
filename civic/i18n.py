"""Language choice: the resident's saved choice, else a cookie, else French (docs/rules.md §8)."""

from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_login import current_user

LANGUAGE_COOKIE = "civic_lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, jobs: the commune's language
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return str(chosen)
    # French first: the browser's Accept-Language is not consulted, as the
    # commune's language is the default and English is offered, not imposed.
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])
