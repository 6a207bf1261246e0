"""The demo commune: a town the size of Sens (Yonne), with documented demo accounts.

Idempotent: each part is created only when it is missing, so running the seed
twice (``make run`` does it on every start) changes nothing the second time.
"""

from __future__ import annotations

import contextlib
import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from civic.account import demo as notifications_demo
from civic.auth.emails import canonical_email
from civic.auth.passwords import hash_password
from civic.auth.services import person_key
from civic.bodies import demo as bodies_demo
from civic.budget import demo as budget_demo
from civic.commune import demo as commune_demo
from civic.councils import demo as councils_demo
from civic.extensions import db
from civic.frontdesk import demo as frontdesk_demo
from civic.meetings import demo as meetings_demo
from civic.models import (
    CommuneFigure,
    ElectoralListImport,
    ElectorRecord,
    Meeting,
    Neighbourhood,
    Petition,
    SecondFactor,
    User,
)
from civic.models.accounts import (
    ELECTOR,
    RESIDENT,
    ROLE_ADMIN,
    ROLE_CLERK,
    ROLE_COUNCILLOR,
    UNVERIFIED,
    UserRole,
)
from civic.models.petitions import OPEN
from civic.petitions import counter as petitions_counter
from civic.petitions import demo as petitions_demo
from civic.questions import counter as questions_counter
from civic.questions.services import QuestionText
from civic.residents import demo as residents_demo
from civic.services import Refused
from civic.votations import demo as votations_demo
from civic.votations import encrypted_demo

DEMO_PASSWORD = "civic-demo"  # nosec B105  # the demo accounts' password, published in README

# Eight neighbourhoods whose populations add up to the commune's.
NEIGHBOURHOODS = [
    ("Centre-ville", 4_210),
    ("Champ-Plaisant", 3_860),
    ("Les Chaillots", 3_120),
    ("Saint-Pregts", 2_940),
    ("Saint-Savinien", 3_350),
    ("Les Sablons", 2_780),
    ("Saint-Didier", 2_990),
    ("Les Près-Hauts", 2_800),
]
POPULATION = sum(p for _, p in NEIGHBOURHOODS)  # 26,050
ELECTORATE = 17_120
INVESTMENT_BUDGET = 14_500_000

# One account per role (docs/rules.md §1); all share DEMO_PASSWORD.
DEMO_ACCOUNTS = [
    ("admin@demo.civic.fr", "Martin", "Claire", date(1975, 3, 14), ELECTOR, [ROLE_ADMIN]),
    ("agent@demo.civic.fr", "Bernard", "Sofiane", date(1982, 9, 2), ELECTOR, [ROLE_CLERK]),
    ("elue@demo.civic.fr", "Petit", "Nadia", date(1968, 11, 23), ELECTOR, [ROLE_COUNCILLOR]),
    ("electeur@demo.civic.fr", "Durand", "Louis", date(1990, 6, 8), ELECTOR, []),
    ("habitante@demo.civic.fr", "Nguyen", "Linh", date(2008, 1, 30), RESIDENT, []),
    ("nouveau@demo.civic.fr", "Moreau", "Théo", date(1999, 4, 17), UNVERIFIED, []),
]

# The demo staff's authenticator secrets (TOTP, second factor: civic.auth.second_factor),
# published in the README so that anyone trying the demo can add them to an app. DEMO
# ONLY: a real staff member draws their own secret when they first log in.
DEMO_TOTP_SECRETS = {
    "admin@demo.civic.fr": "CIVICDEMOADMINISTRATRICEDEMOONLY",
    "agent@demo.civic.fr": "CIVICDEMOAGENTMUNICIPALDEMOONLYA",
    "elue@demo.civic.fr": "CIVICDEMOELUEMUNICIPALEDEMOONLYA",
}

