"""The one writer of every CSV file the site serves.

A spreadsheet opening a CSV runs a cell that begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula ("CSV injection", OWASP): a petition titled
``=HYPERLINK("https://…","Cliquez")`` would become a live link, or worse, on the
computer of whoever opens the open-data file. Such a text cell is written with a
single quote in front, which spreadsheets show as text and do not run.

Numbers (int, float, Decimal) are written as they are: they are ours, not typed text.
The files the core's command line reads back (the sortition POOL/QUOTAS/PANELS files,
the anonymous ballots) go through here too; what they hold is either constrained
(pseudonyms, quota values from a fixed list, choice codes ``[a-z0-9-]`` that never
begin with ``-``, whole numbers) or not read by the recount (the polling station), so
neutralising changes nothing a recount reads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula, made plain text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_text(
    rows: Iterable[Sequence[object]], *, delimiter: str = ",", lineterminator: str = "\n"
) -> str:
    """The CSV text of ``rows`` (the header is the first row), formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return out.getvalue()
