"""Petition thresholds as data, and their evaluation (docs/rules.md §2, §3).

A :class:`RuleSet` says which thresholds a petition filed under it can reach,
as percentages of the commune's figures (population, electorate).  Two rule
sets ship as defaults: :data:`CHARTER` (the programme's reinforced petition
right) and :data:`CGCT` (the legal electors' petition, CGCT L1112-16 as amended
by law 2022-217).  An admin may edit them as data; :func:`rule_set_to_dict` and
:func:`rule_set_from_dict` turn them into JSON-ready dicts and back.

All arithmetic is exact (integers and :class:`~fractions.Fraction`): a
threshold is never missed or reached by a floating-point rounding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, TypeVar

from civic.core.electorate import ELECTOR_MINIMUM_AGE, RESIDENT_MINIMUM_AGE

__all__ = [
    "CGCT",
    "CHARTER",
    "LEGAL_REQUEST",
    "LEGAL_REQUEST_CODE",
    "DEFAULT_RULE_SETS",
    "Base",
    "BaseFigure",
    "BaseFigureError",
    "CountedSigners",
    "PriorSignature",
    "QuarterCheck",
    "RuleSet",
    "RuleSetError",
    "SignatureCounts",
    "ThresholdEvaluation",
    "ThresholdRule",
    "ThresholdStatus",
    "check_quarter_rule",
    "evaluate_thresholds",
    "evaluated_rules",
    "legal_request_slot",
    "quarter_key",
    "required_signatures",
    "rule_set_from_dict",
    "rule_set_to_dict",
    "to_fraction",
]


class Base(StrEnum):
    """The commune figure a threshold is a percentage of (docs/rules.md §2)."""

    POPULATION = "population"
    ELECTORATE = "electorate"


class CountedSigners(StrEnum):
    """Whose verified signatures count toward a threshold (docs/rules.md §3)."""

    RESIDENTS = "residents"
    ELECTORS = "electors"
    # Electors who chose that their signature is also their legal request (CGCT L1112-16).
    LEGAL_REQUESTS = "legal_requests"


class RuleSetError(ValueError):
    """A rule set (or a number in it) that cannot be used; ``code`` and ``field`` say why."""

    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(f"{code}: {field}" if field else code)
        self.code = code
        self.field = field


def to_fraction(value: object, field: str = "percent") -> Fraction:
    """Turn an int, Decimal, Fraction, float or string ("12.5", "1/3") into an exact Fraction.

    Floats come from JSON written by hand ("12.5"); they are read through their
    shortest decimal spelling, so 12.5 means exactly 25/2.  Booleans, NaN and
    infinities raise :class:`RuleSetError` (code ``"not_a_number"``).
    """
    if isinstance(value, bool):
        raise RuleSetError("not_a_number", field)
    try:
        if isinstance(value, int | Fraction):
            return Fraction(value)
        if isinstance(value, Decimal | float):
            return Fraction(Decimal(repr(value)) if isinstance(value, float) else value)
        if isinstance(value, str):
            return Fraction(value.strip())
    except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
        raise RuleSetError("not_a_number", field) from None
    raise RuleSetError("not_a_number", field)


@dataclass(frozen=True)
class ThresholdRule:
    """One threshold: ``percent`` % of ``base``, counting ``counts``' signatures (docs/rules.md §3).

    ``kinds`` lists the petition kinds it applies to (e.g. recall only applies
    to kind ``"recall"``); ``consequence`` is the code of what crossing it
    triggers (``"council_debate"``, ``"referendum"``, ``"recall_votation"``,
    ``"council_agenda"``).
    """

    name: str
    percent: Fraction
    base: Base
    counts: CountedSigners
    consequence: str
    kinds: frozenset[str]

    def __post_init__(self) -> None:
        percent = to_fraction(self.percent, f"{self.name}.percent")
        if not 0 < percent <= 100:
            raise RuleSetError("percent_out_of_range", f"{self.name}.percent")
        if not self.name:
            raise RuleSetError("name_empty", "name")
        if not self.kinds:
            raise RuleSetError("kinds_empty", f"{self.name}.kinds")
        object.__setattr__(self, "percent", percent)
        object.__setattr__(self, "base", Base(self.base))
        object.__setattr__(self, "counts", CountedSigners(self.counts))
        object.__setattr__(self, "kinds", frozenset(self.kinds))


@dataclass(frozen=True)
class RuleSet:
    """A petition rule set: its thresholds and who may sign (docs/rules.md §3).

    ``per_quarter_limit``: an elector may sign only one petition of this rule
    set per calendar quarter ("Chaque trimestre, un électeur ne peut signer
    qu'une seule demande", CGCT L1112-16 since 2022).
    """

    code: str
    thresholds: tuple[ThresholdRule, ...]
    eligible_signers: CountedSigners
    per_quarter_limit: bool = False
    min_age: int = RESIDENT_MINIMUM_AGE
    kinds: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        if not self.code:
            raise RuleSetError("code_empty", "code")
        if not self.thresholds:
            raise RuleSetError("thresholds_empty", "thresholds")
        names = [rule.name for rule in self.thresholds]
        if len(set(names)) != len(names):
            raise RuleSetError("threshold_name_duplicated", "thresholds")
        if self.min_age < 0:
            raise RuleSetError("min_age_negative", "min_age")
        object.__setattr__(self, "thresholds", tuple(self.thresholds))
        object.__setattr__(self, "eligible_signers", CountedSigners(self.eligible_signers))
        object.__setattr__(self, "kinds", frozenset().union(*(r.kinds for r in self.thresholds)))

    @property
    def carries_legal_request(self) -> bool:
        """Whether its petitions also collect electors' legal requests (CGCT L1112-16).

        Every petition does, except one filed under a rule set that is itself the
        legal petition (``per_quarter_limit``): there every signature already is one.
        """
        return not self.per_quarter_limit

    def thresholds_for(self, kind: str) -> tuple[ThresholdRule, ...]:
        """The thresholds a petition of ``kind`` can reach; unknown kind → RuleSetError."""
        if kind not in self.kinds:
            raise RuleSetError("unknown_petition_kind", kind)
        return tuple(rule for rule in self.thresholds if kind in rule.kinds)


_ORDINARY = frozenset({"ordinary"})

CHARTER = RuleSet(
    code="charter",
    thresholds=(
        # 5 % of the legal population: the carrier presents it at council (docs/rules.md §3).
        ThresholdRule(
            "council_debate",
            Fraction(5),
            Base.POPULATION,
            CountedSigners.RESIDENTS,
            "council_debate",
            _ORDINARY,
        ),
        # 10 % of the legal population: a citizens' referendum (docs/rules.md §3).
        ThresholdRule(
            "referendum",
            Fraction(10),
            Base.POPULATION,
            CountedSigners.RESIDENTS,
            "referendum",
            _ORDINARY,
        ),
        # 10 % of the electorate, electors only: a recall votation (docs/rules.md §3).
        ThresholdRule(
            "recall",
            Fraction(10),
            Base.ELECTORATE,
            CountedSigners.ELECTORS,
            "recall_votation",
            frozenset({"recall"}),
        ),
    ),
    eligible_signers=CountedSigners.RESIDENTS,
    per_quarter_limit=False,
    min_age=RESIDENT_MINIMUM_AGE,
)
"""The programme's charter: residents aged 16+, whatever their nationality (docs/rules.md §1,
§3)."""

CGCT = RuleSet(
    code="cgct",
    thresholds=(
        # CGCT L1112-16 I (law 2022-217): one tenth of the registered electors
        # may ask that a consultation be put on the council's agenda.
        ThresholdRule(
            "council_agenda",
            Fraction(10),
            Base.ELECTORATE,
            CountedSigners.ELECTORS,
            "council_agenda",
            _ORDINARY,
        ),
    ),
    eligible_signers=CountedSigners.ELECTORS,
    per_quarter_limit=True,
    min_age=ELECTOR_MINIMUM_AGE,
)
"""The legal electors' petition, CGCT L1112-16 as amended in 2022 (docs/rules.md §3)."""

