"""The identity key: one person, one signature, online or on paper (docs/rules.md §3).

A signature carries a keyed hash of the person's normalised identity (family
name, given names, birth date).  A clerk typing "D'ARC Éloïse-Marie" from a
paper sheet and the same person signing online as "Eloise Marie d'Arc" must
produce the same key, and the same key is used to match the electoral list.

Normalisation is deliberately lossy on spelling (accents, case, hyphens,
apostrophes, spaces, ligatures) and strict on content (letters, their order,
the birth date): two different people should not collapse, the same person
typed two ways should.  It is also lossy on what cannot be seen: invisible
characters (zero-width space and joiner, soft hyphen, bidi controls…) are
removed, and letters of another alphabet that look like Latin ones (Cyrillic
"е", Greek "ο") are read as those Latin letters, with Unicode's confusable
skeleton (UTS #39).  A name that mixes alphabets is refused where it is typed
(:func:`mixes_scripts`); one wholly in another alphabet is keyed by its skeleton.

The Unicode tables are the published files under ``civic/core/data/`` (see the
README there), read once, when first needed.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import hmac
import string
import unicodedata
from datetime import date
from pathlib import Path

__all__ = [
    "CLOSE_NAME_EDITS",
    "IdentityError",
    "compact_name",
    "edit_distance",
    "identity_key",
    "mixes_scripts",
    "names_close",
    "normalise_identity",
    "normalise_name",
    "same_address",
    "same_name",
    "skeleton",
]

_DATA = Path(__file__).resolve().parent / "data"

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

# Scripts that belong to every alphabet (digits, punctuation, combining accents).
_SHARED_SCRIPTS = frozenset({"Common", "Inherited"})
_LATIN = "Latin"
# UTS #39 "augmented" script sets: Japanese and Korean writing mix scripts by nature.
_WRITING_SYSTEMS = (
    frozenset({"Han", "Hiragana", "Katakana"}),
    frozenset({"Han", "Hangul"}),
    frozenset({"Han", "Bopomofo"}),
)


class _Ranges:
    """Code point ranges of a Unicode data file, looked up by bisection."""

    def __init__(self, rows: list[tuple[int, int, str]]) -> None:
        rows.sort()
        self._starts = [start for start, _, _ in rows]
        self._rows = rows

    def value(self, char: str) -> str | None:
        point = ord(char)
        index = bisect.bisect_right(self._starts, point) - 1
        if index >= 0:
            start, end, value = self._rows[index]
            if start <= point <= end:
                return value
        return None


def _read_ranges(filename: str, only: str | None = None) -> _Ranges:
    """``XXXX..YYYY ; Value # comment`` lines of a UCD file, optionally one value."""
    rows: list[tuple[int, int, str]] = []
    with (_DATA / filename).open(encoding="utf-8") as lines:
        for line in lines:
            data = line.split("#", 1)[0].strip()
            if not data:
                continue
            points, value = (part.strip() for part in data.split(";", 1))
            if only is not None and value != only:
                continue
            first, _, last = points.partition("..")
            rows.append((int(first, 16), int(last or first, 16), value))
    return _Ranges(rows)


@functools.cache
def _scripts() -> _Ranges:
    return _read_ranges("Scripts.txt")


@functools.cache
def _default_ignorables() -> _Ranges:
    return _read_ranges("DerivedCoreProperties.txt", only="Default_Ignorable_Code_Point")


@functools.cache
def _confusables() -> dict[str, str]:
    """UTS #39 confusables.txt: one character → its prototype (one or more characters)."""
    mapping: dict[str, str] = {}
    with (_DATA / "confusables.txt").open(encoding="utf-8-sig") as lines:
        for line in lines:
            data = line.split("#", 1)[0].strip()
            if not data:
                continue
            source, target, *_ = (part.strip() for part in data.split(";"))
            mapping[chr(int(source, 16))] = "".join(chr(int(p, 16)) for p in target.split())
    return mapping