FAMILY_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
    "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David",
    "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc",
    "Diallo", "Benali", "Da Silva", "Nguyen", "Haddad", "Kowalski", "Traoré", "Garcia",
]  # fmt: skip
GIVEN_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Jade", "Louise", "Emma", "Alice", "Sarah",
    "Lucas", "Hugo", "Louis", "Nathan", "Gabriel", "Arthur", "Jules", "Adam", "Mohamed",
    "Yanis", "Élodie", "Fatou", "Aïcha", "Zoé", "Noé", "Mathis", "Lina", "Rayan", "Anaïs",
]  # fmt: skip
RESIDENT_COUNT = 320


def seed(now: datetime | None = None) -> list[str]:
    now = now or datetime.now(UTC)
    summary: list[str] = []
    neighbourhoods = _seed_neighbourhoods(summary)
    _seed_figures(now, summary)
    commune_demo.seed(now, neighbourhoods, ELECTORATE, summary)
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once: Argon2 is slow by design
    _seed_accounts(neighbourhoods, password_hash, now, summary)
    _seed_residents(neighbourhoods, password_hash, now, summary)
    residents_demo.seed(now, summary)
    votations_demo.seed(now, summary)
    encrypted_demo.seed(now, summary)
    budget_demo.seed(now, summary)
    petitions_demo.seed(now, summary)
    meetings_demo.seed(now, summary)
    councils_demo.seed(now, summary)
    bodies_demo.seed(now, summary)
    _seed_counter(now, summary)
    notifications_demo.seed(now, summary)
    db.session.commit()
    return summary or ["Demo commune already present: nothing to do."]


def _seed_counter(now: datetime, summary: list[str]) -> None:
    """Residents served at the counter (civic/frontdesk/demo.py); the clerk then signs a
    petition for two of them and asks a question for one, each with its consent."""
    db.session.commit()  # the acts below commit, or roll back only themselves
    served = frontdesk_demo.seed(now, summary)
    db.session.commit()
    clerk = db.session.scalar(select(User).where(User.email == frontdesk_demo.CLERK_EMAIL))
    if not served or clerk is None:
        return
    petition_id = db.session.scalar(
        select(Petition.id).where(Petition.state == OPEN).order_by(Petition.id).limit(1)
    )
    meetings = db.session.scalars(
        select(Meeting.id).where(Meeting.starts_at > now).order_by(Meeting.starts_at)
    ).all()
    acts = 0
    for person in served[:2]:
        if petition_id is None:
            break
        with contextlib.suppress(Refused):
            petitions_counter.sign_for(petition_id, person=person, by=clerk, consent=True, now=now)
            acts += 1
    question = QuestionText(
        title="Un banc à l'arrêt de bus de la place",
        body="Pourrait-on installer un banc à l'arrêt de bus ? Attendre debout est difficile.",
        show_name=False,
    )
    for meeting_id in meetings:
        try:
            questions_counter.ask_for(
                meeting_id, question, person=served[0], by=clerk, consent=True, now=now
            )
        except Refused:
            db.session.rollback()
            continue
        acts += 1
        break
    if acts:
        summary.append(f"{acts} acts done at the counter, each with its consent and receipt")


def _seed_neighbourhoods(summary: list[str]) -> list[Neighbourhood]:
    existing = {n.name: n for n in db.session.scalars(select(Neighbourhood))}
    created = 0
    for name, population in NEIGHBOURHOODS:
        if name not in existing:
            existing[name] = Neighbourhood(
                name=name,
                population=population,
                population_source="Démonstration (ordre de grandeur d'un IRIS de l'INSEE)",
            )
            db.session.add(existing[name])
            created += 1
    db.session.flush()
    if created:
        summary.append(f"{created} neighbourhoods")
    return [existing[name] for name, _ in NEIGHBOURHOODS]


def _seed_figures(now: datetime, summary: list[str]) -> None:
    if db.session.scalar(select(func.count()).select_from(CommuneFigure)):
        return
    year = now.year
    for name, value, source in [
        ("population", POPULATION, "INSEE, populations légales (démonstration)"),
        ("electorate", ELECTORATE, "Liste électorale au 1er mars (démonstration)"),
        ("investment_budget", INVESTMENT_BUDGET, f"Budget primitif {year} (démonstration)"),
    ]:
        db.session.add(
            CommuneFigure(
                name=name,
                value=value,
                source=source,
                effective_date=date(year, 1, 1),
                recorded_at=now,
            )
        )
    summary.append(f"figures: population {POPULATION}, electorate {ELECTORATE}")


