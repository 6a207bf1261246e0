"""Demo figures behind every votation's denominator (docs/rules.md §2, §4): the
population aged 16 and over and the EU citizens on the complementary list for the
commune, and each neighbourhood's electors and residents aged 16+.

Orders of magnitude of Sens (Yonne): about 82 % of the inhabitants are 16 or over
(INSEE, population by age), and the neighbourhoods' figures add up to the
commune's (a neighbourhood's electors include its EU citizens on the
complementary list). Idempotent: a figure already recorded is left alone.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from civic.extensions import db
from civic.models import CommuneFigure, Neighbourhood, NeighbourhoodFigure
from civic.models.commune import (
    FIGURE_ELECTORATE,
    FIGURE_ELECTORATE_EU,
    FIGURE_POPULATION_16_PLUS,
)

SHARE_16_PLUS = 0.82
ELECTORATE_EU = 146
SOURCE_16_PLUS = "INSEE, recensement de la population 2021, population par âge (démonstration)"
SOURCE_16_PLUS_HOOD = (
    "INSEE, recensement de la population 2021, population par âge et par IRIS (démonstration)"
)
SOURCE_EU = "Liste électorale complémentaire municipale au 1er mars (démonstration)"
SOURCE_ELECTORS_HOOD = (
    "Liste électorale et liste complémentaire, par bureau de vote, au 1er mars (démonstration)"
)


def split(total: int, weights: list[int]) -> list[int]:
    """``total`` shared in proportion to ``weights``, the rounding left to the largest."""
    parts = [total * w // sum(weights) for w in weights]
    parts[weights.index(max(weights))] += total - sum(parts)
    return parts


def seed(
    now: datetime, neighbourhoods: list[Neighbourhood], electorate: int, summary: list[str]
) -> None:
    effective = date(now.year - 1, 1, 1)  # in force for the past year's votes too
    populations = [hood.population for hood in neighbourhoods]
    over_16 = [round(p * SHARE_16_PLUS) for p in populations]
    electors = split(electorate + ELECTORATE_EU, populations)
    added = _commune(FIGURE_POPULATION_16_PLUS, sum(over_16), SOURCE_16_PLUS, effective, now)
    added += _commune(FIGURE_ELECTORATE_EU, ELECTORATE_EU, SOURCE_EU, effective, now)
    for hood, n_16, n_electors in zip(neighbourhoods, over_16, electors, strict=True):
        added += _hood(hood, FIGURE_POPULATION_16_PLUS, n_16, SOURCE_16_PLUS_HOOD, effective, now)
        added += _hood(hood, FIGURE_ELECTORATE, n_electors, SOURCE_ELECTORS_HOOD, effective, now)
    if added:
        summary.append(f"figures: population 16+ {sum(over_16)}, per-neighbourhood figures")


def _commune(name: str, value: int, source: str, effective: date, now: datetime) -> int:
    if db.session.scalar(select(CommuneFigure.id).where(CommuneFigure.name == name).limit(1)):
        return 0
    db.session.add(
        CommuneFigure(
            name=name, value=value, source=source, effective_date=effective, recorded_at=now
        )
    )
    return 1


def _hood(
    hood: Neighbourhood, name: str, value: int, source: str, effective: date, now: datetime
) -> int:
    known = db.session.scalar(
        select(NeighbourhoodFigure.id)
        .where(NeighbourhoodFigure.neighbourhood_id == hood.id, NeighbourhoodFigure.name == name)
        .limit(1)
    )
    if known:
        return 0
    db.session.add(
        NeighbourhoodFigure(
            neighbourhood_id=hood.id,
            name=name,
            value=value,
            source=source,
            effective_date=effective,
            recorded_at=now,
        )
    )
    return 1
