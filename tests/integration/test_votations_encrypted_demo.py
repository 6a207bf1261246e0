"""The demo commune's encrypted votations: the published one's archive verifies, with the
command the API gives, and the demo trustees' keys are only in the demo's folder."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import Votation
from civic.models.elections import VotationElection
from civic.votations import encrypted, encrypted_demo
from tests.belenios_factory import needs_belenios
from tests.conftest import People
from tests.votations_factory import record_commune_figures

pytestmark = needs_belenios


def test_the_demo_publishes_an_encrypted_votation_whose_archive_verifies_and_opens_another(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from civic.models.commune import FIGURE_ELECTORATE, FIGURE_POPULATION_16_PLUS

    record_commune_figures(app, **{FIGURE_POPULATION_16_PLUS: 21_000, FIGURE_ELECTORATE: 17_000})
    for name, role in (("elue", "councillor"), ("admin", "admin"), ("agent", "clerk")):
        people.make(name, level="elector", roles=(role,))
    for n in range(12):
        people.make(f"voter{n}", level="elector")
    with app.app_context():
        from civic.models import User

        for name in ("elue", "admin", "agent"):
            user = db.session.get(User, people.created[name])
            assert user is not None
            user.email = f"{name}@demo.civic.fr"
        db.session.commit()
        summary: list[str] = []
        encrypted_demo.seed(datetime.now(UTC), summary)
        db.session.commit()
        assert "2 encrypted votations" in summary[0]
        votations = list(
            db.session.scalars(
                select(Votation)
                .where(Votation.council_decision == encrypted_demo.MARKER)
                .order_by(Votation.id)
            )
        )
        assert [v.status for v in votations] == ["published", "scheduled"]
        published_id, open_id = votations[0].id, votations[1].id
        election = db.session.get(VotationElection, open_id)
        assert election is not None and encrypted.archive_of(election) is not None
        folder = Path(app.instance_path) / "demo-belenios"
        keys = sorted(p.name for p in folder.glob("*.key"))
    assert keys == ["garant-1.key", "garant-2.key"]

    data = client.get(f"/api/v1/votations/{published_id}").get_json()
    assert data["verification"]["command"] == "belenios-tool election verify --dir DIR"
    with app.app_context():
        election = db.session.get(VotationElection, published_id)
        assert election is not None
        archive = encrypted.archive_of(election)
        assert archive is not None
        directory = archive.directory
    checked = subprocess.run(
        data["verification"]["command"].replace("DIR", str(directory)).split(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    # Nothing the server keeps holds a demo trustee's private key.
    for key in keys:
        secret = (folder / key).read_text().strip()
        assert not any(secret in p.read_text(errors="ignore") for p in directory.rglob("*.*"))
    page = client.get(f"/votations/{published_id}").get_data(as_text=True)
    assert "En ligne (chiffré, vérifié)" in page
