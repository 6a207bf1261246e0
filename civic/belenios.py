"""The encrypted ballot engine: a thin, typed wrapper around Belenios' command-line tool.

Belenios (https://www.belenios.org, Debian package ``belenios-tool``) does all the
cryptography: ElGamal encryption of each choice with zero-knowledge proofs, the
homomorphic tally, threshold decryption by the trustees and public verification of
the whole election archive. Civic never does cryptography of its own: every step
below runs ``belenios-tool`` as a subprocess (never through a shell, arguments as a
list, with a timeout) and turns its error output into an exception.

Who runs what (docs/belenios.md tells the ceremony step by step):

- each trustee, on their own device: ``trustee_*`` functions (the server only gives
  them the command to type; tests and the demo call them to play the trustees);
- the credential authority, on its own device: ``generate_credentials``;
- the server: everything else, with public data only (certificates, polynomials,
  verification outputs, public credentials, ballots, partial decryptions).
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess  # nosec B404  # belenios-tool runs without a shell, arguments as a list
import tarfile
import tempfile
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l

# The 2048-bit finite-field group Belenios uses by default (its demo scripts and web
# server name it so; `belenios-tool setup make-election --help` takes it as --group).
GROUP = "BELENIOS-2048"

# Seconds a single step may take before it is abandoned. A pass over the whole box
# (tally, verification) is given more time per ballot (about 21 ms per ballot measured
# with belenios-tool 2.0: see bench/bench_belenios.py).
STEP_TIMEOUT = 60.0
SECONDS_PER_BALLOT = 0.2


# A ballot starts {"election_uuid":…,"election_hash":…,"credential":"DIGITS",…}.
_CREDENTIAL = re.compile(r'"credential":"([0-9]+)"')
_CREDENTIAL_PREFIX = 2048


class BeleniosError(Exception):
    """A belenios-tool step failed; the message is the tool's own explanation."""


class BeleniosMissing(BeleniosError):
    """belenios-tool is not installed: online votations cannot be opened."""

    def __init__(self) -> None:
        super().__init__(
            str(
                _l(
                    "Le logiciel de chiffrement des votes (belenios-tool) n'est pas installé"
                    " sur ce serveur : une votation en ligne ne peut pas être ouverte."
                    " Une votation sur papier peut l'être."
                )
            )
        )


class BallotRefused(BeleniosError):
    """A ballot that is not valid for this election: it never enters the box."""


class PartialDecryptionRefused(BeleniosError):
    """A trustee's partial decryption that does not match the encrypted tally."""


class VerificationFailed(BeleniosError):
    """The election archive does not verify."""


def tool() -> str:
    """The path of belenios-tool, or BeleniosMissing."""
    path = shutil.which("belenios-tool")
    if path is None:
        raise BeleniosMissing()
    return path


def available() -> bool:
    return shutil.which("belenios-tool") is not None


