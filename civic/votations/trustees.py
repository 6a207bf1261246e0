"""The trustees' threshold ceremony and decryption, and the credential authority's upload
(docs/belenios.md).

Each trustee runs ``belenios-tool`` on their own device and uploads only public parts:
certificate (step 1), polynomial (step 3), verification answer (step 5), then, after
closing, their partial decryption. The server runs steps 2, 4 and 6 on those public
parts. It never holds a trustee's private key, nor a voter's private credential.
Naming the trustees is in :mod:`civic.votations.trustee_naming`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from civic import belenios
from civic.audit import services as audit
from civic.extensions import db
from civic.models import User
from civic.models.elections import VotationElection, VotationTrustee
from civic.services import Refused
from civic.votations import encrypted
from civic.votations.services import get_votation

UPLOAD_MAX = 1_000_000  # characters of one trustee's upload
CREDENTIALS_MAX = 200_000  # public credentials of one election

STEP_NAMES = {
    "certificates": _l("Étape 1 : chaque garant crée sa clé"),
    "polynomials": _l("Étape 3 : chaque garant crée son polynôme"),
    "verification": _l("Étape 5 : chaque garant vérifie les parts reçues"),
    "credentials": _l("Codes de vote : l'autorité dépose les codes publics"),
    "ready": _l("Prêt : le vote en ligne peut ouvrir"),
    "voting": _l("Vote en cours"),
    "decryption": _l("Dépouillement : les garants déchiffrent le total"),
    "decrypted": _l("Résultat déchiffré"),
}


def step_of(election: VotationElection) -> str:
    trustees = election.trustees
    if election.result_json is not None:
        return "decrypted"
    if election.tallied_at is not None:
        return "decryption"
    if any(t.certificate is None for t in trustees):
        return "certificates"
    if any(t.polynomial is None for t in trustees):
        return "polynomials"
    if election.trustees_json is None:
        return "verification"
    if election.public_credentials is None:
        return "credentials"
    return "voting" if election.election_json is not None else "ready"


def _locked_election(votation_id: int) -> VotationElection:
    election = encrypted.election_of(votation_id)
    if election is None:
        raise Refused(_("Cette votation n'a pas de garants."))
    db.session.refresh(election, with_for_update=True)
    return election


def _trustee(election: VotationElection, position: int, actor: User) -> VotationTrustee:
    for trustee in election.trustees:
        if trustee.position == position:
            if trustee.user_id != actor.id:
                raise Refused(_("Seul ce garant peut déposer ses fichiers."))
            return trustee
    raise Refused(_("Ce garant n'existe pas."))


def _clean(text: str, limit: int) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise Refused(_("Le fichier est vide."), "upload")
    if len(cleaned) > limit:
        raise Refused(_("Le fichier est trop grand."), "upload")
    return cleaned


def _json_lines(text: str) -> None:
    try:
        for line in text.splitlines():
            json.loads(line)
    except ValueError:
        raise Refused(
            _("Ce fichier n'est pas celui que belenios-tool produit à cette étape."), "upload"
        ) from None


def _refused_by_tool(message: str) -> Refused:
    return Refused(
        _(
            "Belenios refuse ce fichier (%(reason)s) : refaites l'étape avec la commande indiquée.",
            reason=message[:300],
        ),
        "upload",
    )


def upload(votation_id: int, position: int, *, actor: User, text: str, now: datetime) -> str:
    """The trustee's public part for the current step; returns what was taken."""
    election = _locked_election(votation_id)
    trustee = _trustee(election, position, actor)
    content = _clean(text, UPLOAD_MAX)
    _json_lines(content)
    step = step_of(election)
    try:
        taken = _take(election, trustee, step, content, now)
    except belenios.BeleniosError as error:
        db.session.rollback()
        raise _refused_by_tool(str(error)) from None
    audit.record(
        actor=actor,
        action="votation.trustee_upload",
        object_type="votation",
        object_id=votation_id,
        after={"trustee": position, "step": step},
        now=now,
    )
    db.session.commit()
    return taken


def _take(
    election: VotationElection, trustee: VotationTrustee, step: str, content: str, now: datetime
) -> str:
    others = [t for t in election.trustees if t.position != trustee.position]
    if step == "certificates" and trustee.certificate is None:
        belenios.check_certificates([content])  # step 2, for this one
        if any(t.certificate == content for t in others):
            raise Refused(_("Ce certificat est déjà celui d'un autre garant."), "upload")
        trustee.certificate = content
        return str(_("Certificat reçu."))
    if step == "polynomials" and trustee.polynomial is None:
        trustee.polynomial = content
        if all(t.polynomial for t in election.trustees):
            certificates = [str(t.certificate) for t in election.trustees]
            polynomials = [str(t.polynomial) for t in election.trustees]
            vinputs = belenios.verification_inputs(certificates, polynomials)  # step 4
            for t, vinput in zip(election.trustees, vinputs, strict=True):
                t.vinput = vinput
        return str(_("Polynôme reçu."))
    if step == "verification" and trustee.voutput is None and trustee.vinput is not None:
        trustee.voutput = content
        if all(t.voutput for t in election.trustees):
            certificates = [str(t.certificate) for t in election.trustees]
            key = belenios.combine_trustees(  # step 6
                certificates,
                [str(t.polynomial) for t in election.trustees],
                [str(t.voutput) for t in election.trustees],
            )
            election.trustees_json = key.trustees
            for t, dkey in zip(election.trustees, key.decryption_keys, strict=True):
                t.decryption_key = dkey
        return str(_("Vérification reçue."))
    if step == "decryption" and trustee.decrypted_at is None:
        return _take_partial_decryption(election, trustee, content, now)
    raise Refused(_("Rien à déposer de votre part à cette étape."), "upload")


