"""The demo commune's denominators are sourced and add up (docs/rules.md §2, §4)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import func, select

from civic.commune import demo
from civic.commune.services import current_figure
from civic.extensions import db
from civic.models import Neighbourhood, NeighbourhoodFigure
from civic.models.commune import FIGURE_ELECTORATE, FIGURE_ELECTORATE_EU, FIGURE_POPULATION_16_PLUS

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def test_the_neighbourhoods_figures_add_up_to_the_communes_and_name_their_source(
    app: Flask,
) -> None:
    with app.app_context():
        hoods = [
            Neighbourhood(name=f"Q{n}", population=p) for n, p in enumerate([4210, 3860, 2780])
        ]
        db.session.add_all(hoods)
        db.session.flush()
        summary: list[str] = []
        demo.seed(NOW, hoods, 8_000, summary)
        demo.seed(NOW, hoods, 8_000, summary)  # idempotent
        db.session.commit()
        on = NOW.date()
        over_16 = current_figure(FIGURE_POPULATION_16_PLUS, on)
        eu = current_figure(FIGURE_ELECTORATE_EU, on)
        assert over_16 is not None and "INSEE" in over_16.source and "par âge" in over_16.source
        assert eu is not None and len(summary) == 1

        def total(name: str) -> int:
            return int(
                db.session.scalar(
                    select(func.sum(NeighbourhoodFigure.value)).where(
                        NeighbourhoodFigure.name == name
                    )
                )
            )

        assert total(FIGURE_POPULATION_16_PLUS) == over_16.value
        assert total(FIGURE_ELECTORATE) == 8_000 + eu.value
        assert 0.8 < over_16.value / (4210 + 3860 + 2780) < 0.85