def run(
    args: Sequence[str],
    *,
    cwd: Path,
    stdin: str | None = None,
    timeout: float = STEP_TIMEOUT,
) -> str:
    """Run ``belenios-tool ARGS`` in ``cwd`` and return its standard output.

    A non-zero exit, or a timeout, raises BeleniosError with the tool's message.
    """
    command = [tool(), *args]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "BELENIOS_USE_URANDOM": "1"}
    try:
        completed = subprocess.run(  # nosec B603  # no shell, the tool found on PATH
            command,
            cwd=cwd,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BeleniosError(
            f"belenios-tool {' '.join(args[:2])}: no answer after {timeout:.0f} s"
        ) from exc
    if completed.returncode != 0:
        raise BeleniosError(_tool_message(args, completed.stderr))
    return completed.stdout


def _tool_message(args: Sequence[str], stderr: str) -> str:
    """The lines of stderr that explain the failure (not the tool's "I:" progress lines)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    reasons = [line for line in lines if not line.startswith("I:")] or lines[-1:]
    reason = " ".join(reasons).removeprefix("belenios-tool: ") or "failed without a message"
    return f"belenios-tool {' '.join(args[:2])}: {reason}"


def tracker(ballot: str) -> str:
    """The ballot's tracker: Base64 (unpadded) SHA-256 of the ballot as cast.

    The same value as ``belenios-tool sha256-b64`` (Belenios' "smart ballot tracker").
    """
    digest = hashlib.sha256(ballot.strip().encode()).digest()
    return base64.b64encode(digest).decode().rstrip("=")


def new_uuid() -> str:
    """A fresh election identifier, as Belenios makes them."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        return run(["setup", "generate-token"], cwd=Path(tmp)).strip()


def _jsons(items: Sequence[str]) -> str:
    return "".join(item.strip() + "\n" for item in items)


# --------------------------------------------------------------------------------------
# Trustees' steps: run on each trustee's own device. The private key never leaves it.


@dataclass(frozen=True)
class TrusteeKey:
    """What step 1 makes on a trustee's device: a public certificate and a private key."""

    certificate: str  # public: uploaded to the server
    private_key: str  # secret: stays on the trustee's device


def trustee_generate_key() -> TrusteeKey:
    """Ceremony step 1 (trustee): ``setup generate-trustee-key-threshold --step 1``."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        directory = Path(tmp)
        run(
            ["setup", "generate-trustee-key-threshold", "--group", GROUP, "--step", "1"],
            cwd=directory,
        )
        (cert,) = directory.glob("*.cert")
        (key,) = directory.glob("*.key")
        return TrusteeKey(cert.read_text().strip(), key.read_text().strip())


def _ceremony_step(
    directory: Path,
    step: int,
    certificates: Sequence[str],
    extra: Sequence[str] = (),
    *,
    key: TrusteeKey | None = None,
    polynomials: Sequence[str] = (),
    stdin: str | None = None,
) -> str:
    """``setup generate-trustee-key-threshold --step N`` in ``directory`` with its inputs."""
    (directory / "certs.jsons").write_text(_jsons(certificates))
    args = ["setup", "generate-trustee-key-threshold", "--group", GROUP, "--certs", "certs.jsons"]
    if key is not None:
        (directory / "trustee.key").write_text(key.private_key + "\n")
        args += ["--key", "trustee.key"]
    if polynomials:
        (directory / "polynomials.jsons").write_text(_jsons(polynomials))
        args += ["--polynomials", "polynomials.jsons"]
    return run([*args, "--step", str(step), *extra], cwd=directory, stdin=stdin).strip()


def _trustee_step(
    step: int,
    certificates: Sequence[str],
    key: TrusteeKey,
    extra: Sequence[str] = (),
    stdin: str | None = None,
) -> str:
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        return _ceremony_step(Path(tmp), step, certificates, extra, key=key, stdin=stdin)


def trustee_polynomial(certificates: Sequence[str], key: TrusteeKey, threshold: int) -> str:
    """Ceremony step 3 (trustee): the trustee's polynomial, sent to the server."""
    return _trustee_step(3, certificates, key, ["--threshold", str(threshold)])


def trustee_verification(certificates: Sequence[str], key: TrusteeKey, vinput: str) -> str:
    """Ceremony step 5 (trustee): checks the shares received, answers with a voutput."""
    return _trustee_step(5, certificates, key, stdin=vinput + "\n")


def trustee_partial_decryption(
    archive: ElectionArchive, key: TrusteeKey, decryption_key: str, trustee_id: int
) -> str:
    """Decryption (trustee): ``election decrypt-threshold`` on the trustee's copy of the archive."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        directory = Path(tmp)
        shutil.copy(archive.path, directory / archive.path.name)
        (directory / "trustee.key").write_text(key.private_key + "\n")
        (directory / "trustee.dkey").write_text(decryption_key + "\n")
        args = ["election", "decrypt-threshold", "--dir", ".", "--key", "trustee.key"]
        args += ["--decryption-key", "trustee.dkey", "--trustee-id", str(trustee_id)]
        return run(args, cwd=directory).strip()


# --------------------------------------------------------------------------------------
# Server's steps of the ceremony: public parts only.


def check_certificates(certificates: Sequence[str]) -> None:
    """Ceremony step 2 (server): every trustee's certificate is valid."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        _ceremony_step(Path(tmp), 2, certificates)


def _certificate_id(certificate: str) -> str:
    """The name belenios-tool gives a trustee's files: SHA-256 (hex) of the certificate's
    message."""
    return hashlib.sha256(str(json.loads(certificate)["message"]).encode()).hexdigest()


def certificate_id(certificate: str) -> str:
    """The ``ID`` of a trustee's files (``ID.key``, ``ID.vinput``, ``ID.dkey``)."""
    return _certificate_id(certificate)


def verification_inputs(certificates: Sequence[str], polynomials: Sequence[str]) -> list[str]:
    """Ceremony step 4 (server): one vinput per trustee, in the certificates' order.

    ``polynomials`` are the trustees' step-3 outputs in the certificates' order.
    """
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        directory = Path(tmp)
        _ceremony_step(directory, 4, certificates, polynomials=polynomials)
        return [
            (directory / f"{_certificate_id(c)}.vinput").read_text().strip() for c in certificates
        ]


@dataclass(frozen=True)
class ThresholdKey:
    """What step 6 makes on the server: the trustees' public parameters.

    ``decryption_keys`` (one per trustee, in the certificates' order) are each trustee's
    decryption key ENCRYPTED for that trustee alone: the server keeps them and gives each
    back to its trustee at decryption time; it cannot open them.
    """

    trustees: str  # trustees.json of the election
    decryption_keys: tuple[str, ...]


def combine_trustees(
    certificates: Sequence[str], polynomials: Sequence[str], voutputs: Sequence[str]
) -> ThresholdKey:
    """Ceremony step 6 (server): checks the trustees' answers and makes trustees.json."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        directory = Path(tmp)
        stdin = _jsons(voutputs)
        threshold = _ceremony_step(directory, 6, certificates, polynomials=polynomials, stdin=stdin)
        (directory / "threshold.json").write_text(threshold)
        # No single trustee key held by the server ("public_keys.jsons" stays empty).
        (directory / "public_keys.jsons").write_text("")
        run(["setup", "make-trustees", "--dir", "."], cwd=directory)
        dkeys = tuple(
            (directory / f"{_certificate_id(c)}.dkey").read_text().strip() for c in certificates
        )
        return ThresholdKey((directory / "trustees.json").read_text().strip(), dkeys)


# --------------------------------------------------------------------------------------
# Credentials: generated by the credential authority on its own device (docs/belenios.md).


@dataclass(frozen=True)
class Credentials:
    private: tuple[str, ...]  # one per voter, sent to the voter: never on the server
    public: tuple[str, ...]  # uploaded to the server (public_creds.json)


def generate_credentials(uuid: str, count: int) -> Credentials:
    """Credential authority: ``setup generate-credentials --count N`` (off the server)."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        directory = Path(tmp)
        args = ["setup", "generate-credentials", "--uuid", uuid, "--group", GROUP]
        run([*args, "--count", str(count), "--dir", "."], cwd=directory)
        (privcreds,) = directory.glob("*.privcreds")
        (pubcreds,) = directory.glob("*.pubcreds")
        private = tuple(
            line.split()[1] for line in privcreds.read_text().splitlines() if line.strip()
        )
        public = tuple(str(c) for c in json.loads(pubcreds.read_text()))
        return Credentials(private, public)


# --------------------------------------------------------------------------------------
# The election and its archive (the ballot box).


@dataclass(frozen=True)
class Question:
    text: str
    answers: tuple[str, ...]
    blank: bool = False  # a blank vote is possible (Belenios puts it first in a choice)


def election_template(name: str, description: str, questions: Sequence[Question]) -> str:
    """The template ``setup make-election`` reads (Belenios 2.0 format: one choice per question)."""
    return json.dumps(
        {
            "name": name,
            "description": description,
            "questions": [
                {
                    "question": q.text,
                    "answers": list(q.answers),
                    "blank": q.blank,
                    "min": 1,
                    "max": 1,
                }
                for q in questions
            ],
            "administrator": "Civic",
            "credential_authority": "Civic",
        },
        ensure_ascii=False,
    )


def make_election(uuid: str, template: str, trustees: str) -> str:
    """The election's public parameters (election.json): questions, group, public key."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        directory = Path(tmp)
        (directory / "template.json").write_text(template)
        (directory / "trustees.json").write_text(trustees + "\n")
        args = [
            "setup",
            "make-election",
            "--uuid",
            uuid,
            "--group",
            GROUP,
            "--template",
            "template.json",
            "--dir",
            ".",
        ]
        run(args, cwd=directory)
        return (directory / "election.json").read_text().strip()


def generate_ballot(
    archive: ElectionArchive, private_credential: str, choices: Sequence[Sequence[int]]
) -> str:
    """A Belenios ballot from the election's public data, a credential and the choice.

    ``choices`` has one list of 0/1 per question (blank first when the question allows
    it). The plaintext choice only exists in a temporary file, removed on return.
    """
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        directory = Path(tmp)
        shutil.copy(archive.path, directory / archive.path.name)
        (directory / "credential").write_text(private_credential + "\n")
        (directory / "choice.json").write_text(json.dumps([list(c) for c in choices]))
        args = [
            "election",
            "generate-ballot",
            "--dir",
            ".",
            "--privcred",
            "credential",
            "--ballot",
            "choice.json",
        ]
        return run(args, cwd=directory).strip()


@dataclass(frozen=True)
class Result:
    """The decrypted result: for each question, the count of each answer (blank first)."""

    counts: tuple[tuple[int, ...], ...]
    raw: str


class ElectionArchive:
    """An election's Belenios archive (``UUID.bel``) in a directory the caller owns.

    The archive is append-only: setup, ballots, end of voting, encrypted tally, partial
    decryptions, result. ``belenios-tool election verify --dir DIRECTORY`` checks it all.
    """

    def __init__(self, directory: Path, uuid: str) -> None:
        self.directory = directory
        self.uuid = uuid
        self.path = directory / f"{uuid}.bel"
        self._setup_parts: dict[str, str] | None = None

    # -- set-up

    @classmethod
    def create(
        cls, directory: Path, election: str, trustees: str, public_credentials: Sequence[str]
    ) -> ElectionArchive:
        """``archive init``: the archive starts with the election, its trustees and credentials."""
        uuid = str(json.loads(election)["uuid"])
        directory.mkdir(parents=True, exist_ok=True)
        _init_archive(directory, election, trustees, public_credentials)
        return cls(directory, uuid)

    def _entries(self, prefix: int | None = None) -> Iterator[tuple[str, str]]:
        """The archive's files in order, lazily: ``("", event)`` or ``(hash, data)``.

        With ``prefix``, only the first ``prefix`` bytes of each data file are read.
        """
        with tarfile.open(self.path) as archive:
            for member in archive:
                extracted = archive.extractfile(member)
                if extracted is None:
                    continue
                if member.name.endswith(".event.json"):
                    yield "", extracted.read().decode()
                elif member.name.endswith(".data.json"):
                    text = extracted.read(-1 if prefix is None else prefix).decode()
                    yield member.name.removesuffix(".data.json"), text

    def _scan(self, prefix: int | None = None) -> tuple[list[dict[str, str]], dict[str, str]]:
        """The archive's events in order, and its data by hash (``HASH.data.json``)."""
        events: list[dict[str, str]] = []
        data: dict[str, str] = {}
        for name, text in self._entries(prefix):
            if name:
                data[name] = text
            else:
                events.append(json.loads(text))
        return events, data

    def _payloads(self, kind: str) -> list[str]:
        events, data = self._scan()
        return [data[e["payload"]] for e in events if e.get("type") == kind and e.get("payload")]

    def _setup(self) -> dict[str, str]:
        """The election, its trustees and public credentials: the archive's first event."""
        if self._setup_parts is None:
            data: dict[str, str] = {}
            for name, text in self._entries():
                if name:
                    data[name] = text
                elif json.loads(text).get("type") == "Setup":
                    setup = json.loads(data[json.loads(text)["payload"]])
                    parts = ("election", "trustees", "credentials")
                    self._setup_parts = {part: data[setup[part]] for part in parts}
                    break
            else:
                raise BeleniosError("belenios archive: no setup event")
        return self._setup_parts

    def election(self) -> str:
        return self._setup()["election"]

    def trustees(self) -> str:
        return self._setup()["trustees"]

    def public_credentials(self) -> frozenset[str]:
        return frozenset(str(c) for c in json.loads(self._setup()["credentials"]))

    def cast_credentials(self) -> list[str]:
        """The public credential of each ballot in the box, in order (public data).

        Reads only the start of each ballot, where Belenios writes its credential, so that
        checking a new ballot against the box stays cheap as the box fills.
        """
        events, data = self._scan(prefix=_CREDENTIAL_PREFIX)
        credentials = []
        for event in events:
            if event.get("type") == "Ballot":
                found = _CREDENTIAL.search(data[event["payload"]])
                credentials.append(found.group(1) if found else "")
        return credentials

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time: ``archive add-event`` appends to the archive's tar file."""
        with (self.directory / f"{self.uuid}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _add_event(self, kind: str, payload: str) -> None:
        run(
            ["archive", "add-event", "--dir", ".", f"--type={kind}"],
            cwd=self.directory,
            stdin=payload + "\n" if payload else "",
        )

    def _box_timeout(self) -> float:
        return STEP_TIMEOUT + SECONDS_PER_BALLOT * self._ballot_count()

    def _ballot_count(self) -> int:
        return len(self.cast_credentials())

    def ballots(self) -> list[str]:
        """The ballots in the box, in the order they were cast."""
        return self._payloads("Ballot")

    def trackers(self) -> list[str]:
        """The published list of trackers: a voter finds theirs in it."""
        return [tracker(b) for b in self.ballots()]

    # -- casting

    def validate_ballot(self, ballot: str) -> str:
        """Refuse (BallotRefused) a ballot that is not valid for this election; else its tracker.

        ``archive add-event`` checks nothing, so the ballot is first checked by Belenios'
        own verification: in a temporary archive made of this election, its trustees and
        the ONE public credential the ballot claims (which must be one of the election's),
        holding that ballot alone, ``belenios-tool election verify`` checks the ballot's
        proofs and signature. The cost does not grow with the box.
        """
        try:
            parsed = json.loads(ballot)
            credential = str(parsed["credential"])
            uuid = str(parsed["election_uuid"])
        except (ValueError, KeyError, TypeError) as exc:
            raise BallotRefused("belenios ballot: not a Belenios ballot") from exc
        if uuid != self.uuid:
            raise BallotRefused("belenios ballot: made for another election")
        if credential not in self.public_credentials():
            raise BallotRefused("belenios ballot: its credential is not one of this election's")
        with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
            directory = Path(tmp)
            _init_archive(directory, self.election(), self.trustees(), [credential])
            try:
                run(
                    ["archive", "add-event", "--dir", ".", "--type=Ballot"],
                    cwd=directory,
                    stdin=ballot.strip() + "\n",
                )
                run(["election", "verify", "--dir", "."], cwd=directory)
            except BeleniosError as exc:
                raise BallotRefused(str(exc)) from exc
        return tracker(ballot)

    def cast(
        self,
        ballot: str,
        cast_credentials: Collection[str] | None = None,
        *,
        validated: bool = False,
    ) -> str:
        """Put a ballot in the box once it is validated; returns its tracker.

        Belenios itself lets a credential vote again and counts its LAST ballot; Civic
        keeps one voice per person (its register, across online and paper), so the box
        also refuses a second ballot of a credential (and so the replay of a ballot).
        ``cast_credentials``: the caller's own record of the public credentials already in
        the box (public data), kept in step with it; without it the archive is read
        (about 0.1 ms of CPU per ballot in the box, see bench/bench_belenios.py).
        ``validated``: the caller has just had this very ballot through ``validate_ballot``
        (outside its own locks, where the expensive check belongs) and skips a second one.
        """
        ballot_tracker = tracker(ballot) if validated else self.validate_ballot(ballot)
        with self._locked():
            if cast_credentials is None:
                cast_credentials = self.cast_credentials()
            if json.loads(ballot)["credential"] in cast_credentials:
                raise BallotRefused("belenios ballot: this credential has already cast a ballot")
            self._add_event("Ballot", ballot.strip())
        return ballot_tracker

    # -- counting

    def close(self) -> None:
        """End of voting, then the encrypted (homomorphic) tally."""
        with self._locked():
            self._add_event("EndBallots", "")
            timeout = self._box_timeout()
            tally = run(
                ["election", "compute-encrypted-tally", "--dir", "."],
                cwd=self.directory,
                timeout=timeout,
            )
            self._add_event("EncryptedTally", tally.strip())

    def add_partial_decryption(self, partial_decryption: str) -> int:
        """Take a trustee's partial decryption once its proof is checked; returns its number.

        ``partial_decryption`` is what ``election decrypt-threshold`` prints: the decryption
        factors with their proofs, then a line naming the trustee (``{"owner": N, ...}``).

        ``election verify`` does not look at partial decryptions before a result exists
        (belenios-tool 2.0), but ``election compute-result`` checks every one's proof
        against its trustee's verification key before counting them. So on a copy of the
        archive with this partial decryption added, compute-result must either give the
        result or answer "not enough partial decryptions"; anything else
        ("invalid partial decryption"…) refuses it (PartialDecryptionRefused). The k-th
        share's check gives the result, which is added to the archive with it.
        """
        try:
            lines = partial_decryption.strip().splitlines()
            owner = int(json.loads(lines[-1])["owner"])
            for line in lines:
                json.loads(line)
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise PartialDecryptionRefused("belenios partial decryption: unreadable") from exc
        self._refuse_a_second_share(owner)
        with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
            directory = Path(tmp)
            shutil.copy(self.path, directory / self.path.name)
            args = ["archive", "add-event", "--dir", ".", "--type=PartialDecryption"]
            try:
                run(args, cwd=directory, stdin=partial_decryption.strip() + "\n")
                result = run(
                    ["election", "compute-result", "--dir", "."],
                    cwd=directory,
                    timeout=self._box_timeout(),
                ).strip()
            except BeleniosError as exc:
                if not str(exc).endswith("not enough partial decryptions"):
                    raise PartialDecryptionRefused(str(exc)) from exc
                result = ""
        with self._locked():
            self._refuse_a_second_share(owner)
            self._add_event("PartialDecryption", partial_decryption.strip())
            if result and not self._payloads("Result"):
                # The k-th share's check made the result: kept (a pass over the box saved).
                self._add_event("Result", result)
        return owner

    def _refuse_a_second_share(self, owner: int) -> None:
        if owner in self.decrypting_trustees():
            raise PartialDecryptionRefused(
                f"belenios partial decryption: trustee {owner} already sent theirs"
            )

    def decrypting_trustees(self) -> list[int]:
        """The numbers of the trustees whose partial decryption is in the archive."""
        return [int(json.loads(p)["owner"]) for p in self._payloads("PartialDecryption")]

    def compute_result(self) -> Result:
        """The result: combined from k partial decryptions (once, then read from the archive)."""
        with self._locked():
            made = self._payloads("Result")
            if made:
                return _parse_result(made[-1])
            raw = run(
                ["election", "compute-result", "--dir", "."],
                cwd=self.directory,
                timeout=self._box_timeout(),
            ).strip()
            self._add_event("Result", raw)
            return _parse_result(raw)

    def verify(self) -> None:
        """``belenios-tool election verify --dir DIRECTORY``: everything, or VerificationFailed."""
        try:
            run(
                ["election", "verify", "--dir", "."],
                cwd=self.directory,
                timeout=self._box_timeout(),
            )
        except BeleniosError as exc:
            raise VerificationFailed(str(exc)) from exc


def _init_archive(
    directory: Path, election: str, trustees: str, public_credentials: Sequence[str]
) -> None:
    (directory / "election.json").write_text(election.strip() + "\n")
    (directory / "trustees.json").write_text(trustees.strip() + "\n")
    (directory / "public_creds.json").write_text(json.dumps(list(public_credentials)))
    try:
        run(["archive", "init", "--dir", "."], cwd=directory)
    finally:
        for name in ("election.json", "trustees.json", "public_creds.json"):
            (directory / name).unlink(missing_ok=True)


def _parse_result(raw: str) -> Result:
    result = json.loads(raw)["result"]
    return Result(tuple(tuple(int(n) for n in question) for question in result), raw)
