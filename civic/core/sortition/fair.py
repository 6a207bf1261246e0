"""The "fair draw" distribution: maximin over quota-valid panels, rounded to a lottery.

docs/rules.md §5, after Flanigan et al. (Nature 2021) and "Fair sortition made transparent"
(NeurIPS 2021): the Sortition Foundation's ``sortition-algorithms`` (the optional
``fair-draw`` extra) computes a distribution over quota-valid panels that
maximises the smallest selection probability (``maximin``, on the open-source
``mip``/CBC back end; ``leximin`` needs a commercial solver and is not used), and
its lottery rounding turns it into ``m`` equally likely panels. The numbered list
is published before the seed; ``pick_panel`` (``lottery.py``) then picks one.

Unlike the rest of the core, this module needs the optional extra; it imports it only
when called, so the core loads without it (``available()`` says whether it is there).
Pure like the rest: the areas' background tasks read the frozen files, call
``compute_lottery`` and store the list (neighbourhood councils' draws, bodies' lotteries).
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .pool import Pool
from .quotas import Quotas

LOTTERY_SIZE = 1000
ALGORITHM = "sortition-algorithms maximin (mip) + lottery rounding, m = 1000"


def available() -> bool:
    """Whether the ``fair-draw`` extra (sortition-algorithms and mip) is installed."""
    return all(importlib.util.find_spec(name) for name in ("sortition_algorithms", "mip"))


@dataclass(frozen=True)
class Lottery:
    panels: list[list[str]]  # numbered 1…m in list order, ids sorted
    probabilities: dict[str, float]  # each candidate's exact chance in the lottery

    def rows(self) -> list[list[str]]:
        """The rows of the published PANELS.csv (``panel,id``, ``csvfiles.py``)."""
        return [["panel", "id"]] + [
            [str(number), i] for number, panel in enumerate(self.panels, start=1) for i in panel
        ]


def _patch_mip_names() -> None:
    """sortition-algorithms 0.12.15 passes ``name=None`` to ``mip.Model.add_var``, which
    mip 2.0's CBC binding cannot encode (it crashes); give such variables mip's default
    empty name. Same patch as ``bench/bench_sortition.py``; applied once, idempotent."""
    import mip

    if getattr(mip.Model.add_var, "_civic_patched", False):
        return
    original = mip.Model.add_var

    def add_var(self: mip.Model, name: str | None = "", *args: object, **kwargs: object) -> object:
        return original(self, name or "", *args, **kwargs)

    add_var._civic_patched = True  # type: ignore[attr-defined]
    mip.Model.add_var = add_var


class _Progress:
    """Maps the library's progress phases onto one fraction (0.05 … 0.9)."""

    def __init__(self, report: Callable[[float, str], None]) -> None:
        self.report = report
        self.phases = 0
        self.total: int | None = None
        self.message = ""

    def _fraction(self, current: int) -> float:
        base = min(0.85, 0.05 + 0.2 * self.phases)
        if self.total:
            return min(0.9, base + 0.2 * current / self.total)
        return min(0.9, base + 0.2 * (1 - 1 / (1 + current / 20)))

    def start_phase(
        self, name: str, total: int | None = None, *, message: str | None = None
    ) -> None:
        self.phases += 1
        self.total = total
        self.message = message or name
        self.report(self._fraction(0), self.message)

    def update(self, current: int, *, message: str | None = None) -> None:
        self.report(self._fraction(current), message or self.message)

    def end_phase(self) -> None:
        pass


def compute_lottery(
    pool: Pool,
    quotas: Quotas,
    seats: int,
    *,
    rounding_seed: int,
    report: Callable[[float, str], None],
) -> Lottery:
    """Maximin distribution, then the library's lottery rounding to ``LOTTERY_SIZE`` panels.

    The rounding is seeded from the pool digest (``rounding_seed``) so the same frozen
    pool gives the same list; the list is published before the public seed anyway."""
    from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
    from sortition_algorithms.core import lottery_rounding
    from sortition_algorithms.features import read_in_features
    from sortition_algorithms.people import read_in_people
    from sortition_algorithms.settings import Settings
    from sortition_algorithms.utils import set_random_provider

    _patch_mip_names()
    head = ["feature", "value", "min", "max"]
    body = [
        {"feature": q.feature, "value": q.value, "min": str(q.min), "max": str(q.max)}
        for q in quotas.quotas
    ]
    features, _, _ = read_in_features(head, body)
    people_body = [
        {"id": c.id, **dict(zip(pool.features, c.values, strict=True))} for c in pool.candidates
    ]
    people, _ = read_in_people(
        ["id", *pool.features], people_body, features, Settings(id_column="id", columns_to_keep=[])
    )
    committees, probabilities, _ = find_distribution_maximin(
        features, people, seats, [], "mip", progress_reporter=_Progress(report)
    )
    report(0.92, "lottery rounding")
    set_random_provider(rounding_seed)
    lottery = lottery_rounding(committees, probabilities, LOTTERY_SIZE)
    panels = [sorted(panel) for panel in lottery]
    counts: Counter[str] = Counter(i for panel in panels for i in panel)
    return Lottery(
        panels=panels,
        probabilities={c.id: counts.get(c.id, 0) / len(panels) for c in pool.candidates},
    )
