"""An applicant withdraws their application to a neighbourhood council; the age band
comes from the birth date, whatever the form sends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from civic.extensions import db
from civic.models import AuditEntry, CouncilApplication
from tests.conftest import People, post
from tests.support.councils import make_council


def _apply(client: FlaskClient, council_id: int, **fields: str) -> str:
    data = {"kind": "pool", "gender": "female", **fields}
    return post(client, f"/councils/{council_id}/apply", data, follow_redirects=True).get_data(
        as_text=True
    )


def _application(app: Flask, council_id: int) -> CouncilApplication:
    with app.app_context():
        application = db.session.scalar(
            select(CouncilApplication).where(CouncilApplication.council_id == council_id)
        )
        assert application is not None
        db.session.expunge(application)
        return application


def test_the_age_band_is_the_birth_dates_not_the_one_sent(
    app: Flask, client: FlaskClient, people: People
) -> None:
    council_id = make_council(app, people, pool=[])
    people.make("rose", birth_date=date(1950, 3, 1), neighbourhood="Centre")
    people.login("rose")
    assert "Candidature enregistrée" in _apply(client, council_id, age_band="16-29")
    assert _application(app, council_id).age_band == "75+"


def test_an_applicant_withdraws_and_may_apply_again(
    app: Flask, client: FlaskClient, people: People
) -> None:
    council_id = make_council(app, people, pool=[])
    people.make("nora", neighbourhood="Centre")
    people.login("nora")
    _apply(client, council_id)
    application = _application(app, council_id)
    page = client.get(f"/councils/{council_id}").get_data(as_text=True)
    assert "Retirer ma candidature" in page
    response = post(
        client, f"/councils/applications/{application.id}/withdraw", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Candidature retirée." in page and "Vous avez retiré votre candidature." in page
    assert "Candidater à nouveau" in page
    with app.app_context():
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "council.application_withdrawn")
        )
        assert entry is not None and entry.object_id == str(application.id)
    assert _application(app, council_id).status == "withdrawn"
    again = _apply(client, council_id)
    assert "Candidature enregistrée" in again
    assert _application(app, council_id).status == "pending"


def test_a_withdrawn_application_leaves_the_clerks_queue_and_cannot_be_decided(
    app: Flask, client: FlaskClient, people: People
) -> None:
    council_id = make_council(app, people, pool=[])
    people.make("nora", neighbourhood="Centre")
    people.login("nora")
    _apply(client, council_id)
    application = _application(app, council_id)
    post(client, f"/councils/applications/{application.id}/withdraw")
    again = post(client, f"/councils/applications/{application.id}/withdraw", follow_redirects=True)
    assert "Vous avez déjà retiré cette candidature." in again.get_data(as_text=True)
    people.logout()
    people.login("clerk")
    queue = client.get(f"/councils/{council_id}/applications").get_data(as_text=True)
    assert "Retirée par la personne." in queue
    todo = client.get("/clerk/").get_data(as_text=True)
    row = todo.split('id="queue-applications"')[1].split("</tr>")[0]
    assert ">0<" in row
    post(client, f"/councils/applications/{application.id}/decision", {"decision": "eligible"})
    assert _application(app, council_id).status == "withdrawn"


def test_nobody_withdraws_someone_elses_application(
    app: Flask, client: FlaskClient, people: People
) -> None:
    council_id = make_council(app, people, pool=[])
    people.make("nora", neighbourhood="Centre")
    people.make("other", neighbourhood="Centre")
    people.login("nora")
    _apply(client, council_id)
    application = _application(app, council_id)
    people.logout()
    people.login("other")
    response = post(client, f"/councils/applications/{application.id}/withdraw")
    assert response.status_code == 404
    assert _application(app, council_id).status == "pending"


def test_a_member_already_seated_cannot_withdraw_here(
    app: Flask, client: FlaskClient, people: People
) -> None:
    council_id = make_council(app, people, pool=[])
    people.make("vera", neighbourhood="Centre")
    people.login("vera")
    _apply(client, council_id, kind="volunteer")
    application = _application(app, council_id)
    people.logout()
    people.login("clerk")
    post(client, f"/councils/applications/{application.id}/decision", {"decision": "eligible"})
    people.logout()
    people.login("vera")
    response = post(
        client, f"/councils/applications/{application.id}/withdraw", follow_redirects=True
    )
    assert "Vous siégez déjà au conseil" in response.get_data(as_text=True)
    assert _application(app, council_id).status == "eligible"


def test_the_applications_page_is_searched_and_paginated_with_and_without_htmx(
    app: Flask, client: FlaskClient, people: People
) -> None:
    council_id = make_council(app, people, pool=[])
    with app.app_context():
        from civic.councils import membership
        from civic.models import User

        for n in range(22):
            user_id = people.make(f"c{n}", neighbourhood="Centre", family_name=f"Candidat{n:02d}")
            membership.apply(
                council_id,
                membership.ApplicationInput(kind="pool", gender="female", publish_name=False),
                user=db.session.get(User, user_id),  # type: ignore[arg-type]
                now=datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=n),
            )
    people.login("clerk")
    page = client.get(f"/councils/{council_id}/applications").get_data(as_text=True)
    assert "<html" in page and "22 candidatures." in page
    assert page.count('class="queue-row"') == 20 and "Candidat00" in page
    assert "Page 1 sur 2" in page
    second = client.get(
        f"/councils/{council_id}/applications?page=2", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert second.lstrip().startswith('<div id="application-queue"')
    assert second.count('class="queue-row"') == 2
    found = client.get(f"/councils/{council_id}/applications?q=candidat07").get_data(as_text=True)
    assert found.count('class="queue-row"') == 1 and "Candidat07" in found
