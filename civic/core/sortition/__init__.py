"""Stratified, verifiable sortition for neighbourhood councils and bodies' lotteries
(docs/rules.md §5).

Pure Python (standard library only, but for ``fair``: see there). The public entry points:

* ``freeze_pool`` / ``Pool.digest`` — the frozen candidate list and its
  published digest (``pool.py``);
* ``make_quotas``, ``infeasibility_reasons``, ``require_feasible`` — quotas and
  the feasibility check with reasons (``quotas.py``);
* ``derive_gender_quotas``, ``derive_proportional_quotas`` — the parity rule and
  age bands proportional to the population (``derive.py``);
* ``draw_panel``, ``draw_reserve``, ``find_replacement`` — the deterministic draw,
  its reserve (also around a panel chosen otherwise) and the replacement rule
  (``draw.py``), on the stream of ``rng.py``;
* ``pick_panel``, ``pick_panel_and_reserve``, ``panel_list_digest`` — the "fair
  draw" pick of one panel out of a published numbered list, and its reserve
  (``lottery.py``);
* ``fair`` (imported on its own) — the fair draw's distribution and its lottery
  of panels, on the optional ``fair-draw`` extra.
"""

from .derive import DerivedQuotas, derive_gender_quotas, derive_proportional_quotas
from .draw import Draw, Replacement, draw_panel, draw_reserve, find_replacement
from .lottery import (
    LotteryPick,
    PanelListError,
    panel_list_digest,
    pick_panel,
    pick_panel_and_reserve,
)
from .pool import Candidate, Pool, PoolError, freeze_pool
from .quotas import (
    InfeasibleQuotasError,
    Quota,
    Quotas,
    infeasibility_reasons,
    make_quotas,
    require_feasible,
)
from .rng import SeededStream

__all__ = [
    "Candidate",
    "DerivedQuotas",
    "Draw",
    "InfeasibleQuotasError",
    "LotteryPick",
    "PanelListError",
    "Pool",
    "PoolError",
    "Quota",
    "Quotas",
    "Replacement",
    "SeededStream",
    "derive_gender_quotas",
    "derive_proportional_quotas",
    "draw_panel",
    "draw_reserve",
    "find_replacement",
    "freeze_pool",
    "infeasibility_reasons",
    "make_quotas",
    "panel_list_digest",
    "pick_panel",
    "pick_panel_and_reserve",
    "require_feasible",
]