DEFAULT_RULE_SETS: Mapping[str, RuleSet] = {CHARTER.code: CHARTER, CGCT.code: CGCT}

LEGAL_REQUEST_CODE = CGCT.code
"""The quarter slot's prefix of every legal request, in a CGCT petition or inside another."""

LEGAL_REQUEST = ThresholdRule(
    "legal_request",
    Fraction(10),
    Base.ELECTORATE,
    CountedSigners.LEGAL_REQUESTS,
    "legal_request",
    frozenset({"ordinary", "recall"}),
)
"""CGCT L1112-16 I, inside every petition: when one tenth of the registered electors
have made their signature their legal request, the mayor acknowledges receipt and
informs the council at its next meeting, which decides. The law, not the charter:
an admin's edit of a rule set cannot remove it (it is not part of any rule set)."""


def evaluated_rules(rule_set: RuleSet, kind: str) -> tuple[ThresholdRule, ...]:
    """The thresholds a petition of ``kind`` under ``rule_set`` is measured against: the
    rule set's own, then the legal request it carries (CGCT L1112-16)."""
    own = rule_set.thresholds_for(kind)
    if rule_set.carries_legal_request:
        return (*own, LEGAL_REQUEST)
    return own


def _percent_to_json(percent: Fraction) -> str:
    # A terminating decimal is written as one ("12.5"), anything else as "n/d".
    decimal = Decimal(percent.numerator) / Decimal(percent.denominator)
    if Fraction(decimal) == percent:
        return format(decimal.normalize(), "f")
    return f"{percent.numerator}/{percent.denominator}"


