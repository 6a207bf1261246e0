"""Demo encrypted votations (docs/secrecy.md): one published, its archive verifying, and
one open. The demo plays the trustees and the credential authority: their private keys
and the voters' private credentials are written to the demo's instance folder
(``instance/demo-belenios/``) and nowhere else, as they would only be on the trustees'
devices and with the authority. Needs belenios-tool; without it, nothing is seeded."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from civic import belenios
from civic.extensions import db
from civic.models import Ballot, User, Votation, VotationApproval, VotationQuestion, VoterRegister
from civic.models.elections import CastCredential, VotationElection, VotationTrustee
from civic.models.votations import (
    ACTION_SCHEDULE,
    CHANNEL_ONLINE,
    CHANNEL_PAPER,
    STATUS_SCHEDULED,
    PaperBallotBatch,
)
from civic.votations import encrypted
from civic.votations.approvals import approve_publication, request_publication
from civic.votations.eligibility import eligible_users, local_day

MARKER = "Démonstration : votation chiffrée"
STATION = "Bureau 1 – Hôtel de ville"
TRUSTEES = ("elue@demo.civic.fr", "admin@demo.civic.fr")  # 2 of 2 in the demo
AUTHORITY = "agent@demo.civic.fr"  # not a trustee


def _folder() -> Path:
    return Path(current_app.instance_path) / "demo-belenios"


def _account(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _ceremony(folder: Path) -> tuple[list[belenios.TrusteeKey], belenios.ThresholdKey, list[str]]:
    """The trustees' steps, played here; their private keys go to the demo's folder only."""
    keys = [belenios.trustee_generate_key() for _ in TRUSTEES]
    certificates = [k.certificate for k in keys]
    polynomials = [belenios.trustee_polynomial(certificates, k, len(keys)) for k in keys]
    vinputs = belenios.verification_inputs(certificates, polynomials)
    voutputs = [
        belenios.trustee_verification(certificates, k, v)
        for k, v in zip(keys, vinputs, strict=True)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    for number, key in enumerate(keys, start=1):
        (folder / f"garant-{number}.key").write_text(key.private_key + "\n")
    parts = [json.dumps([p, v, o]) for p, v, o in zip(polynomials, vinputs, voutputs, strict=True)]
    return keys, belenios.combine_trustees(certificates, polynomials, voutputs), parts


def _votation(
    title: str, question: str, opens: datetime, closes: datetime, staff: User
) -> Votation:
    votation = Votation(
        kind="consultation",
        title=title,
        status=STATUS_SCHEDULED,
        council_decision=MARKER,
        opens_at=opens,
        closes_at=closes,
        created_at=opens - timedelta(days=40),
        scheduled_at=opens - timedelta(days=20),
        prepared_by_id=staff.id,
        easy_read="Le vote en ligne est **chiffré** : seuls les garants, ensemble, "
        "déchiffrent le total.",
    )
    votation.questions = [
        VotationQuestion(
            position=0,
            text=question,
            choices_json=json.dumps([["oui", "Oui"], ["non", "Non"]]),
            approve_choice="oui",
        )
    ]
    db.session.add(votation)
    db.session.flush()
    return votation


def _election(
    votation: Votation,
    trustees: list[User],
    authority: User,
    made: tuple[list[belenios.TrusteeKey], belenios.ThresholdKey, list[str]],
    voters: int,
    now: datetime,
) -> tuple[str, ...]:
    keys, threshold_key, parts = made
    uuid = belenios.new_uuid()
    credentials = belenios.generate_credentials(uuid, voters)
    election = VotationElection(
        votation_id=votation.id,
        uuid=uuid,
        threshold=len(keys),
        credential_authority_id=authority.id,
        public_credentials=json.dumps(list(credentials.public)),
        trustees_json=threshold_key.trustees,
        created_at=now,
    )
    election.trustees = []
    for number, (user, key, part) in enumerate(zip(trustees, keys, parts, strict=True), 1):
        polynomial, vinput, voutput = json.loads(part)
        election.trustees.append(
            VotationTrustee(
                votation_id=votation.id,
                position=number,
                user_id=user.id,
                certificate=key.certificate,
                polynomial=polynomial,
                vinput=vinput,
                voutput=voutput,
                decryption_key=threshold_key.decryption_keys[number - 1],
            )
        )
    db.session.add(election)
    db.session.flush()
    encrypted.open_election(votation)
    return credentials.private


def _cast(
    votation: Votation,
    voter_ids: list[int],
    credentials: tuple[str, ...],
    yes: float,
    rng: random.Random,
    day: datetime,
) -> None:
    """Each voter's ballot built with their credential and validated, as the site does."""
    election = encrypted.election_of(votation.id)
    archive = encrypted.archive_of(election) if election is not None else None
    assert archive is not None  # nosec B101  # made by _election
    for user_id, credential in zip(voter_ids, credentials, strict=False):
        choice = [[0, 1, 0]] if rng.random() < yes else [[0, 0, 1]]
        ballot = belenios.generate_ballot(archive, credential, choice)
        archive.cast(ballot)
        db.session.add(
            VoterRegister(
                votation_id=votation.id,
                user_id=user_id,
                channel=CHANNEL_ONLINE,
                voted_on=local_day(day),
            )
        )
        db.session.add(
            CastCredential(votation_id=votation.id, credential=json.loads(ballot)["credential"])
        )


