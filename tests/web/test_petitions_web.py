"""The petition story through the browser's eyes (test client), and every refusal."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.electorate import local_day
from civic.extensions import db
from civic.models import CouncilDecision, Document, Petition, PetitionAnswer, Signature
from civic.models.meetings import AgendaItem, Meeting
from tests.conftest import csrf_token, post
from tests.integration.test_petitions_signing import add_figures
from tests.support.sql import statements_of, under_write_lock

HX = {"HX-Request": "true"}
# One line of a paper sheet, as a clerk types it.
PAPER_LINE = {
    "family_name": "Roux",
    "given_names": "Jean",
    "birth_date": "03/02/1960",
    "address": "2 rue Basse",
    "neighbourhood_id": "",
}


def text(response: Any) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def commune(app: Flask) -> Flask:
    with app.app_context():
        add_figures(population=100, electorate=50)
        db.session.add(
            Meeting(
                title="Conseil municipal de juin",
                starts_at=datetime.now(UTC) + timedelta(days=20),
                place="Salle du conseil",
            )
        )
        db.session.commit()
    return app


def draft_and_open(client: FlaskClient, people: Any, **fields: str) -> int:
    people.make("carrier", level="elector")
    people.make("clerk", roles=("clerk",))
    people.login("carrier")
    data = {
        "title": "Des arceaux à vélo devant l'école",
        "easy_read": "Nous voulons garer nos vélos devant l'école.",
        "decision_asked": "Installer dix arceaux à vélo rue de l'École.",
        "body": "Les parents **demandent** des arceaux.",
        "rule_set_code": "charter",
        "kind": "ordinary",
        "neighbourhood_id": "",
        **fields,
    }
    response = post(client, "/petitions/new", data)
    assert response.status_code == 302, text(response)[:2000]
    petition_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert "Brouillon" in text(client.get(f"/petitions/{petition_id}"))
    response = post(client, f"/petitions/{petition_id}/submit")
    assert "examen" in text(client.get(response.headers["Location"]))
    people.logout()
    people.login("clerk")
    assert "Des arceaux" in text(client.get("/petitions/review"))
    response = post(client, f"/petitions/{petition_id}/admit", {"deadline": ""})
    assert "ouverte à la signature" in text(client.get(response.headers["Location"]))
    people.logout()
    return petition_id


def sign_as(client: FlaskClient, people: Any, name: str, level: str = "resident") -> Any:
    people.make(name, level=level)
    people.login(name)
    response = post(client, f"/petitions/{petition_id_of(client)}/sign", {"confirm": "y"})
    return response


def petition_id_of(client: FlaskClient) -> int:
    return client.application.config["_PETITION_ID"]  # type: ignore[no-any-return]


def test_the_whole_story_from_draft_to_the_councils_answer(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    commune.config["_PETITION_ID"] = petition_id
    page = text(client.get(f"/petitions/{petition_id}"))
    assert "Débat au conseil municipal" in page and "Votation citoyenne" in page
    assert "le conseil doit répondre publiquement" in page
    assert "<progress" in page and "style=" not in page

    for name in ("ana", "bob", "chloe"):
        response = sign_as(client, people, name)
        assert "Merci, votre signature est enregistrée." in text(
            client.get(response.headers["Location"])
        )
        people.logout()
    people.make("dina", level="resident", family_name="Haddad", given_names="Dina")
    people.login("dina")
    response = post(client, f"/petitions/{petition_id}/sign", {"confirm": "y"}, headers=HX)
    fragment = text(response)
    assert 'id="petition-sign"' in fragment and "<html" not in fragment
    assert "Votre signature est recueillie." in fragment and "Elle est comptée." in fragment
    people.logout()

    people.login("clerk")
    sheet = f"/petitions/{petition_id}/paper"
    assert 'id="paper-sheet"' in text(client.get(sheet))
    duplicate = post(
        client,
        sheet,
        {
            "family_name": "HADDAD",
            "given_names": "dina",
            "birth_date": "17/05/1990",
            "address": "4 rue de la Mairie",
            "neighbourhood_id": "",
        },
        headers=HX,
    )
    assert "Doublon" in text(duplicate) and "<html" not in text(duplicate)
    with commune.app_context():
        assert db.session.get(Petition, petition_id).collected_count == 4
        assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 0
    saved = post(
        client,
        sheet,
        {
            "family_name": "Roux",
            "given_names": "Jean",
            "birth_date": "03021960",
            "address": "2 rue Basse",
            "neighbourhood_id": "",
        },
        headers=HX,
    )
    assert "Ligne enregistrée" in text(saved) and "Roux" in text(saved)
    # Not on the electoral list and no account: collected, waiting for the clerk.
    queue = text(client.get("/petitions/signatures"))
    assert "Roux" in queue
    with commune.app_context():
        signature_id = db.session.scalar(
            select(Signature.id).where(Signature.paper_family_name == "Roux")
        )
    row = text(post(client, f"/petitions/signatures/{signature_id}/verify", headers=HX))
    assert f'id="signature-{signature_id}"' in row and "Vérifiée" in row

    page = text(client.get(f"/petitions/{petition_id}"))
    assert "atteint le" in page
    assert "Seuil atteint" in page and "Inscrite à l'ordre du jour" in page
    with commune.app_context():
        kinds = sorted(db.session.scalars(select(AgendaItem.kind)))
        assert kinds == ["petition_answer", "petition_presentation"]
        meeting_id = db.session.scalar(select(Meeting.id))
    assert "Des arceaux" in text(client.get(f"/meetings/{meeting_id}"))
    people.logout()

    # Every consequence ends in a deliberation: its draft, with the figures, in the file.
    assert "Document établi" in page and "Projet de délibération" in page
    with commune.app_context():
        document_id = db.session.scalar(
            select(Document.id).where(Document.kind == "draft_deliberation")
        )
    draft = text(client.get(f"/documents/{document_id}"))
    assert "Projet — à compléter" in draft and "pour 5 requises" in draft
    assert "initiative citoyenne" in draft and "Roux" not in draft
    assert client.get(f"/documents/{document_id}.pdf").data.startswith(b"%PDF-")

    people.make("elue", level="elector", roles=("councillor",), given_names="Élise")
    people.login("elue")
    answer = f"/petitions/{petition_id}/answer"
    council_answer = {"answered_as": "council", "body": "Le conseil installera **dix arceaux**."}
    response = post(client, answer, council_answer)
    page = text(client.get(response.headers["Location"]))
    assert "se publie avec la délibération dont elle est issue" in page
    with commune.app_context():
        assert db.session.scalar(select(func.count()).select_from(PetitionAnswer)) == 0
    people.logout()

    people.login("clerk")
    with commune.app_context():
        today = local_day(datetime.now(UTC)).isoformat()
    decision = {
        "matter": "council_debate",
        "outcome": "adopted",
        "decided_on": today,
        "number": "2026-045",
        "votes_for": "21",
        "votes_against": "6",
        "abstentions": "2",
    }
    contradicted = post(
        client, f"/petitions/{petition_id}/decision", {**decision, "outcome": "rejected"}
    )
    assert "contredit le vote" in text(client.get(contradicted.headers["Location"]))
    response = post(client, f"/petitions/{petition_id}/decision", decision)
    page = text(client.get(response.headers["Location"]))
    assert "délibération n° 2026-045" in page and "adoptée" in page
    assert "21 pour, 6 contre, 2 abstentions" in page
    people.logout()

    people.login("elue")
    with commune.app_context():
        decision_id = db.session.scalar(select(CouncilDecision.id))
    response = post(client, answer, {**council_answer, "decision_id": str(decision_id)})
    page = text(client.get(response.headers["Location"]))
    assert "La réponse est publiée." in page
    assert "Réponse du conseil municipal" in page and "issue de la délibération n° 2026-045" in page
    assert "<strong>dix arceaux</strong>" in page
    response = post(client, answer, {"answered_as": "councillor", "body": "Mon avis d'élue."})
    page = text(client.get(response.headers["Location"]))
    assert "(en son nom, pas celui du conseil)" in page

    api = client.get(f"/api/v1/petitions/{petition_id}").get_json()
    assert [d["kind"] for d in api["documents"]] == ["acknowledgement", "draft_deliberation"]
    assert set(api["documents"][1]) == {"kind", "url"}
    assert api["documents"][1]["url"].endswith(f"/documents/{document_id}")
    assert api["council_decisions"][0]["number"] == "2026-045"
    assert api["council_decisions"][0]["vote"] == {"for": 21, "against": 6, "abstentions": 2}
    assert [a["by"] for a in api["answers"]] == ["council", "councillor"]
    assert api["progress"]["debate"] == "done"


def test_a_submitted_petition_gets_its_acknowledgement_of_receipt_read_by_its_carrier_only(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    people.make("carrier", level="elector", family_name="Oberkampf")
    people.make("clerk", roles=("clerk",))
    people.login("carrier")
    data = {
        "title": "Un banc place du marché",
        "easy_read": "Un banc pour s'asseoir.",
        "decision_asked": "Installer un banc place du marché.",
        "body": "Les anciens **demandent** un banc.",
        "rule_set_code": "charter",
        "kind": "ordinary",
        "neighbourhood_id": "",
    }
    response = post(client, "/petitions/new", data)
    petition_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    # The carrier reads English; the commune's documents are written in French.
    post(client, "/language", {"language": "en", "next": "/"})
    post(client, f"/petitions/{petition_id}/submit")
    post(client, "/language", {"language": "fr", "next": "/"})
    page = " ".join(text(client.get(f"/petitions/{petition_id}")).split())
    assert "Document établi" in page and "Accusé de réception" in page
    with commune.app_context():
        document_id = db.session.scalar(
            select(Document.id).where(
                Document.subject_id == petition_id, Document.kind == "acknowledgement"
            )
        )
    assert f'href="/documents/{document_id}"' in page
    letter = " ".join(text(client.get(f"/documents/{document_id}")).split())
    assert "accuse réception de la pétition" in letter and "Un banc place du marché" in letter
    assert "<h1>Accusé de réception de la pétition</h1>" in letter
    assert "article L112-3" in letter and "Oberkampf" not in letter
    people.logout()
    # Under review the petition is not public, nor is its acknowledgement.
    assert client.get(f"/documents/{document_id}").status_code == 404
    assert client.get(f"/documents/{document_id}.pdf").status_code == 404
    people.login("clerk")
    assert client.get(f"/documents/{document_id}").status_code == 200
    post(client, f"/petitions/{petition_id}/admit", {"deadline": ""})
    people.logout()
    assert client.get(f"/documents/{document_id}.pdf").data.startswith(b"%PDF-")
    api = client.get(f"/api/v1/petitions/{petition_id}").get_json()
    assert [d["kind"] for d in api["documents"]] == ["acknowledgement"]


def test_the_counts_fragment_answers_htmx_polling(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    full = text(client.get(f"/petitions/{petition_id}"))
    fragment = text(client.get(f"/petitions/{petition_id}", headers=HX))
    assert 'id="petition-counts"' in full and "<html" in full
    assert 'id="petition-counts"' in fragment and "<html" not in fragment
    assert 'hx-trigger="every 5s"' in fragment and 'aria-live="polite"' in fragment
    assert re.search(r"<progress max=\"5\" value=\"0\"", fragment)


def test_one_signature_is_counted_in_the_singular(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    commune.config["_PETITION_ID"] = petition_id
    sign_as(client, people, "ana")
    fragment = " ".join(text(client.get(f"/petitions/{petition_id}", headers=HX)).split())
    assert "1</strong> recueillie</span>" in fragment
    assert "1</strong> comptée (résidence vérifiée)</span>" in fragment


def test_signing_twice_shows_a_message_and_counts_once(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    commune.config["_PETITION_ID"] = petition_id
    sign_as(client, people, "ana")
    response = post(client, f"/petitions/{petition_id}/sign", {"confirm": "y"}, headers=HX)
    assert response.status_code == 200
    assert "Vous avez déjà signé cette pétition" in text(response)
    with commune.app_context():
        assert db.session.get(Petition, petition_id).collected_count == 1


def test_a_signature_takes_the_write_lock_only_for_the_petition_and_its_counters(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    with commune.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's database-wide write lock")
    petition_id = draft_and_open(client, people)
    people.make("ana")
    people.login("ana")
    token = csrf_token(client)
    response, seen = statements_of(
        commune,
        lambda: client.post(
            f"/petitions/{petition_id}/sign", data={"csrf_token": token, "confirm": "y"}
        ),
    )
    assert response.status_code == 302
    # Session, account and the commune's figures are read before; the lock covers:
    assert under_write_lock(seen) == [
        "SELECT petitions",  # the row, its threshold stamps joined
        "INSERT signatures",
        "UPDATE petitions",  # the counters
    ]


def test_signing_without_ticking_the_confirmation_changes_nothing(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    people.make("ana")
    people.login("ana")
    response = post(client, f"/petitions/{petition_id}/sign", {})
    assert "Cochez la case" in text(client.get(response.headers["Location"]))
    with commune.app_context():
        assert db.session.get(Petition, petition_id).collected_count == 0


def test_a_closed_petition_refuses_signatures_with_a_message(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    with commune.app_context():
        petition = db.session.get(Petition, petition_id)
        petition.state = "closed"
        db.session.commit()
    people.make("ana")
    people.login("ana")
    response = post(client, f"/petitions/{petition_id}/sign", {"confirm": "y"}, headers=HX)
    assert "pas ouverte à la signature" in text(response)
    with commune.app_context():
        assert db.session.get(Petition, petition_id).collected_count == 0


def test_a_draft_or_missing_petition_is_not_found_by_a_signer(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    people.make("carrier", level="elector")
    people.login("carrier")
    response = post(
        client,
        "/petitions/new",
        {
            "title": "Un brouillon pas encore public",
            "easy_read": "Un brouillon.",
            "decision_asked": "Rien pour l'instant.",
            "body": "Texte.",
            "rule_set_code": "charter",
            "kind": "ordinary",
            "neighbourhood_id": "",
        },
    )
    draft_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    people.logout()
    people.make("ana")
    people.login("ana")
    for petition_id in (draft_id, draft_id + 1000):
        for data in ({"confirm": "y"}, {}):
            response = post(client, f"/petitions/{petition_id}/sign", data)
            assert response.status_code == 404
    with commune.app_context():
        assert db.session.scalar(select(func.count(Signature.id))) == 0
        assert db.session.get(Petition, draft_id).collected_count == 0


def test_an_unverified_account_cannot_sign(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    people.make("newcomer", level="unverified")
    people.login("newcomer")
    page = text(client.get(f"/petitions/{petition_id}"))
    assert "votre résidence doit d'abord être vérifiée" in page
    response = post(client, f"/petitions/{petition_id}/sign", {"confirm": "y"})
    assert response.status_code == 403 and "Accès refusé" in text(response)
    with commune.app_context():
        assert db.session.get(Petition, petition_id).collected_count == 0


@pytest.mark.parametrize(
    "url", ["/petitions/{id}/paper", "/petitions/signatures", "/petitions/{id}/invalidate"]
)
def test_residents_cannot_open_clerk_screens_or_post_to_them(
    commune: Flask, client: FlaskClient, people: Any, url: str
) -> None:
    petition_id = draft_and_open(client, people)
    people.make("ana")
    people.login("ana")
    path = url.format(id=petition_id)
    assert client.get(path).status_code == 403
    response = post(
        client,
        path,
        {
            "family_name": "X",
            "given_names": "Y",
            "birth_date": "01/01/1990",
            "address": "Z",
            "reason": "r",
            "ip_hash": "abc",
        },
    )
    assert response.status_code in (403, 405)
    with commune.app_context():
        assert db.session.scalar(select(func.count()).select_from(Signature)) == 0


@pytest.mark.parametrize("typed", ["31/02/1990", "1990", "17/05/2090", "hier"])
def test_a_bad_birth_date_on_paper_shows_a_message_and_saves_nothing(
    commune: Flask, client: FlaskClient, people: Any, typed: str
) -> None:
    petition_id = draft_and_open(client, people)
    people.login("clerk")
    line = {**PAPER_LINE, "birth_date": typed}
    for headers in ({}, HX):
        response = post(client, f"/petitions/{petition_id}/paper", line, headers=headers)
        assert response.status_code == 200
        assert "Date de naissance" in text(response)
        assert "possible" in text(response) or "illisible" in text(response)
        assert 'value="Roux"' in text(response)  # the line stays typed
    with commune.app_context():
        assert db.session.scalar(select(func.count()).select_from(Signature)) == 0


def test_a_saved_paper_line_without_javascript_redirects_back_to_the_sheet(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    people.login("clerk")
    line = PAPER_LINE
    response = post(client, f"/petitions/{petition_id}/paper", line)
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Ligne enregistrée." in page and "2 rue Basse" in page


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_a_clerks_decision_never_redirects_off_site(
    commune: Flask, client: FlaskClient, people: Any, target: str
) -> None:
    petition_id = draft_and_open(client, people)
    people.login("clerk")
    line = PAPER_LINE
    post(client, f"/petitions/{petition_id}/paper", line)
    with commune.app_context():
        signature_id = db.session.scalar(select(Signature.id))
    response = post(
        client,
        f"/petitions/signatures/{signature_id}/invalidate",
        {"reason": "Ligne en double", "next": target},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/petitions/signatures"
    assert "Décision enregistrée." in text(client.get(response.headers["Location"]))


def test_a_clerk_invalidates_a_burst_from_one_address_and_the_history_says_why(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    commune.config["_PETITION_ID"] = petition_id
    for name in ("ana", "bob"):
        sign_as(client, people, name)
        people.logout()
    people.login("clerk")
    page = text(client.get(f"/petitions/{petition_id}/invalidate"))
    ip_hash = re.search(r"<code>([0-9a-f]{32})</code>", page).group(1)  # type: ignore[union-attr]
    response = post(
        client,
        f"/petitions/{petition_id}/invalidate",
        {
            "ip_hash": ip_hash,
            "reason": "deux signatures en rafale",
            "email_domain": "",
            "since": "",
            "until": "",
        },
    )
    page = text(client.get(response.headers["Location"]))
    assert "2 signatures invalidées" in page and "deux signatures en rafale" in page
    with commune.app_context():
        assert db.session.get(Petition, petition_id).collected_count == 0


def test_a_rejected_petition_shows_its_public_coded_reason(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    people.make("carrier", level="resident")
    people.make("clerk", roles=("clerk",))
    people.login("carrier")
    response = post(
        client,
        "/petitions/new",
        {
            "title": "Changer la loi",
            "easy_read": "a",
            "decision_asked": "b",
            "body": "c",
            "rule_set_code": "charter",
            "kind": "ordinary",
            "neighbourhood_id": "",
        },
    )
    petition_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    post(client, f"/petitions/{petition_id}/submit")
    people.logout()
    assert client.get(f"/petitions/{petition_id}").status_code == 404  # not public yet
    people.login("clerk")
    response = post(
        client,
        f"/petitions/{petition_id}/reject",
        {"code": "outside_competence", "text": "Relève du Parlement."},
    )
    people.logout()
    page = text(client.get(f"/petitions/{petition_id}"))
    assert "Hors des compétences de la commune" in page and "Relève du Parlement." in page


def test_the_admin_edits_a_rule_set_and_a_broken_one_is_refused(
    commune: Flask, client: FlaskClient, as_role: Any
) -> None:
    as_role("admin")
    page = text(client.get("/petitions/rules/charter"))
    assert "council_debate" in page
    response = post(client, "/petitions/rules/charter", {"rules": '{"code": "charter"'})
    assert response.status_code == 200 and "JSON illisible" in text(response)
    from civic.core.thresholds import CHARTER, rule_set_to_dict

    edited = rule_set_to_dict(CHARTER)
    edited["thresholds"][0]["percent"] = "-3"
    response = post(client, "/petitions/rules/charter", {"rules": json.dumps(edited)})
    assert "Règle invalide" in text(response)
    edited["thresholds"][0]["percent"] = "4"
    response = post(client, "/petitions/rules/charter", {"rules": json.dumps(edited)})
    assert response.status_code == 302
    assert re.search(r"\(4\W?%", text(client.get("/petitions/")))


def test_the_open_data_never_shows_a_name_or_an_address(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    commune.config["_PETITION_ID"] = petition_id
    sign_as(client, people, "ana")
    people.logout()
    people.login("clerk")
    post(
        client,
        f"/petitions/{petition_id}/paper",
        {
            "family_name": "Zébulon",
            "given_names": "Philéas",
            "birth_date": "03/02/1960",
            "address": "99 impasse Secrète",
            "neighbourhood_id": "",
        },
    )
    people.logout()
    listing = client.get("/api/v1/petitions").get_json()
    one = client.get(f"/api/v1/petitions/{petition_id}").get_json()
    csv_text = text(client.get("/api/v1/petitions.csv"))
    assert one["signatures"] == {"collected": 2, "counted": 1}
    assert [t["name"] for t in one["thresholds"]] == [
        "council_debate",
        "referendum",
        "legal_request",
    ]
    assert one["thresholds"][0]["required"] == 5 and one["thresholds"][0]["base_value"] == 100
    assert listing["petitions"][0]["id"] == petition_id and str(petition_id) in csv_text
    everything = json.dumps([listing, one], ensure_ascii=False) + csv_text
    with commune.app_context():
        from civic.models import User

        for user in db.session.scalars(select(User)):
            for personal in (user.family_name, user.email, user.address, user.identity_key):
                assert personal and personal not in everything
    for personal in ("Zébulon", "Philéas", "Secrète", "ana@example.org"):
        assert personal not in everything
    assert client.get("/api/v1/petitions/999999").status_code == 404


def test_the_thanks_after_a_plain_signature_shows_only_to_a_signer(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    petition_id = draft_and_open(client, people)
    commune.config["_PETITION_ID"] = petition_id
    response = sign_as(client, people, "ana")
    assert response.headers["Location"].endswith(f"/petitions/{petition_id}?signed=1")
    page = text(client.get(response.headers["Location"]))
    assert "Merci, votre signature est enregistrée." in page
    assert "Votre signature est recueillie." in page
    people.logout()
    people.make("bob")
    people.login("bob")
    page = text(client.get(f"/petitions/{petition_id}?signed=1"))
    assert "Merci, votre signature est enregistrée." not in page
    assert "Signer la pétition" in page


def test_the_charter_track_never_calls_its_vote_a_local_referendum(
    commune: Flask, client: FlaskClient, people: Any
) -> None:
    """TA Grenoble, 24 May 2018: a vote open to residents of any nationality is not the
    local referendum of the law (docs/rules.md §9); the charter's pages say what it is."""
    petition_id = draft_and_open(client, people)
    for page in (text(client.get("/")), text(client.get(f"/petitions/{petition_id}"))):
        assert "votation citoyenne est organisée" in page
        assert "référendum local" not in page.lower()
