"""Form helpers shared by every area."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import flash
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from civic.services import Refused

T = TypeVar("T")


def attach_refusal(form: FlaskForm, refusal: Refused) -> bool:
    """Show a service's refusal next to its field; return False when it has none
    (the caller then flashes it at the top of the form)."""
    if refusal.field and refusal.field in form:
        form[refusal.field].errors = [*form[refusal.field].errors, refusal.message]
        return True
    return False


def show_refusal(form: FlaskForm, refusal: Refused) -> None:
    """Show a refusal next to its field, or flash it at the top of the page."""
    if not attach_refusal(form, refusal):
        flash(refusal.message, "error")


def first_error(form: Any) -> str:
    """The first validation message of a form, for a one-line refusal (fragments, flashes)."""
    return next(iter(e for errs in form.errors.values() for e in errs), _("Formulaire invalide."))


def required(value: T | None) -> T:
    """A field's data once its form has validated with InputRequired or DataRequired.

    WTForms types every field's data as optional; the validator is what guarantees a value,
    so a None here means the form lost that validator (a programming error, said so)."""
    if value is None:
        raise ValueError("a required form field has no value: is its InputRequired missing?")
    return value
