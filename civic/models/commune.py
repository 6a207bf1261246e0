"""The commune's figures (the denominators of every threshold) and neighbourhoods (docs/rules.md
§2)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base, utcnow

FIGURE_POPULATION = "population"
FIGURE_ELECTORATE = "electorate"
FIGURE_INVESTMENT_BUDGET = "investment_budget"
# Residents aged 16 and over (INSEE, population by age): the denominator of a
# residents' votation (docs/rules.md §4).
FIGURE_POPULATION_16_PLUS = "population_16_plus"
# EU citizens on the complementary municipal list: they vote in local referendums
# (CGCT LO 1112-11) and are counted with the electorate there.
FIGURE_ELECTORATE_EU = "electorate_eu"
FIGURE_NAMES = (
    FIGURE_POPULATION,
    FIGURE_ELECTORATE,
    FIGURE_ELECTORATE_EU,
    FIGURE_POPULATION_16_PLUS,
    FIGURE_INVESTMENT_BUDGET,
)
# Figures also kept per neighbourhood (a votation limited to some neighbourhoods);
# a neighbourhood's "electorate" includes its EU citizens on the complementary list.
NEIGHBOURHOOD_FIGURE_NAMES = (FIGURE_ELECTORATE, FIGURE_POPULATION_16_PLUS)


class CommuneFigure(Base):
    """One value of one figure. Rows are never updated: a change adds a row, so
    every threshold status can name the exact figure (value, source, date) it used."""

    __tablename__ = "commune_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), index=True)
    value: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(300))
    effective_date: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class NeighbourhoodFigure(Base):
    """One value of one figure of one neighbourhood; never updated, as CommuneFigure."""

    __tablename__ = "neighbourhood_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    name: Mapped[str] = mapped_column(String(32))
    value: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(300))
    effective_date: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Neighbourhood(Base):
    __tablename__ = "neighbourhoods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    population: Mapped[int] = mapped_column(default=0)
    population_source: Mapped[str | None] = mapped_column(String(300))


class Setting(Base):
    """Admin-editable rules stored as JSON text (thresholds, windows, deadlines)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
