"""The question-time rules the admin may change, stored as JSON in the ``Setting`` table.

Defaults are the design's (§7): the window opens 14 days before a meeting and
closes 48 hours before; 30 minutes of oral questions, 3 minutes a question; a
written answer is due 30 days after the meeting.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta

from flask_babel import gettext as _

from civic.audit import services as audit
from civic.core.question_time import QuestionTimeError, QuestionWindow, question_window
from civic.extensions import db
from civic.models import Meeting, Setting, User
from civic.services import Refused

SETTING_KEY = "question_time"


@dataclass(frozen=True)
class QuestionTimeSettings:
    opens_days_before: int = 14
    closes_hours_before: int = 48
    budget_minutes: int = 30
    per_question_minutes: int = 3
    supplementary_minutes: int = 0
    written_answer_days: int = 30

    @property
    def budget(self) -> timedelta:
        return timedelta(minutes=self.budget_minutes)

    @property
    def per_question(self) -> timedelta:
        return timedelta(minutes=self.per_question_minutes)

    @property
    def supplementary(self) -> timedelta:
        return timedelta(minutes=self.supplementary_minutes)

    def window(self, meeting: Meeting) -> QuestionWindow:
        return question_window(meeting.starts_at, self.opens_days_before, self.closes_hours_before)

    def written_answer_due(self, meeting: Meeting) -> datetime:
        return meeting.starts_at + timedelta(days=self.written_answer_days)


# Accepted ranges, so a typo cannot close every window or give zero minutes a question.
LIMITS: dict[str, tuple[int, int]] = {
    "opens_days_before": (1, 90),
    "closes_hours_before": (0, 24 * 30),
    "budget_minutes": (0, 240),
    "per_question_minutes": (1, 30),
    "supplementary_minutes": (0, 15),
    "written_answer_days": (1, 365),
}


def load() -> QuestionTimeSettings:
    """The rules in force: stored values over the defaults (unknown or bad keys ignored)."""
    stored = db.session.get(Setting, SETTING_KEY)
    if stored is None:
        return QuestionTimeSettings()
    try:
        raw = json.loads(stored.value)
    except ValueError:
        return QuestionTimeSettings()
    names = {f.name for f in fields(QuestionTimeSettings)}
    values = {k: v for k, v in raw.items() if k in names and isinstance(v, int)}
    return QuestionTimeSettings(**values)


def save(values: QuestionTimeSettings, *, actor: User, now: datetime) -> QuestionTimeSettings:
    for name, (low, high) in LIMITS.items():
        value = getattr(values, name)
        if not low <= value <= high:
            raise Refused(_("Valeur attendue entre %(low)d et %(high)d.", low=low, high=high), name)
    try:
        question_window(now, values.opens_days_before, values.closes_hours_before)
    except QuestionTimeError as error:
        raise Refused(
            _("La fenêtre doit se fermer après son ouverture."), "closes_hours_before"
        ) from error
    before = asdict(load())
    after = asdict(values)
    stored = db.session.get(Setting, SETTING_KEY)
    if stored is None:
        db.session.add(Setting(key=SETTING_KEY, value=json.dumps(after), updated_at=now))
    else:
        stored.value = json.dumps(after)
        stored.updated_at = now
    audit.record(
        actor=actor,
        action="setting.question_time",
        object_type="setting",
        object_id=SETTING_KEY,
        before=before,
        after=after,
        now=now,
    )
    db.session.commit()
    return values
