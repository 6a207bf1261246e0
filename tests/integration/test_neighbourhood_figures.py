"""Each neighbourhood's figures in force on a day: the value an admin recorded last
for the latest effective date up to that day, read for every neighbourhood at once
(the admin's figures page and a votation's turnout per neighbourhood)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import event, select

from civic.commune.services import neighbourhood_figures
from civic.extensions import db
from civic.models import Neighbourhood, NeighbourhoodFigure
from civic.models.commune import FIGURE_ELECTORATE, FIGURE_POPULATION_16_PLUS


def _figure(hood: int, name: str, value: int, effective: date) -> None:
    db.session.add(
        NeighbourhoodFigure(
            neighbourhood_id=hood, name=name, value=value, source="INSEE", effective_date=effective
        )
    )


def _statements_while(act: Any) -> int:
    seen: list[str] = []

    def count(*_args: Any) -> None:
        seen.append("statement")

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        act()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_value_in_force_is_the_latest_one_up_to_the_day(app: Flask) -> None:
    with app.app_context():
        db.session.add(Neighbourhood(name="Centre", population=5000))
        db.session.flush()
        hood = db.session.scalars(select(Neighbourhood.id)).one()
        _figure(hood, FIGURE_ELECTORATE, 1000, date(2024, 1, 1))
        _figure(hood, FIGURE_ELECTORATE, 1100, date(2025, 1, 1))
        _figure(hood, FIGURE_ELECTORATE, 1050, date(2025, 1, 1))  # a correction, entered later
        _figure(hood, FIGURE_ELECTORATE, 1300, date(2026, 1, 1))  # not yet in force
        db.session.commit()

        figures = neighbourhood_figures(date(2025, 6, 1))[hood]

        electorate = figures[FIGURE_ELECTORATE]
        assert electorate is not None and electorate.value == 1050
        assert figures[FIGURE_POPULATION_16_PLUS] is None
        assert neighbourhood_figures(date(2023, 6, 1))[hood][FIGURE_ELECTORATE] is None


def test_more_neighbourhoods_do_not_mean_more_queries(app: Flask) -> None:
    with app.app_context():
        db.session.add(Neighbourhood(name="Centre", population=5000))
        db.session.flush()
        for hood in db.session.scalars(select(Neighbourhood.id)).all():
            _figure(hood, FIGURE_POPULATION_16_PLUS, 900, date(2024, 1, 1))
        db.session.commit()
        before = _statements_while(lambda: neighbourhood_figures(date(2025, 1, 1)))
        for n in range(6):
            db.session.add(Neighbourhood(name=f"Quartier ajouté {n}", population=100))
        db.session.flush()
        for hood in db.session.scalars(select(Neighbourhood.id)).all():
            _figure(hood, FIGURE_ELECTORATE, 700, date(2024, 1, 1))
        db.session.commit()

        after = _statements_while(lambda: neighbourhood_figures(date(2025, 1, 1)))

        assert after == before