def _script(char: str) -> str:
    return _scripts().value(char) or "Unknown"


def _invisible(char: str) -> bool:
    """A format character (Cf) or a default-ignorable code point: nothing to see."""
    return unicodedata.category(char) == "Cf" or _default_ignorables().value(char) is not None


def _visible_text(text: str) -> str:
    """Unicode compatibility normalisation (NFKC), invisible characters removed."""
    return "".join(char for char in unicodedata.normalize("NFKC", text) if not _invisible(char))


@functools.cache
def _as_latin() -> dict[str, str]:
    """Each letter of another script that confusables.txt maps somewhere → what a
    reader takes it for.  When its prototype is the skeleton of a Latin letter of
    the same case (Greek "Ι" and Latin "I" share the prototype "l"), that letter;
    otherwise the prototype itself.  The letters a to z never move; a Latin letter
    of the phonetic alphabet that looks like one of them (ɑ, ɡ, ǀ, ɩ, ʋ: Latin, so
    no mixing of alphabets betrays them) is read as it, and otherwise kept."""
    table = _confusables()
    latin_by_prototype: dict[str, list[str]] = {}
    for letter in string.ascii_letters:
        latin_by_prototype.setdefault(table.get(letter, letter), []).append(letter)
    readings: dict[str, str] = {}
    for char, prototype in table.items():
        if _script(char) in _SHARED_SCRIPTS or char in string.ascii_letters:
            continue
        if _script(char) == _LATIN and prototype not in latin_by_prototype:
            continue
        letters = latin_by_prototype.get(prototype, [])
        same_case = [letter for letter in letters if letter.isupper() == char.isupper()]
        readings[char] = (same_case or letters or [prototype])[0]
    return readings


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text``, Latin kept Latin: NFD, each letter of
    another script replaced by the Latin letter it is confusable with, NFD again.

    The letters a to z and shared characters are left as they are (the table would
    otherwise read "m" as "rn"), so only look-alikes move:
    ``skeleton("Dupоnt")`` (Cyrillic о) is ``"Dupont"``.
    """
    readings = _as_latin()
    mapped = (readings.get(char, char) for char in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", "".join(mapped))


@functools.cache
def _small_capital(char: str) -> str:
    """``ʙ`` (LATIN LETTER SMALL CAPITAL B) → ``b``: the skeleton of a lower-case
    Cyrillic or Greek letter is often a Latin small capital (в → ʙ)."""
    name = unicodedata.name(char, "")
    prefix = "LATIN LETTER SMALL CAPITAL "
    if name.startswith(prefix) and len(name) == len(prefix) + 1:
        return name[-1].lower()
    return char


def _fold(text: str) -> str:
    # casefold first: it turns ß into ss and upper-case ligatures into lower-case ones.
    text = "".join(_small_capital(char) for char in text.casefold()).translate(_LETTER_SPELLINGS)
    text = unicodedata.normalize("NFKD", text)
    kept: list[str] = []
    for char in text:
        if unicodedata.combining(char):
            continue  # accents, cedillas, diaereses...
        # Hyphens, apostrophes (straight or curly), dots, commas and every kind
        # of space separate name parts the same way.
        kept.append(char if char.isalnum() else " ")
    return " ".join("".join(kept).split())


def _normalise_once(text: str) -> str:
    return _fold(skeleton(_visible_text(text)))


def normalise_name(name: str) -> str:
    """Normalise one name for the identity key (docs/rules.md §3, "normalised identity").

    Unicode NFKC with invisible characters (format and default-ignorable code
    points) removed, look-alike letters of other alphabets read as Latin (UTS #39
    skeleton), diacritics removed, case folded (ß → ss), ligatures spelt out
    (œ → oe, æ → ae), and hyphens, apostrophes, punctuation and runs of spaces all
    turned into a single space: ``"Éloïse-Marie  D'Arc"`` → ``"eloise marie d arc"``.

    The function is idempotent: ``normalise_name(normalise_name(s)) == normalise_name(s)``.
    """
    current = name
    for _ in range(_MAX_ROUNDS):
        following = _normalise_once(current)
        if following == current:
            break
        current = following
    return current


def compact_name(name: str) -> str:
    """The name as keyed: :func:`normalise_name` without its spaces, so "Le Roux",
    "Le-Roux" and "Leroux", or "D'Arc" and "Darc", are one spelling."""
    return normalise_name(name).replace(" ", "")


def mixes_scripts(name: str) -> bool:
    """True when the letters of ``name`` come from more than one alphabet (Latin
    and Cyrillic, say); digits, punctuation and accents belong to none.  A name
    wholly in Cyrillic or Greek does not mix; Japanese (Han with kana) and Korean
    (Han with Hangul) count as one writing system, as in UTS #39."""
    scripts = {
        _script(char) for char in _visible_text(name) if unicodedata.category(char).startswith("L")
    } - _SHARED_SCRIPTS
    if len(scripts) <= 1:
        return False
    return not any(scripts <= system for system in _WRITING_SYSTEMS)


