"""Demo petitions in every state, with online and (bulk-generated) paper signatures.

Generated paper signatures carry the counts where creating that many accounts
would be slow: they are real rows (one identity key each), inserted with Core
inserts, so `flask civic petitions recount` finds no drift. Idempotent.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta
from typing import Any

from babel.dates import format_date
from sqlalchemy import insert, select

from civic.charter.services import describe
from civic.core.thresholds import legal_request_slot
from civic.extensions import db
from civic.models import (
    CharterSignatory,
    CouncilDecision,
    Neighbourhood,
    Petition,
    PetitionAnswer,
    Signature,
    User,
)
from civic.models.accounts import VERIFIED_LEVELS
from civic.models.petitions import (
    CHANNEL_ONLINE,
    CHANNEL_PAPER,
    CLOSED,
    DONE,
    DRAFT,
    OPEN,
    REJECTED,
    SUBMITTED,
    WITHDRAWN,
)
from civic.petitions.counting import apply_thresholds, refresh_counters
from civic.petitions.deliberation import acknowledge_receipt
from civic.petitions.history import record_event
from civic.petitions.rules import rule_set, snapshot

MARKER = "Des arceaux à vélo devant les écoles"
PAPER_NAMES = ["Martin", "Bernard", "Dubois", "Lefèvre", "Diallo", "Nguyen", "Garcia", "Roux"]
GIVEN = ["Camille", "Louise", "Hugo", "Fatou", "Jules", "Inès", "Noé", "Aïcha"]

# title, state, rule set, kind, (online, paper verified, paper to check, elector share)
PETITIONS: list[dict[str, Any]] = [
    {"title": MARKER, "state": OPEN, "signatures": (40, 1_250, 12), "days": 40,
     "easy_read": "Nous voulons pouvoir garer nos vélos devant chaque école.",
     "decision": "Installer des arceaux à vélo devant les neuf écoles de la ville."},
    {"title": "Rouvrir les toilettes publiques du marché couvert", "state": OPEN,
     "signatures": (60, 1_380, 0), "days": 70, "answer": True,
     "easy_read": "Les toilettes du marché sont fermées. Nous voulons qu'elles rouvrent.",
     "decision": "Rouvrir et entretenir les toilettes publiques du marché couvert."},
    {"title": "Une cantine 100 % bio et locale dans les écoles", "state": OPEN,
     "signatures": (80, 3_000, 0), "days": 110, "legal": True,
     "easy_read": "Nous voulons des repas bio et locaux à la cantine.",
     "decision": "Servir des repas bio et locaux dans toutes les cantines d'ici 2028."},
    {"title": "Révocation de l'adjoint aux travaux", "state": OPEN, "kind": "recall",
     "official": "Marc Dupont", "signatures": (30, 880, 0), "days": 30,
     "easy_read": "Nous demandons un vote pour savoir si l'adjoint aux travaux doit partir.",
     "decision": "Organiser un vote de révocation de l'adjoint aux travaux."},
    {"title": "Consultation sur le projet de piscine", "state": OPEN, "rule_set": "cgct",
     "signatures": (20, 600, 0), "days": 20,
     "easy_read": "Nous voulons que les électeurs soient consultés sur la piscine.",
     "decision": "Organiser une consultation des électeurs sur le projet de piscine."},
    {"title": "Un banc devant la médiathèque", "state": CLOSED, "signatures": (25, 300, 0),
     "days": 220,
     "easy_read": "Un banc pour attendre l'ouverture de la médiathèque.",
     "decision": "Installer un banc devant la médiathèque."},
    {"title": "Supprimer l'impôt sur le revenu", "state": REJECTED, "days": 15,
     "easy_read": "Nous ne voulons plus payer l'impôt sur le revenu.",
     "decision": "Supprimer l'impôt sur le revenu."},
    {"title": "Un skatepark aux Chaillots", "state": WITHDRAWN, "days": 12,
     "easy_read": "Un lieu pour faire du skate aux Chaillots.",
     "decision": "Construire un skatepark aux Chaillots."},
    {"title": "Des jardins partagés à Saint-Pregts", "state": SUBMITTED, "days": 3,
     "easy_read": "Des jardins où chacun peut planter des légumes.",
     "decision": "Créer des jardins partagés à Saint-Pregts."},
    {"title": "Éclairer le chemin de halage", "state": DRAFT, "days": 1,
     "easy_read": "Le chemin le long de l'Yonne est noir le soir.",
     "decision": "Installer un éclairage doux sur le chemin de halage."},
]  # fmt: skip


# The charter's register: a recall petition may only name one of them.
SIGNATORIES = [
    ("Claire Moreau", "maire", 60),
    ("Marc Dupont", "adjoint aux travaux", 60),
    ("Samia Benali", "conseillère municipale déléguée à la jeunesse", 45),
]


def seed(now: datetime, summary: list[str]) -> None:
    if db.session.scalar(select(Petition.id).where(Petition.title == MARKER)):
        return
    for name, mandate, days in SIGNATORIES:
        # Signed early in the mandate begun at the general renewal of March 2026 (a
        # mandate ended, the register's retention would erase them), before any petition.
        signed_on = (now - timedelta(days=180 + days)).date()
        db.session.add(
            CharterSignatory(name=name, mandate=mandate, signed_on=signed_on, created_at=now)
        )
    db.session.flush()
    residents = list(
        db.session.scalars(
            select(User)
            .where(User.verification.in_(VERIFIED_LEVELS), User.deleted_at.is_(None))
            .order_by(User.id)
        )
    )
    if not residents:
        return
    hoods = [n.id for n in db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.id))]
    rng = random.Random(4)  # nosec B311  # demo data, reproducible from a fixed seed
    total = 0
    for index, spec in enumerate(PETITIONS):
        petition = _petition(spec, residents[index % len(residents)], now)
        total += _signatures(petition, spec, residents, hoods, rng, now)
        if petition.opened_at is not None:
            refresh_counters(petition)
            apply_thresholds(petition, now=now - timedelta(days=1))
        if spec.get("answer"):
            _answer(petition, residents, now)
    summary.append(
        f"{len(PETITIONS)} petitions in every state, {total} signatures, "
        f"{len(SIGNATORIES)} charter signatories, a council deliberation"
    )


def _petition(spec: dict[str, Any], author: User, now: datetime) -> Petition:
    code = spec.get("rule_set", "charter")
    created = now - timedelta(days=spec["days"] + 5)
    petition = Petition(
        title=spec["title"],
        body=f"{spec['decision']}\n\n*Pétition de démonstration.*",
        easy_read=spec["easy_read"],
        decision_asked=spec["decision"],
        kind=spec.get("kind", "ordinary"),
        rule_set_code=code,
        rule_set_snapshot=snapshot(rule_set(code)),
        state=spec["state"],
        author_id=author.id,
        created_at=created,
        updated_at=created,
    )
    if "official" in spec:
        official = db.session.scalar(
            select(CharterSignatory).where(CharterSignatory.name == spec["official"])
        )
        if official is not None:
            petition.recall_signatory_id = official.id
            petition.recall_official = describe(official)
    db.session.add(petition)
    db.session.flush()
    if spec["state"] == DRAFT:
        return petition
    petition.submitted_at = created + timedelta(days=1)
    record_event(petition, "submitted", now=petition.submitted_at)
    acknowledge_receipt(petition, petition.submitted_at)
    if spec["state"] == SUBMITTED:
        return petition
    if spec["state"] == REJECTED:
        petition.rejection_code = "outside_competence"
        petition.rejection_text = "L'impôt sur le revenu relève de la loi de finances."
        record_event(
            petition, "rejected", now=created + timedelta(days=3), code="outside_competence"
        )
        return petition
    if spec["state"] == WITHDRAWN:
        petition.withdrawn_at = created + timedelta(days=2)
        record_event(petition, "withdrawn", now=petition.withdrawn_at)
        return petition
    petition.opened_at = now - timedelta(days=spec["days"])
    petition.deadline = petition.opened_at + timedelta(days=183)
    record_event(petition, "admitted", now=petition.opened_at)
    if spec["state"] == CLOSED:
        petition.deadline = now - timedelta(days=10)
        petition.closed_at = petition.deadline
        record_event(petition, "closed", now=petition.closed_at)
    return petition


def _signatures(
    petition: Petition,
    spec: dict[str, Any],
    residents: list[User],
    hoods: list[int],
    rng: random.Random,
    now: datetime,
) -> int:
    if "signatures" not in spec:
        return 0
    online, paper_verified, paper_to_check = spec["signatures"]
    electors_only = petition.rule_set_code == "cgct"
    # Electors who ticked the L1112-16 box on the sheet: their legal request this quarter.
    legal = bool(spec.get("legal"))
    opened = petition.opened_at or now
    span = max(1, int(((petition.closed_at or now) - opened).total_seconds()))
    rows: list[dict[str, Any]] = []
    signers = [u for u in residents if u.is_elector or not electors_only][:online]
    for user in signers:
        rows.append(
            {
                "petition_id": petition.id,
                "identity_key": user.identity_key,
                "user_id": user.id,
                "channel": CHANNEL_ONLINE,
                "neighbourhood_id": user.neighbourhood_id,
                "created_at": opened + timedelta(seconds=rng.randrange(span)),
                "residence_verified": True,
                "elector": user.is_elector,
            }
        )
    for number in range(paper_verified + paper_to_check):
        verified = number < paper_verified
        key = hashlib.sha256(f"demo-paper:{petition.id}:{number}".encode()).hexdigest()
        rows.append(
            {
                "petition_id": petition.id,
                "identity_key": key,
                "channel": CHANNEL_PAPER,
                "neighbourhood_id": hoods[number % len(hoods)] if hoods else None,
                "created_at": opened + timedelta(seconds=rng.randrange(span)),
                "residence_verified": verified,
                "elector": verified and (electors_only or rng.random() < 0.62),
                "paper_family_name": None if verified else rng.choice(PAPER_NAMES),
                "paper_given_names": None if verified else rng.choice(GIVEN),
                "paper_address": None if verified else f"{rng.randint(1, 90)} rue de Lyon, Sens",
            }
        )
    for row in rows:
        slot = legal_request_slot(row["created_at"].date())
        row["legal_request"] = legal and row["channel"] == CHANNEL_PAPER and row["elector"]
        row["quarter_slot"] = slot if row["legal_request"] or electors_only else None
        row.setdefault("user_id", None)
        row.setdefault("paper_family_name", None)
        row.setdefault("paper_given_names", None)
        row.setdefault("paper_address", None)
    db.session.execute(insert(Signature), rows)
    return len(rows)


def _answer(petition: Petition, residents: list[User], now: datetime) -> None:
    """The council deliberated on the debate it owed, and answers with that deliberation."""
    councillor = next((u for u in residents if u.has_role("councillor")), residents[0])
    clerk = next((u for u in residents if u.has_role("clerk")), councillor)
    # The reopening is named by its month, three months on, whatever the demo's season.
    index = now.month - 1 + 3
    reopening = "en " + format_date(
        date(now.year + index // 12, index % 12 + 1, 1), "MMMM y", locale="fr"
    )
    decision = CouncilDecision(
        subject_type="petition",
        subject_id=petition.id,
        matter="council_debate",
        outcome="amended",
        decided_on=(now - timedelta(days=1)).date(),
        number=f"{now.year}-112",
        votes_for=27,
        votes_against=4,
        abstentions=2,
        summary=f"Réouverture {reopening} ; l'entretien quotidien est confié à la régie "
        "municipale (amendement : ouverture jusqu'à 20 h les jours de marché).",
        recorded_at=now - timedelta(hours=8),
        recorded_by_id=clerk.id,
    )
    db.session.add(decision)
    db.session.flush()
    record_event(
        petition,
        "council_decided",
        now=now - timedelta(hours=8),
        actor=clerk,
        threshold="council_debate",
        outcome=decision.outcome,
        number=decision.number,
    )
    db.session.add(
        PetitionAnswer(
            petition_id=petition.id,
            answered_as="council",
            decision_id=decision.id,
            body=(
                "Le conseil municipal a entendu les pétitionnaires le mois dernier. "
                f"**Les toilettes rouvriront {reopening}**, avec un entretien quotidien "
                "confié à la régie municipale."
            ),
            published_at=now - timedelta(hours=6),
            published_by_id=councillor.id,
        )
    )
    petition.debate_progress = DONE
    record_event(
        petition, "answered", now=now - timedelta(hours=6), actor=councillor, answered_as="council"
    )
