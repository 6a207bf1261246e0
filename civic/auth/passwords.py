"""Argon2id password hashing (argon2-cffi), parameters from config so tests stay fast."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

_hashers: dict[tuple[int, int, int], PasswordHasher] = {}


def _hasher() -> PasswordHasher:
    params = current_app.config.get("ARGON2_PARAMETERS") or {}
    key = (
        int(params.get("time_cost", 3)),
        int(params.get("memory_cost", 65536)),
        int(params.get("parallelism", 4)),
    )
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
