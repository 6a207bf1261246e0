"""The compliance state an accessibility statement must declare (RGAA 4.1, the model
statement; decree n° 2019-768 of 24 July 2019, art. 7).

Only an audit against the RGAA's criteria measures compliance: automated checks (axe
on every page, keyboard and no-JavaScript walks) cover a part of the criteria and
prove nothing about the rest. Hence:

- no valid audit, or under 50 % of the criteria met: "non conforme";
- from 50 % up to but not including 100 %: "partiellement conforme";
- 100 %: "totalement conforme".
"""

from __future__ import annotations

NON_COMPLIANT = "non_compliant"
PARTIALLY_COMPLIANT = "partially_compliant"
FULLY_COMPLIANT = "fully_compliant"

PARTIAL_FROM_PERCENT = 50


def compliance_state(audited_rate_percent: float | None) -> str:
    """The state to declare, from the audit's rate of criteria met (None: no audit)."""
    if audited_rate_percent is None or audited_rate_percent < PARTIAL_FROM_PERCENT:
        return NON_COMPLIANT
    if audited_rate_percent >= 100:
        return FULLY_COMPLIANT
    return PARTIALLY_COMPLIANT