def rule_set_to_dict(rule_set: RuleSet) -> dict[str, Any]:
    """Serialise a rule set to a JSON-ready dict (docs/rules.md §3: "all are data in a rule
    set")."""
    return {
        "code": rule_set.code,
        "eligible_signers": rule_set.eligible_signers.value,
        "per_quarter_limit": rule_set.per_quarter_limit,
        "min_age": rule_set.min_age,
        "thresholds": [
            {
                "name": rule.name,
                "percent": _percent_to_json(rule.percent),
                "base": rule.base.value,
                "counts": rule.counts.value,
                "consequence": rule.consequence,
                "kinds": sorted(rule.kinds),
            }
            for rule in rule_set.thresholds
        ],
    }


def _require(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise RuleSetError("missing", f"{where}{key}")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise RuleSetError("wrong_type", f"{where}{key}")
    return value


_E = TypeVar("_E", bound=StrEnum)


def _enum_value(enum: type[_E], value: Any, where: str) -> _E:
    try:
        return enum(value)
    except ValueError:
        raise RuleSetError("unknown_value", where) from None


def rule_set_from_dict(data: Mapping[str, Any]) -> RuleSet:
    """Parse a rule set stored as JSON (inverse of :func:`rule_set_to_dict`).

    Any problem raises :class:`RuleSetError` whose ``field`` names the faulty
    entry (e.g. ``"thresholds[1].percent"``), for the admin form to show.
    """
    if not isinstance(data, Mapping):
        raise RuleSetError("wrong_type", "rule_set")
    raw_thresholds = _require(data, "thresholds", list, "")
    rules = []
    for index, raw in enumerate(raw_thresholds):
        where = f"thresholds[{index}]."
        if not isinstance(raw, Mapping):
            raise RuleSetError("wrong_type", where.rstrip("."))
        kinds = _require(raw, "kinds", list, where)
        if not all(isinstance(kind, str) and kind for kind in kinds):
            raise RuleSetError("wrong_type", f"{where}kinds")
        rules.append(
            ThresholdRule(
                name=_require(raw, "name", str, where),
                percent=to_fraction(_require(raw, "percent", (int, str, float), where), where),
                base=_enum_value(Base, _require(raw, "base", str, where), f"{where}base"),
                counts=_enum_value(
                    CountedSigners, _require(raw, "counts", str, where), f"{where}counts"
                ),
                consequence=_require(raw, "consequence", str, where),
                kinds=frozenset(kinds),
            )
        )
    return RuleSet(
        code=_require(data, "code", str, ""),
        thresholds=tuple(rules),
        eligible_signers=_enum_value(
            CountedSigners, _require(data, "eligible_signers", str, ""), "eligible_signers"
        ),
        per_quarter_limit=(
            _require(data, "per_quarter_limit", bool, "") if "per_quarter_limit" in data else False
        ),
        min_age=_require(data, "min_age", int, "") if "min_age" in data else RESIDENT_MINIMUM_AGE,
    )


# --- evaluation ------------------------------------------------------------


class BaseFigureError(ValueError):
    """A commune figure a threshold needs is missing or not positive (docs/rules.md §2).

    ``code`` is ``"base_figure_missing"`` or ``"base_figure_not_positive"``;
    ``figure`` names it (``"population"``, ``"electorate"``).
    """

    def __init__(self, code: str, figure: str) -> None:
        super().__init__(f"{code}: {figure}")
        self.code = code
        self.figure = figure


@dataclass(frozen=True)
class BaseFigure:
    """A commune figure with its source and effective date (docs/rules.md §2)."""

    name: str
    value: int
    source: str
    effective_date: date


@dataclass(frozen=True)
class SignatureCounts:
    """A petition's signatures: all collected, and those that count (docs/rules.md §3).

    ``counted_residents``: confirmed, not invalidated signatures of verified
    residents (electors included); ``counted_electors``: those of electors;
    ``counted_legal``: those of electors who made it their legal request.
    """

    collected: int
    counted_residents: int
    counted_electors: int = 0
    counted_legal: int = 0

    def __post_init__(self) -> None:
        if min(self.collected, self.counted_residents, self.counted_electors) < 0:
            raise ValueError("count_negative")
        if not 0 <= self.counted_legal <= self.counted_electors:
            raise ValueError("counts_inconsistent")
        if not self.counted_electors <= self.counted_residents <= self.collected:
            # Electors are residents, and what counts was first collected.
            raise ValueError("counts_inconsistent")

    def counted_for(self, counts: CountedSigners) -> int:
        """The count a threshold counting ``counts`` uses."""
        if counts is CountedSigners.ELECTORS:
            return self.counted_electors
        if counts is CountedSigners.LEGAL_REQUESTS:
            return self.counted_legal
        return self.counted_residents


@dataclass(frozen=True)
class ThresholdStatus:
    """Where a petition stands against one threshold (docs/rules.md §3)."""

    name: str
    consequence: str
    percent: Fraction
    base: Base
    base_value: int
    base_source: str
    base_date: date
    counts: CountedSigners
    collected: int
    counted: int
    required: int
    reached: bool
    remaining: int
    progress: Fraction  # counted / required, capped at 1
    reached_at: datetime | None  # the stored stamp, as given


@dataclass(frozen=True)
class ThresholdEvaluation:
    """All statuses of a petition, and what changed against the stored stamps.

    ``newly_crossed``: reached, with no stamp yet (set ``<name>_reached_at`` to
    now and create the consequence, once).  ``kept``: reached and stamped.
    ``lost``: stamped but no longer reached (invalidations) — the service clears
    the stamp if the consequence is not scheduled yet (docs/rules.md §3).
    """

    statuses: tuple[ThresholdStatus, ...]
    newly_crossed: tuple[str, ...]
    kept: tuple[str, ...]
    lost: tuple[str, ...]

    def status(self, name: str) -> ThresholdStatus:
        """The status of the threshold called ``name``."""
        for status in self.statuses:
            if status.name == name:
                return status
        raise KeyError(name)


def required_signatures(base_value: int, percent: Fraction | int) -> int:
    """``ceil(base × percent / 100)``, exactly (docs/rules.md §3).

    The result ``r`` satisfies ``r·100 ≥ base·percent > (r−1)·100``.
    """
    return math.ceil(Fraction(base_value) * Fraction(percent) / 100)


def _figure(figures: Mapping[str, BaseFigure], base: Base) -> BaseFigure:
    figure = figures.get(base.value)
    if figure is None:
        raise BaseFigureError("base_figure_missing", base.value)
    if isinstance(figure.value, bool) or figure.value <= 0:
        raise BaseFigureError("base_figure_not_positive", base.value)
    return figure


def evaluate_thresholds(
    rule_set: RuleSet,
    counts: SignatureCounts,
    figures: Mapping[str, BaseFigure],
    kind: str,
    stamps: Mapping[str, datetime | None] | None = None,
) -> ThresholdEvaluation:
    """Evaluate a petition's thresholds under ``rule_set`` (docs/rules.md §3).

    For each threshold applying to ``kind`` (:func:`evaluated_rules`): ``required =
    ceil(base × percent / 100)`` of the figure in ``figures`` (keyed by base name), reached when the
    counted signatures (residents', or electors' only for e.g. recall) are
    ``>= required``.  ``stamps`` maps threshold names to their stored
    ``*_reached_at`` (absent or None: not stamped); stamps of thresholds not in
    the rule set are ignored.  Raises :class:`BaseFigureError` for a missing or
    non-positive figure and :class:`RuleSetError` for an unknown kind.
    """
    stamps = stamps or {}
    statuses = []
    newly_crossed, kept, lost = [], [], []
    for rule in evaluated_rules(rule_set, kind):
        if rule is LEGAL_REQUEST and rule.base.value not in figures:
            # A commune that has not entered its electoral list's size yet: the legal
            # request cannot be measured, the charter's own thresholds still can.
            continue
        figure = _figure(figures, rule.base)
        counted = counts.counted_for(rule.counts)
        required = required_signatures(figure.value, rule.percent)
        reached = counted >= required
        stamp = stamps.get(rule.name)
        if reached and stamp is None:
            newly_crossed.append(rule.name)
        elif reached:
            kept.append(rule.name)
        elif stamp is not None:
            lost.append(rule.name)
        statuses.append(
            ThresholdStatus(
                name=rule.name,
                consequence=rule.consequence,
                percent=rule.percent,
                base=rule.base,
                base_value=figure.value,
                base_source=figure.source,
                base_date=figure.effective_date,
                counts=rule.counts,
                collected=counts.collected,
                counted=counted,
                required=required,
                reached=reached,
                remaining=max(0, required - counted),
                progress=min(Fraction(1), Fraction(counted, required)),
                reached_at=stamp,
            )
        )
    return ThresholdEvaluation(tuple(statuses), tuple(newly_crossed), tuple(kept), tuple(lost))


# --- one request per elector per quarter (CGCT L1112-16) --------------------


def quarter_key(day: date) -> str:
    """The calendar quarter of ``day``, e.g. ``"2026-Q4"`` (CGCT L1112-16: "chaque trimestre")."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def legal_request_slot(day: date) -> str:
    """The slot a legal request signed on ``day`` takes, e.g. ``"cgct:2026-Q4"``: one per
    elector per quarter, whether the request is a CGCT petition or made inside another
    petition ("Chaque trimestre, un électeur ne peut signer qu'une seule demande")."""
    return f"{LEGAL_REQUEST_CODE}:{quarter_key(day)}"


@dataclass(frozen=True)
class PriorSignature:
    """A signature the signer already gave: which petition, under which rule set, when."""

    petition_id: int
    rule_set_code: str
    signed_on: date


@dataclass(frozen=True)
class QuarterCheck:
    """Whether a signer may sign; ``reason`` is a code, ``conflicting_petition_id`` the culprit."""

    allowed: bool
    reason: str  # "no_quarter_limit" | "first_this_quarter" | "already_signed_this_quarter"
    quarter: str
    conflicting_petition_id: int | None = None


def check_quarter_rule(
    rule_set: RuleSet, petition_id: int, today: date, prior: Iterable[PriorSignature]
) -> QuarterCheck:
    """Decide the once-per-quarter rule (CGCT L1112-16, as amended by law 2022-217).

    "Chaque trimestre, un électeur ne peut signer qu'une seule demande": a
    signer who already signed *another* petition of a rule set with
    ``per_quarter_limit`` (same code) in the calendar quarter of ``today`` may
    not sign.  ``prior`` should hold only the signer's confirmed, not
    invalidated signatures; a signature on the same petition is left to the
    one-signature-per-petition rule.
    """
    quarter = quarter_key(today)
    if not rule_set.per_quarter_limit:
        return QuarterCheck(True, "no_quarter_limit", quarter)
    for signature in prior:
        if (
            signature.rule_set_code == rule_set.code
            and signature.petition_id != petition_id
            and quarter_key(signature.signed_on) == quarter
        ):
            return QuarterCheck(
                False, "already_signed_this_quarter", quarter, signature.petition_id
            )
    return QuarterCheck(True, "first_this_quarter", quarter)
