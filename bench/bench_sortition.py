"""Benchmark: our stratified draw vs sortition-algorithms' ``legacy`` (and ``maximin``).

Run by hand (not a test), from the repository root:

    .venv/bin/python bench/bench_sortition.py --draws 2000
    .venv/bin/python bench/bench_sortition.py --maximin-only --json /tmp/maximin.json
    .venv/bin/python bench/bench_sortition.py --draws 2000 --maximin-json /tmp/maximin.json

The pool: 2,000 generated volunteers (fixed generator seed) with gender, age band
and neighbourhood, skewed as volunteer pools are (older, more men among the old,
some neighbourhoods over-represented); the quotas follow the population (parity,
age bands and neighbourhood shares), 30 seats.

Selection probability: every algorithm here treats candidates with the same
categories (a *type*) alike, so a candidate's probability is estimated as the
type's selections / (draws x type size). The per-candidate minimum over raw
counts is also printed; it is much noisier (a minimum of 2,000 noisy estimates
is biased low). ``maximin``'s figure is exact: it is the optimum of its LP.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from sortition_algorithms.committee_generation.legacy import find_random_sample_legacy
from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
from sortition_algorithms.features import read_in_features
from sortition_algorithms.people import read_in_people
from sortition_algorithms.settings import Settings
from sortition_algorithms.utils import set_random_provider

from civic.core.sortition import Pool, Quota, Quotas, draw_panel, freeze_pool, make_quotas

SEATS = 30
QUARTIERS = {"centre": 35, "gare": 25, "nord": 20, "sud": 12, "port": 8}
AGES = ["16-29", "30-44", "45-59", "60-74", "75+"]


def generate_pool(n: int = 2000, seed: int = 1) -> Pool:
    rnd = random.Random(seed)
    candidates = []
    for i in range(n):
        quartier = rnd.choices(list(QUARTIERS), list(QUARTIERS.values()))[0]
        weights = [10, 18, 25, 30, 17] if quartier in ("nord", "port") else [20, 22, 24, 22, 12]
        age = rnd.choices(AGES, weights)[0]
        old = age in ("60-74", "75+")
        gender = rnd.choices(["female", "male", "other"], [44, 53, 3] if old else [52, 45, 3])[0]
        candidates.append((f"p{i:04d}", {"gender": gender, "age": age, "quartier": quartier}))
    return freeze_pool(["gender", "age", "quartier"], candidates)


def bench_quotas() -> Quotas:
    rows = [
        ("gender", "female", 14, 15),
        ("gender", "male", 14, 15),
        ("gender", "other", 0, 2),
        ("age", "16-29", 6, 7),
        ("age", "30-44", 6, 7),
        ("age", "45-59", 5, 6),
        ("age", "60-74", 5, 6),
        ("age", "75+", 3, 4),
        ("quartier", "centre", 6, 7),
        ("quartier", "gare", 6, 7),
        ("quartier", "nord", 6, 7),
        ("quartier", "sud", 5, 6),
        ("quartier", "port", 4, 5),
    ]
    return make_quotas(Quota(*row) for row in rows)


def to_sortition_foundation(pool: Pool, quotas: Quotas) -> tuple[object, object]:
    head = ["feature", "value", "min", "max"]
    body = [
        {"feature": q.feature, "value": q.value, "min": str(q.min), "max": str(q.max)}
        for q in quotas.quotas
    ]
    features, _, _ = read_in_features(head, body)
    settings = Settings(id_column="id", columns_to_keep=[])
    people_head = ["id", *pool.features]
    people_body = [
        {"id": c.id, **dict(zip(pool.features, c.values, strict=True))} for c in pool.candidates
    ]
    people, _ = read_in_people(people_head, people_body, features, settings)
    return features, people


def summarise(pool: Pool, counts: Counter[str], draws: int) -> dict[str, float]:
    type_of = {c.id: c.values for c in pool.candidates}
    size = Counter(type_of.values())
    by_type: Counter[tuple[str, ...]] = Counter()
    for candidate, n in counts.items():
        by_type[type_of[candidate]] += n
    per_type = {t: by_type[t] / (draws * size[t]) for t in size}
    worst = min(per_type, key=lambda t: per_type[t])
    return {
        "min_prob_by_type": per_type[worst],
        "worst_type": "/".join(worst),
        "worst_type_size": size[worst],
        "min_prob_raw": min(counts.get(c.id, 0) for c in pool.candidates) / draws,
        "never_selected": sum(1 for c in pool.candidates if not counts.get(c.id)),
    }


def run_ours(pool: Pool, quotas: Quotas, draws: int) -> dict[str, object]:
    counts: Counter[str] = Counter()
    times = []
    for s in range(draws):
        start = time.perf_counter()
        drawn = draw_panel(pool, quotas, SEATS, f"bench-{s}")
        times.append(time.perf_counter() - start)
        counts.update(drawn.selected)
    return {"median_s": statistics.median(times), **summarise(pool, counts, draws)}


def run_legacy(pool: Pool, quotas: Quotas, draws: int) -> dict[str, object]:
    features, people = to_sortition_foundation(pool, quotas)
    counts: Counter[str] = Counter()
    times = []
    for s in range(draws):
        set_random_provider(s + 1)
        start = time.perf_counter()
        committees, _ = find_random_sample_legacy(
            people,  # type: ignore[arg-type]
            features,  # type: ignore[arg-type]
            SEATS,
            [],
            max_attempts=100,
        )
        times.append(time.perf_counter() - start)
        counts.update(committees[0])
    return {"median_s": statistics.median(times), **summarise(pool, counts, draws)}


def _patch_mip_names() -> None:
    """sortition-algorithms 0.12.15 passes ``name=None`` to ``mip.Model.add_var``, which
    mip 2.0's CBC binding cannot encode; give such variables mip's default empty name."""
    import mip

    original = mip.Model.add_var

    def add_var(self: mip.Model, name: str | None = "", *args: object, **kwargs: object) -> object:
        return original(self, name or "", *args, **kwargs)  # type: ignore[arg-type]

    mip.Model.add_var = add_var  # type: ignore[method-assign,assignment]


def run_maximin(pool: Pool, quotas: Quotas) -> dict[str, object]:
    _patch_mip_names()
    features, people = to_sortition_foundation(pool, quotas)
    start = time.perf_counter()
    committees, probabilities, _ = find_distribution_maximin(
        features,  # type: ignore[arg-type]
        people,  # type: ignore[arg-type]
        SEATS,
        [],
        "mip",
    )
    elapsed = time.perf_counter() - start
    marginal: Counter[str] = Counter()
    for committee, p in zip(committees, probabilities, strict=True):
        for candidate in committee:
            marginal[candidate] += p  # type: ignore[assignment]
    return {
        "seconds": elapsed,
        "committees": len(committees),
        "min_prob": min(marginal.get(c.id, 0.0) for c in pool.candidates),
    }


def write_table(path: Path, draws: int, ours: dict, legacy: dict, maximin: dict | None) -> None:
    fair = SEATS / 2000
    lines = [
        "# Sortition benchmark",
        "",
        f"Pool of 2,000 generated volunteers (gender x 5 age bands x 5 neighbourhoods,"
        f" skewed like a volunteer pool), quotas on all three, {SEATS} seats;"
        f" {draws} draws per algorithm, one run, one machine. Equal chances would be"
        f" {fair:.2%} each. Probabilities are estimated per type (candidates with the same"
        " categories are treated alike by all three algorithms); *raw* is the minimum of the"
        " per-candidate counts, which is biased low by noise. Produced by"
        " `bench/bench_sortition.py`.",
        "",
        "| algorithm | time per draw (median) | min selection probability (by type)"
        " | worst type (size) | raw min / never drawn |",
        "|---|---|---|---|---|",
    ]
    for name, r in (("civic (ours)", ours), ("sortition-algorithms legacy", legacy)):
        lines.append(
            f"| {name} | {r['median_s'] * 1000:.0f} ms | {r['min_prob_by_type']:.3%}"
            f" | {r['worst_type']} ({r['worst_type_size']}) | {r['min_prob_raw']:.3%}"
            f" / {r['never_selected']} |"
        )
    if maximin:
        lines.append(
            f"| sortition-algorithms maximin (mip) | {maximin['seconds']:.0f} s to compute the"
            f" distribution ({maximin['committees']} panels) | {maximin['min_prob']:.3%}"
            " (guaranteed) | — | — |"
        )
    else:
        lines.append("| sortition-algorithms maximin (mip) | not measured | — | — | — |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--maximin-only", action="store_true")
    parser.add_argument("--json", help="with --maximin-only: where to save the result")
    parser.add_argument("--maximin-json", help="a saved maximin result to include")
    parser.add_argument("--out", default=str(Path(__file__).with_name("README-sortition.md")))
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    pool, quotas = generate_pool(), bench_quotas()
    if args.maximin_only:
        result = run_maximin(pool, quotas)
        print(json.dumps(result))
        if args.json:
            Path(args.json).write_text(json.dumps(result), encoding="utf-8")
        return 0
    ours = run_ours(pool, quotas, args.draws)
    print("ours", json.dumps(ours), flush=True)
    legacy = run_legacy(pool, quotas, args.draws)
    print("legacy", json.dumps(legacy), flush=True)
    maximin = None
    if args.maximin_json and Path(args.maximin_json).exists():
        maximin = json.loads(Path(args.maximin_json).read_text(encoding="utf-8"))
    write_table(Path(args.out), args.draws, ours, legacy, maximin)
    return 0


if __name__ == "__main__":
    sys.exit(main())