def _take_partial_decryption(
    election: VotationElection, trustee: VotationTrustee, content: str, now: datetime
) -> str:
    archive = encrypted.archive_of(election)
    if archive is None:
        raise Refused(_("Cette votation n'a pas d'urne chiffrée."))
    try:
        owner = int(json.loads(content.splitlines()[-1])["owner"])
    except (ValueError, KeyError, TypeError, IndexError):
        raise Refused(
            _("Ce fichier n'est pas un déchiffrement partiel de belenios-tool."), "upload"
        ) from None
    if owner != trustee.position:
        raise Refused(
            _(
                "Ce déchiffrement partiel est fait avec le numéro de garant %(owner)s : le "
                "vôtre est %(number)s (--trustee-id %(number)s).",
                owner=owner,
                number=trustee.position,
            ),
            "upload",
        )
    try:
        archive.add_partial_decryption(content)
    except belenios.PartialDecryptionRefused:
        raise Refused(
            _(
                "Déchiffrement partiel refusé : sa preuve ne correspond pas au total chiffré "
                "et à votre clé. Téléchargez l'archive à jour et refaites la commande."
            ),
            "upload",
        ) from None
    trustee.decrypted_at = now
    if len(archive.decrypting_trustees()) >= election.threshold:
        encrypted.store_result(election, get_votation(election.votation_id))
        return str(_("Déchiffrement partiel reçu : le résultat est déchiffré."))
    return str(_("Déchiffrement partiel reçu."))


def parse_public_credentials(text: str) -> list[str]:
    try:
        parsed = json.loads(_clean(text, CREDENTIALS_MAX * 700))
    except ValueError:
        parsed = None
    if (
        not isinstance(parsed, list)
        or not parsed
        or len(parsed) > CREDENTIALS_MAX
        or not all(isinstance(c, str) and 0 < len(c) <= 700 for c in parsed)
    ):
        raise Refused(
            _("Ce fichier n'est pas un fichier de codes publics (*.pubcreds) de belenios-tool."),
            "upload",
        )
    if len(set(parsed)) != len(parsed):
        raise Refused(_("Le fichier contient deux fois le même code public."), "upload")
    return [str(c) for c in parsed]


def upload_credentials(votation_id: int, *, actor: User, text: str, now: datetime) -> int:
    """The credential authority's public credentials (``*.pubcreds``), before opening."""
    election = _locked_election(votation_id)
    if election.credential_authority_id != actor.id:
        raise Refused(_("Seule l'autorité des codes de vote peut les déposer."))
    if election.election_json is not None:
        raise Refused(_("Le vote est ouvert : les codes de vote ne changent plus."))
    credentials = parse_public_credentials(text)
    election.public_credentials = json.dumps(credentials)
    audit.record(
        actor=actor,
        action="votation.public_credentials_uploaded",
        object_type="votation",
        object_id=votation_id,
        after={"count": len(credentials)},
        now=now,
    )
    db.session.commit()
    return len(credentials)


@dataclass(frozen=True)
class Commands:
    """The exact belenios-tool commands a trustee types on their own device."""

    step1: str
    step3: str
    step5: str
    verify: str
    decrypt: str


def commands_for(election: VotationElection, trustee: VotationTrustee) -> Commands:
    ident = belenios.certificate_id(trustee.certificate) if trustee.certificate else "ID"
    base = f"belenios-tool setup generate-trustee-key-threshold --group {belenios.GROUP}"
    return Commands(
        step1=f"{base} --step 1",
        step3=(
            f"{base} --certs certs.jsons --key {ident}.key --step 3"
            f" --threshold {election.threshold} > polynomial.json"
        ),
        step5=(
            f"{base} --certs certs.jsons --key {ident}.key --step 5"
            f" < {ident}.vinput > {ident}.voutput"
        ),
        verify=encrypted.VERIFY_COMMAND,
        decrypt=(
            f"belenios-tool election decrypt-threshold --dir DIR --key {ident}.key"
            f" --decryption-key {ident}.dkey --trustee-id {trustee.position} > partial.json"
        ),
    )


def credentials_command(election: VotationElection) -> str:
    return (
        f"belenios-tool setup generate-credentials --uuid {election.uuid}"
        f" --group {belenios.GROUP} --count N"
    )


def certificates_file(election: VotationElection) -> str | None:
    if any(t.certificate is None for t in election.trustees):
        return None
    return "".join(f"{t.certificate}\n" for t in election.trustees)
