"""Role boundaries, enforced on the server for every protected view (docs/rules.md §1)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user, login_required

P = ParamSpec("P")
R = TypeVar("R")


def roles_required(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Anonymous visitors are sent to log in; people without one of ``roles`` get 403."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        @login_required
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.role_names.intersection(roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def verified_required(view: Callable[P, R]) -> Callable[P, R]:
    """Only residents whose residence was verified (resident or elector level)."""

    @wraps(view)
    @login_required
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if not current_user.is_verified_resident:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
