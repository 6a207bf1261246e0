"""Stratified, verifiable sortition for neighbourhood councils (docs/rules.md §5).

Pure Python (standard library only). The public entry points:

* ``freeze_pool`` / ``Pool.digest`` — the frozen candidate list and its
  published digest (``pool.py``);
* ``make_quotas``, ``infeasibility_reasons``, ``require_feasible`` — quotas and
  the feasibility check with reasons (``quotas.py``);
* ``derive_gender_quotas``, ``derive_proportional_quotas`` — the parity rule and
  age bands proportional to the population (``derive.py``);
* ``draw_panel``, ``find_replacement`` — the deterministic draw, its reserve and
  the replacement rule (``draw.py``), on the stream of ``rng.py``;
* ``pick_panel``, ``panel_list_digest`` — the "fair draw" pick of one panel out
  of a published numbered list (``lottery.py``).
"""

from .derive import DerivedQuotas, derive_gender_quotas, derive_proportional_quotas
from .draw import Draw, Replacement, draw_panel, find_replacement
from .lottery import LotteryPick, PanelListError, panel_list_digest, pick_panel
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
    "find_replacement",
    "freeze_pool",
    "infeasibility_reasons",
    "make_quotas",
    "panel_list_digest",
    "pick_panel",
    "require_feasible",
]
