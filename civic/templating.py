"""Template filters and globals: dates, numbers and money in the reader's locale."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_wtf import FlaskForm

from civic.text import render_markdown


class EmptyForm(FlaskForm):
    """Carries the CSRF token on bare POST buttons (log out, approve…)."""


class _EmptyFormOnUse:
    """The layout's ``empty_form``, built when a template first uses it: building a form
    puts a CSRF token in the session, which a page for a shared cache must not hold
    (civic.caching)."""

    def __init__(self) -> None:
        self._form: EmptyForm | None = None

    def __getattr__(self, name: str) -> Any:
        if self._form is None:
            self._form = EmptyForm(formdata=None)
        return getattr(self._form, name)


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["day"] = _format_day
    app.jinja_env.filters["moment"] = _format_moment
    app.jinja_env.filters["number"] = _format_number
    app.jinja_env.filters["euros"] = _format_euros
    app.jinja_env.filters["percent"] = _format_percent

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {
            "current_locale": str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": current_app.config["LANGUAGES"],
            "commune_name": current_app.config["COMMUNE_NAME"],
            # Not bound to the request's form: an error page (a body over the size
            # limit, 413) must render without reading the body it refused.
            "empty_form": _EmptyFormOnUse(),
        }


# One way to write a day and a moment across the site (« 6 décembre 2026, 20:24 »): the
# named CLDR widths a template may still ask for ("medium" abbreviates the month, "short"
# writes 06/12/2026, and both show seconds in a moment) all read as the long form.
DAY_PATTERN = "d MMMM y"
MOMENT_PATTERN = "d MMMM y, HH:mm"
_NAMED_WIDTHS = frozenset({"short", "medium", "long", "full"})


def _format_day(value: date | datetime | None, format: str = DAY_PATTERN) -> str:
    if value is None:
        return ""
    # A datetime shown as a day: its date in the commune's time zone.
    return format_date(value, DAY_PATTERN if format in _NAMED_WIDTHS else format)


def _format_moment(value: datetime | None, format: str = MOMENT_PATTERN) -> str:
    if value is None:
        return ""
    return format_datetime(value, MOMENT_PATTERN if format in _NAMED_WIDTHS else format)


def _format_number(value: int | float | Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


def _format_euros(value: int | float | Decimal | None) -> str:
    from flask_babel import format_currency

    return "" if value is None else format_currency(value, "EUR")


def _format_percent(value: float | Decimal | None, format: str | None = None) -> str:
    """Up to two decimals, in the locale's own pattern ("5 %" in French, "5%" in English)."""
    if value is None:
        return ""
    if format is None:
        pattern = get_locale().percent_formats[None].pattern
        format = pattern.replace("#,##0", "#,##0.##", 1)
    return format_percent(value, format)
