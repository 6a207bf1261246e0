"""Encrypted online votations: the votation's Belenios election (docs/belenios.md).

An online ballot becomes a Belenios ballot before anything is stored: the server builds
it from the voter's private credential (which the server never holds: the credential
authority hands it to the voter) and the choice, validates it with Belenios' own
verification, and only then records the voter in the register and the ballot in the
election's archive, in one step. The plaintext choice exists only in the request and
in a temporary file ``belenios-tool`` reads, removed at once; it is never stored nor
logged. The online result is decrypted by k of the n trustees; the archive, published,
verifies with ``belenios-tool election verify``.

The ceremony that makes the election's key is in :mod:`civic.votations.trustees`.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from civic import belenios
from civic.extensions import db
from civic.models import Ballot, User, VoterRegister
from civic.models.elections import CastCredential, VotationElection
from civic.models.votations import (
    BALLOT_BLANK,
    CHANNEL_ONLINE,
    CHANNEL_PAPER,
    Votation,
    VotationQuestion,
)
from civic.services import Refused
from civic.votations import track
from civic.votations.eligibility import local_day, refusal_reason
from civic.votations.services import get_votation
from civic.votations.voting import (
    already_voted_message,
    choices_of,
    is_closed,
    is_open,
    register_entry,
)

VERIFY_COMMAND = "belenios-tool election verify --dir DIR"
CREDENTIAL_MAX = 200

# One ElectionArchive per archive file and process: it keeps the election's public
# credentials once read, instead of reading them from the archive at every ballot.
_ARCHIVES: dict[Path, belenios.ElectionArchive] = {}


def election_of(votation_id: int) -> VotationElection | None:
    return db.session.get(VotationElection, votation_id)


def offers_online(votation: Votation) -> bool:
    """Whether residents may vote online (a vote at polling stations needs no election)."""
    return CHANNEL_ONLINE in votation.channels


def archive_directory(votation_id: int) -> Path:
    return Path(current_app.instance_path) / "belenios" / f"votation-{votation_id}"


def archive_of(election: VotationElection) -> belenios.ElectionArchive | None:
    """The election's ballot box, once the votation has opened."""
    if election.election_json is None:
        return None
    directory = archive_directory(election.votation_id)
    path = directory / f"{election.uuid}.bel"
    if path not in _ARCHIVES:
        if not path.exists():
            return None
        _ARCHIVES[path] = belenios.ElectionArchive(directory, election.uuid)
    return _ARCHIVES[path]


def questions_of(votation: Votation) -> list[belenios.Question]:
    """The votation's questions as Belenios asks them: the blank vote first, then each choice."""
    return [
        belenios.Question(q.text, tuple(label for _code, label in choices_of(q)), blank=True)
        for q in votation.questions
    ]


# -- opening


def ceremony_finished(election: VotationElection) -> bool:
    return election.trustees_json is not None and election.public_credentials is not None


def refuse_unready_to_open(votation: Votation) -> None:
    """An online votation opens only with belenios-tool and a finished ceremony."""
    if not offers_online(votation):
        return
    if not belenios.available():
        raise Refused(str(belenios.BeleniosMissing()))
    election = election_of(votation.id)
    if election is None:
        raise Refused(
            _(
                "Un vote en ligne est chiffré : nommez d'abord ses garants (membres du bureau "
                "de vote qui détiennent la clé de dépouillement) et l'autorité des codes de vote."
            )
        )
    if election.trustees_json is None:
        raise Refused(
            _(
                "La cérémonie des clés n'est pas terminée : chaque garant doit encore faire "
                "ses étapes sur la page des garants."
            )
        )
    if election.public_credentials is None:
        raise Refused(
            _(
                "L'autorité des codes de vote n'a pas encore déposé les codes publics des "
                "votants : le vote en ligne ne peut pas être ouvert."
            )
        )


def open_election(votation: Votation) -> None:
    """Make the election (its questions are final now) and its empty ballot box.

    Called when the votation is scheduled, in the caller's transaction. Scheduling
    again after an edit makes it again: no ballot can be in a box before opening."""
    if not offers_online(votation):
        return
    refuse_unready_to_open(votation)
    election = election_of(votation.id)
    if election is None or election.trustees_json is None or not election.public_credentials:
        return  # refused above
    template = belenios.election_template(
        votation.title, votation.easy_read[:2000], questions_of(votation)
    )
    made = belenios.make_election(election.uuid, template, election.trustees_json)
    directory = archive_directory(votation.id)
    shutil.rmtree(directory, ignore_errors=True)
    _ARCHIVES.pop(directory / f"{election.uuid}.bel", None)
    belenios.ElectionArchive.create(
        directory, made, election.trustees_json, json.loads(election.public_credentials)
    )
    election.election_json = made


# -- casting


