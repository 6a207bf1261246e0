"""The commune's figures and neighbourhoods: read by every threshold, edited by the admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from civic.audit import services as audit
from civic.extensions import db
from civic.models import CommuneFigure, Neighbourhood, NeighbourhoodFigure, User
from civic.models.commune import FIGURE_NAMES, NEIGHBOURHOOD_FIGURE_NAMES
from civic.services import Refused


def current_figure(name: str, on: date) -> CommuneFigure | None:
    """The value in force on ``on``: the latest effective date not after it."""
    return db.session.scalar(
        select(CommuneFigure)
        .where(CommuneFigure.name == name, CommuneFigure.effective_date <= on)
        .order_by(CommuneFigure.effective_date.desc(), CommuneFigure.id.desc())
        .limit(1)
    )


def current_neighbourhood_figure(
    name: str, neighbourhood_id: int, on: date
) -> NeighbourhoodFigure | None:
    """A neighbourhood's value in force on ``on``, as :func:`current_figure`."""
    return db.session.scalar(
        select(NeighbourhoodFigure)
        .where(
            NeighbourhoodFigure.name == name,
            NeighbourhoodFigure.neighbourhood_id == neighbourhood_id,
            NeighbourhoodFigure.effective_date <= on,
        )
        .order_by(NeighbourhoodFigure.effective_date.desc(), NeighbourhoodFigure.id.desc())
        .limit(1)
    )


def figures_in_force(
    names: tuple[str, ...], on: date
) -> dict[tuple[int, str], NeighbourhoodFigure]:
    """Every neighbourhood's value in force on ``on`` for each of ``names``, keyed by
    (neighbourhood id, name), in one query (the latest effective date wins, then the
    latest entry, as :func:`current_neighbourhood_figure`)."""
    rows = db.session.scalars(
        select(NeighbourhoodFigure)
        .where(NeighbourhoodFigure.name.in_(names), NeighbourhoodFigure.effective_date <= on)
        .order_by(NeighbourhoodFigure.effective_date, NeighbourhoodFigure.id)
    )
    # Ordered oldest first: each later row replaces the one it supersedes.
    return {(figure.neighbourhood_id, figure.name): figure for figure in rows}


def neighbourhood_figures(on: date) -> dict[int, dict[str, NeighbourhoodFigure | None]]:
    """Each neighbourhood's figures in force on ``on`` (admin page, home page)."""
    in_force = figures_in_force(NEIGHBOURHOOD_FIGURE_NAMES, on)
    return {
        hood.id: {name: in_force.get((hood.id, name)) for name in NEIGHBOURHOOD_FIGURE_NAMES}
        for hood in neighbourhoods()
    }


def current_figures(on: date) -> dict[str, CommuneFigure | None]:
    return {name: current_figure(name, on) for name in FIGURE_NAMES}


def figure_history(name: str) -> list[CommuneFigure]:
    return list(
        db.session.scalars(
            select(CommuneFigure)
            .where(CommuneFigure.name == name)
            .order_by(CommuneFigure.effective_date.desc(), CommuneFigure.id.desc())
        )
    )


@dataclass(frozen=True)
class FigureInput:
    name: str
    value: int
    source: str
    effective_date: date
    neighbourhood_id: int | None = None  # None: the whole commune


def record_figure(
    data: FigureInput, *, actor: User, now: datetime
) -> CommuneFigure | NeighbourhoodFigure:
    """Add a value, for the commune or one neighbourhood (figures are never
    overwritten, so past statuses stay explainable)."""
    if data.value <= 0:
        raise Refused(_("Le chiffre doit être strictement positif."), "value")
    figure: CommuneFigure | NeighbourhoodFigure
    if data.neighbourhood_id is None:
        if data.name not in FIGURE_NAMES:
            raise Refused(_("Chiffre inconnu."), "name")
        previous: CommuneFigure | NeighbourhoodFigure | None = current_figure(
            data.name, data.effective_date
        )
        figure = CommuneFigure(name=data.name)
        object_type = "commune_figure"
    else:
        if data.name not in NEIGHBOURHOOD_FIGURE_NAMES:
            raise Refused(_("Ce chiffre n'existe pas pour un quartier."), "name")
        if db.session.get(Neighbourhood, data.neighbourhood_id) is None:
            raise Refused(_("Choisissez un quartier de la liste."), "neighbourhood_id")
        previous = current_neighbourhood_figure(
            data.name, data.neighbourhood_id, data.effective_date
        )
        figure = NeighbourhoodFigure(name=data.name, neighbourhood_id=data.neighbourhood_id)
        object_type = "neighbourhood_figure"
    figure.value = data.value
    figure.source = data.source.strip()
    figure.effective_date = data.effective_date
    figure.recorded_at = now
    figure.recorded_by_id = actor.id
    db.session.add(figure)
    db.session.flush()
    audit.record(
        actor=actor,
        action="figure.recorded",
        object_type=object_type,
        object_id=figure.id,
        before=_figure_dict(previous),
        after=_figure_dict(figure),
        now=now,
    )
    db.session.commit()
    return figure


def _figure_dict(figure: CommuneFigure | NeighbourhoodFigure | None) -> dict[str, object] | None:
    if figure is None:
        return None
    shown: dict[str, object] = {
        "name": figure.name,
        "value": figure.value,
        "source": figure.source,
        "effective_date": figure.effective_date.isoformat(),
    }
    if isinstance(figure, NeighbourhoodFigure):
        shown["neighbourhood_id"] = figure.neighbourhood_id
    return shown


def neighbourhoods() -> list[Neighbourhood]:
    return list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))


@dataclass(frozen=True)
class NeighbourhoodInput:
    name: str
    population: int
    population_source: str | None


def save_neighbourhood(
    data: NeighbourhoodInput, *, neighbourhood_id: int | None, actor: User, now: datetime
) -> Neighbourhood:
    name = data.name.strip()
    if data.population < 0:
        raise Refused(_("La population ne peut pas être négative."), "population")
    clash = db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == name))
    if clash is not None and clash.id != neighbourhood_id:
        raise Refused(_("Un quartier porte déjà ce nom."), "name")
    if neighbourhood_id is None:
        neighbourhood = Neighbourhood()
        db.session.add(neighbourhood)
        before = None
    else:
        found = db.session.get(Neighbourhood, neighbourhood_id)
        if found is None:
            raise Refused(_("Quartier introuvable."))
        neighbourhood = found
        before = _neighbourhood_dict(neighbourhood)
    neighbourhood.name = name
    neighbourhood.population = data.population
    neighbourhood.population_source = (data.population_source or "").strip() or None
    db.session.flush()
    audit.record(
        actor=actor,
        action="neighbourhood.saved",
        object_type="neighbourhood",
        object_id=neighbourhood.id,
        before=before,
        after=_neighbourhood_dict(neighbourhood),
        now=now,
    )
    db.session.commit()
    return neighbourhood


def _neighbourhood_dict(n: Neighbourhood) -> dict[str, object]:
    return {"name": n.name, "population": n.population, "source": n.population_source}
