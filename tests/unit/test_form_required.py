from __future__ import annotations

from datetime import date

import pytest

from civic.forms import required


@pytest.mark.parametrize("value", [0, "", date(2026, 1, 1), "texte"])
def test_a_required_field_gives_its_value_through_even_when_falsy(value: object) -> None:
    assert required(value) == value


def test_a_required_field_without_a_value_says_its_validator_is_missing() -> None:
    with pytest.raises(ValueError, match="InputRequired"):
        required(None)