def _choice_vectors(votation: Votation, answers: dict[int, str]) -> list[list[int]]:
    vectors = []
    for question in votation.questions:
        codes = [BALLOT_BLANK] + [code for code, _label in choices_of(question)]
        choice = answers.get(question.id)
        if choice not in codes:
            raise Refused(
                _("Répondez à chaque question (le vote blanc est possible)."), f"q{question.id}"
            )
        vectors.append([1 if code == choice else 0 for code in codes])
    return vectors


@dataclass(frozen=True)
class PreparedBallot:
    """A validated Belenios ballot: encrypted, nothing of the choice in clear."""

    ballot: str
    credential: str  # the ballot's PUBLIC credential
    tracker: str


def _checked(votation: Votation, user: User, now: datetime) -> None:
    if not is_open(votation, now):
        raise Refused(
            _("Le vote n'est pas ouvert : il n'est possible que pendant la période de vote.")
        )
    track.refuse_online(votation)  # a vote of the law is cast at a polling station
    reason = refusal_reason(votation, user)
    if reason:
        raise Refused(reason)
    entry = register_entry(votation.id, user.id)
    if entry is not None:
        raise Refused(already_voted_message(entry))


def prepare_ballot(
    votation: Votation, *, user: User, answers: dict[int, str], credential: str, now: datetime
) -> PreparedBallot:
    """Encrypt the choice with the voter's credential and validate the ballot (no writes).

    Runs before the write lock: building (~50 ms) and validating (~145 ms) a ballot
    need no lock."""
    _checked(votation, user, now)
    election = election_of(votation.id)
    archive = archive_of(election) if election is not None else None
    if archive is None:
        raise Refused(_("L'urne chiffrée de cette votation n'est pas prête."))
    vectors = _choice_vectors(votation, answers)
    code = "".join((credential or "").split())
    if not code or len(code) > CREDENTIAL_MAX or not code.isascii() or not code.isprintable():
        raise Refused(_("Indiquez votre code de vote, reçu par courrier."), "credential")
    try:
        ballot = belenios.generate_ballot(archive, code, vectors)
        tracker = archive.validate_ballot(ballot)
    except belenios.BeleniosError:
        # The tool's message is not repeated: it may quote what it was given.
        raise Refused(
            _("Ce code de vote n'est pas valable pour cette votation : vérifiez-le."),
            "credential",
        ) from None
    return PreparedBallot(ballot, str(json.loads(ballot)["credential"]), tracker)


def cast_prepared(votation_id: int, *, user: User, prepared: PreparedBallot, now: datetime) -> str:
    """Record the voter in the register and put their validated ballot in the box.

    The register row (one voice per person, online and paper) and the credential's row
    (one ballot per credential) are flushed first: a second vote fails before the box is
    touched. The votation's status is read again under a shared row lock, as for any
    vote, so no ballot lands after the box was closed for the count."""
    votation = get_votation(votation_id)
    db.session.refresh(
        votation, ["status", "opens_at", "closes_at"], with_for_update={"read": True}
    )
    _checked(votation, user, now)
    election = election_of(votation.id)
    archive = archive_of(election) if election is not None else None
    if election is None or archive is None or election.tallied_at is not None:
        raise Refused(_("L'urne chiffrée de cette votation est close."))
    db.session.add(
        VoterRegister(
            votation_id=votation.id,
            user_id=user.id,
            channel=CHANNEL_ONLINE,
            voted_on=local_day(now),
        )
    )
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused(already_voted_message(register_entry(votation_id, user.id))) from None
    db.session.add(CastCredential(votation_id=votation.id, credential=prepared.credential))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused(_("Ce code de vote a déjà servi."), "credential") from None
    try:
        tracker = archive.cast(prepared.ballot, cast_credentials=(), validated=True)
    except belenios.BeleniosError:
        db.session.rollback()
        raise Refused(_("Ce code de vote a déjà servi."), "credential") from None
    db.session.commit()
    return tracker


# -- counting


def online_voters(votation_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(VoterRegister)
            .where(
                VoterRegister.votation_id == votation_id,
                VoterRegister.channel == CHANNEL_ONLINE,
            )
        )
        or 0
    )


def online_counts(election: VotationElection, question: VotationQuestion) -> dict[str, int]:
    """The decrypted online counts of one question ({} before the trustees decrypt)."""
    if election.result_json is None:
        return {}
    return {
        str(code): int(n)
        for code, n in json.loads(election.result_json).get(str(question.id), {}).items()
    }


def store_result(election: VotationElection, votation: Votation) -> None:
    """Read the result the trustees' shares made out of the archive into the election."""
    archive = archive_of(election)
    if archive is None:
        return
    result = archive.compute_result()
    stored = {}
    for question, counts in zip(votation.questions, result.counts, strict=True):
        codes = [BALLOT_BLANK] + [code for code, _label in choices_of(question)]
        stored[str(question.id)] = dict(zip(codes, counts, strict=True))
    election.result_json = json.dumps(stored, sort_keys=True)


