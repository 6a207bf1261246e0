"""Clerk and admin screens: full pages, HTMX fragments, refusals that change nothing."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import AuditEntry, CommuneFigure, Neighbourhood, User
from tests.conftest import People, csrf_token, post

HX = {"HX-Request": "true"}


def test_the_queue_is_a_page_and_a_fragment(client: FlaskClient, people: People) -> None:
    people.make("pending", level="unverified", family_name="Attente")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    page = client.get("/clerk/residents").get_data(as_text=True)
    fragment = client.get("/clerk/residents", headers=HX).get_data(as_text=True)
    assert "<html" in page and 'id="verification-queue"' in page and "Attente" in page
    assert "<html" not in fragment and fragment.lstrip().startswith('<div id="verification-queue"')


def test_a_clerk_approves_with_htmx_and_the_row_swaps_itself(
    app: Flask, client: FlaskClient, people: People
) -> None:
    pending = people.make("pending", level="unverified")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    token = csrf_token(client)
    response = client.post(
        f"/clerk/residents/{pending}/decision",
        data={"decision": "approve"},
        headers={**HX, "X-CSRFToken": token},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="queue-row" id="resident-{pending}"')
    assert "Résidence vérifiée." in html
    assert '<p id="queue-count" role="status" hx-swap-oob="true">0 compte en attente.</p>' in html
    with app.app_context():
        assert db.session.get(User, pending).verification == "resident"  # type: ignore[union-attr]


def test_a_refusal_without_reason_is_explained_and_changes_nothing(
    app: Flask, client: FlaskClient, people: People
) -> None:
    pending = people.make("pending", level="unverified")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    response = post(client, f"/clerk/residents/{pending}/decision", {"decision": "refuse"})
    assert response.status_code == 302
    page = client.get("/clerk/residents").get_data(as_text=True)
    assert "Indiquez la raison du refus" in page
    with app.app_context():
        user = db.session.get(User, pending)
        assert user is not None and user.verification_refusal is None
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_a_resident_cannot_decide_on_anyone(
    app: Flask, client: FlaskClient, as_role: Any, people: People
) -> None:
    pending = people.make("pending", level="unverified")
    as_role("resident")
    response = post(client, f"/clerk/residents/{pending}/decision", {"decision": "approve"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(User, pending).verification == "unverified"  # type: ignore[union-attr]


def test_an_admin_records_a_figure_with_its_source(
    app: Flask, client: FlaskClient, as_role: Any
) -> None:
    as_role("admin")
    response = post(
        client,
        "/admin/figures",
        {
            "name": "population",
            "value": "26050",
            "source": "INSEE 2023",
            "effective_date": "2026-01-01",
        },
    )
    assert response.status_code == 302
    page = client.get("/admin/figures").get_data(as_text=True)
    assert "INSEE 2023" in page
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.action)) == "figure.recorded"


def test_bad_figures_are_refused_with_a_message(
    app: Flask, client: FlaskClient, as_role: Any
) -> None:
    as_role("admin")
    for value, date in [("-5", "2026-01-01"), ("douze", "2026-01-01"), ("10", "2026-13-45")]:
        response = post(
            client,
            "/admin/figures",
            {"name": "population", "value": value, "source": "x", "effective_date": date},
        )
        assert response.status_code == 200
        assert "Le formulaire contient des erreurs" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CommuneFigure)) == 0


def test_neighbourhood_names_stay_unique(app: Flask, client: FlaskClient, as_role: Any) -> None:
    as_role("admin")
    data = {"name": "Les Sablons", "population": "2780", "population_source": ""}
    assert post(client, "/admin/neighbourhoods", data).status_code == 302
    again = post(client, "/admin/neighbourhoods", data)
    assert "Un quartier porte déjà ce nom" in again.get_data(as_text=True)
    with app.app_context():
        names = db.session.scalars(select(Neighbourhood.name)).all()
        assert names.count("Les Sablons") == 1


def test_an_admin_grants_and_revokes_a_role(
    app: Flask, client: FlaskClient, people: People
) -> None:
    target = people.make("agent")
    people.make("admin", roles=("admin",))
    people.login("admin")
    post(client, "/admin/staff", {"email": "agent@example.org", "role": "clerk", "action": "grant"})
    with app.app_context():
        assert db.session.get(User, target).has_role("clerk")  # type: ignore[union-attr]
    post(
        client, "/admin/staff", {"email": "agent@example.org", "role": "clerk", "action": "revoke"}
    )
    with app.app_context():
        assert not db.session.get(User, target).has_role("clerk")  # type: ignore[union-attr]
    own = post(
        client, "/admin/staff", {"email": "admin@example.org", "role": "admin", "action": "revoke"}
    )
    assert "votre propre rôle" in own.get_data(as_text=True)


def test_the_electoral_list_upload_reports_bad_rows(client: FlaskClient, people: People) -> None:
    from io import BytesIO

    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    content = b"family_name,given_names,birth_date\nMartin,Claire,1975-03-14\nX,Y,not-a-date\n"
    response = client.post(
        "/clerk/electoral-list",
        data={"csrf_token": csrf_token(client), "file": (BytesIO(content), "liste.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "Rapport d&#39;import" in html or "Rapport d'import" in html
    assert "date de naissance illisible" in html
