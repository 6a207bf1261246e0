"""The age bands of a neighbourhood council's draw (docs/rules.md §5): derived from the
birth date the residence check confirmed, never declared by the applicant."""

from __future__ import annotations

from datetime import date

from civic.core.electorate import age_on

AGE_BANDS = ("16-29", "30-44", "45-59", "60-74", "75+")


def lower_bound(band: str) -> int:
    """The youngest age of a band: "30-44" -> 30, "75+" -> 75."""
    return int(band.rstrip("+").split("-")[0])


def age_band_on(birth_date: date | None, day: date) -> str | None:
    """The band of someone born on ``birth_date``, on ``day``; None under the youngest
    band or without a birth date."""
    if birth_date is None:
        return None
    age = age_on(birth_date, day)
    for band in reversed(AGE_BANDS):
        if age >= lower_bound(band):
            return band
    return None