def edit_distance(first: str, second: str) -> int:
    """Levenshtein distance: letters inserted, removed or replaced to go from one to the other."""
    if len(first) < len(second):
        first, second = second, first
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


# Two canonical full names this close (a typo, a letter left out) may be one person.
CLOSE_NAME_EDITS = 2


def names_close(family: str, given: str, other_family: str, other_given: str) -> bool:
    """True when two people's names may be one person's, for a clerk to look at:
    the same canonical name, names a typo or two apart, or family and given names
    typed the other way round (docs/rules.md §3)."""
    one = compact_name(family) + "|" + compact_name(given)
    two = compact_name(other_family) + "|" + compact_name(other_given)
    swapped = compact_name(other_given) + "|" + compact_name(other_family)
    return min(edit_distance(one, two), edit_distance(one, swapped)) <= CLOSE_NAME_EDITS


def same_name(family: str, given: str, other_family: str, other_given: str) -> bool:
    """The same name once canonical (accents, case, separators, look-alikes aside)."""
    return (compact_name(family), compact_name(given)) == (
        compact_name(other_family),
        compact_name(other_given),
    )


def same_address(address: str, other: str) -> bool:
    """Two addresses typed alike but for case, accents, punctuation and spacing."""
    return bool(compact_name(address)) and compact_name(address) == compact_name(other)


class IdentityError(ValueError):
    """An identity that cannot be keyed; ``code`` names what is missing."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise_identity(family_name: str, given_names: str, birth_date: date) -> str:
    """Return the canonical identity string hashed by the identity key (docs/rules.md §3).

    ``"<family name>|<given names>|<YYYY-MM-DD>"``, each name through
    :func:`compact_name`.  The order of given names is kept ("Jean Paul" is not
    "Paul Jean").  A family name that normalises to nothing raises
    :class:`IdentityError` with code ``"family_name_empty"``; given names may be
    empty (some people have none).
    """
    family = compact_name(family_name)
    if not family:
        raise IdentityError("family_name_empty")
    given = compact_name(given_names)
    # date.isoformat() also accepts a datetime; keep only the calendar date.
    day = date(birth_date.year, birth_date.month, birth_date.day)
    return f"{family}|{given}|{day.isoformat()}"


def identity_key(secret: bytes, family_name: str, given_names: str, birth_date: date) -> str:
    """Return the identity key: hex HMAC-SHA256 of the canonical identity (docs/rules.md §3).

    The ``secret`` is the instance's key, so a leaked table of keys cannot be
    reversed by hashing a phone book.  Raises :class:`IdentityError` with code
    ``"secret_empty"`` for an empty secret.
    """
    if not secret:
        raise IdentityError("secret_empty")
    canonical = normalise_identity(family_name, given_names, birth_date)
    return hmac.new(secret, canonical.encode("utf-8"), hashlib.sha256).hexdigest()
