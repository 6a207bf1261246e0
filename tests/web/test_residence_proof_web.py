"""Proof of address: a resident sends it, only clerks read it (each reading audited),
it is stored outside the web root and deleted once the residence is decided."""

from __future__ import annotations

import io
import os

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import AuditEntry, ResidenceProof
from tests.conftest import People, csrf_token, post

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n% facture d'energie\n"


def _send(client: FlaskClient, data: bytes, name: str = "facture.png") -> str:
    response = client.post(
        "/compte/justificatif-de-domicile",
        data={"csrf_token": csrf_token(client), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    return response.get_data(as_text=True)


def _proof(app: Flask, user_id: int) -> ResidenceProof | None:
    with app.app_context():
        proof = db.session.scalar(select(ResidenceProof).where(ResidenceProof.user_id == user_id))
        if proof is not None:
            db.session.expunge(proof)
        return proof


def test_a_resident_sends_a_proof_and_only_a_clerk_reads_it_each_time_audited(
    app: Flask, client: FlaskClient, people: People
) -> None:
    pending = people.make("pending", level="unverified", family_name="Attente")
    people.login("pending")
    account = client.get("/account/").get_data(as_text=True)
    assert "Envoyer un justificatif de domicile" in account
    page = _send(client, PNG)
    assert "Justificatif envoyé" in page and "Justificatif reçu le" in page
    proof = _proof(app, pending)
    assert proof is not None and proof.media_type == "image/png"
    path = os.path.join(app.instance_path, "residence_proofs", proof.stored_name)
    assert os.path.isfile(path)
    assert not os.path.abspath(path).startswith(os.path.abspath(app.static_folder or ""))
    # The resident cannot read it back through the clerks' door.
    assert post(client, f"/clerk/residents/{pending}/justificatif").status_code == 403
    people.logout()
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    queue = client.get("/clerk/residents").get_data(as_text=True)
    assert "Voir le justificatif de domicile" in queue
    assert client.get(f"/clerk/residents/{pending}/justificatif").status_code == 405
    for _ in range(2):
        response = post(client, f"/clerk/residents/{pending}/justificatif")
        assert response.status_code == 200 and response.data == PNG
        assert response.mimetype == "image/png"
        assert response.headers["Cache-Control"] == "no-store"
        assert "sandbox" in response.headers["Content-Security-Policy"]
    with app.app_context():
        readings = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "residence.proof_viewed")
        ).all()
        assert len(readings) == 2 and {e.object_id for e in readings} == {str(pending)}


def test_a_pdf_is_downloaded_rather_than_shown(
    app: Flask, client: FlaskClient, people: People
) -> None:
    pending = people.make("pending", level="unverified")
    people.login("pending")
    _send(client, PDF, "facture.pdf")
    people.logout()
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    response = post(client, f"/clerk/residents/{pending}/justificatif")
    assert response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_a_file_that_is_not_a_pdf_jpeg_or_png_is_refused_whatever_its_name(
    app: Flask, client: FlaskClient, people: People
) -> None:
    pending = people.make("pending", level="unverified")
    people.login("pending")
    page = _send(client, b"<html><script>alert(1)</script></html>", "facture.pdf")
    assert "Le justificatif doit être un fichier PDF, JPEG ou PNG." in page
    assert _proof(app, pending) is None


def test_a_file_over_five_megabytes_is_refused(app: Flask) -> None:
    import pytest

    from civic.residents import proofs
    from civic.services import Refused

    with app.test_request_context(), pytest.raises(Refused) as refusal:
        proofs.kind_of(PDF + b"0" * proofs.MAX_BYTES)
    assert refusal.value.message == "Le fichier dépasse 5 Mo."


def test_the_decision_deletes_the_proof_and_its_file(
    app: Flask, client: FlaskClient, people: People
) -> None:
    pending = people.make("pending", level="unverified")
    people.login("pending")
    _send(client, PNG)
    proof = _proof(app, pending)
    assert proof is not None
    path = os.path.join(app.instance_path, "residence_proofs", proof.stored_name)
    people.logout()
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    post(client, f"/clerk/residents/{pending}/decision", {"decision": "approve"})
    assert _proof(app, pending) is None and not os.path.exists(path)
    assert post(client, f"/clerk/residents/{pending}/justificatif").status_code == 404


def test_a_second_proof_replaces_the_first_and_a_decided_account_sends_none(
    app: Flask, client: FlaskClient, people: People
) -> None:
    pending = people.make("pending", level="unverified")
    people.make("resident")
    people.login("pending")
    _send(client, PNG)
    first = _proof(app, pending)
    _send(client, PDF, "facture.pdf")
    second = _proof(app, pending)
    assert first is not None and second is not None and second.media_type == "application/pdf"
    assert not os.path.exists(
        os.path.join(app.instance_path, "residence_proofs", first.stored_name)
    )
    people.logout()
    people.login("resident")
    page = client.get("/compte/justificatif-de-domicile").get_data(as_text=True)
    assert "déjà fait l'objet d'une décision" in page or "déjà fait l&#39;objet" in page
    refused = _send(client, PNG)
    assert "déjà fait l" in refused
