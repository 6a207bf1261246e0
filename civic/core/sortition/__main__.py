"""Command line for re-checking a draw (docs/rules.md §5: anyone re-running the published
command gets the same panel).

    python -m civic.core.sortition --pool POOL.csv --quotas QUOTAS.csv \\
        --seats N --seed SEED [--reserve R]
    python -m civic.core.sortition pick --panels PANELS.csv \
        [--pool POOL.csv --quotas QUOTAS.csv --reserve R] --seed SEED

prints JSON on stdout: ``{"digest", "selected", "reserve"}`` for a draw,
``{"digest", "panel_number", "selected"}`` for a pick, with ``"reserve"`` when a
reserve is asked for (drawn around the panel picked, ``lottery.py``). Bad input
gives one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .completion import SearchLimitError
from .csvfiles import CsvError, read_panels_csv, read_pool_csv, read_quotas_csv
from .draw import draw_panel
from .lottery import PanelListError, pick_panel, pick_panel_and_reserve
from .pool import PoolError
from .quotas import InfeasibleQuotasError

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _BadInput(f"{self.prog}: {message}")


class _BadInput(Exception):
    pass


def _read(path: str, what: str) -> str:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not UTF-8"
        raise _BadInput(f"cannot read {what} file {path}: {reason}") from None


def _draw(argv: Sequence[str]) -> dict[str, object]:
    parser = _Parser(prog="python -m civic.core.sortition", description="Re-run a draw.")
    parser.add_argument("--pool", required=True, help="POOL.csv: id column + one per feature")
    parser.add_argument("--quotas", required=True, help="QUOTAS.csv: feature,value,min,max")
    parser.add_argument("--seats", required=True, type=int, help="number of seats to draw")
    parser.add_argument("--seed", required=True, help="the public seed, as published")
    parser.add_argument("--reserve", type=int, default=0, help="number of reserves to draw")
    args = parser.parse_args(argv)
    quotas = read_quotas_csv(_read(args.quotas, "quotas"))
    pool = read_pool_csv(_read(args.pool, "pool"), quotas)
    draw = draw_panel(pool, quotas, args.seats, args.seed, args.reserve)
    return {"digest": draw.digest, "selected": list(draw.selected), "reserve": list(draw.reserve)}


def _pick(argv: Sequence[str]) -> dict[str, object]:
    parser = _Parser(prog="python -m civic.core.sortition pick", description="Re-run a pick.")
    parser.add_argument("--panels", required=True, help="PANELS.csv: panel,id")
    parser.add_argument("--pool", help="POOL.csv, to draw the reserve around the panel picked")
    parser.add_argument("--quotas", help="QUOTAS.csv, with --pool")
    parser.add_argument("--reserve", type=int, default=0, help="number of reserves to draw")
    parser.add_argument("--seed", required=True, help="the public seed, as published")
    args = parser.parse_args(argv)
    panels = read_panels_csv(_read(args.panels, "panels"))
    if args.reserve and not (args.pool and args.quotas):
        raise _BadInput("--reserve needs --pool and --quotas")
    if not args.reserve:
        picked = pick_panel(panels, args.seed)
    else:
        quotas = read_quotas_csv(_read(args.quotas, "quotas"))
        pool = read_pool_csv(_read(args.pool, "pool"), quotas)
        picked = pick_panel_and_reserve(panels, args.seed, pool, quotas, args.reserve)
    result: dict[str, object] = {
        "digest": picked.digest,
        "panel_number": picked.panel_number,
        "selected": list(picked.selected),
    }
    if args.reserve:
        result["reserve"] = list(picked.reserve)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = _pick(args[1:]) if args[:1] == ["pick"] else _draw(args)
    except _BadInput as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (CsvError, PoolError, InfeasibleQuotasError, PanelListError) as error:
        print(f"error: {' | '.join(error.reasons)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SearchLimitError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
