"""Every route × every role gets the expected status (issue 2; generated from the URL map)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import Neighbourhood
from tests.conftest import csrf_token
from tests.security.site import no_rate_limits
from tests.web.access import (
    GET_ROUTES,
    POST_ONLY,
    POST_ROUTES,
    ROLES,
    expected_post_status,
    expected_status,
)


def test_every_route_is_in_the_access_table(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    missing = endpoints - set(GET_ROUTES) - POST_ONLY
    assert missing == set(), f"add these endpoints to tests/web/access.py: {sorted(missing)}"
    stale = (set(GET_ROUTES) | POST_ONLY) - endpoints
    assert stale == set()


def test_every_post_only_endpoint_says_who_may_call_it() -> None:
    missing = POST_ONLY - set(POST_ROUTES)
    assert missing == set(), f"add these endpoints to POST_ROUTES in tests/web/access.py: {missing}"
    assert set(POST_ROUTES) - POST_ONLY == set()


def _objects_the_urls_name() -> dict[str, int]:
    """One object of each kind a URL names ("{meeting_id}" in the table -> its id)."""
    from datetime import UTC, datetime, timedelta

    from civic.models import Meeting

    now = datetime.now(UTC)
    hood = Neighbourhood(name="Quartier test", population=100)
    meeting = Meeting(title="Conseil municipal", starts_at=now + timedelta(days=7), place="Mairie")
    db.session.add_all([hood, meeting])
    db.session.commit()
    return {
        "{neighbourhood_id}": hood.id,
        "{meeting_id}": meeting.id,
        **_votations(now),
        "{petition_id}": _open_petition(now),
        "{document_id}": _document(now),
        **_question_time(meeting, now),
    }


def _question_time(meeting: Any, now: Any) -> dict[str, int]:
    """An admitted question on the meeting, and a past meeting whose PDF minutes are out."""
    import os
    from datetime import timedelta

    from civic.meetings.minutes import minutes_folder
    from civic.models import Meeting, Question, User

    asker = User(identity_key="asker-of-the-access-test", verification="resident")
    db.session.add(asker)
    db.session.flush()
    question = Question(
        meeting_id=meeting.id,
        author_id=asker.id,
        title="Question admise",
        body="Quand la piscine rouvrira-t-elle ?",
        status="admitted",
        submitted_at=now,
        updated_at=now,
    )
    os.makedirs(minutes_folder(), exist_ok=True)
    with open(os.path.join(minutes_folder(), "access-test.pdf"), "wb") as handle:
        handle.write(b"%PDF-1.4 test")
    held = Meeting(
        title="Conseil municipal",
        starts_at=now - timedelta(days=30),
        place="Mairie",
        status="minutes_published",
        minutes_pdf_path="access-test.pdf",
    )
    db.session.add_all([question, held])
    db.session.commit()
    return {"{question_id}": question.id, "{minutes_meeting_id}": held.id}


def _open_petition(now: Any) -> int:
    from civic.core.thresholds import CHARTER
    from civic.models import Petition, User
    from civic.petitions.rules import snapshot

    carrier = User(identity_key="carrier-of-the-access-test", verification="resident")
    db.session.add(carrier)
    db.session.flush()
    petition = Petition(
        title="Pétition ouverte",
        body="Texte",
        easy_read="Résumé",
        decision_asked="Décision",
        rule_set_code="charter",
        rule_set_snapshot=snapshot(CHARTER),
        state="open",
        author_id=carrier.id,
        submitted_at=now,
        opened_at=now,
    )
    db.session.add(petition)
    db.session.commit()
    return petition.id


def _document(now: Any) -> int:
    from civic.models import Document

    document = Document(
        subject_type="petition",
        subject_id=1,
        kind="acknowledgement",
        title="Accusé de réception",
        html="<!doctype html><html lang=fr><title>A</title><main><h1>A</h1></main></html>",
        created_at=now,
    )
    db.session.add(document)
    db.session.commit()
    return document.id


def _votations(now: Any) -> dict[str, int]:
    from datetime import timedelta

    from civic.models import Votation, VotationQuestion

    def votation(status: str, closes: Any, preset: str = "charter") -> int:
        row = Votation(
            kind="consultation",
            preset=preset,
            status=status,
            title="Votation test",
            council_decision="Délibération test",
            opens_at=closes - timedelta(days=7),
            closes_at=closes,
            created_at=now,
            eligible_count=0,
            questions=[VotationQuestion(text="Question test ?", approve_choice="oui")],
        )
        db.session.add(row)
        db.session.commit()
        return row.id

    return {
        "{votation_id}": votation("scheduled", now + timedelta(days=7)),
        "{published_votation_id}": votation("published", now - timedelta(days=1)),
        # A vote of the law (its deliberation, its polling stations' reports).
        "{legal_votation_id}": votation(
            "scheduled", now + timedelta(days=70), preset="cgct_consultation"
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_page(
    app: Flask, client: FlaskClient, as_role: Any, role: str
) -> None:
    with app.app_context():
        placeholders = _objects_the_urls_name()
    as_role(role)
    failures = []
    for endpoint, (kind, args) in GET_ROUTES.items():
        values = {k: placeholders.get(v, v) for k, v in args.items()}  # type: ignore[call-overload]
        with app.test_request_context():
            from flask import url_for

            url = url_for(endpoint, **values)
        response = client.get(url)
        expected = expected_status(kind, role)
        if response.status_code != expected:
            failures.append((endpoint, url, response.status_code, expected))
        if expected == 302 and role == "anonymous" and kind not in ("guest", "token_link"):
            assert "/auth/login" in response.headers["Location"]
    assert failures == []


def test_a_logged_in_person_without_the_role_gets_a_clear_403_page(
    client: FlaskClient, as_role: Any
) -> None:
    as_role("resident")
    response = client.get("/admin/figures")
    assert response.status_code == 403
    assert "Accès refusé" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_action(
    app: Flask, client: FlaskClient, as_role: Any, role: str
) -> None:
    """POST with a valid CSRF token: the role check comes first, so the people without
    the role are refused whatever the object, and the others find no such object."""
    from flask import url_for

    as_role(role)
    token = csrf_token(client)
    failures = []
    with no_rate_limits():
        for endpoint, (kind, args) in POST_ROUTES.items():
            with app.test_request_context():
                url = url_for(endpoint, **args)
            response = client.post(url, data={"csrf_token": token})
            expected = expected_post_status(kind, role)
            if response.status_code != expected:
                failures.append((endpoint, url, response.status_code, expected))
            elif expected == 302 and role == "anonymous" and endpoint != "main.set_language":
                assert "/auth/login" in response.headers["Location"], endpoint
    assert failures == []
