"""The admin records the figures behind a votation's denominator, commune-wide and per
neighbourhood, each with its source and date (docs/rules.md §2, §4)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import AuditEntry, Neighbourhood, NeighbourhoodFigure
from tests.conftest import post


def a_neighbourhood(app: Flask) -> tuple[int, str]:
    with app.app_context():
        hood = db.session.scalar(select(Neighbourhood))
        assert hood is not None
        return hood.id, hood.name


def test_an_admin_records_the_residents_aged_16_and_over_of_a_neighbourhood(
    app: Flask, client: FlaskClient, as_role: Any
) -> None:
    as_role("admin")
    hood_id, hood_name = a_neighbourhood(app)
    response = post(
        client,
        "/admin/figures",
        {
            "name": "population_16_plus",
            "neighbourhood_id": str(hood_id),
            "value": "3450",
            "source": "INSEE, recensement 2021, population par âge et par IRIS",
            "effective_date": "2025-01-01",
        },
    )
    assert response.status_code == 302
    page = client.get("/admin/figures").get_data(as_text=True)
    assert "Habitants de 16 ans et plus (INSEE, population par âge)" in page
    assert hood_name in page and "par IRIS" in page
    with app.app_context():
        figure = db.session.scalar(select(NeighbourhoodFigure))
        assert figure is not None and (figure.neighbourhood_id, figure.value) == (hood_id, 3450)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "figure.recorded"))
        assert entry is not None and entry.object_type == "neighbourhood_figure"


def test_a_neighbourhood_has_no_investment_budget(
    app: Flask, client: FlaskClient, as_role: Any
) -> None:
    as_role("admin")
    hood_id, _name = a_neighbourhood(app)
    response = post(
        client,
        "/admin/figures",
        {
            "name": "investment_budget",
            "neighbourhood_id": str(hood_id),
            "value": "1000",
            "source": "x",
            "effective_date": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "Ce chiffre n&#39;existe pas pour un quartier." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(NeighbourhoodFigure)) is None
