"""Pick one panel from a published, numbered list of panels (docs/rules.md §5 "fair draw").

Design §5, after "Fair sortition made transparent" (NeurIPS 2021): a fair
distribution over quota-valid panels is rounded to ``m`` equally likely panels,
the numbered list is published, then a number is drawn in public. This module
does the last two steps, verifiably.

List digest (version 1)
-----------------------
Panels are numbered 1…m in list order. For panel ``k``, one line::

    k TAB id1 TAB id2 … LF

with ``k`` in decimal and the ids in ascending code-point order. The lines are
concatenated in panel order (1 first), encoded in UTF-8 and hashed with
SHA-256 (64 lowercase hex digits). The same panel may appear several times: the
list is a lottery, repeats are how a panel gets a larger chance.

Pick: ``panel_number = 1 + below(m)`` on ``SeededStream(list digest, seed)``
(``rng.py``), so every number is equally likely.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from .rng import SeededStream


class PanelListError(ValueError):
    """The list of panels cannot be used; ``reasons`` says why."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons: tuple[str, ...] = tuple(reasons)
        super().__init__("; ".join(self.reasons))


@dataclass(frozen=True)
class LotteryPick:
    """The digest of the published list, the number drawn and that panel's ids."""

    digest: str
    panel_number: int
    selected: tuple[str, ...]


def normalise_panels(panels: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Sort each panel's ids and check the list (docs/rules.md §5: published numbered list)."""
    reasons: list[str] = []
    if not panels:
        reasons.append("the list of panels is empty")
    result: list[tuple[str, ...]] = []
    for number, panel in enumerate(panels, start=1):
        ids = tuple(sorted(panel))
        if not ids:
            reasons.append(f"panel {number} is empty")
        if len(set(ids)) != len(ids):
            reasons.append(f"panel {number} lists the same id twice")
        if any(not i or any(ch in i for ch in "\t\r\n") for i in ids):
            reasons.append(f"panel {number} has an empty id or one containing TAB or a newline")
        result.append(ids)
    if reasons:
        raise PanelListError(reasons)
    return tuple(result)


def panel_list_digest(panels: Sequence[Sequence[str]]) -> str:
    """SHA-256 of the canonical numbered list (format in the module docstring)."""
    lines = (
        "\t".join([str(number), *panel]) + "\n"
        for number, panel in enumerate(normalise_panels(panels), start=1)
    )
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def pick_panel(panels: Sequence[Sequence[str]], seed: str) -> LotteryPick:
    """Draw one panel number, uniformly, from the published list (docs/rules.md §5)."""
    normalised = normalise_panels(panels)
    digest = panel_list_digest(normalised)
    stream = SeededStream(bytes.fromhex(digest), seed)
    number = 1 + stream.below(len(normalised))
    return LotteryPick(digest=digest, panel_number=number, selected=normalised[number - 1])
