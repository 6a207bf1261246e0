"""Role boundaries, enforced on the server for every protected view (design §1)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])


def roles_required(*roles: str) -> Callable[[F], F]:
    """Anonymous visitors are sent to log in; people without one of ``roles`` get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.role_names.intersection(roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def verified_required(view: F) -> F:
    """Only residents whose residence was verified (resident or elector level)."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_verified_resident:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
