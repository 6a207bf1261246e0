"""Identity key: a paper and an online signature of the same person collapse (docs/rules.md §3)."""

from __future__ import annotations

import string
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from civic.core import identity
from civic.core.identity import (
    IdentityError,
    compact_name,
    edit_distance,
    identity_key,
    mixes_scripts,
    names_close,
    normalise_identity,
    normalise_name,
    same_address,
    skeleton,
)

SECRET = b"test-secret"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Éloïse-Marie  D'Arc", "eloise marie d arc"),
        ("ÉLOÏSE-MARIE D’ARC", "eloise marie d arc"),
        ("  eloise marie   d arc ", "eloise marie d arc"),
        ("Strauß", "strauss"),
        ("STRAUSS", "strauss"),
        ("Lætitia", "laetitia"),
        ("Cœur", "coeur"),
        ("ŒDIPE", "oedipe"),
        ("François", "francois"),
        ("Jean-Noël", "jean noel"),
        ("Øster", "oster"),
        ("Łukasz", "lukasz"),
        ("O'Brien", "o brien"),
        ("Saint-Exupéry", "saint exupery"),
        ("ﬁfi", "fifi"),  # the fi ligature, as a PDF copy-paste gives it
        ("Ｍａｒｉｅ", "marie"),  # full-width letters
        ("", ""),
        ("-' .", ""),
    ],
)
def test_normalise_name_removes_spelling_variations(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


def test_normalise_identity_is_family_given_and_iso_date() -> None:
    assert (
        normalise_identity("D'Arc", "Éloïse-Marie", date(1990, 1, 31))
        == "darc|eloisemarie|1990-01-31"
    )


def test_normalise_identity_ignores_a_time_of_day_passed_with_the_birth_date() -> None:
    assert normalise_identity("Arc", "Jeanne", datetime(1990, 1, 31, 12, 5)) == normalise_identity(
        "Arc", "Jeanne", date(1990, 1, 31)
    )


def test_an_empty_family_name_cannot_be_keyed() -> None:
    with pytest.raises(IdentityError) as caught:
        normalise_identity(" - ", "Jeanne", date(1990, 1, 1))
    assert caught.value.code == "family_name_empty"


def test_given_names_may_be_empty() -> None:
    assert normalise_identity("Arc", "", date(1990, 1, 1)) == "arc||1990-01-01"


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(IdentityError) as caught:
        identity_key(b"", "Arc", "Jeanne", date(1990, 1, 1))
    assert caught.value.code == "secret_empty"


def test_paper_and_online_spellings_of_one_person_get_the_same_key() -> None:
    paper = identity_key(SECRET, "D'ARC", "ELOISE MARIE", date(1990, 1, 31))
    online = identity_key(SECRET, "d’Arc", "Éloïse-Marie", date(1990, 1, 31))
    assert paper == online
    assert len(paper) == 64
    int(paper, 16)  # hex


def test_the_key_depends_on_the_secret() -> None:
    birth = date(1990, 1, 31)
    assert identity_key(b"a", "Arc", "Jeanne", birth) != identity_key(b"b", "Arc", "Jeanne", birth)


def test_family_and_given_names_are_not_interchangeable() -> None:
    birth = date(1990, 1, 31)
    assert identity_key(SECRET, "Martin", "Paul", birth) != identity_key(
        SECRET, "Paul", "Martin", birth
    )


@given(st.text())
def test_normalise_name_is_idempotent(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once


@given(st.text())
def test_normalised_names_have_no_edge_or_double_spaces(name: str) -> None:
    normalised = normalise_name(name)
    assert normalised == normalised.strip()
    assert "  " not in normalised
    assert all(char == " " or char.isalnum() for char in normalised)


@given(st.text(min_size=1), st.text(), st.dates(), st.dates())
def test_the_key_differs_when_the_birth_date_differs(
    family: str, given_names: str, first: date, second: date
) -> None:
    assume(normalise_name(family) and first != second)
    assert identity_key(SECRET, family, given_names, first) != identity_key(
        SECRET, family, given_names, second
    )


# --- What cannot be seen, and letters of other alphabets that look Latin (UTS #39) ---

BIRTH = date(1984, 6, 2)

# Ordinary French names, accents included: the sample the properties run on.
FRENCH_NAMES = (
    "Dupont",
    "Martin",
    "Bernard",
    "Lefèvre",
    "Le Roux",
    "D'Arc",
    "Éloïse",
    "Jean-Noël",
    "Anaïs",
    "François",
    "Gaëlle",
    "Marie-Hélène",
    "Hervé",
    "Noémie",
    "Loïc",
    "Béatrice",
    "Chloé",
    "Mathis",
    "Thomas",
    "Camille",
    "Petit",
    "Moreau",
    "Girard",
    "Roux",
    "Fournier",
    "Mercier",
    "Marianne",
    "Marie Anne",
    "Léa",
    "Léo",
    "Lucas",
    "Lucie",
    "Rousseau",
    "Blanc",
    "Garnier",
    "Chevalier",
)

# Zero-width space, non-joiner, joiner, word joiner, soft hyphen, bidi controls,
# BOM, a variation selector, the Mongolian vowel separator, a tag character.
INVISIBLES = (
    "\u200b\u200c\u200d\u2060\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\ufeff\ufe0f\u180e\U000e0041"
)


def _confusable_lookalikes() -> dict[str, list[str]]:
    """Latin letter → Cyrillic/Greek letters of the same case that Unicode's own
    confusables.txt gives the same prototype (read here independently of the code)."""
    path = Path(identity.__file__).parent / "data" / "confusables.txt"
    prototype: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        data = line.split("#", 1)[0].strip()
        if data:
            source, target, *_ = (part.strip() for part in data.split(";"))
            prototype[chr(int(source, 16))] = "".join(chr(int(p, 16)) for p in target.split())
    found: dict[str, list[str]] = {}
    for letter in string.ascii_letters:
        for char, target in prototype.items():
            if (
                target == prototype.get(letter, letter)
                and unicodedata.name(char, "").startswith(("CYRILLIC", "GREEK"))
                and unicodedata.normalize("NFKC", char) == char
                and char.isupper() == letter.isupper()
            ):
                found.setdefault(letter, []).append(char)
    return found


LOOKALIKES = _confusable_lookalikes()


def test_there_are_look_alikes_to_test_with() -> None:
    assert {"a", "e", "o", "p", "c", "x", "A", "B", "E", "H", "O"} <= set(LOOKALIKES)


@given(
    st.sampled_from(FRENCH_NAMES),
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from(INVISIBLES))),
)
def test_the_key_ignores_invisible_characters_inserted_anywhere(
    name: str, inserts: list[tuple[int, str]]
) -> None:
    typed = name
    for position, char in inserts:
        cut = position % (len(typed) + 1)
        typed = typed[:cut] + char + typed[cut:]
    assert identity_key(SECRET, typed, "Jeanne", BIRTH) == identity_key(
        SECRET, name, "Jeanne", BIRTH
    )


