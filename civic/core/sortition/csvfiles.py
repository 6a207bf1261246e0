"""Reading pools, quotas and panel lists in the Sortition Foundation's CSV conventions.

Design §5: pools prepared for the Sortition Foundation's tools
(``sortition-algorithms``) must work here, so the same files are accepted:

* QUOTAS.csv: columns ``feature,value,min,max`` (or their older names
  ``category,name``; the value column may also be ``category value``,
  ``category_value`` or ``category-value``), optionally ``min_flex,max_flex``
  (checked to be whole numbers, otherwise unused: they only feed the
  Foundation's relaxation suggestions). Rows with an empty feature are skipped.
* POOL.csv: an ``id`` column (``nationbuilder_id``, the Foundation's default,
  also works) and one column per feature named in QUOTAS.csv; other columns are
  ignored. Rows with an empty id are skipped, exact duplicate rows count once.
  Values are matched to the quota values ignoring case and surrounding spaces,
  and take the quotas' spelling (so the digest does not depend on it).
* PANELS.csv: ``panel,id`` with one row per member and panels numbered
  1…m, or the Foundation's multi-selection table (columns ``Assembly 0``,
  ``Assembly 1``…, one panel per column; column k is panel k + 1).

Headers are matched ignoring case and surrounding spaces; cells are stripped.
A header line with ``;`` and no ``,`` is read as semicolon-separated (French
spreadsheet exports). These functions take the file's text: no file access.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from .pool import Pool, PoolError, freeze_pool
from .quotas import Quota, Quotas, make_quotas

_FEATURE = ("feature", "category")
_VALUE = ("value", "name", "category value", "category_value", "category-value")


class CsvError(ValueError):
    """A CSV file cannot be used; ``reasons`` says why, one line each."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons: tuple[str, ...] = tuple(reasons)
        super().__init__("; ".join(self.reasons))


def _rows(text: str, what: str) -> tuple[list[str], list[list[str]]]:
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    try:
        table = [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise CsvError([f"{what}: not a readable CSV file ({error})"]) from None
    table = [row for row in table if any(row)]
    if not table:
        raise CsvError([f"{what}: the file is empty"])
    return [h.casefold() for h in table[0]], table[1:]


def _column(header: list[str], names: Sequence[str], what: str, required: bool = True) -> int:
    found = [i for i, h in enumerate(header) if h in names]
    if len(found) > 1:
        raise CsvError([f"{what}: more than one {names[0]!r} column"])
    if not found:
        if required:
            raise CsvError([f"{what}: no {' / '.join(repr(n) for n in names)} column"])
        return -1
    return found[0]


def _int(cell: str, label: str, reasons: list[str]) -> int:
    try:
        return int(cell)
    except ValueError:
        reasons.append(f"{label}: {cell!r} is not a whole number")
        return 0


def read_quotas_csv(text: str) -> Quotas:
    """Parse QUOTAS.csv (conventions in the module docstring)."""
    what = "quotas"
    header, body = _rows(text, what)
    i_feature = _column(header, _FEATURE, what)
    i_value = _column(header, _VALUE, what)
    i_min = _column(header, ("min",), what)
    i_max = _column(header, ("max",), what)
    i_flex = [_column(header, (n,), what, required=False) for n in ("min_flex", "max_flex")]
    reasons: list[str] = []
    quotas: list[Quota] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(body, start=2):
        row = row + [""] * (len(header) - len(row))
        feature = row[i_feature]
        if not feature:
            continue
        value = row[i_value]
        label = f"{what} row {number} ({feature}={value})"
        if not value:
            reasons.append(f"{what} row {number}: empty value for feature {feature}")
            continue
        key = (feature.casefold(), value.casefold())
        if key in seen:
            reasons.append(f"{label}: same category as row {seen[key]}")
            continue
        seen[key] = number
        low = _int(row[i_min], f"{label} min", reasons)
        high = _int(row[i_max], f"{label} max", reasons)
        for i, name in zip(i_flex, ("min_flex", "max_flex"), strict=True):
            if i >= 0 and row[i]:
                _int(row[i], f"{label} {name}", reasons)
        quotas.append(Quota(feature, value, low, high))
    # One spelling per feature name (the first), as features are matched ignoring case.
    spelling: dict[str, str] = {}
    for q in quotas:
        spelling.setdefault(q.feature.casefold(), q.feature)
    quotas = [Quota(spelling[q.feature.casefold()], q.value, q.min, q.max) for q in quotas]
    if reasons:
        raise CsvError(reasons)
    return make_quotas(quotas)


def read_pool_csv(text: str, quotas: Quotas) -> Pool:
    """Parse POOL.csv and freeze it on the quotas' features (module docstring)."""
    what = "pool"
    header, body = _rows(text, what)
    i_id = _column(header, ("id",), what, required=False)
    if i_id < 0:
        i_id = _column(header, ("id", "nationbuilder_id"), what)
    columns = {f: _column(header, (f.casefold(),), what) for f in quotas.features}
    canonical = {f: {v.casefold(): v for v in quotas.values(f)} for f in quotas.features}
    reasons: list[str] = []
    rows: dict[str, dict[str, str]] = {}
    for number, row in enumerate(body, start=2):
        row = row + [""] * (len(header) - len(row))
        candidate_id = row[i_id]
        if not candidate_id:
            continue
        values: dict[str, str] = {}
        for feature, i in columns.items():
            cell = row[i]
            value = canonical[feature].get(cell.casefold())
            if value is None:
                reasons.append(
                    f"{what} row {number} (id {candidate_id}): "
                    + (f"{feature} {cell!r} has no quota row" if cell else f"empty {feature}")
                )
                continue
            values[feature] = value
        previous = rows.get(candidate_id)
        if previous is not None and previous != values:
            reasons.append(
                f"{what} row {number}: id {candidate_id} appears twice with different values"
            )
        rows[candidate_id] = values
    if len(reasons) > 10:
        reasons = [*reasons[:10], f"… and {len(reasons) - 10} more"]
    if reasons:
        raise CsvError(reasons)
    try:
        return freeze_pool(quotas.features, rows.items())
    except PoolError as error:
        raise CsvError([f"{what}: {r}" for r in error.reasons]) from None


def read_panels_csv(text: str) -> list[list[str]]:
    """Parse PANELS.csv into panels in number order (module docstring)."""
    what = "panels"
    header, body = _rows(text, what)
    if header and all(h.startswith("assembly") for h in header):
        columns: list[list[str]] = [[] for _ in header]
        for row in body:
            for i, cell in enumerate(row[: len(header)]):
                if cell:
                    columns[i].append(cell)
        return columns
    i_panel = _column(header, ("panel",), what)
    i_id = _column(header, ("id",), what)
    panels: dict[int, list[str]] = {}
    reasons: list[str] = []
    for number, row in enumerate(body, start=2):
        row = row + [""] * (len(header) - len(row))
        panel = _int(row[i_panel], f"{what} row {number} panel", reasons)
        if not row[i_id]:
            reasons.append(f"{what} row {number}: empty id")
        panels.setdefault(panel, []).append(row[i_id])
    if not reasons and sorted(panels) != list(range(1, len(panels) + 1)):
        reasons.append(f"{what}: panel numbers must run from 1 to {len(panels)} without gaps")
    if reasons:
        raise CsvError(reasons[:10])
    return [panels[k] for k in sorted(panels)]
