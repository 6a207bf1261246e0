"""Signing at the town hall's counter: a clerk signs for a person standing there, with
their consent (docs/rules.md §3; civic/counter.py).

Beside the online path (``signing.py``, the hot path, in Core), not inside it: a counter
signature is rare, so it takes the ORM like a paper line. The person is the signer —
their account, their identity key, the online eligibility (a verified resident) — and
the clerk is who typed it (``entered_by``) and who saw them (``verified_by``).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from civic import counter
from civic.electorate import local_day, person_of, refuse_unless_eligible
from civic.extensions import db
from civic.models import CounterAct, Signature, User
from civic.models.counter import ACT_SIGNATURE
from civic.petitions.counting import add_to_counters, apply_thresholds, lock_petition
from civic.petitions.rules import petition_rules
from civic.petitions.signing import (
    quarter_slot,
    refuse_legal_request_of_non_elector,
    refuse_second_request_this_quarter,
    refuse_unless_signable,
    signers_of,
)
from civic.services import Refused

# Signature.channel of a signature given at the counter.
CHANNEL_COUNTER = "counter"


def sign_for(
    petition_id: int,
    *,
    person: User,
    by: User,
    consent: bool,
    now: datetime,
    legal_request: bool = False,
) -> CounterAct:
    """Sign ``petition_id`` for ``person``, a clerk ``by`` acting with their consent;
    returns the consent, whose receipt the person takes home."""
    counter.require_consent(consent)
    petition = refuse_unless_signable(lock_petition(petition_id), now)
    rules = petition_rules(petition)
    refuse_unless_eligible(signers_of(rules), person_of(person), local_day(now))
    legal = legal_request and refuse_legal_request_of_non_elector(rules, person)
    if rules.per_quarter_limit or legal:
        refuse_second_request_this_quarter(petition.id, person.identity_key, now)
    signature = Signature(
        petition_id=petition.id,
        identity_key=person.identity_key,
        user_id=person.id,
        channel=CHANNEL_COUNTER,
        neighbourhood_id=person.neighbourhood_id,
        created_at=now,
        quarter_slot=quarter_slot(rules, now, legal_request=legal),
        legal_request=legal,
        residence_verified=True,
        elector=person.is_elector,
        verified_at=now,
        verified_by_id=by.id,
        entered_by_id=by.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(signature)
    except IntegrityError:
        db.session.rollback()
        raise Refused(
            _("Cette personne a déjà signé cette pétition (en ligne, sur papier ou au guichet).")
        ) from None
    add_to_counters(petition, signature)
    act = counter.record_consent(
        person=person,
        by=by,
        kind=ACT_SIGNATURE,
        action="signature.counter_entered",
        object_type="petition",
        object_id=petition.id,
        label=_("Signature de la pétition « %(title)s »", title=petition.title),
        now=now,
    )
    apply_thresholds(petition, now=now)
    db.session.commit()
    return act
