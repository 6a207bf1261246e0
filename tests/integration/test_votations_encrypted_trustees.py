"""Encrypted votations: who may change the trustees, and when; and no publication of an
archive that does not verify.

The trustees are renamed on their page while the votation is a draft (the ceremony
then starts over, under a new election id); once it is scheduled the election's key is
made with theirs, and renaming is refused. Publication runs ``election verify`` on the
archive on disk: altered after the count, it is refused and nothing is published.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic import belenios
from civic.extensions import db
from civic.models import AuditEntry, Votation, VotationApproval
from civic.models.elections import VotationElection
from civic.votations import encrypted
from tests.belenios_factory import ceremony, give_election, needs_belenios, partial_decryption
from tests.conftest import People, post
from tests.integration.test_belenios_engine import rewrite
from tests.integration.test_votations_encrypted import (
    close_voting,
    encrypted_votation,
    signed_in,
    trustee_upload,
    upload,
    vote,
)
from tests.votations_factory import make_votation, question_id, staff

pytestmark = needs_belenios

VERIFY_REFUSED = "Publication impossible : l'archive du vote chiffré ne se vérifie pas"


def name(client: FlaskClient, votation_id: int, trustees: str, threshold: int = 2) -> str:
    """The clerk names the trustees on the trustees' page; returns the page shown after."""
    response = post(
        client,
        f"/votations/{votation_id}/garants/nommer",
        {
            "trustees": trustees.replace(",", "\n"),
            "threshold": str(threshold),
            "authority": "autorite@example.org",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def named(app: Flask, votation_id: int) -> tuple[str, list[str], str | None]:
    """The election's id, its trustees' e-mail addresses in order, its public credentials."""
    with app.app_context():
        election = db.session.get(VotationElection, votation_id)
        assert election is not None
        return (
            election.uuid,
            [t.user.email for t in election.trustees],
            election.public_credentials,
        )


def namings(app: Flask, votation_id: int) -> int:
    with app.app_context():
        return int(
            db.session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(
                    AuditEntry.action == "votation.trustees_named",
                    AuditEntry.object_id == str(votation_id),
                )
            )
            or 0
        )


def mails(*names: str) -> str:
    return ",".join(f"{n}@example.org" for n in names)


@pytest.fixture
def draft(app: Flask, people: People) -> int:
    now = datetime.now(UTC)
    votation_id = make_votation(
        app, opens=now + timedelta(days=20), closes=now + timedelta(days=30), status="draft"
    )
    staff(people)
    for person in ("garant1", "garant2", "garant3", "garant4", "autorite"):
        people.make(person, level="unverified", roles=("councillor",))
    people.make("habitant")
    return votation_id


def test_in_a_draft_the_trustees_are_renamed_and_the_ceremony_starts_over(
    app: Flask, client: FlaskClient, people: People, draft: int
) -> None:
    people.login("preparer")
    first = name(client, draft, mails("garant1", "garant2", "garant3"))
    assert "Garants nommés : la cérémonie des clés peut commencer." in first
    # Before anyone uploaded anything: a plain new naming (here a threshold of 3).
    again = name(client, draft, mails("garant1", "garant2", "garant3"), threshold=3)
    assert "Garants nommés : la cérémonie des clés peut commencer." in again
    people.logout()

    # The ceremony starts: trustee 1 uploads their certificate, the authority the
    # public credentials made for this election's id.
    uuid, trustees, _credentials = named(app, draft)
    assert trustees == ["garant1@example.org", "garant2@example.org", "garant3@example.org"]
    garant1, garant3 = signed_in(app, "garant1"), signed_in(app, "garant3")
    page = f"/votations/{draft}/garants"
    assert "Certificat reçu." in trustee_upload(garant1, draft, 1, ceremony().certificates[0])
    authority = signed_in(app, "autorite")
    public = belenios.generate_credentials(uuid, 2).public
    assert "2 codes publics reçus." in upload(
        authority, f"{page}/codes", json.dumps(list(public)), "x.pubcreds"
    )

    # Garant 3 cannot come: the clerk names garant 4 instead. Allowed in a draft, and
    # the page says what it costs: everything starts over under a new election id.
    people.login("preparer")
    renamed = name(client, draft, mails("garant1", "garant2", "garant4"))
    assert "Garants nommés à nouveau : la cérémonie recommence à l'étape 1" in renamed
    assert "Les codes de vote déjà créés ne valent plus" in renamed
    assert "Étape 1 : chaque garant crée sa clé" in renamed
    new_uuid, trustees, credentials = named(app, draft)
    assert new_uuid != uuid and new_uuid in renamed
    assert trustees == ["garant1@example.org", "garant2@example.org", "garant4@example.org"]
    assert credentials is None
    with app.app_context():
        election = db.session.get(VotationElection, draft)
        assert election is not None
        assert all(t.certificate is None for t in election.trustees)
    assert namings(app, draft) == 3
    people.logout()

    # Garant 3 is no trustee any more: no steps of theirs, no upload taken.
    assert "Vos étapes" not in unescape(garant3.get(page).get_data(as_text=True))
    refused = trustee_upload(garant3, draft, 3, ceremony().certificates[2])
    assert "Seul ce garant peut déposer ses fichiers." in refused
    # Garant 1's certificate is asked again (step 1), and taken for the new election.
    assert "--step 1" in unescape(garant1.get(page).get_data(as_text=True))
    assert "Certificat reçu." in trustee_upload(garant1, draft, 1, ceremony().certificates[0])


def test_what_the_naming_refuses_is_refused_with_its_reason_and_nothing_changes(
    app: Flask, client: FlaskClient, people: People, draft: int
) -> None:
    people.login("preparer")
    name(client, draft, mails("garant1", "garant2", "garant3"))
    before = named(app, draft)
    refusals = {
        mails("garant1", "garant1", "garant2"): "Chaque garant est une personne différente.",
        mails("garant1", "autorite"): (
            "L'autorité des codes de vote ne peut pas être aussi garante."
        ),
        mails("garant1", "habitant"): "n'est pas membre du personnel",
        mails("garant1"): "Nommez entre 2 et 9 garants, un par ligne.",
        mails("garant1", "inconnu"): "Aucun compte ne correspond à « inconnu@example.org ».",
    }
    for trustees, reason in refusals.items():
        assert reason in name(client, draft, trustees), trustees
    too_high = name(client, draft, mails("garant1", "garant2"), threshold=3)
    assert "Le seuil doit être compris entre 1 et le nombre de garants." in too_high
    assert named(app, draft) == before
    assert namings(app, draft) == 1
    people.logout()

    # A trustee is staff, not a clerk: they cannot rename the trustees.
    people.login("garant1")
    forbidden = post(
        client,
        f"/votations/{draft}/garants/nommer",
        {"trustees": mails("garant1", "garant4"), "threshold": "2", "authority": "x"},
    )
    assert forbidden.status_code == 403
    assert named(app, draft) == before


@pytest.mark.parametrize("opens_in_days", [10, -1], ids=["scheduled", "voting"])
def test_once_scheduled_the_trustees_cannot_be_renamed(
    app: Flask, client: FlaskClient, people: People, opens_in_days: int
) -> None:
    now = datetime.now(UTC)
    opens = now + timedelta(days=opens_in_days)
    votation_id = make_votation(app, opens=opens, closes=opens + timedelta(days=10))
    ids = [
        people.make(person, level="unverified", roles=("councillor",))
        for person in ("garant1", "garant2", "garant3", "garant4", "autorite")
    ]
    give_election(app, votation_id, trustee_ids=ids[:3], authority_id=ids[4], voters=2)
    staff(people)
    before = named(app, votation_id)
    with app.app_context():
        election = db.session.get(VotationElection, votation_id)
        assert election is not None and election.election_json is not None
        key = election.election_json

    people.login("preparer")
    page = name(client, votation_id, mails("garant1", "garant2", "garant4"))
    assert (
        "La votation est programmée : ses garants ne changent plus, car la clé de l'élection "
        "est faite avec les leurs et seuls eux pourront déchiffrer l'urne. Si l'un d'eux "
        "n'est pas disponible au dépouillement, 2 garants sur 3 suffisent."
    ) in page
    assert "Nommer les garants" not in page  # the form is offered to drafts only
    assert named(app, votation_id) == before
    assert namings(app, votation_id) == 0
    with app.app_context():
        election = db.session.get(VotationElection, votation_id)
        assert election is not None and election.election_json == key
        assert encrypted.archive_of(election) is not None


def test_publication_of_an_archive_altered_on_disk_is_refused_and_nothing_is_published(
    app: Flask, client: FlaskClient, people: People
) -> None:
    votation_id, credentials = encrypted_votation(app, people, voters=2)
    qid = question_id(app, votation_id)
    for n, choice in enumerate(["tramway", "navette"]):
        people.make(f"voter{n}")
        people.login(f"voter{n}")
        vote(client, votation_id, qid, choice, credentials[n])
        people.logout()
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
    assert VERIFY_REFUSED not in unescape(asked.get_data(as_text=True))
    people.logout()

    # Between the request and its approval, someone with access to the server's files
    # changes a ballot in the archive (the box's votes are in it, the database has none).
    with app.app_context():
        election = db.session.get(VotationElection, votation_id)
        archive = encrypted.archive_of(election) if election is not None else None
        assert archive is not None and election is not None
        rewrite(archive, flip_a_ballot)
        altered = archive.path.read_bytes()
        seen = (
            db.session.scalars(
                select(VotationApproval).where(VotationApproval.votation_id == votation_id)
            )
            .one()
            .seen_token
        )

    people.login("approver")
    approved = post(
        client,
        f"/clerk/votations/{votation_id}/publish/approve",
        {"request": seen},
        follow_redirects=True,
    )
    shown = unescape(approved.get_data(as_text=True))
    assert VERIFY_REFUSED in shown and "Rien n'est publié." in shown
    people.logout()
    # Asked again: refused just the same, before anything is asked of a second person.
    people.login("preparer")
    again = post(client, f"/clerk/votations/{votation_id}/publish", follow_redirects=True)
    assert VERIFY_REFUSED in unescape(again.get_data(as_text=True))
    people.logout()

    # Nothing changed: not published, no result, the request not approved, the archive
    # as it was found (kept for the inquiry), and the API offers no verification.
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None
        assert votation.status == "scheduled" and votation.published_at is None
        assert all(q.published_result_json is None for q in votation.questions)
        approval = db.session.scalars(
            select(VotationApproval).where(VotationApproval.votation_id == votation_id)
        ).one()
        assert approval.approved_by_id is None and approval.requested_by_id == preparer
        actions = set(
            db.session.scalars(
                select(AuditEntry.action).where(AuditEntry.object_id == str(votation_id))
            )
        )
        assert not actions & {"votation.publish_approved", "votation.results_published"}
        assert archive.path.read_bytes() == altered
    assert client.get(f"/votations/{votation_id}/resultats.csv").status_code == 404
    assert client.get(f"/api/v1/votations/{votation_id}").get_json()["verification"] is None


def flip_a_ballot(text: str) -> str | None:
    """One digit of a ballot's ciphertext changed (its credential kept)."""
    if '"election_uuid"' not in text or '"answers"' not in text:
        return None
    ballot = json.loads(text)
    alpha = ballot["answers"][0]["choices"][0]["alpha"]
    ballot["answers"][0]["choices"][0]["alpha"] = alpha[:-1] + ("1" if alpha[-1] != "1" else "2")
    return json.dumps(ballot, separators=(",", ":"))
