"""The counter's context, shared by the areas: a clerk acting for a person at the town
hall (le guichet), with that person's consent recorded for each act.

The clerk's session remembers whom they serve (``start`` / ``stop``); an area's page
asks ``acting_for()`` and, when it names someone, offers its act "for that person":
the area's service takes the person as the actor and the clerk as ``by``, and
``record_consent`` keeps the consent, writes "au guichet, par <clerk>" in the audit
log, and gives the receipt the person takes home (``counter.receipt``). Nothing here
knows the areas: each passes what its act was about.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from civic.audit import services as audit
from civic.auth import sessions
from civic.extensions import db
from civic.models import User
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.models.counter import CounterAct
from civic.services import Refused

SESSION_KEY = "counter_person"
COUNTER_ROLES = (ROLE_CLERK, ROLE_ADMIN)
LABEL_MAX = 300


def start(person_id: int) -> None:
    """The clerk now serves this person (until ``stop`` or another ``start``). The
    clerk's id is kept with it: another clerk logging in on the same browser (the cookie
    outlives a log-out) serves nobody."""
    session[SESSION_KEY] = [int(current_user.id), int(person_id)]


def stop() -> None:
    session.pop(SESSION_KEY, None)


def is_clerk(user: object) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and set(getattr(user, "role_names", ())).intersection(COUNTER_ROLES)
    )


def acting_for() -> User | None:
    """The person this clerk is serving at the counter, or None (not a clerk, nobody
    served, or an account deleted since)."""
    kept = session.get(SESSION_KEY)
    if not (isinstance(kept, list) and len(kept) == 2 and all(isinstance(i, int) for i in kept)):
        return None
    clerk_id, person_id = kept
    if not is_clerk(current_user) or clerk_id != current_user.id:
        return None
    person = db.session.get(User, person_id)
    if person is None or person.deleted_at is not None:
        return None
    return person


def require_consent(given: bool) -> None:
    """No act for a person without their consent, ticked by the clerk as they give it."""
    if not given:
        raise Refused(
            _("Cochez la case une fois que la personne a donné son accord pour cet acte."),
            "consent",
        )


def at_the_counter(clerk: User) -> str:
    """What the audit log says of an act done at the counter, in the commune's language
    whatever language the clerk reads."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _("au guichet, par %(clerk)s", clerk=clerk.display_name or f"#{clerk.id}")


def record_consent(
    *,
    person: User,
    by: User,
    kind: str,
    action: str,
    object_type: str,
    object_id: int | None,
    label: str,
    now: datetime,
) -> CounterAct:
    """Keep the person's consent to this act and audit it as done at the counter, in the
    caller's transaction (the caller commits once)."""
    act = CounterAct(
        user_id=person.id,
        clerk_id=by.id,
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        label=label[:LABEL_MAX],
        consented_at=now,
    )
    db.session.add(act)
    db.session.flush()
    sessions.in_use(person.id, now)
    audit.record(
        actor=by,
        action=action,
        object_type=object_type,
        object_id=object_id,
        after={"person_id": person.id, "counter_act_id": act.id, "consent": True},
        reason=at_the_counter(by),
        now=now,
    )
    return act
