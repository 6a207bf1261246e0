"""The animation team of a neighbourhood council must be gender-balanced (docs/rules.md §5).

Rule: a team has 2 to 4 co-leads, and the numbers of women and of men differ
by at most one (|women − men| ≤ 1). Co-leads who declared another gender
(non-binary) or preferred not to say count for neither side: they never break
parity, and they do not replace a missing woman or man beyond that difference.
So 1 woman + 1 man, 2 + 1, 2 + 2, or 1 man + 1 non-binary person are balanced;
2 men, or 3 women + 1 man, are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TEAM_MIN = 2
TEAM_MAX = 4


@dataclass(frozen=True)
class TeamCheck:
    """``ok`` or the reason codes saying why not, with the counts that decided it."""

    ok: bool
    reasons: tuple[str, ...]
    women: int
    men: int
    others: int


def check_team(genders: Sequence[str], *, women: str = "female", men: str = "male") -> TeamCheck:
    """Check a proposed team (one declared gender per co-lead) against the rule above.

    Reason codes: ``too_small``, ``too_large``, ``parity`` (|women − men| > 1)."""
    n_w = sum(1 for g in genders if g == women)
    n_m = sum(1 for g in genders if g == men)
    n_o = len(genders) - n_w - n_m
    reasons: list[str] = []
    if len(genders) < TEAM_MIN:
        reasons.append("too_small")
    if len(genders) > TEAM_MAX:
        reasons.append("too_large")
    if abs(n_w - n_m) > 1:
        reasons.append("parity")
    return TeamCheck(not reasons, tuple(reasons), n_w, n_m, n_o)