def close_box(votation_id: int, *, actor: User, now: datetime) -> None:
    """After closing: the end of voting and the encrypted tally enter the archive.

    The votation's row is locked first: a ballot being cast (which holds it shared) is
    waited for, and none can follow."""
    from civic.audit import services as audit

    votation = get_votation(votation_id)
    db.session.refresh(votation, with_for_update=True)
    election = election_of(votation.id)
    archive = archive_of(election) if election is not None else None
    if election is None or archive is None:
        raise Refused(_("Cette votation n'a pas d'urne chiffrée."))
    if not is_closed(votation, now):
        raise Refused(_("L'urne ne peut être close qu'après la fin du vote."))
    if election.tallied_at is not None:
        raise Refused(_("L'urne est déjà close et son total chiffré calculé."))
    archive.close()
    election.tallied_at = now
    audit.record(
        actor=actor,
        action="votation.encrypted_box_closed",
        object_type="votation",
        object_id=votation.id,
        after={"ballots": len(archive.cast_credentials())},
        now=now,
    )
    db.session.commit()


def refuse_unready_to_publish(votation: Votation) -> None:
    """The online result is decrypted, the box holds one ballot per online voter of the
    register, and the archive verifies."""
    election = election_of(votation.id)
    archive = archive_of(election) if election is not None else None
    if election is None or archive is None:
        return
    if election.result_json is None:
        raise Refused(
            _(
                "Le résultat du vote en ligne n'est pas encore déchiffré : il faut le "
                "déchiffrement partiel de %(k)s garants.",
                k=election.threshold,
            )
        )
    in_box, voters = len(archive.cast_credentials()), online_voters(votation.id)
    if in_box != voters:
        raise Refused(
            _(
                "Publication impossible : l'urne chiffrée contient %(ballots)s bulletins pour "
                "%(voters)s votants en ligne émargés.",
                ballots=in_box,
                voters=voters,
            )
        )
    try:
        archive.verify()
    except belenios.VerificationFailed:
        raise Refused(
            _(
                "Publication impossible : l'archive du vote chiffré ne se vérifie pas "
                "(belenios-tool election verify échoue : un bulletin, le total chiffré ou le "
                "résultat a été modifié depuis son dépôt). Rien n'est publié. Comparez "
                "l'archive du serveur avec les copies téléchargées par les garants."
            )
        ) from None


# -- what is published


def online_choices(question: VotationQuestion) -> list[str]:
    """The online ballots of a question as choice codes, from the decrypted counts (the
    encrypted ballots themselves are in the archive, never in the ballots table)."""
    election = election_of(question.votation_id)
    if election is None:
        return []
    return [code for code, n in online_counts(election, question).items() for _ in range(n)]


@dataclass(frozen=True)
class ChannelLine:
    """One line of the published totals: the online result, a paper station, the total."""

    place: str
    counts: dict[str, int]  # choice code, "blanc", "nul" -> ballots

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ChannelTable:
    question: VotationQuestion
    columns: list[tuple[str, str]]  # (code, label)
    lines: list[ChannelLine]


def channel_tables(votation: Votation) -> list[ChannelTable]:
    """Per question: the verified online result, each station's paper totals, their sum."""
    from civic.models.votations import BALLOT_NULL

    election = election_of(votation.id)
    if election is None or election.result_json is None:
        return []
    tables = []
    for question in votation.questions:
        columns = [
            *choices_of(question),
            (BALLOT_BLANK, _("Blancs")),
            (BALLOT_NULL, _("Nuls")),
        ]
        online = online_counts(election, question)
        lines = [ChannelLine(_("En ligne (chiffré, vérifié)"), online)]
        paper: dict[str, Counter[str]] = {}
        for station, choice, n in db.session.execute(
            select(Ballot.polling_station, Ballot.choice, func.count())
            .where(Ballot.question_id == question.id, Ballot.channel == CHANNEL_PAPER)
            .group_by(Ballot.polling_station, Ballot.choice)
        ):
            paper.setdefault(station or "—", Counter())[choice] += int(n)
        for station in sorted(paper):
            lines.append(ChannelLine(station, dict(paper[station])))
        total: Counter[str] = Counter()
        for line in lines:
            total.update(line.counts)
        lines.append(ChannelLine(_("Total"), dict(total)))
        tables.append(ChannelTable(question, columns, lines))
    return tables


def verification_of(votation: Votation) -> dict[str, str] | None:
    """What the API gives anyone to check a published encrypted votation."""
    from civic.models.votations import STATUS_PUBLISHED

    election = election_of(votation.id)
    if votation.status != STATUS_PUBLISHED or election is None or election.result_json is None:
        return None
    return {
        "archive": url_for("votations.archive", votation_id=votation.id, _external=True),
        "command": VERIFY_COMMAND,
    }


def trackers_of(election: VotationElection) -> list[str]:
    """The published list of trackers, sorted (not in the order of voting)."""
    archive = archive_of(election)
    return sorted(archive.trackers()) if archive is not None else []