def _make_user(
    email: str,
    family: str,
    given: str,
    born: date,
    level: str,
    neighbourhood: Neighbourhood,
    password_hash: str,
    now: datetime,
) -> User:
    # Drawn from the e-mail, so the same on every run: demo data, not security-relevant.
    house, age_days = (random.Random(email).randint(1, top) for top in (120, 400))  # nosec B311
    return User(
        email=email,
        email_canonical=canonical_email(email),
        password_hash=password_hash,
        family_name=family,
        given_names=given,
        birth_date=born,
        address=f"{house} rue de la République, 89100 Sens",
        neighbourhood_id=neighbourhood.id,
        identity_key=person_key(family, given, born),
        verification=level,
        verification_decided_at=None if level == UNVERIFIED else now,
        email_confirmed_at=now,
        created_at=now - timedelta(days=age_days),
    )


def _seed_accounts(
    neighbourhoods: list[Neighbourhood], password_hash: str, now: datetime, summary: list[str]
) -> None:
    created = 0
    for index, (email, family, given, born, level, roles) in enumerate(DEMO_ACCOUNTS):
        if db.session.scalar(select(User).where(User.email == email)):
            continue
        user = _make_user(
            email, family, given, born, level, neighbourhoods[index % 8], password_hash, now
        )
        user.roles = [UserRole(role=role, granted_at=now) for role in roles]
        db.session.add(user)
        created += 1
    db.session.flush()
    _seed_second_factors(now)
    if created:
        summary.append(f"{created} demo accounts (password: {DEMO_PASSWORD})")


def _seed_second_factors(now: datetime) -> None:
    for email, secret in DEMO_TOTP_SECRETS.items():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None and db.session.get(SecondFactor, user.id) is None:
            db.session.add(SecondFactor(user_id=user.id, secret=secret, enrolled_at=now))
    db.session.flush()


def _seed_residents(
    neighbourhoods: list[Neighbourhood], password_hash: str, now: datetime, summary: list[str]
) -> None:
    marker = "habitant-001@demo.civic.fr"
    if db.session.scalar(select(User).where(User.email == marker)):
        return
    rng = random.Random(2026)  # nosec B311  # demo data, reproducible from a fixed seed
    electors: list[str] = []
    for number in range(1, RESIDENT_COUNT + 1):
        family = rng.choice(FAMILY_NAMES)
        given = rng.choice(GIVEN_NAMES)
        born = date(rng.randint(1935, 2009), rng.randint(1, 12), rng.randint(1, 28))
        roll = rng.random()
        level = ELECTOR if roll < 0.55 else RESIDENT if roll < 0.85 else UNVERIFIED
        user = _make_user(
            f"habitant-{number:03d}@demo.civic.fr",
            family,
            given,
            born,
            level,
            neighbourhoods[number % 8],
            password_hash,
            now,
        )
        if level == UNVERIFIED and rng.random() < 0.3:
            user.email_confirmed_at = None  # still to confirm their address
        db.session.add(user)
        if level == ELECTOR:
            electors.append(user.identity_key)
    for email, *_rest in DEMO_ACCOUNTS:
        account = db.session.scalar(select(User).where(User.email == email))
        if account is not None and account.verification == ELECTOR:
            electors.append(account.identity_key)
    batch = ElectoralListImport(
        imported_at=now, rows=len(electors), matched=len(electors), unmatched=0, rejected=0
    )
    db.session.add(batch)
    db.session.flush()
    for key in dict.fromkeys(electors):
        db.session.add(ElectorRecord(identity_key=key, import_id=batch.id))
    summary.append(f"{RESIDENT_COUNT} residents at various verification levels")
