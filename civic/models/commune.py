"""The commune's figures (the denominators of every threshold) and neighbourhoods (design §2)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civic.models.base import Base, utcnow

FIGURE_POPULATION = "population"
FIGURE_ELECTORATE = "electorate"
FIGURE_INVESTMENT_BUDGET = "investment_budget"
FIGURE_NAMES = (FIGURE_POPULATION, FIGURE_ELECTORATE, FIGURE_INVESTMENT_BUDGET)


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