@st.composite
def _spelling_variants(draw: st.DrawFn) -> tuple[str, str]:
    """A French name and the same name typed otherwise: accents dropped or kept,
    any case, separators (space, hyphen, apostrophe) swapped, doubled or left out."""
    name = draw(st.sampled_from(FRENCH_NAMES))
    typed = []
    for char in name:
        if char in " -'":
            typed.append(draw(st.sampled_from(["", " ", "-", "'", "’", "  ", " - "])))
        else:
            char = draw(st.sampled_from([char, unicodedata.normalize("NFD", char)[0]]))
            typed.append(draw(st.sampled_from([char.lower(), char.upper()])))
    return name, "".join(typed)


@given(_spelling_variants())
def test_the_key_ignores_case_accents_hyphens_apostrophes_and_spaces(
    pair: tuple[str, str],
) -> None:
    name, typed = pair
    assert identity_key(SECRET, typed, "Jeanne", BIRTH) == identity_key(
        SECRET, name, "Jeanne", BIRTH
    )


@given(st.sampled_from(FRENCH_NAMES), st.data())
def test_the_key_reads_cyrillic_and_greek_look_alikes_as_the_latin_letters(
    name: str, data: st.DataObject
) -> None:
    # Every letter that has a look-alike is replaced (the whole name, as far as it
    # goes), each occurrence by any of its look-alikes.
    typed = "".join(
        data.draw(st.sampled_from(LOOKALIKES[char])) if char in LOOKALIKES else char
        for char in name
    )
    assume(typed != name)
    assert identity_key(SECRET, typed, typed, BIRTH) == identity_key(SECRET, name, name, BIRTH)


def test_a_zero_width_space_or_a_cyrillic_e_in_the_family_name_gives_the_same_key() -> None:
    key = identity_key(SECRET, "Dupont", "Jeanne", BIRTH)
    assert identity_key(SECRET, "Du\u200bpont", "Jeanne", BIRTH) == key
    assert identity_key(SECRET, "Dupont", "J\u0435anne", BIRTH) == key  # Cyrillic е
    assert identity_key(SECRET, "D\u0443pont", "Jeanne", BIRTH) != key  # у is not u


