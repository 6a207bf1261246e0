"""Question time through the pages, for each role (docs/rules.md §7): residents ask, edit,
withdraw and support; clerks moderate and freeze the oral selection; councillors
answer; refusals say why and change nothing."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import People, post
from tests.support.meetings import (
    add_question,
    add_supports,
    move_meeting,
    plan_meeting,
    question,
    supporters,
)

QUESTION = {
    "title": "Horaires de la médiathèque",
    "body": "Pourquoi la médiathèque ferme-t-elle à 17 heures le samedi ?",
}


def _count_questions(app: Flask) -> int:
    from civic.extensions import db
    from civic.models import Question

    with app.app_context():
        return len(db.session.scalars(db.select(Question)).all())


# --- Residents ------------------------------------------------------------------


def test_a_resident_asks_a_question_that_waits_for_the_clerks(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("lea")
    people.login("lea")
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Questions ouvertes jusqu" in page and "Poser une question" in page
    response = post(client, f"/meetings/{meeting_id}/questions/new", QUESTION)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Question envoyée" in page
    assert "Votre question" in page and "En attente d'examen" in page
    people.logout()
    public = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Horaires de la médiathèque" not in public


def test_a_second_question_for_the_same_meeting_is_refused(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("lea")
    people.login("lea")
    post(client, f"/meetings/{meeting_id}/questions/new", QUESTION)
    response = post(
        client,
        f"/meetings/{meeting_id}/questions/new",
        {"title": "Une autre question", "body": "Et la piscine, quand rouvre-t-elle ?"},
    )
    assert response.status_code == 200
    assert "Vous avez déjà posé une question pour cette séance" in response.get_data(as_text=True)
    assert _count_questions(app) == 1


def test_a_question_after_the_window_closed_is_refused(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=1)  # closes 48 hours before
    people.make("lea")
    people.login("lea")
    response = post(client, f"/meetings/{meeting_id}/questions/new", QUESTION)
    assert "La période de questions est close" in response.get_data(as_text=True)
    assert _count_questions(app) == 0


def test_a_question_before_the_window_opens_is_refused_with_the_opening_date(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=30)  # opens 14 days before
    people.make("lea")
    people.login("lea")
    response = post(client, f"/meetings/{meeting_id}/questions/new", QUESTION)
    assert "seront ouvertes le" in response.get_data(as_text=True)
    assert _count_questions(app) == 0


def test_too_short_a_question_is_refused_next_to_its_field(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("lea")
    people.login("lea")
    response = post(
        client, f"/meetings/{meeting_id}/questions/new", {"title": "Hm", "body": "Pourquoi ?"}
    )
    assert response.status_code == 200
    assert "error-summary" in response.get_data(as_text=True)
    assert _count_questions(app) == 0


def test_an_unverified_account_cannot_ask(app: Flask, client: FlaskClient, people: People) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("tom", level="unverified")
    people.login("tom")
    assert post(client, f"/meetings/{meeting_id}/questions/new", QUESTION).status_code == 403
    assert _count_questions(app) == 0


def test_the_author_edits_an_admitted_question_which_goes_back_to_the_clerks(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    lea = people.make("lea")
    other = people.make("sam")
    question_id = add_question(app, meeting_id, lea)
    add_supports(app, question_id, [other])
    people.login("lea")
    form = client.get(f"/questions/{question_id}/edit").get_data(as_text=True)
    assert "ses soutiens seront remis à zéro" in form
    response = post(client, f"/questions/{question_id}/edit", QUESTION)
    assert response.status_code == 302
    stored = question(app, question_id)
    assert (stored.title, stored.status) == ("Horaires de la médiathèque", "submitted")
    assert supporters(app, question_id) == 0


def test_editing_after_the_window_closed_is_refused_and_changes_nothing(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    lea = people.make("lea")
    question_id = add_question(app, meeting_id, lea, status="submitted")
    move_meeting(app, meeting_id, days_ahead=1)
    people.login("lea")
    response = post(client, f"/questions/{question_id}/edit", QUESTION)
    assert "La période de questions est close" in response.get_data(as_text=True)
    assert question(app, question_id).title == "Quand la piscine rouvrira-t-elle ?"


def test_someone_else_cannot_edit_or_withdraw_a_question(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    lea = people.make("lea")
    people.make("sam")
    question_id = add_question(app, meeting_id, lea)
    people.login("sam")
    assert client.get(f"/questions/{question_id}/edit").status_code == 404
    assert post(client, f"/questions/{question_id}/withdraw").status_code == 404
    assert question(app, question_id).status == "admitted"


def test_a_withdrawn_question_leaves_room_for_a_new_one(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    lea = people.make("lea")
    question_id = add_question(app, meeting_id, lea, status="submitted")
    people.login("lea")
    response = post(client, f"/questions/{question_id}/withdraw", follow_redirects=True)
    assert "Votre question est retirée" in response.get_data(as_text=True)
    assert question(app, question_id).status == "withdrawn"
    assert post(client, f"/meetings/{meeting_id}/questions/new", QUESTION).status_code == 302
    assert question(app, question_id).status == "submitted"
    assert _count_questions(app) == 1


# --- Supports -------------------------------------------------------------------


def test_supporting_with_htmx_updates_the_count_in_place(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"))
    people.make("sam")
    people.login("sam")
    response = post(
        client,
        f"/questions/{question_id}/support",
        {"action": "support"},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div class="support" id="support-{question_id}"')
    assert "1 soutien" in html and "Retirer mon soutien" in html
    response = post(
        client,
        f"/questions/{question_id}/support",
        {"action": "unsupport"},
        headers={"HX-Request": "true"},
    )
    assert "0 soutien" in response.get_data(as_text=True)
    assert supporters(app, question_id) == 0


def test_supporting_without_javascript_comes_back_to_the_meeting(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"))
    people.make("sam")
    people.login("sam")
    response = post(client, f"/questions/{question_id}/support", {"action": "support"})
    assert response.status_code == 302
    assert f"/meetings/{meeting_id}#question-{question_id}" in response.headers["Location"]
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Votre soutien est enregistré" in page and "1 soutien" in page


def test_supporting_twice_is_refused_and_counts_once(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"))
    people.make("sam")
    people.login("sam")
    post(client, f"/questions/{question_id}/support", {"action": "support"})
    response = post(
        client,
        f"/questions/{question_id}/support",
        {"action": "support"},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vous soutenez déjà cette question" in html and "1 soutien" in html
    assert supporters(app, question_id) == 1


def test_nobody_supports_their_own_question_or_one_not_admitted(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    lea = people.make("lea")
    own = add_question(app, meeting_id, lea)
    pending = add_question(app, meeting_id, people.make("sam"), status="submitted")
    people.login("lea")
    response = post(client, f"/questions/{own}/support", {"action": "support"})
    assert "propre question" in client.get(response.headers["Location"]).get_data(as_text=True)
    response = post(client, f"/questions/{pending}/support", {"action": "support"})
    assert "Seules les questions admises" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert supporters(app, own) == supporters(app, pending) == 0


def test_the_meeting_page_orders_admitted_questions_by_support_then_time(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    first = add_question(
        app, meeting_id, people.make("lea"), title="Question ancienne", minutes_ago=90
    )
    second = add_question(
        app, meeting_id, people.make("sam"), title="Question soutenue", minutes_ago=30
    )
    add_supports(app, second, [people.make("ana"), people.make("bob")])
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert page.index("Question soutenue") < page.index("Question ancienne")
    assert first != second


# --- Clerks ---------------------------------------------------------------------


def test_a_clerk_admits_a_question_and_the_asker_is_notified_in_the_app_and_by_mail(
    app: Flask, client: FlaskClient, people: People, outbox: list[Any]
) -> None:
    app.config["MAIL_CONFIGURED"] = True
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"), status="submitted")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    queue = client.get(f"/clerk/meetings/{meeting_id}/questions").get_data(as_text=True)
    assert "Quand la piscine rouvrira-t-elle ?" in queue
    response = post(client, f"/clerk/questions/{question_id}/moderate", {"decision": "admit"})
    assert response.status_code == 302
    assert question(app, question_id).status == "admitted"
    assert [m.to for m in outbox] == [["lea@example.org"]]
    assert "a été admise" in outbox[0].subject
    people.logout()
    people.login("lea")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Votre question « Quand la piscine rouvrira-t-elle ? » a été admise." in page
    assert 'class="badge nav-count">1' in page


def test_a_clerk_moderates_with_htmx_and_the_row_swaps_itself(
    app: Flask, client: FlaskClient, people: People, outbox: list[Any]
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"), status="submitted")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    response = post(
        client,
        f"/clerk/questions/{question_id}/moderate",
        {"decision": "reject", "code": "personal_case"},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<li class="queue-row" id="question-row-{question_id}"')
    assert "Situation personnelle" in html
    assert outbox == []  # mail is not configured in tests unless a test says so


def test_a_question_rejected_as_defamatory_shows_its_reason_not_its_text(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(
        app, meeting_id, people.make("lea"), status="submitted", title="Le maire est un escroc"
    )
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    post(
        client,
        f"/clerk/questions/{question_id}/moderate",
        {"decision": "reject", "code": "defamatory"},
    )
    people.logout()
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Propos diffamatoires ou injurieux" in page
    assert "escroc" not in page
    public = client.get(f"/questions/{question_id}").get_data(as_text=True)
    assert "escroc" not in public and "texte n'est pas publié" in public
    api = client.get(f"/api/v1/meetings/{meeting_id}").get_json()
    rejected = api["question_time"]["questions"][0]
    assert rejected["title"] is None and rejected["text"] is None
    assert rejected["rejection_reason"] == "defamatory"


def test_a_duplicate_names_the_admitted_question_it_repeats(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    original = add_question(app, meeting_id, people.make("lea"), title="Piscine fermée")
    copy = add_question(app, meeting_id, people.make("sam"), status="submitted")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    response = post(
        client,
        f"/clerk/questions/{copy}/moderate",
        {"decision": "reject", "code": "duplicate", "duplicate_of_id": str(copy)},
    )
    assert "Indiquez le numéro d&#39;une question admise" in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    assert question(app, copy).status == "submitted"
    post(
        client,
        f"/clerk/questions/{copy}/moderate",
        {"decision": "reject", "code": "duplicate", "duplicate_of_id": str(original)},
    )
    assert question(app, copy).duplicate_of_id == original
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert f"question n° {original}" in page


def test_other_as_a_reason_needs_a_public_explanation(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"), status="submitted")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    response = post(
        client,
        f"/clerk/questions/{question_id}/moderate",
        {"decision": "reject", "code": "other"},
        headers={"HX-Request": "true"},
    )
    assert "Précisez le motif" in response.get_data(as_text=True)
    assert question(app, question_id).status == "submitted"


def test_moderation_by_someone_who_is_not_a_clerk_is_refused_and_changes_nothing(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"), status="submitted")
    for name, roles in (("sam", ()), ("nadia", ("councillor",))):
        people.make(name, roles=roles)
        people.login(name)
        response = post(client, f"/clerk/questions/{question_id}/moderate", {"decision": "admit"})
        assert response.status_code == 403
        assert "Accès refusé" in response.get_data(as_text=True)
        people.logout()
    response = post(client, f"/clerk/questions/{question_id}/moderate", {"decision": "admit"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert question(app, question_id).status == "submitted"


def test_the_selection_waits_for_the_window_to_close_and_every_question_examined(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    pending = add_question(app, meeting_id, people.make("lea"), status="submitted")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    url = f"/clerk/meetings/{meeting_id}/questions/selection"
    assert "pas encore close" in client.get(post(client, url).headers["Location"]).get_data(
        as_text=True
    )
    move_meeting(app, meeting_id, days_ahead=1)
    page = client.get(post(client, url).headers["Location"]).get_data(as_text=True)
    assert "Il reste 1 question à examiner" in page
    post(client, f"/clerk/questions/{pending}/moderate", {"decision": "admit"})
    page = client.get(post(client, url).headers["Location"]).get_data(as_text=True)
    assert "Sélection des questions orales arrêtée" in page
    assert question(app, pending).oral is True


def test_the_frozen_selection_fills_the_budget_and_tells_each_asker(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    askers = [people.make(f"asker{i}") for i in range(12)]
    ids = [
        add_question(app, meeting_id, a, title=f"Question {i:02d}", minutes_ago=100 - i)
        for i, a in enumerate(askers)
    ]
    add_supports(app, ids[11], askers[:3])
    move_meeting(app, meeting_id, days_ahead=1)
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    post(client, f"/clerk/meetings/{meeting_id}/questions/selection")
    # 30 minutes at 3 minutes a question: ten oral; the most supported first,
    # then by submission time, so the two latest unsupported go to writing.
    oral = [question(app, i).oral for i in ids]
    assert oral == [True] * 9 + [False, False, True]
    assert question(app, ids[11]).rank == 1
    people.logout()
    people.login("asker10")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "recevra une réponse écrite publiée" in page


# --- Councillors ------------------------------------------------------------------


def _frozen_meeting(app: Flask, client: FlaskClient, people: People) -> tuple[int, int, int]:
    """A meeting held an hour ago: one oral and one written question."""
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("clerk", roles=("clerk",))
    with app.app_context():
        from civic.questions import settings as rules

        settings_row = rules.QuestionTimeSettings(budget_minutes=3)
        from civic.extensions import db
        from civic.models import User

        admin = db.session.scalar(db.select(User).where(User.email == "clerk@example.org"))
        rules.save(settings_row, actor=admin, now=rules_now())
    oral = add_question(app, meeting_id, people.make("lea"), title="Question orale", minutes_ago=90)
    written = add_question(
        app, meeting_id, people.make("sam"), title="Question écrite", minutes_ago=30
    )
    move_meeting(app, meeting_id, days_ahead=1)
    people.login("clerk")
    post(client, f"/clerk/meetings/{meeting_id}/questions/selection")
    people.logout()
    move_meeting(app, meeting_id, days_ahead=-1 / 24)
    return meeting_id, oral, written


def rules_now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_a_councillor_records_an_oral_answer_and_a_written_one(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id, oral, written = _frozen_meeting(app, client, people)
    people.make("nadia", level="elector", roles=("councillor",))
    people.login("nadia")
    listing = client.get(f"/council/meetings/{meeting_id}/answers").get_data(as_text=True)
    assert "Question orale" in listing and "Question écrite" in listing
    response = post(
        client,
        f"/council/questions/{written}/answer",
        {"kind": "oral", "text": "Répondu en séance."},
    )
    assert "publiez une réponse écrite" in response.get_data(as_text=True)
    assert question(app, written).answered_at is None
    post(
        client,
        f"/council/questions/{oral}/answer",
        {"kind": "oral", "text": "La piscine rouvre en septembre."},
    )
    post(
        client,
        f"/council/questions/{written}/answer",
        {"kind": "written", "text": "La médiathèque ouvrira jusqu'à 18 heures."},
    )
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "La piscine rouvre en septembre." in page
    assert "Réponse écrite" in page and "18 heures" in page
    people.logout()
    people.login("lea")
    assert "a reçu une réponse" in client.get("/notifications/").get_data(as_text=True)


def test_a_resident_or_a_clerk_cannot_answer_for_the_council(
    app: Flask, client: FlaskClient, people: People
) -> None:
    _, oral, _ = _frozen_meeting(app, client, people)
    for name in ("ana", "clerk"):
        if name == "ana":
            people.make(name)
        people.login(name)
        response = post(
            client, f"/council/questions/{oral}/answer", {"kind": "oral", "text": "Non."}
        )
        assert response.status_code == 403
        people.logout()
    assert question(app, oral).answered_at is None


def test_unanswered_questions_are_shown_overdue_after_thirty_days(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id, _, written = _frozen_meeting(app, client, people)
    assert "en retard" not in client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    move_meeting(app, meeting_id, days_ahead=-31)
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "2 réponses écrites sont en retard" in page
    api = client.get(f"/api/v1/meetings/{meeting_id}").get_json()
    assert all(q["answer_overdue"] for q in api["question_time"]["questions"])
    assert written


# --- Admin --------------------------------------------------------------------------


def test_the_admin_sets_the_window_and_the_meeting_page_follows(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=20)
    assert "Questions ouvertes" not in client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    people.make("admin", level="elector", roles=("admin",))
    people.login("admin")
    values = {
        "opens_days_before": "30",
        "closes_hours_before": "24",
        "budget_minutes": "30",
        "per_question_minutes": "3",
        "supplementary_minutes": "0",
        "written_answer_days": "30",
    }
    response = post(client, "/admin/question-time", {**values, "opens_days_before": "0"})
    assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    assert post(client, "/admin/question-time", values).status_code == 302
    assert "Questions ouvertes" in client.get(f"/meetings/{meeting_id}").get_data(as_text=True)


def test_a_window_that_closes_before_it_opens_is_refused(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("admin", level="elector", roles=("admin",))
    people.login("admin")
    response = post(
        client,
        "/admin/question-time",
        {
            "opens_days_before": "1",
            "closes_hours_before": "48",
            "budget_minutes": "30",
            "per_question_minutes": "3",
            "supplementary_minutes": "0",
            "written_answer_days": "30",
        },
    )
    assert "La fenêtre doit se fermer après son ouverture" in response.get_data(as_text=True)


# --- Notifications ------------------------------------------------------------------


def test_notifications_are_marked_read_on_request(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"), status="submitted")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    post(client, f"/clerk/questions/{question_id}/moderate", {"decision": "admit"})
    people.logout()
    people.login("lea")
    assert "nav-count" in client.get("/notifications/").get_data(as_text=True)
    post(client, "/notifications/read")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "nav-count" not in page and "a été admise" in page


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in_and_nothing_changes(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    question_id = add_question(app, meeting_id, people.make("lea"))
    for url, data in (
        (f"/questions/{question_id}/support", {"action": "support"}),
        (f"/meetings/{meeting_id}/questions/new", QUESTION),
        (f"/council/questions/{question_id}/answer", {"kind": "written", "text": "Non."}),
    ):
        response = post(client, url, data)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert supporters(app, question_id) == 0 and _count_questions(app) == 1
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Connectez-vous pour poser une question" in page
    assert "Soutenir</button>" not in page


def test_a_residents_questions_and_supports_are_in_their_data_export(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    lea = people.make("lea")
    asked = add_question(app, meeting_id, lea)
    other = add_question(app, meeting_id, people.make("sam"), title="Autre question")
    add_supports(app, other, [lea])
    people.login("lea")
    data = client.get("/account/export.json").get_json()
    assert [q["id"] for q in data["questions"]] == [asked]
    assert [s["question_id"] for s in data["question_supports"]] == [other]
    assert data["notifications"] == []
