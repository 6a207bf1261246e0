"""Identity key: a paper and an online signature of the same person collapse (design §3)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from civic.core.identity import IdentityError, identity_key, normalise_identity, normalise_name

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
        == "d arc|eloise marie|1990-01-31"
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
