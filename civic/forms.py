"""Form helpers shared by every area."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from civic.services import Refused


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
