"""Which rules a petition is filed under, the figures they use, and the evaluation (docs/rules.md
§2–§3).

The rule sets are data: the programme's defaults (``civic.core.thresholds``),
overridden by the admin in the ``Setting`` table. A petition keeps a snapshot of
the rules it opened under, so editing a rule set never moves a running goal.
"""

from __future__ import annotations

import functools
import json
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from civic.audit import services as audit
from civic.core.thresholds import (
    DEFAULT_RULE_SETS,
    Base,
    BaseFigure,
    BaseFigureError,
    CountedSigners,
    RuleSet,
    RuleSetError,
    SignatureCounts,
    ThresholdEvaluation,
    evaluate_thresholds,
    rule_set_from_dict,
    rule_set_to_dict,
)
from civic.extensions import db
from civic.models import CommuneFigure, Petition, Setting, User
from civic.services import Refused

SETTING_PREFIX = "petition_rule_set."
RULE_SET_CODES = tuple(DEFAULT_RULE_SETS)


def rule_set(code: str) -> RuleSet:
    """The rule set in force now: the admin's version, or the programme's default."""
    stored = db.session.get(Setting, SETTING_PREFIX + code)
    if stored is not None:
        return rule_set_from_dict(json.loads(stored.value))
    return DEFAULT_RULE_SETS[code]


def rule_sets() -> dict[str, RuleSet]:
    return {code: rule_set(code) for code in RULE_SET_CODES}


def snapshot(rules: RuleSet) -> str:
    return json.dumps(rule_set_to_dict(rules), sort_keys=True)


def petition_rules(petition: Petition) -> RuleSet:
    """The rules the petition runs under (its snapshot)."""
    return rules_of_snapshot(petition.rule_set_snapshot)


@functools.lru_cache(maxsize=256)
def rules_of_snapshot(text: str) -> RuleSet:
    """A petition's stored rule-set snapshot, parsed (once per distinct text)."""
    # Keyed by the snapshot text itself, so an edited rule set is a new key; a
    # RuleSet is frozen (tuples, frozensets, Fractions), so sharing it is safe.
    return rule_set_from_dict(json.loads(text))


def save_rule_set(code: str, text: str, *, actor: User, now: datetime) -> RuleSet:
    """Replace a rule set with the admin's JSON, once it parses (audited)."""
    if code not in RULE_SET_CODES:
        raise Refused(_("Jeu de règles inconnu."))
    try:
        data = json.loads(text)
        parsed = rule_set_from_dict(data)
    except json.JSONDecodeError as error:
        raise Refused(
            _("JSON illisible (ligne %(line)d) : %(msg)s", line=error.lineno, msg=error.msg),
            "rules",
        ) from None
    except RuleSetError as error:
        raise Refused(
            _("Règle invalide (%(code)s) : %(field)s", code=error.code, field=error.field),
            "rules",
        ) from None
    if parsed.code != code:
        raise Refused(_("Le code du jeu de règles doit rester « %(code)s ».", code=code), "rules")
    before = rule_set_to_dict(rule_set(code))
    stored = db.session.get(Setting, SETTING_PREFIX + code)
    value = snapshot(parsed)
    if stored is None:
        db.session.add(Setting(key=SETTING_PREFIX + code, value=value, updated_at=now))
    else:
        stored.value = value
        stored.updated_at = now
    audit.record(
        actor=actor,
        action="petition_rule_set.saved",
        object_type="setting",
        object_id=SETTING_PREFIX + code,
        before=before,
        after=rule_set_to_dict(parsed),
        now=now,
    )
    db.session.commit()
    return parsed


# Every signature reads them: built once (see civic.auth.services._SESSION_USER),
# in Core on the session's connection (the ORM's execution path cost 0.2 ms more a
# signature), without an IN list (expanded at every execution); the bases are
# picked in Python. As current_figure picks each: the latest effective date not
# after ``on``, the latest entry on a tie.
_FIGURE = CommuneFigure.__table__.c
_FIGURES_ON = (
    select(_FIGURE.name, _FIGURE.value, _FIGURE.source, _FIGURE.effective_date)
    .where(_FIGURE.effective_date <= bindparam("on"))
    .order_by(_FIGURE.name, _FIGURE.effective_date.desc(), _FIGURE.id.desc())
)
_BASE_NAMES = frozenset(base.value for base in Base)


def base_figures(on: date) -> dict[str, BaseFigure]:
    """The commune's figures in force on ``on``, as the core reads them (docs/rules.md §2)."""
    figures: dict[str, BaseFigure] = {}
    rows = db.session.connection().execute(_FIGURES_ON, {"on": on})
    for name, value, source, effective in rows:
        if name in _BASE_NAMES and name not in figures:
            figures[name] = BaseFigure(name, value, source, effective)
    return figures


def counts_of(petition: Petition) -> SignatureCounts:
    return SignatureCounts(
        collected=petition.collected_count,
        counted_residents=petition.counted_residents,
        counted_electors=petition.counted_electors,
        counted_legal=petition.counted_legal,
    )


def evaluate(
    petition: Petition, on: date, figures: dict[str, BaseFigure] | None = None
) -> ThresholdEvaluation | None:
    """The core's verdict on the stored counts and stamps; None when a figure is missing."""
    try:
        return evaluate_thresholds(
            petition_rules(petition),
            counts_of(petition),
            base_figures(on) if figures is None else figures,
            petition.kind,
            petition.stamps(),
        )
    except BaseFigureError:
        return None


def counts_electors_only(petition: Petition) -> bool:
    """True when every threshold of this petition counts electors only (recall, CGCT)."""
    return electors_only(petition_rules(petition), petition.kind)


def electors_only(rules: RuleSet, kind: str) -> bool:
    """True when every threshold of ``kind`` under ``rules`` counts electors only."""
    return all(rule.counts is CountedSigners.ELECTORS for rule in rules.thresholds_for(kind))


def headline_counted(petition: Petition) -> int:
    """The "counted" figure shown first: electors for a recall or CGCT petition."""
    if counts_electors_only(petition):
        return petition.counted_electors
    return petition.counted_residents


__all__ = [
    "RULE_SET_CODES",
    "base_figures",
    "counts_electors_only",
    "counts_of",
    "electors_only",
    "evaluate",
    "headline_counted",
    "petition_rules",
    "rule_set",
    "rules_of_snapshot",
    "rule_sets",
    "save_rule_set",
    "snapshot",
]
