"""The identity key: one person, one signature, online or on paper (design §3).

A signature carries a keyed hash of the person's normalised identity (family
name, given names, birth date).  A clerk typing "D'ARC Éloïse-Marie" from a
paper sheet and the same person signing online as "Eloise Marie d'Arc" must
produce the same key, and the same key is used to match the electoral list.

Normalisation is deliberately lossy on spelling (accents, case, hyphens,
apostrophes, ligatures, spacing) and strict on content (letters, their order,
the birth date): two different people should not collapse, the same person
typed two ways should.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from datetime import date

__all__ = [
    "IdentityError",
    "identity_key",
    "normalise_identity",
    "normalise_name",
]

# Letters that Unicode compatibility decomposition leaves whole, spelt the way
# a French clerk would type them on a keyboard without the letter.
_LETTER_SPELLINGS = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ſ": "s",
    }
)

# A fixed point is reached in one or two rounds; the bound only guards against
# a pathological Unicode sequence looping.
_MAX_ROUNDS = 5


def _normalise_once(text: str) -> str:
    # casefold first: it turns ß into ss and upper-case ligatures into lower-case ones.
    text = text.casefold().translate(_LETTER_SPELLINGS)
    text = unicodedata.normalize("NFKD", text)
    kept: list[str] = []
    for char in text:
        if unicodedata.combining(char):
            continue  # accents, cedillas, diaereses...
        # Hyphens, apostrophes (straight or curly), dots, commas and every kind
        # of space separate name parts the same way.
        kept.append(char if char.isalnum() else " ")
    return " ".join("".join(kept).split())


def normalise_name(name: str) -> str:
    """Normalise one name for the identity key (design §3, "normalised identity").

    Unicode NFKD with diacritics removed, case folded (ß → ss), ligatures spelt
    out (œ → oe, æ → ae), and hyphens, apostrophes, punctuation and runs of
    spaces all turned into a single space:
    ``"Éloïse-Marie  D'Arc"`` → ``"eloise marie d arc"``.

    The function is idempotent: ``normalise_name(normalise_name(s)) == normalise_name(s)``.
    """
    current = name
    for _ in range(_MAX_ROUNDS):
        following = _normalise_once(current)
        if following == current:
            break
        current = following
    return current


class IdentityError(ValueError):
    """An identity that cannot be keyed; ``code`` names what is missing."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise_identity(family_name: str, given_names: str, birth_date: date) -> str:
    """Return the canonical identity string hashed by the identity key (design §3).

    ``"<family name>|<given names>|<YYYY-MM-DD>"``, each name through
    :func:`normalise_name`.  The order of given names is kept ("Jean Paul" is
    not "Paul Jean").  A family name that normalises to nothing raises
    :class:`IdentityError` with code ``"family_name_empty"``; given names may be
    empty (some people have none).
    """
    family = normalise_name(family_name)
    if not family:
        raise IdentityError("family_name_empty")
    given = normalise_name(given_names)
    # date.isoformat() also accepts a datetime; keep only the calendar date.
    day = date(birth_date.year, birth_date.month, birth_date.day)
    return f"{family}|{given}|{day.isoformat()}"


def identity_key(secret: bytes, family_name: str, given_names: str, birth_date: date) -> str:
    """Return the identity key: hex HMAC-SHA256 of the canonical identity (design §3).

    The ``secret`` is the instance's key, so a leaked table of keys cannot be
    reversed by hashing a phone book.  Raises :class:`IdentityError` with code
    ``"secret_empty"`` for an empty secret.
    """
    if not secret:
        raise IdentityError("secret_empty")
    canonical = normalise_identity(family_name, given_names, birth_date)
    return hmac.new(secret, canonical.encode("utf-8"), hashlib.sha256).hexdigest()
