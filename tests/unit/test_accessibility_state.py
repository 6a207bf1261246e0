"""The accessibility statement declares what an RGAA audit measured, never more."""

from __future__ import annotations

import pytest

from civic.core.accessibility import (
    FULLY_COMPLIANT,
    NON_COMPLIANT,
    PARTIALLY_COMPLIANT,
    compliance_state,
)


def test_without_an_audit_the_site_cannot_claim_any_compliance() -> None:
    assert compliance_state(None) == NON_COMPLIANT


@pytest.mark.parametrize(
    ("rate", "state"),
    [
        (0, NON_COMPLIANT),
        (49.9, NON_COMPLIANT),
        (50, PARTIALLY_COMPLIANT),
        (99.9, PARTIALLY_COMPLIANT),
        (100, FULLY_COMPLIANT),
    ],
)
def test_an_audit_rate_gives_the_state_the_rgaa_names(rate: float, state: str) -> None:
    assert compliance_state(rate) == state
