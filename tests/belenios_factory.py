"""Encrypted votations for the tests: a 2-of-3 trustees' ceremony made once per process
(belenios-tool takes about a second for it), given to any votation in a few ms.

The trustees' private keys and the voters' private credentials exist only here, as
they would only exist on the trustees' devices and with the credential authority.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from flask import Flask

from civic import belenios
from civic.extensions import db
from civic.models import Votation
from civic.models.elections import VotationElection, VotationTrustee
from civic.votations import encrypted

needs_belenios = pytest.mark.skipif(
    not belenios.available(),
    reason="belenios-tool is not installed (apt-get install belenios-tool; CI installs it)",
)


@dataclass(frozen=True)
class Ceremony:
    keys: tuple[belenios.TrusteeKey, ...]
    certificates: tuple[str, ...]
    polynomials: tuple[str, ...]
    vinputs: tuple[str, ...]
    voutputs: tuple[str, ...]
    threshold_key: belenios.ThresholdKey
    threshold: int = 2


@functools.cache
def ceremony() -> Ceremony:
    """The threshold ceremony, each trustee's steps played as on their own device."""
    keys = tuple(belenios.trustee_generate_key() for _ in range(3))
    certificates = tuple(k.certificate for k in keys)
    polynomials = tuple(belenios.trustee_polynomial(certificates, k, 2) for k in keys)
    vinputs = tuple(belenios.verification_inputs(certificates, polynomials))
    voutputs = tuple(
        belenios.trustee_verification(certificates, k, v)
        for k, v in zip(keys, vinputs, strict=True)
    )
    threshold_key = belenios.combine_trustees(certificates, polynomials, voutputs)
    return Ceremony(keys, certificates, polynomials, vinputs, voutputs, threshold_key)


def give_election(
    app: Flask,
    votation_id: int,
    *,
    trustee_ids: list[int],
    authority_id: int,
    voters: int,
    open_box: bool = True,
) -> tuple[str, ...]:
    """A finished ceremony and ``voters`` credentials for the votation; returns the
    private credentials (the letters the authority sends). With ``open_box``, the
    election and its empty archive are made as scheduling makes them."""
    made = ceremony()
    with app.app_context():
        uuid = belenios.new_uuid()
        credentials = belenios.generate_credentials(uuid, voters)
        election = VotationElection(
            votation_id=votation_id,
            uuid=uuid,
            threshold=made.threshold,
            credential_authority_id=authority_id,
            public_credentials=json.dumps(list(credentials.public)),
            trustees_json=made.threshold_key.trustees,
            created_at=datetime.now(UTC),
        )
        election.trustees = [
            VotationTrustee(
                votation_id=votation_id,
                position=n,
                user_id=user_id,
                certificate=made.certificates[n - 1],
                polynomial=made.polynomials[n - 1],
                vinput=made.vinputs[n - 1],
                voutput=made.voutputs[n - 1],
                decryption_key=made.threshold_key.decryption_keys[n - 1],
            )
            for n, user_id in enumerate(trustee_ids, start=1)
        ]
        db.session.add(election)
        db.session.flush()
        if open_box:
            votation = db.session.get(Votation, votation_id)
            assert votation is not None
            encrypted.open_election(votation)
        db.session.commit()
        return credentials.private


def partial_decryption(app: Flask, votation_id: int, number: int) -> str:
    """Trustee ``number``'s partial decryption, made on their device from the archive."""
    made = ceremony()
    with app.app_context():
        election = db.session.get(VotationElection, votation_id)
        assert election is not None
        archive = encrypted.archive_of(election)
        assert archive is not None
        return belenios.trustee_partial_decryption(
            archive,
            made.keys[number - 1],
            made.threshold_key.decryption_keys[number - 1],
            number,
        )
