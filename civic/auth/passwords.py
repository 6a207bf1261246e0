"""Argon2id password hashing (argon2-cffi), parameters from config so tests stay fast."""

from __future__ import annotations

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
    if not stored_hash:
        # Spend the same time as a real check, so timing does not tell whether
        # an account exists.
        _hasher().hash(password)
        return False
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)
