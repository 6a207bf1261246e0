"""Shared builders for the sortition core tests (docs/rules.md §5)."""

from __future__ import annotations

from collections.abc import Sequence

from civic.core.sortition import Pool, Quota, Quotas, freeze_pool, make_quotas


def pool_of(rows: Sequence[tuple[str, ...]], features: Sequence[str] = ("gender",)) -> Pool:
    """A pool from ``(id, value1, value2, …)`` rows, values in ``features`` order."""
    return freeze_pool(features, [(r[0], dict(zip(features, r[1:], strict=True))) for r in rows])


def quotas_of(*rows: tuple[str, str, int, int]) -> Quotas:
    return make_quotas(Quota(*row) for row in rows)


def panel_counts(pool: Pool, panel: Sequence[str]) -> dict[tuple[str, str], int]:
    by_id = {c.id: c for c in pool.candidates}
    counts: dict[tuple[str, str], int] = {}
    for member in panel:
        for feature, value in zip(pool.features, by_id[member].values, strict=True):
            counts[(feature, value)] = counts.get((feature, value), 0) + 1
    return counts


def meets_quotas(pool: Pool, quotas: Quotas, panel: Sequence[str]) -> bool:
    counts = panel_counts(pool, panel)
    return all(q.min <= counts.get((q.feature, q.value), 0) <= q.max for q in quotas.quotas)