def _paper(votation: Votation, voter_ids: list[int], clerk: User, day: datetime) -> None:
    question = votation.questions[0]
    counts = {"oui": 0, "non": 0}
    for n, user_id in enumerate(voter_ids):
        choice = "oui" if n % 2 == 0 else "non"
        counts[choice] += 1
        db.session.add(
            VoterRegister(
                votation_id=votation.id,
                user_id=user_id,
                channel=CHANNEL_PAPER,
                polling_station=STATION,
                voted_on=local_day(day),
            )
        )
        db.session.add(
            Ballot(
                id=f"{rng_hex(votation.id, n)}",
                votation_id=votation.id,
                question_id=question.id,
                choice=choice,
                channel=CHANNEL_PAPER,
                polling_station=STATION,
            )
        )
    db.session.add(
        PaperBallotBatch(
            votation_id=votation.id,
            polling_station=STATION,
            counts_json=json.dumps({str(question.id): counts}, sort_keys=True),
            ballots=len(voter_ids),
            entered_by_id=clerk.id,
            entered_at=day,
        )
    )


def rng_hex(votation_id: int, n: int) -> str:
    return f"{random.Random(votation_id * 1000 + n).getrandbits(128):032x}"  # nosec B311


def _schedule_approval(votation: Votation, clerk: User, admin: User) -> None:
    assert votation.scheduled_at is not None  # nosec B101  # set by _votation
    db.session.add(
        VotationApproval(
            votation_id=votation.id,
            action=ACTION_SCHEDULE,
            requested_by_id=clerk.id,
            requested_at=votation.scheduled_at - timedelta(days=1),
            approved_by_id=admin.id,
            approved_at=votation.scheduled_at,
        )
    )


def seed(now: datetime, summary: list[str]) -> None:
    if not belenios.available():
        summary.append("no encrypted votation: belenios-tool is not installed")
        return
    if db.session.scalar(select(Votation.id).where(Votation.council_decision == MARKER).limit(1)):
        return
    trustees = [_account(email) for email in TRUSTEES]
    authority, admin = _account(AUTHORITY), _account("admin@demo.civic.fr")
    if authority is None or admin is None or any(t is None for t in trustees):
        return
    staff = [t for t in trustees if t is not None]
    rng = random.Random(2019053)  # nosec B311  # demo data, reproducible from a fixed seed
    folder = _folder()
    made = _ceremony(folder)

    published = _votation(
        "Éclairage public la nuit",
        "Faut-il éteindre l'éclairage public de 1 h à 5 h ?",
        now - timedelta(days=20),
        now - timedelta(days=6),
        authority,
    )
    _schedule_approval(published, authority, admin)
    eligible = list(db.session.scalars(eligible_users(published)))
    chosen = rng.sample(eligible, min(8, len(eligible)))
    credentials = _election(published, staff, authority, made, 6, now - timedelta(days=21))
    _cast(published, chosen[:6], credentials, 0.6, rng, now - timedelta(days=10))
    _paper(published, chosen[6:], authority, now - timedelta(days=7))
    election = encrypted.election_of(published.id)
    archive = encrypted.archive_of(election) if election is not None else None
    assert election is not None and archive is not None  # nosec B101  # made above
    archive.close()
    election.tallied_at = now - timedelta(days=6)
    keys, threshold_key, _parts = made
    for number, trustee in enumerate(election.trustees, start=1):
        partial = belenios.trustee_partial_decryption(
            archive, keys[number - 1], threshold_key.decryption_keys[number - 1], number
        )
        archive.add_partial_decryption(partial)
        trustee.decrypted_at = now - timedelta(days=5, hours=number)
    encrypted.store_result(election, published)
    db.session.flush()
    request_publication(published.id, actor=authority, now=now - timedelta(days=4, hours=2))
    approve_publication(published.id, actor=admin, now=now - timedelta(days=4))

    opened = _votation(
        "Jardins partagés",
        "Faut-il créer des jardins partagés au parc des Sablons ?",
        now - timedelta(days=1),
        now + timedelta(days=13),
        authority,
    )
    _schedule_approval(opened, authority, admin)
    eligible = list(db.session.scalars(eligible_users(opened)))
    credentials = _election(opened, staff, authority, made, 12, now - timedelta(days=2))
    voters = rng.sample(eligible, min(3, len(eligible)))
    _cast(opened, voters, credentials, 0.7, rng, now - timedelta(hours=20))
    # The letters the authority would send: the unused credentials, for trying the vote.
    (folder / f"votation-{opened.id}-codes-de-vote.txt").write_text(
        "".join(f"{credential}\n" for credential in credentials[len(voters) :])
    )
    db.session.flush()
    summary.append(
        f"2 encrypted votations (one published, one open); demo trustees' keys and voters' "
        f"credentials in {folder}"
    )
