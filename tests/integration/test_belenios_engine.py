"""The encrypted ballot engine (civic/belenios.py) driving the real belenios-tool.

One 2-of-3 threshold election of four voters on a yes/no question is run once for the
module, as Civic will run it: trustees' ceremony, credentials, ballots validated before
they enter the box, encrypted tally, two trustees' partial decryptions, result,
verification of the archive.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from civic import belenios
from civic.belenios import (
    BallotRefused,
    BeleniosMissing,
    ElectionArchive,
    PartialDecryptionRefused,
    Question,
    TrusteeKey,
    VerificationFailed,
)

needs_tool = pytest.mark.skipif(
    not belenios.available(),
    reason="belenios-tool is not installed (apt-get install belenios-tool; CI installs it)",
)

YES = [[1, 0]]
NO = [[0, 1]]


@dataclass
class Election:
    archive: ElectionArchive
    keys: list[TrusteeKey]
    decryption_keys: tuple[str, ...]
    private_credentials: tuple[str, ...]
    trackers: list[str]
    result: belenios.Result | None = None
    refusals: list[str] = field(default_factory=list)


def ceremony(threshold: int, trustees: int) -> tuple[list[TrusteeKey], belenios.ThresholdKey]:
    """The threshold ceremony: trustees' steps on their devices, the server's on public parts."""
    keys = [belenios.trustee_generate_key() for _ in range(trustees)]  # step 1, each trustee
    certificates = [k.certificate for k in keys]  # uploaded
    belenios.check_certificates(certificates)  # step 2, server
    polynomials = [belenios.trustee_polynomial(certificates, k, threshold) for k in keys]  # step 3
    vinputs = belenios.verification_inputs(certificates, polynomials)  # step 4, server
    voutputs = [
        belenios.trustee_verification(certificates, k, v)
        for k, v in zip(keys, vinputs, strict=True)
    ]
    return keys, belenios.combine_trustees(certificates, polynomials, voutputs)  # step 6


def open_election(directory: Path, voters: int) -> Election:
    keys, threshold_key = ceremony(threshold=2, trustees=3)
    uuid = belenios.new_uuid()
    credentials = belenios.generate_credentials(uuid, voters)  # credential authority
    template = belenios.election_template(
        "Votation", "Une question", [Question("Piétonniser la place ?", ("Oui", "Non"))]
    )
    election = belenios.make_election(uuid, template, threshold_key.trustees)
    archive = ElectionArchive.create(
        directory, election, threshold_key.trustees, credentials.public
    )
    return Election(archive, keys, threshold_key.decryption_keys, credentials.private, [])


def decrypt_by(election: Election, trustee_numbers: list[int]) -> None:
    for number in trustee_numbers:
        partial = belenios.trustee_partial_decryption(
            election.archive,
            election.keys[number - 1],
            election.decryption_keys[number - 1],
            number,
        )
        election.archive.add_partial_decryption(partial)


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> Election:
    """Four voters: yes, yes, no, yes; the fourth then tries to vote again (no)."""
    election = open_election(tmp_path_factory.mktemp("election"), voters=4)
    archive = election.archive
    for voter, choice in enumerate([YES, YES, NO, YES]):
        ballot = belenios.generate_ballot(archive, election.private_credentials[voter], choice)
        election.trackers.append(archive.cast(ballot))
    again = belenios.generate_ballot(archive, election.private_credentials[3], NO)
    with pytest.raises(BallotRefused) as refused:
        archive.cast(again)
    election.refusals.append(str(refused.value))
    archive.close()
    decrypt_by(election, [1, 3])  # any two of the three trustees
    election.result = archive.compute_result()
    return election


def copy_of(election: Election, tmp_path: Path) -> ElectionArchive:
    shutil.copytree(election.archive.directory, tmp_path / "copy")
    return ElectionArchive(tmp_path / "copy", election.archive.uuid)


def rewrite(archive: ElectionArchive, change: Callable[[str], str | None]) -> None:
    """Rewrite the archive's tar file with one data file changed (names kept)."""
    with tarfile.open(archive.path) as original:
        members = [(m, original.extractfile(m)) for m in original.getmembers()]
        contents = [(m, f.read() if f else b"") for m, f in members]
    changed = False
    with tarfile.open(archive.path, "w") as altered:
        for member, content in contents:
            new = None if changed else change(content.decode())
            if new is not None:
                content, changed = new.encode(), True
            member.size = len(content)
            altered.addfile(member, io.BytesIO(content))
    assert changed


