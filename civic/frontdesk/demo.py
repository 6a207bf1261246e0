"""The demo commune's counter: residents the clerk registered at the town hall, most of
them without an e-mail address (civic/demo.py then has the clerk act for them)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from civic.auth.emails import canonical_email
from civic.auth.services import person_key
from civic.extensions import db
from civic.models import CounterCheck, Neighbourhood, User
from civic.models.accounts import ELECTOR, RESIDENT

CLERK_EMAIL = "agent@demo.civic.fr"

# (family, given, born, level, e-mail or None, e-mail confirmed, identity seen, residence seen)
SERVED = [
    ("Garnier", "Lucienne", date(1938, 2, 11), ELECTOR, None, False,
     "carte d'identité", "facture d'énergie de moins de 3 mois"),
    ("Benali", "Ahmed", date(1952, 7, 30), RESIDENT, None, False,
     "titre de séjour", "quittance de loyer de moins de 3 mois"),
    ("Colin", "Yvette", date(1947, 12, 5), ELECTOR, "yvette.colin@demo.civic.fr", True,
     "passeport", "avis de taxe d'habitation"),
    ("Traoré", "Awa", date(2007, 9, 19), RESIDENT, "awa.traore@demo.civic.fr", False,
     "carte d'identité", "attestation d'hébergement et facture d'eau"),
]  # fmt: skip


def seed(now: datetime, summary: list[str]) -> list[User]:
    """The counter-served residents, created once; returns them ([] when already there)."""
    if db.session.scalar(select(CounterCheck.id).limit(1)) is not None:
        return []
    clerk = db.session.scalar(select(User).where(User.email == CLERK_EMAIL))
    hoods = list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.id)))
    if clerk is None or not hoods:
        return []
    served = []
    for index, (family, given, born, level, email, confirmed, seen, lives) in enumerate(SERVED):
        registered = now - timedelta(days=30 - 6 * index)
        person = User(
            email=email,
            email_canonical=canonical_email(email) if email else None,
            family_name=family,
            given_names=given,
            birth_date=born,
            address=f"{12 + index} rue des Écoles, 89100 Sens",
            neighbourhood_id=hoods[index % len(hoods)].id,
            identity_key=person_key(family, given, born),
            verification=level,
            verification_decided_at=registered,
            verification_decided_by_id=clerk.id,
            email_confirmed_at=registered + timedelta(days=2) if confirmed else None,
            created_at=registered,
        )
        db.session.add(person)
        db.session.flush()
        db.session.add(
            CounterCheck(
                user_id=person.id,
                clerk_id=clerk.id,
                identity_document=seen,
                residence_document=lives,
                checked_at=registered,
            )
        )
        served.append(person)
    db.session.flush()
    summary.append(f"{len(served)} residents registered at the counter (2 without e-mail)")
    return served