def test_distinct_ordinary_french_names_keep_distinct_keys() -> None:
    keys = {identity_key(SECRET, name, "Jeanne", BIRTH) for name in FRENCH_NAMES}
    # "Le Roux" and "Roux" differ; "Marianne" and "Marie Anne" differ by a letter.
    assert len(keys) == len(FRENCH_NAMES)


def test_latin_letters_are_never_read_as_other_latin_letters() -> None:
    # The full UTS #39 skeleton reads "m" as "rn" and "l" as "I": Latin stays as typed.
    assert compact_name("Marnier") != compact_name("Mamier")
    assert compact_name("Lila") == "lila"


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Dur\u0251nd", "Durand"),  # ɑ LATIN SMALL LETTER ALPHA
        ("\u0261ilbert", "Gilbert"),  # ɡ LATIN SMALL LETTER SCRIPT G
        ("Pau\u01c0", "Paul"),  # ǀ LATIN LETTER DENTAL CLICK
        ("Lou\u0269s", "Louis"),  # ɩ LATIN SMALL LETTER IOTA
        ("D\u028bpont", "Dupont"),  # ʋ LATIN SMALL LETTER V WITH HOOK
    ],
)
def test_a_phonetic_latin_letter_that_looks_like_a_plain_one_gives_the_same_key(
    typed: str, name: str
) -> None:
    # They are Latin, so the name mixes no alphabets and is not refused for that:
    # only reading them as the plain letter stops a second account.
    assert not mixes_scripts(typed)
    key = identity_key(SECRET, name, "Jeanne", BIRTH)
    assert identity_key(SECRET, typed, "Jeanne", BIRTH) == key


def test_a_name_wholly_in_cyrillic_is_keyed_whatever_its_case() -> None:
    assert not mixes_scripts("Вера Иванова")
    assert identity_key(SECRET, "ИВАНОВА", "ВЕРА", BIRTH) == identity_key(
        SECRET, "Иванова", "Вера", BIRTH
    )


@pytest.mark.parametrize(
    "name",
    ["Dup\u043ent", "J\u0435anne", "Bernard \u0399", "Παπαδόπουλος-Martin"],
)
def test_a_name_mixing_alphabets_is_detected(name: str) -> None:
    assert mixes_scripts(name)


@pytest.mark.parametrize(
    "name",
    [
        "Éloïse-Marie D'Arc",
        "Иванова",
        "Παπαδόπουλος",
        "山田花子",
        "やまだ 山田",
        "김민준",
        "Du\u200bpont",
        "Louis XIV",
        "Ａｎｎｅ",
        "",
    ],
)
def test_a_name_in_one_alphabet_does_not_mix(name: str) -> None:
    assert not mixes_scripts(name)


def test_the_skeleton_reads_only_other_alphabets() -> None:
    assert skeleton("Dup\u043ent") == "Dupont"
    assert skeleton("rn") == "rn"


# --- What the residence queue shows a clerk as a possible duplicate ---


@pytest.mark.parametrize(
    ("one", "two"),
    [
        (("Dupont", "Léa"), ("Dupond", "Lea")),  # a letter
        (("Dupont", "Léa"), ("DUPONT", "Lé a")),  # case, accents, spacing
        (("Dupont", "Léa"), ("Léa", "Dupont")),  # typed the other way round
        (("Fournier", "Anaïs"), ("Fourier", "Anais")),  # a letter left out
    ],
)
def test_names_a_typo_apart_are_close(one: tuple[str, str], two: tuple[str, str]) -> None:
    assert names_close(*one, *two)


def test_different_names_are_not_close() -> None:
    assert not names_close("Dupont", "Léa", "Garnier", "Noé")
    assert not names_close("Martin", "Paul", "Mercier", "Paula")


def test_addresses_typed_differently_are_the_same() -> None:
    assert same_address("3, rue Thénard", "3 Rue Thenard")
    assert not same_address("3 rue Thénard", "5 rue Thénard")
    assert not same_address("", "")


def test_edit_distance_counts_letters_changed() -> None:
    assert edit_distance("dupont", "dupond") == 1
    assert edit_distance("", "abc") == edit_distance("abc", "") == 3
    assert edit_distance("fourier", "fournier") == 1
