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

Reserve (``pick_panel_and_reserve``): reading on from the same stream after the
pick, the reserve list is drawn around the panel picked, its ids in ascending
order standing for the seats, by step 2 of the stratified draw (``draw.py``) on
the frozen pool and quotas. So the one public seed gives both the panel and the
ordered list of those called, in turn, to replace someone who declines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .draw import draw_reserve
from .pool import Pool
from .quotas import Quotas
from .rng import SeededStream


class PanelListError(ValueError):
    """The list of panels cannot be used; ``reasons`` says why."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons: tuple[str, ...] = tuple(reasons)
        super().__init__("; ".join(self.reasons))


@dataclass(frozen=True)
class LotteryPick:
    """The digest of the published list, the number drawn, that panel's ids and,
    when asked for, the reserve list in the order its members are called."""

    digest: str
    panel_number: int
    selected: tuple[str, ...]
    reserve: tuple[str, ...] = ()


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


def _pick(panels: Sequence[Sequence[str]], seed: str) -> tuple[LotteryPick, SeededStream]:
    normalised = normalise_panels(panels)
    digest = panel_list_digest(normalised)
    stream = SeededStream(bytes.fromhex(digest), seed)
    number = 1 + stream.below(len(normalised))
    picked = LotteryPick(digest=digest, panel_number=number, selected=normalised[number - 1])
    return picked, stream


def pick_panel(panels: Sequence[Sequence[str]], seed: str) -> LotteryPick:
    """Draw one panel number, uniformly, from the published list (docs/rules.md §5)."""
    return _pick(panels, seed)[0]


def pick_panel_and_reserve(
    panels: Sequence[Sequence[str]], seed: str, pool: Pool, quotas: Quotas, reserve: int
) -> LotteryPick:
    """The pick, then ``reserve`` reserves drawn around the panel picked (module docstring).
    Raises ``InfeasibleQuotasError`` when the panel is not a quota-valid panel of ``pool``."""
    picked, stream = _pick(panels, seed)
    drawn = draw_reserve(stream, pool, quotas, picked.selected, reserve)
    return replace(picked, reserve=drawn)
