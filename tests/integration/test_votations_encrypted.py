"""Encrypted online votations, through the site as residents, trustees and clerks use it.

One story per test, with few voters (each Belenios step costs 50 to 150 ms): the
trustees' ceremony made once per process (tests/belenios_factory.py) is given to the
votation; residents vote with the credential the authority sent them; the box is
closed, two of the three trustees decrypt, the result is published beside the paper
totals, and the archive anyone downloads verifies with belenios-tool.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import re
import subprocess
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text, update

from civic.extensions import db
from civic.models import Ballot, User, Votation, VotationQuestion, VoterRegister
from civic.models.elections import CastCredential, VotationElection
from civic.votations import encrypted
from tests.belenios_factory import give_election, needs_belenios, partial_decryption
from tests.conftest import People, csrf_token, post
from tests.integration.test_belenios_engine import rewrite
from tests.votations_factory import open_votation, publish, question_id, staff

pytestmark = needs_belenios

CHOICES = [["tramway", "Un tramway de nuit"], ["navette", "Une navette fluviale"]]
PLAINTEXTS = ("tramway", "navette", "Un tramway de nuit", "Une navette fluviale")


def encrypted_votation(app: Flask, people: People, voters: int) -> tuple[int, tuple[str, ...]]:
    """An open votation with an encrypted online vote; returns it and the credentials."""
    votation_id = open_votation(app)
    with app.app_context():
        question = db.session.scalar(
            select(VotationQuestion).where(VotationQuestion.votation_id == votation_id)
        )
        assert question is not None
        question.choices_json = json.dumps(CHOICES)
        question.approve_choice = "tramway"
        db.session.commit()
    trustees = [
        people.make(name, level="unverified", roles=("clerk",))
        for name in ("garant1", "garant2", "garant3")
    ]
    authority = people.make("autorite", level="unverified", roles=("clerk",))
    credentials = give_election(
        app, votation_id, trustee_ids=trustees, authority_id=authority, voters=voters
    )
    return votation_id, credentials


def vote(client: FlaskClient, votation_id: int, qid: int, choice: str, credential: str) -> str:
    """Vote as the logged-in resident without JavaScript; returns the page's message."""
    response = post(
        client,
        f"/votations/{votation_id}/vote",
        {f"q{qid}": choice, "credential": credential},
    )
    assert response.status_code == 302
    # The redirect names the votation's page only: no tracker in a URL (access logs).
    assert urlsplit(response.location).path == f"/votations/{votation_id}"
    assert urlsplit(response.location).query == ""
    return unescape(client.get(response.location).get_data(as_text=True))


def tracker_in(page: str) -> str:
    found = re.search(r"Empreinte de votre bulletin : <code>([A-Za-z0-9+/]{43})</code>", page)
    assert found, page[:3000]
    return found.group(1)


def close_voting(app: Flask, votation_id: int) -> None:
    """The voting period ends (as time would)."""
    with app.app_context():
        db.session.execute(
            update(Votation)
            .where(Votation.id == votation_id)
            .values(closes_at=datetime.now(UTC) - timedelta(minutes=1))
        )
        db.session.commit()