@needs_tool
def test_the_decrypted_result_of_a_two_of_three_election_equals_the_choices(
    counted: Election,
) -> None:
    assert counted.result is not None
    assert counted.result.counts == ((3, 1),)


@needs_tool
def test_the_archive_verifies_with_belenios_tool(counted: Election) -> None:
    counted.archive.verify()
    # The command published for anyone to check, run as they would.
    command = ["belenios-tool", "election", "verify", "--dir", str(counted.archive.directory)]
    checked = subprocess.run(command, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr


@needs_tool
def test_the_box_holds_ballots_only_and_publishes_every_voters_tracker(counted: Election) -> None:
    ballots = counted.archive.ballots()
    assert counted.archive.trackers() == counted.trackers
    assert len(set(counted.trackers)) == 4
    sha = belenios.run(["sha256-b64"], cwd=counted.archive.directory, stdin=ballots[0])
    assert sha.strip() == counted.trackers[0]


@needs_tool
def test_altering_one_ballot_makes_verification_fail(counted: Election, tmp_path: Path) -> None:
    archive = copy_of(counted, tmp_path)

    def flip_a_digit_of_a_ballot(text: str) -> str | None:
        if '"election_uuid"' not in text or '"answers"' not in text:
            return None
        ballot = json.loads(text)
        alpha = ballot["answers"][0]["choices"][0]["alpha"]
        ballot["answers"][0]["choices"][0]["alpha"] = alpha[:-1] + (
            "1" if alpha[-1] != "1" else "2"
        )
        return json.dumps(ballot, separators=(",", ":"))

    rewrite(archive, flip_a_digit_of_a_ballot)
    with pytest.raises(VerificationFailed):
        archive.verify()


@needs_tool
def test_altering_the_result_makes_verification_fail(counted: Election, tmp_path: Path) -> None:
    archive = copy_of(counted, tmp_path)

    def swap_the_counts(text: str) -> str | None:
        if not text.startswith('{"num_tallied"'):
            return None
        result = json.loads(text)
        result["result"] = [[2, 2 + 1]]
        return json.dumps(result, separators=(",", ":"))

    rewrite(archive, swap_the_counts)
    with pytest.raises(VerificationFailed):
        archive.verify()


@needs_tool
def test_the_same_credential_cannot_cast_twice(counted: Election) -> None:
    assert counted.refusals == ["belenios ballot: this credential has already cast a ballot"]
    credentials = [json.loads(b)["credential"] for b in counted.archive.ballots()]
    assert len(credentials) == len(set(credentials)) == 4
    assert counted.archive.cast_credentials() == credentials


@needs_tool
def test_belenios_alone_would_take_a_second_ballot_of_a_credential_and_count_the_last(
    tmp_path: Path,
) -> None:
    # Why the box refuses it: `archive add-event` checks nothing and Belenios' rule is
    # that the last ballot of a credential counts (re-voting), and the archive verifies.
    election = open_election(tmp_path / "box", voters=1)
    archive = election.archive
    archive.cast(belenios.generate_ballot(archive, election.private_credentials[0], YES))
    again = belenios.generate_ballot(archive, election.private_credentials[0], NO)
    belenios.run(["archive", "add-event", "--type=Ballot"], cwd=archive.directory, stdin=again)
    archive.close()
    decrypt_by(election, [2, 3])
    assert archive.compute_result().counts == ((0, 1),)
    archive.verify()


@needs_tool
def test_ballots_cast_at_the_same_time_all_enter_the_box_and_it_verifies(tmp_path: Path) -> None:
    election = open_election(tmp_path / "box", voters=6)
    archive = election.archive
    ballots = [belenios.generate_ballot(archive, c, YES) for c in election.private_credentials]
    with ThreadPoolExecutor(max_workers=6) as pool:
        trackers = list(pool.map(archive.cast, ballots))
    assert sorted(archive.trackers()) == sorted(trackers)
    archive.verify()


@needs_tool
def test_a_ballot_not_valid_for_the_election_is_refused_before_entering_the_box(
    tmp_path: Path,
) -> None:
    election = open_election(tmp_path / "box", voters=2)
    other = belenios.generate_credentials(election.archive.uuid, 1)
    archive = election.archive
    good = belenios.generate_ballot(archive, election.private_credentials[0], YES)

    # A credential that is not one of the election's.
    stranger = belenios.generate_ballot(archive, other.private[0], YES)
    with pytest.raises(BallotRefused, match="not one of this election's"):
        archive.validate_ballot(stranger)

    # A choice outside the question (both answers at once): Belenios makes no ballot.
    with pytest.raises(belenios.BeleniosError, match="generate-ballot"):
        belenios.generate_ballot(archive, election.private_credentials[1], [[1, 1]])

    # A forged ballot: its encryption changed after the voter's proofs were made. Only
    # Belenios' own verification can see it (its credential and election are right).
    forged = json.loads(good)
    alpha = forged["answers"][0]["choices"][0]["alpha"]
    forged["answers"][0]["choices"][0]["alpha"] = alpha[:-1] + ("1" if alpha[-1] != "1" else "2")
    with pytest.raises(BallotRefused, match="election verify: .*invalid ballot"):
        archive.cast(json.dumps(forged, separators=(",", ":")))
    assert archive.ballots() == []

    # The same ballot again (a replay).
    archive.cast(good)
    with pytest.raises(BallotRefused, match="already cast"):
        archive.cast(good)
    with pytest.raises(BallotRefused, match="already cast"):
        archive.cast(good, cast_credentials={json.loads(good)["credential"]})
    assert archive.ballots() == [good]

    # Not a ballot at all.
    with pytest.raises(BallotRefused):
        archive.cast("yes")

    assert archive.ballots() == [good]


@needs_tool
def test_a_wrong_partial_decryption_is_refused(tmp_path: Path) -> None:
    election = open_election(tmp_path / "box", voters=1)
    archive = election.archive
    archive.cast(belenios.generate_ballot(archive, election.private_credentials[0], YES))
    archive.close()
    key, dkey = election.keys[0], election.decryption_keys[0]

    # Trustee 1's share presented as trustee 2's.
    wrong_id = belenios.trustee_partial_decryption(archive, key, dkey, 2)
    with pytest.raises(PartialDecryptionRefused):
        archive.add_partial_decryption(wrong_id)

    # A share whose decryption factor was changed (its hash kept consistent).
    factors, owner = belenios.trustee_partial_decryption(archive, key, dkey, 1).splitlines()
    assert json.loads(owner)["payload"] == hashlib.sha256(factors.encode()).hexdigest()
    altered = json.loads(factors)
    factor = altered["decryption_factors"][0][0]
    altered["decryption_factors"][0][0] = factor[:-1] + ("1" if factor[-1] != "1" else "2")
    altered_factors = json.dumps(altered, separators=(",", ":"))
    altered_owner = {"owner": 1, "payload": hashlib.sha256(altered_factors.encode()).hexdigest()}
    with pytest.raises(PartialDecryptionRefused):
        archive.add_partial_decryption(altered_factors + "\n" + json.dumps(altered_owner))

    # The right share is taken; with two of them the result comes out and verifies.
    right = belenios.trustee_partial_decryption(archive, key, dkey, 1)
    assert archive.add_partial_decryption(right) == 1
    with pytest.raises(PartialDecryptionRefused, match="trustee 1 already sent"):
        archive.add_partial_decryption(right)
    decrypt_by(election, [2])
    assert archive.compute_result().counts == ((1, 0),)
    archive.verify()


def test_without_belenios_tool_the_engine_says_online_votations_cannot_be_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert not belenios.available()
    with pytest.raises(BeleniosMissing) as refused:
        belenios.new_uuid()
    assert "votation en ligne ne peut pas être ouverte" in str(refused.value)
    assert "papier" in str(refused.value)
