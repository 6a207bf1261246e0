"""Argon2id password hashing (argon2-cffi), parameters from config so tests stay fast."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from civic.config import DEFAULTS

_hashers: dict[tuple[int, int, int], PasswordHasher] = {}


def _hasher() -> PasswordHasher:
    # A partial mapping in instance/config.py keeps the other costs at their default.
    params = {**DEFAULTS["ARGON2_PARAMETERS"], **current_app.config["ARGON2_PARAMETERS"]}
    key = (int(params["time_cost"]), int(params["memory_cost"]), int(params["parallelism"]))
    if key not in _hashers:
        _hashers[key] = PasswordHasher(time_cost=key[0], memory_cost=key[1], parallelism=key[2])
    return _hashers[key]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches. Without a stored hash (no such account, a deleted
    one) the password is checked against a stand-in hash of the same cost: one Argon2
    verification either way, so the time taken does not tell whether an account exists."""
    hasher = _hasher()
    try:
        return hasher.verify(stored_hash or _stand_in_hash(hasher), password) and bool(stored_hash)
    except (VerificationError, InvalidHashError):
        return False


_stand_ins: dict[int, str] = {}


def _stand_in_hash(hasher: PasswordHasher) -> str:
    """A hash of a random password nobody knows, with ``hasher``'s parameters."""
    if id(hasher) not in _stand_ins:
        _stand_ins[id(hasher)] = hasher.hash(secrets.token_urlsafe(16))
    return _stand_ins[id(hasher)]


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)