def upload(client: FlaskClient, path: str, content: str, name: str) -> str:
    token = csrf_token(client, path.rsplit("/", 1)[0] if path.endswith("/codes") else path)
    response = client.post(
        path,
        data={"csrf_token": token, "upload": (io.BytesIO(content.encode()), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def signed_in(app: Flask, name: str) -> FlaskClient:
    """A browser of its own for one person (a trustee at home), logged in once."""
    browser = app.test_client()
    People(app, browser).login(name)
    return browser


def trustee_upload(client: FlaskClient, votation_id: int, number: int, content: str) -> str:
    """Trustee ``number``, logged in on ``client``, uploads a file on the trustees' page."""
    page = f"/votations/{votation_id}/garants"
    token = csrf_token(client, page)
    response = client.post(
        f"{page}/{number}",
        data={"csrf_token": token, "upload": (io.BytesIO(content.encode()), "partial.json")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def everything_the_app_holds(app: Flask) -> str:
    """Every row of every table, the database's files and the instance folder's files."""
    parts = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(table)):
                parts.append(repr(tuple(row)))
        url = db.engine.url
        files = [Path(app.instance_path)]
        if url.get_backend_name() == "sqlite" and url.database:
            database = Path(url.database)
            files += [database, Path(f"{database}-wal"), Path(f"{database}-journal")]
    for place in files:
        for path in [place] if place.is_file() else sorted(place.rglob("*")):
            if path.is_file():
                parts.append(path.read_bytes().decode("latin-1"))
    return "\n".join(parts)


def occurrences(haystack: str) -> dict[str, int]:
    return {word: haystack.count(word) for word in PLAINTEXTS}


def test_after_online_votes_nothing_the_app_holds_gives_a_choice_in_clear(
    app: Flask, client: FlaskClient, people: People, caplog: pytest.LogCaptureFixture
) -> None:
    votation_id, credentials = encrypted_votation(app, people, voters=3)
    qid = question_id(app, votation_id)
    before = occurrences(everything_the_app_holds(app))
    caplog.set_level(logging.DEBUG)
    trackers = []
    for n, choice in enumerate(["tramway", "navette", "tramway"]):
        people.make(f"voter{n}")
        people.login(f"voter{n}")
        trackers.append(tracker_in(vote(client, votation_id, qid, choice, credentials[n])))
        people.logout()

    # The choices are nowhere in clear: every table, the database's files and log, the
    # instance folder (the archive holds the questions once, never a choice), the logs.
    assert occurrences(everything_the_app_holds(app)) == before
    assert not any(word in caplog.text for word in PLAINTEXTS)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0
        assert db.session.scalar(select(func.count()).select_from(VoterRegister)) == 3
        assert db.session.scalar(select(func.count()).select_from(CastCredential)) == 3
        election = db.session.get(VotationElection, votation_id)
        assert election is not None
        archive = encrypted.archive_of(election)
        assert archive is not None
        assert sorted(archive.trackers()) == sorted(trackers)
    # Each voter finds their tracker in the published list (typed in the search form).
    page = post(client, f"/votations/{votation_id}/verification", {"empreinte": trackers[1]})
    html = unescape(page.get_data(as_text=True))
    assert "Cette empreinte est dans l'urne." in html
    assert all(t in html for t in trackers)
    assert "belenios-tool election verify --dir DIR" in html
    missing = post(client, f"/votations/{votation_id}/verification", {"empreinte": "A" * 43})
    assert "Cette empreinte n'est pas dans l'urne." in unescape(missing.get_data(as_text=True))


def test_one_voice_per_person_across_online_and_paper_and_one_ballot_per_credential(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id, credentials = encrypted_votation(app, people, voters=3)
    qid = question_id(app, votation_id)
    people.make("lea")
    people.make("marc")
    people.login("lea")
    tracker_in(vote(client, votation_id, qid, "tramway", credentials[0]))

    # Léa again, online, even with an unused credential.
    again = vote(client, votation_id, qid, "navette", credentials[1])
    assert "Vous avez déjà voté : vote enregistré en ligne" in again
    people.logout()

    # Marc with the credential Léa used: the box refuses it.
    people.login("marc")
    stolen = vote(client, votation_id, qid, "navette", credentials[0])
    assert "Ce code de vote a déjà servi." in stolen
    # A credential that is not one of the election's.
    wrong = vote(client, votation_id, qid, "navette", "not-a-credential-at-all")
    assert "Ce code de vote n'est pas valable pour cette votation" in wrong
    people.logout()

    # Léa at the paper desk after voting online, then Marc online after paper.
    clerk, _approver = staff(people)
    people.login("preparer")
    refused = post(
        client,
        f"/clerk/votations/{votation_id}/paper/voter",
        {"person": "lea@example.org", "polling_station": "Bureau 1"},
    )
    assert "Cette personne a déjà voté : vote enregistré en ligne" in unescape(
        refused.get_data(as_text=True)
    )
    marked = post(
        client,
        f"/clerk/votations/{votation_id}/paper/voter",
        {"person": "marc@example.org", "polling_station": "Bureau 1"},
    )
    assert marked.status_code == 302
    people.logout()
    people.login("marc")
    after_paper = vote(client, votation_id, qid, "navette", credentials[2])
    assert "Vous avez déjà voté : vote enregistré sur papier (Bureau 1)." in after_paper
    with app.app_context():
        election = db.session.get(VotationElection, votation_id)
        assert election is not None
        archive = encrypted.archive_of(election)
        assert archive is not None and len(archive.ballots()) == 1
        channels = db.session.scalars(
            select(VoterRegister.channel).where(VoterRegister.votation_id == votation_id)
        )
        assert sorted(channels) == ["online", "paper"]
    assert clerk


def test_the_count_two_trustees_decrypt_a_wrong_share_is_refused_and_the_archive_verifies(
    app: Flask, client: FlaskClient, people: People, tmp_path: Path
) -> None:
    votation_id, credentials = encrypted_votation(app, people, voters=3)
    qid = question_id(app, votation_id)
    for n, choice in enumerate(["tramway", "navette", "tramway"]):
        people.make(f"voter{n}")
        people.login(f"voter{n}")
        vote(client, votation_id, qid, choice, credentials[n])
        people.logout()
    # One paper voter at Bureau 2, and their ballot.
    staff_ids = staff(people)
    people.make("papier")
    people.login("preparer")
    post(
        client,
        f"/clerk/votations/{votation_id}/paper/voter",
        {"person": "papier@example.org", "polling_station": "Bureau 2"},
    )
    entered = post(
        client,
        f"/clerk/votations/{votation_id}/paper/ballots",
        {
            "polling_station": "Bureau 2",
            f"q{qid}_tramway": "0",
            f"q{qid}_navette": "1",
            f"q{qid}_blanc": "0",
            f"q{qid}_nul": "0",
        },
    )
    assert entered.status_code == 302
    people.logout()
    close_voting(app, votation_id)

    # A trustee closes the box: the encrypted tally is made.
    first, third = signed_in(app, "garant1"), signed_in(app, "garant3")
    page = f"/votations/{votation_id}/garants"
    closed = post(first, f"{page}/clore", follow_redirects=True)
    assert "Urne close" in closed.get_data(as_text=True)
    assert "decrypt-threshold --dir DIR" in first.get(page).get_data(as_text=True)

    # Trustee 1's share with one decryption factor altered: refused, nothing taken.
    factors, owner = partial_decryption(app, votation_id, 1).splitlines()
    altered = json.loads(factors)
    factor = altered["decryption_factors"][0][0]
    altered["decryption_factors"][0][0] = factor[:-1] + ("1" if factor[-1] != "1" else "2")
    import hashlib

    altered_text = json.dumps(altered, separators=(",", ":"))
    forged = (
        altered_text
        + "\n"
        + json.dumps({"owner": 1, "payload": hashlib.sha256(altered_text.encode()).hexdigest()})
    )
    refused = trustee_upload(first, votation_id, 1, forged)
    assert "Déchiffrement partiel refusé" in refused
    # Trustee 3's share uploaded as trustee 1's: refused too.
    other = trustee_upload(first, votation_id, 1, partial_decryption(app, votation_id, 3))
    assert "le vôtre est 1" in other
    assert owner

    # Trustees 1 and 3 decrypt: the result.
    assert "Déchiffrement partiel reçu." in trustee_upload(
        first, votation_id, 1, partial_decryption(app, votation_id, 1)
    )
    done = trustee_upload(third, votation_id, 3, partial_decryption(app, votation_id, 3))
    assert "le résultat est déchiffré" in done

    with app.app_context():
        publish(votation_id, staff_ids)
    shown = client.get(f"/votations/{votation_id}").get_data(as_text=True)
    assert "En ligne (chiffré, vérifié)" in shown and "Bureau 2" in shown
    # Online: 2 tramway, 1 navette; paper: 1 navette; total 2 and 2.
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>((?:<td>[^<]*</td>)+)</tr>", shown)
    table = {place: re.findall(r"<td>([^<]*)</td>", cells) for place, cells in rows}
    assert table["En ligne (chiffré, vérifié)"] == ["2", "1", "0", "0", "3"]
    assert table["Bureau 2"] == ["0", "1", "0", "0", "1"]
    assert table["Total"] == ["2", "2", "0", "0", "4"]

    # The API names the archive and the command; the archive verifies with it.
    data = client.get(f"/api/v1/votations/{votation_id}").get_json()
    assert data["verification"]["command"] == "belenios-tool election verify --dir DIR"
    archive_path = urlsplit(data["verification"]["archive"]).path
    downloaded = client.get(archive_path)
    assert downloaded.status_code == 200
    name = re.search(r'filename="?([^";]+)', downloaded.headers["Content-Disposition"])
    assert name is not None
    folder = tmp_path / "DIR"
    folder.mkdir()
    (folder / name.group(1)).write_bytes(downloaded.data)
    downloaded.close()
    command = data["verification"]["command"].replace("DIR", str(folder)).split()
    checked = subprocess.run(command, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr

    # One ballot altered in a copy: verification fails.
    from civic.belenios import ElectionArchive, VerificationFailed

    copy = ElectionArchive(folder, name.group(1).removesuffix(".bel"))

    def flip_a_ballot(text_: str) -> str | None:
        if '"election_uuid"' not in text_ or '"answers"' not in text_:
            return None
        ballot = json.loads(text_)
        alpha = ballot["answers"][0]["choices"][0]["alpha"]
        ballot["answers"][0]["choices"][0]["alpha"] = alpha[:-1] + (
            "1" if alpha[-1] != "1" else "2"
        )
        return json.dumps(ballot, separators=(",", ":"))

    rewrite(copy, flip_a_ballot)
    with pytest.raises(VerificationFailed):
        copy.verify()


def test_publication_is_refused_when_the_box_and_the_register_disagree(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id, credentials = encrypted_votation(app, people, voters=2)
    qid = question_id(app, votation_id)
    people.make("lea")
    people.login("lea")
    vote(client, votation_id, qid, "tramway", credentials[0])
    people.logout()
    with app.app_context():  # a register row lost (a database restored from an old copy)
        db.session.execute(text("DELETE FROM voter_register"))
        db.session.commit()
    close_voting(app, votation_id)
    post(signed_in(app, "garant1"), f"/votations/{votation_id}/garants/clore")
    for number in (1, 2):
        trustee_upload(
            signed_in(app, f"garant{number}"),
            votation_id,
            number,
            partial_decryption(app, votation_id, number),
        )
    preparer, _approver = staff(people)
    people.login("preparer")
    asked = post(client, f"/clerk/votations/{votation_id}/publish", follow_redirects=True)
    assert "l'urne chiffrée contient 1 bulletins pour 0 votants en ligne émargés" in unescape(
        asked.get_data(as_text=True)
    )
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None and votation.status == "scheduled"
        assert db.session.get(User, preparer) is not None


def test_the_ceremony_on_the_trustees_page_takes_public_parts_only_and_then_the_vote_opens(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from civic import belenios
    from tests.votations_factory import make_votation

    now = datetime.now(UTC)
    votation_id = make_votation(
        app, opens=now + timedelta(days=20), closes=now + timedelta(days=30), status="draft"
    )
    preparer, approver = staff(people)
    for name in ("garant1", "garant2", "garant3", "autorite"):
        people.make(name, level="unverified", roles=("councillor",))
    page = f"/votations/{votation_id}/garants"

    # Not yet: the vote cannot be scheduled without trustees.
    people.login("preparer")
    asked = post(client, f"/clerk/votations/{votation_id}/schedule", follow_redirects=True)
    assert "nommez d'abord ses garants" in unescape(asked.get_data(as_text=True))
    named = post(
        client,
        f"{page}/nommer",
        {
            "trustees": "garant1@example.org\ngarant2@example.org\ngarant3@example.org",
            "threshold": "2",
            "authority": "autorite@example.org",
        },
        follow_redirects=True,
    )
    assert "Garants nommés" in unescape(named.get_data(as_text=True))
    asked = post(client, f"/clerk/votations/{votation_id}/schedule", follow_redirects=True)
    assert "La cérémonie des clés n'est pas terminée" in unescape(asked.get_data(as_text=True))
    people.logout()

    # Step 1 on each trustee's device; the page gives the exact command.
    browsers = {number: signed_in(app, f"garant{number}") for number in (1, 2, 3)}
    keys = []
    for number, browser in browsers.items():
        shown = unescape(browser.get(page).get_data(as_text=True))
        assert (
            "belenios-tool setup generate-trustee-key-threshold --group BELENIOS-2048 --step 1"
            in shown
        )
        keys.append(belenios.trustee_generate_key())
        assert "Certificat reçu." in trustee_upload(
            browser, votation_id, number, keys[-1].certificate
        )
    # (A draft's pages are for staff: the trustees are.)
    certificates = browsers[1].get(f"{page}/certs.jsons").get_data(as_text=True).splitlines()
    assert certificates == [k.certificate for k in keys]

    # Step 3, then step 5 with the vinput the server made for each.
    for (number, browser), key in zip(browsers.items(), keys, strict=True):
        ident = belenios.certificate_id(key.certificate)
        assert f"--key {ident}.key --step 3 --threshold 2 > polynomial.json" in unescape(
            browser.get(page).get_data(as_text=True)
        )
        polynomial = belenios.trustee_polynomial(certificates, key, 2)
        trustee_upload(browser, votation_id, number, polynomial)
    for (number, browser), key in zip(browsers.items(), keys, strict=True):
        vinput = browser.get(f"{page}/{number}.vinput").get_data(as_text=True)
        if number == 1:  # a file of the wrong step is refused, nothing taken
            refused = trustee_upload(browser, votation_id, 1, "not json")
            assert "n'est pas celui que belenios-tool produit" in refused
        voutput = belenios.trustee_verification(certificates, key, vinput.strip())
        assert "Vérification reçue." in trustee_upload(browser, votation_id, number, voutput)

    # The credential authority uploads the public credentials only.
    with app.app_context():
        election = db.session.get(VotationElection, votation_id)
        assert election is not None and election.trustees_json is not None
        uuid = election.uuid
    credentials = belenios.generate_credentials(uuid, 2)
    people.login("autorite")
    assert f"generate-credentials --uuid {uuid} --group BELENIOS-2048 --count N" in unescape(
        client.get(page).get_data(as_text=True)
    )
    token = csrf_token(client, page)
    received = client.post(
        f"{page}/codes",
        data={
            "csrf_token": token,
            # gzip-compressed, as a commune's file over the upload limit is sent.
            "upload": (
                io.BytesIO(gzip.compress(json.dumps(list(credentials.public)).encode())),
                "x.pubcreds.gz",
            ),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "2 codes publics reçus." in unescape(received.get_data(as_text=True))
    people.logout()

    # No private key, no private credential anywhere the app keeps things.
    held = everything_the_app_holds(app)
    for key in keys:
        secret = json.loads(key.private_key) if key.private_key.startswith('"') else key.private_key
        assert str(secret) not in held
    assert not any(credential in held for credential in credentials.private)

    # Now the vote can be scheduled: the election and its empty box are made.
    people.login("preparer")
    post(client, f"/clerk/votations/{votation_id}/schedule")
    people.logout()
    people.login("approver")
    from civic.votations.services import request_of

    with app.app_context():
        request = request_of(votation_id, "schedule")
        assert request is not None
        seen = request.seen_token
    approved = post(
        client,
        f"/clerk/votations/{votation_id}/schedule/approve",
        {"request": seen},
        follow_redirects=True,
    )
    assert "Votation programmée." in unescape(approved.get_data(as_text=True))
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        election = db.session.get(VotationElection, votation_id)
        assert votation is not None and votation.status == "scheduled"
        assert election is not None and encrypted.archive_of(election) is not None
    assert preparer and approver


def test_without_belenios_tool_an_online_votation_cannot_be_scheduled(
    app: Flask, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from civic.services import Refused
    from civic.votations import approvals
    from tests.votations_factory import make_votation

    now = datetime.now(UTC)
    votation_id = make_votation(
        app, opens=now + timedelta(days=20), closes=now + timedelta(days=30), status="draft"
    )
    preparer, _approver = staff(people)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with app.app_context(), pytest.raises(Refused) as refused:
        approvals.request_scheduling(
            votation_id, actor=db.session.get(User, preparer), now=datetime.now(UTC)
        )
    assert "belenios-tool) n'est pas installé" in refused.value.message
    assert "Une votation sur papier peut l'être." in refused.value.message


def test_with_htmx_the_voter_sees_their_tracker_and_the_write_lock_covers_only_the_casting(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from tests.support.sql import statements_of, under_write_lock

    votation_id, credentials = encrypted_votation(app, people, voters=1)
    qid = question_id(app, votation_id)
    people.make("lea")
    people.login("lea")
    token = csrf_token(client, f"/votations/{votation_id}")
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"

    def vote() -> Any:
        return client.post(
            f"/votations/{votation_id}/vote",
            data={"csrf_token": token, f"q{qid}": "navette", "credential": credentials[0]},
            headers={"HX-Request": "true"},
        )

    # SQLite's trace shows the statements under its database-wide write lock.
    response, seen = statements_of(app, vote) if sqlite else (vote(), [])
    fragment = unescape(response.get_data(as_text=True))
    assert 'id="votation-ballot"' in fragment and "Vous avez voté." in fragment
    tracker = tracker_in(fragment)
    assert f'href="/votations/{votation_id}/empreinte.txt"' in fragment
    assert "empreinte=" not in fragment
    with app.app_context():
        election = db.session.get(VotationElection, votation_id)
        archive = encrypted.archive_of(election) if election is not None else None
        assert archive is not None and archive.trackers() == [tracker]
    if sqlite:  # building and validating the ballot (~200 ms) happen before the lock
        assert under_write_lock(seen) == [
            "SELECT votations",
            "SELECT voter_register",
            "SELECT votation_elections",
            "INSERT voter_register",
            "INSERT votation_cast_credentials",
        ]


def test_the_tracker_never_travels_in_a_url_and_the_voter_still_sees_and_downloads_it(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id, credentials = encrypted_votation(app, people, voters=1)
    qid = question_id(app, votation_id)
    people.make("lea")
    people.make("marc")
    people.login("lea")
    ballot = {f"q{qid}": "navette", "credential": credentials[0]}
    response = post(client, f"/votations/{votation_id}/vote", ballot)
    assert response.status_code == 302
    with app.app_context():
        election = db.session.get(VotationElection, votation_id)
        archive = encrypted.archive_of(election) if election is not None else None
        assert archive is not None
        (tracker,) = archive.trackers()
    # The redirect (which access logs keep beside the voter's address) carries no tracker.
    assert urlsplit(response.location).path == f"/votations/{votation_id}"
    assert urlsplit(response.location).query == ""
    assert tracker not in response.location and quote(tracker, safe="") not in response.location

    # The votation's page shows it, now and on a later visit, with links free of it.
    for _visit in range(2):
        page = unescape(client.get(f"/votations/{votation_id}").get_data(as_text=True))
        assert tracker_in(page) == tracker
        assert "empreinte=" not in page
    kept = client.get(f"/votations/{votation_id}/empreinte.txt")
    assert kept.status_code == 200 and tracker in kept.get_data(as_text=True)
    assert "attachment" in kept.headers["Content-Disposition"]
    found = unescape(client.get(f"/votations/{votation_id}/verification").get_data(as_text=True))
    assert "Cette empreinte est dans l'urne." in found and f'value="{tracker}"' in found
    # The tracker is nowhere in the database (beside the register it would name the voter).
    assert tracker not in everything_the_app_holds(app)
    people.logout()

    # Another account on the same browser neither sees nor downloads Léa's tracker.
    people.login("marc")
    assert tracker not in client.get(f"/votations/{votation_id}").get_data(as_text=True)
    assert client.get(f"/votations/{votation_id}/empreinte.txt").status_code == 404
    other = unescape(client.get(f"/votations/{votation_id}/verification").get_data(as_text=True))
    assert f'value="{tracker}"' not in other and "Cette empreinte est dans l'urne." not in other
    assert f"<li><code>{tracker}</code></li>" in other  # the public list names every ballot
