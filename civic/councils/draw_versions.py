"""A council draw's algorithm, version by version (docs/rules.md §5): what a seed gives
under the algorithm the draw recorded when its pool was frozen, and the commands that
re-run it on the published files.

A draw is computed and re-run by the algorithm it recorded, ever after. The fair draws
recorded with ``ALGORITHM_FAIR_V1`` took their reserve from the stratified draw on the
same pool and seed, which could list people seated on the panel picked; they keep it, and
its second command, so what they published re-runs as before. Those recorded since with
``ALGORITHM_FAIR`` draw the reserve from the rest of the pool around the panel picked,
reading on from the pick's stream (``pick_panel_and_reserve``): one command gives both.
"""

from __future__ import annotations

from civic.core.sortition import (
    Pool,
    Quotas,
    draw_panel,
    fair,
    pick_panel,
    pick_panel_and_reserve,
)
from civic.core.sortition.csvfiles import read_panels_csv, read_pool_csv, read_quotas_csv
from civic.models import CouncilDraw
from civic.models.councils import DRAW_FAIR

ALGORITHM_PLAIN = "civic.core.sortition draw v1 (stratified, SHA-256 stream)"
# The fair draw's first version: the panel picked from the published list, the reserve the
# stratified draw's on the same pool and seed. Kept, word for word, for the draws recorded
# with it, so what they published re-runs as before.
ALGORITHM_FAIR_V1 = "sortition-algorithms maximin (mip) + lottery rounding, m = 1000"
# Since: the reserve is read on from the pick's stream, around the panel picked, from the
# rest of the pool (``pick_panel_and_reserve``).
ALGORITHM_FAIR = f"{fair.ALGORITHM}; reserve v2, around the panel picked"
COMMAND = "python -m civic.core.sortition"


def pool_and_quotas(draw: CouncilDraw) -> tuple[Pool, Quotas]:
    """The frozen pool and quotas, read back from the published files."""
    quotas = read_quotas_csv(draw.quotas_csv)
    return read_pool_csv(draw.pool_csv, quotas), quotas


def reserve_from_stratified_draw(draw: CouncilDraw) -> bool:
    """Whether the draw's reserve is the stratified draw's on the same seed: a fair draw
    recorded with the first fair-draw algorithm (``ALGORITHM_FAIR_V1``)."""
    return draw.mode == DRAW_FAIR and draw.algorithm == ALGORITHM_FAIR_V1


def _files(draw: CouncilDraw) -> str:
    return f"--pool draw-{draw.id}-pool.csv --quotas draw-{draw.id}-quotas.csv"


def _seed(draw: CouncilDraw) -> str:
    seed = draw.seed if draw.seed is not None else "SEED"
    return "--seed '" + seed.replace("'", "'\\''") + "'"


def _stratified_command(draw: CouncilDraw) -> str:
    return (
        f"{COMMAND} {_files(draw)} --seats {draw.seats} {_seed(draw)} --reserve {draw.reserve_size}"
    )


def reproduce_command(draw: CouncilDraw) -> str:
    """The exact command that re-runs this draw, as its recorded algorithm made it, on the
    downloaded files (docs/rules.md §5): the panel and its reserve, but for a fair draw of
    the first version, whose reserve ``reserve_command`` re-runs."""
    if draw.mode != DRAW_FAIR:
        return _stratified_command(draw)
    command = f"{COMMAND} pick --panels draw-{draw.id}-panels.csv"
    if draw.reserve_size and not reserve_from_stratified_draw(draw):
        command += f" {_files(draw)} --reserve {draw.reserve_size}"
    return f"{command} {_seed(draw)}"


def reserve_command(draw: CouncilDraw) -> str | None:
    """The second command a fair draw of the first version needs: the stratified draw on
    the same pool and seed, whose reserve it took. ``None`` for every other draw."""
    return _stratified_command(draw) if reserve_from_stratified_draw(draw) else None


def draw_result(draw: CouncilDraw, seed: str) -> tuple[int | None, list[str], list[str]]:
    """The panel number (fair mode), the panel and its reserve in calling order that
    ``seed`` gives under the draw's recorded algorithm, from its published files; what
    ``reproduce_command`` (and ``reserve_command``) print on them."""
    pool, quotas = pool_and_quotas(draw)
    if draw.mode != DRAW_FAIR:
        plain = draw_panel(pool, quotas, draw.seats, seed, draw.reserve_size)
        return None, list(plain.selected), list(plain.reserve)
    panels = read_panels_csv(draw.panels_csv or "")
    if reserve_from_stratified_draw(draw):
        first = pick_panel(panels, seed)
        plain = draw_panel(pool, quotas, draw.seats, seed, draw.reserve_size)
        return first.panel_number, list(first.selected), list(plain.reserve)
    picked = pick_panel_and_reserve(panels, seed, pool, quotas, draw.reserve_size)
    return picked.panel_number, list(picked.selected), list(picked.reserve)
