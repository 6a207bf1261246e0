"""The demo has a proof of address waiting for a clerk (issue 18): the demo account
awaiting verification sent one, stored as an upload is, shown in the residence queue
and readable there."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import func, select

from civic import demo
from civic.database import write_intent
from civic.extensions import db
from civic.models import ResidenceProof, User
from civic.residents import demo as residents_demo
from civic.residents import proofs
from tests.conftest import csrf_token, log_in_through_forms


def test_the_demo_has_a_proof_of_address_that_a_clerk_can_open(app: Flask) -> None:
    with app.app_context(), write_intent():
        demo.seed(datetime.now(UTC))
        assert db.session.scalar(select(func.count(ResidenceProof.id))) == 1
        residents_demo.seed(datetime.now(UTC), [])  # idempotent: still one proof
        assert db.session.scalar(select(func.count(ResidenceProof.id))) == 1
        sender = db.session.scalars(select(User).where(User.email == residents_demo.SENDER)).one()
        proof = proofs.proof_of(sender.id)
        assert proof is not None and proof.media_type == "application/pdf"
        path = proofs.path_of(proof)
        assert os.path.dirname(path) == os.path.join(app.instance_path, proofs.FOLDER)
        with open(path, "rb") as stored:
            assert stored.read().startswith(b"%PDF-")
        sender_id, sender_name = sender.id, sender.display_name
    client = app.test_client()
    log_in_through_forms(app, client, "agent@demo.civic.fr", demo.DEMO_PASSWORD)
    queue = client.get("/clerk/residents", query_string={"q": "Moreau Théo"})
    row = queue.get_data(as_text=True).split(f'id="resident-{sender_id}"')[1]
    assert sender_name in row and f"/clerk/residents/{sender_id}/justificatif" in row
    document = client.post(
        f"/clerk/residents/{sender_id}/justificatif", data={"csrf_token": csrf_token(client)}
    )
    assert document.mimetype == "application/pdf"
    assert document.get_data().startswith(b"%PDF-") and b"Moreau" in document.get_data()
