"""The clerks' to-do list (/clerk/) and the queues it leads to: searched, paginated,
oldest first, as a page and as an HTMX fragment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import Petition, Signature, User
from civic.models.petitions import OPEN, SUBMITTED
from tests.conftest import People

HX = {"HX-Request": "true"}
DAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _arrived(app: Flask, user_id: int, moment: datetime) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        user.created_at = moment
        db.session.commit()


def _petition(app: Flask, author_id: int, title: str, state: str, submitted: datetime) -> int:
    with app.app_context():
        petition = Petition(
            title=title,
            body="Texte",
            easy_read="Texte facile",
            decision_asked="Décision",
            rule_set_code="local",
            rule_set_snapshot="{}",
            state=state,
            author_id=author_id,
            submitted_at=submitted,
        )
        db.session.add(petition)
        db.session.commit()
        return petition.id


def _paper_line(app: Flask, petition_id: int, family: str, address: str, at: datetime) -> None:
    with app.app_context():
        db.session.add(
            Signature(
                petition_id=petition_id,
                identity_key=f"key-{family}",
                channel="paper",
                created_at=at,
                paper_family_name=family,
                paper_given_names="Jeanne",
                paper_address=address,
            )
        )
        db.session.commit()


def test_the_to_do_list_counts_each_queue_and_names_its_oldest_item(
    app: Flask, client: FlaskClient, people: People
) -> None:
    older = people.make("older", level="unverified", family_name="Ancien", given_names="Paul")
    people.make("newer", level="unverified", family_name="Récent")
    _arrived(app, older, DAY - timedelta(days=30))
    author = people.make("author")
    _petition(app, author, "Un banc place du marché", SUBMITTED, DAY)
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    page = client.get("/clerk/").get_data(as_text=True)
    residences = page.split('id="queue-residences"')[1].split("</tr>")[0]
    assert "Résidences à vérifier" in residences and ">2<" in residences
    assert "Paul Ancien" in residences or "Ancien" in residences
    petitions = page.split('id="queue-petitions"')[1].split("</tr>")[0]
    assert ">1<" in petitions and "Un banc place du marché" in petitions
    for title in (
        "Signatures à vérifier",
        "Questions à modérer",
        "Propositions de budget à examiner",
        "Candidatures aux conseils de quartier",
        "Doublons papier et en ligne à rapprocher",
        "Réponses en retard",
    ):
        assert title in page


def test_residents_cannot_see_the_to_do_list(client: FlaskClient, as_role: object) -> None:
    as_role("resident")  # type: ignore[operator]
    assert client.get("/clerk/").status_code == 403


def test_the_residence_queue_shows_twenty_at_a_time_oldest_first(
    app: Flask, client: FlaskClient, people: People
) -> None:
    rows = []
    for n in range(25):
        user = people.make(f"p{n}", level="unverified", family_name=f"Personne{n:02d}")
        _arrived(app, user, DAY + timedelta(hours=n))
        rows.append(f'id="resident-{user}"')
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    first = client.get("/clerk/residents").get_data(as_text=True)
    assert first.count('class="queue-row"') == 20
    assert first.index(rows[0]) < first.index(rows[19])
    assert rows[20] not in first and "25 comptes en attente." in first
    assert "Page 1 sur 2" in first and 'rel="next"' in first
    second = client.get("/clerk/residents?page=2").get_data(as_text=True)
    assert second.count('class="queue-row"') == 5 and rows[24] in second
    assert rows[0] not in second


def test_the_residence_queue_finds_a_name_an_address_or_a_day_with_and_without_htmx(
    app: Flask, client: FlaskClient, people: People
) -> None:
    dupont = people.make("dupont", level="unverified", family_name="Dupont")
    martin = people.make("martin", level="unverified", family_name="Martin")
    _arrived(app, dupont, DAY)
    _arrived(app, martin, DAY + timedelta(days=3))
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    page = client.get("/clerk/residents?q=dupo").get_data(as_text=True)
    assert "<html" in page and "Dupont" in page and "Martin" not in page
    assert 'name="q" value="dupo"' in page
    fragment = client.get("/clerk/residents?jour=2026-03-05", headers=HX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="verification-queue"')
    assert "Martin" in fragment and "Dupont" not in fragment
    with app.app_context():
        address = db.session.get(User, martin).address  # type: ignore[union-attr]
    by_address = client.get("/clerk/residents", query_string={"q": address}).get_data(as_text=True)
    assert "Martin" in by_address and "Dupont" not in by_address
    nothing = client.get("/clerk/residents?q=Zzz").get_data(as_text=True)
    assert "Aucun compte en attente ne correspond à cette recherche." in nothing


def test_a_strange_search_is_ignored_rather_than_failing(
    client: FlaskClient, people: People
) -> None:
    people.make("pending", level="unverified", family_name="Attente")
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    for query in (
        "page=-3",
        "page=99999999999",
        "jour=2026-13-45",
        "jour=9999-12-31",
        "jour=0001-01-01",
        "q=%00Attente",
        "q=" + "%25_\\" * 200,
    ):
        response = client.get(f"/clerk/residents?{query}")
        assert response.status_code < 500, query  # a NUL is refused (400) before the view
    # A page past the last one shows the last one.
    assert "Attente" in client.get("/clerk/residents?page=7").get_data(as_text=True)


def test_the_signature_queue_finds_a_paper_line_by_name_and_pages_with_htmx(
    app: Flask, client: FlaskClient, people: People
) -> None:
    author = people.make("author")
    petition = _petition(app, author, "Des arbres rue Haute", OPEN, DAY)
    for n in range(22):
        _paper_line(app, petition, f"Signataire{n:02d}", f"{n} rue Basse", DAY + timedelta(hours=n))
    _paper_line(app, petition, "Lefebvre", "3 impasse des Lilas", DAY + timedelta(days=2))
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    page = client.get("/petitions/signatures").get_data(as_text=True)
    assert "<html" in page and "23 signatures à vérifier." in page
    assert page.count('class="queue-row"') == 20 and "Signataire00" in page
    fragment = client.get("/petitions/signatures?page=2", headers=HX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="signature-queue"')
    assert "Lefebvre" in fragment and "Signataire00" not in fragment
    found = client.get("/petitions/signatures?q=lilas").get_data(as_text=True)
    assert "Lefebvre" in found and "Signataire01" not in found


def test_the_petitions_to_admit_are_searched_by_title_with_and_without_htmx(
    app: Flask, client: FlaskClient, people: People
) -> None:
    author = people.make("author")
    _petition(app, author, "Une piste cyclable", SUBMITTED, DAY)
    _petition(app, author, "Un jardin partagé", SUBMITTED, DAY + timedelta(days=1))
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    page = client.get("/petitions/review").get_data(as_text=True)
    assert page.index("Une piste cyclable") < page.index("Un jardin partagé")
    fragment = client.get("/petitions/review?q=jardin", headers=HX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="review-queue"')
    assert "Un jardin partagé" in fragment and "Une piste cyclable" not in fragment


def test_the_clerk_menu_reaches_the_to_do_list_meetings_and_budget_review(
    client: FlaskClient, people: People
) -> None:
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    page = client.get("/clerk/").get_data(as_text=True)
    menu = page.split("main-nav")[1].split("</nav>")[0]
    assert 'href="/clerk/"' in menu
    assert 'href="/meetings"' in menu
    assert 'href="/clerk/budgets/"' in menu
    budgets = client.get("/clerk/budgets/").get_data(as_text=True)
    assert "Examen des budgets participatifs" in budgets


def test_the_admin_index_links_every_admin_page(client: FlaskClient, as_role: object) -> None:
    as_role("admin")  # type: ignore[operator]
    page = client.get("/admin/").get_data(as_text=True)
    for address in (
        "/admin/figures",
        "/admin/neighbourhoods",
        "/admin/staff",
        "/admin/audit",
        "/admin/registre-des-traitements",
        "/petitions/rules/charter",
        "/admin/question-time",
        "/admin/budgets/nouveau",
        "/councils/new",
        "/charte/signataires",
        "/clerk/",
    ):
        assert f'href="{address}"' in page, address


def test_the_questions_to_moderate_are_searched_and_paginated_with_and_without_htmx(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from tests.support.meetings import add_question, plan_meeting

    meeting_id = plan_meeting(app, days_ahead=10)
    for n in range(23):
        author = people.make(f"q{n}")
        title = "Le marché du samedi ?" if n == 22 else f"Question{n:02d} sur la voirie ?"
        add_question(app, meeting_id, author, status="submitted", title=title, minutes_ago=500 - n)
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    url = f"/clerk/meetings/{meeting_id}/questions"
    page = client.get(url).get_data(as_text=True)
    assert "<html" in page and "23 questions à examiner" in page
    assert page.count('class="queue-row"') == 20
    assert page.index("Question00") < page.index("Question19") and "Question20" not in page
    second = client.get(f"{url}?page=2", headers=HX).get_data(as_text=True)
    assert second.lstrip().startswith('<div id="moderation-queue"')
    assert second.count('class="queue-row"') == 3 and "Le marché du samedi ?" in second
    found = client.get(f"{url}?q=march").get_data(as_text=True)
    assert found.count('class="queue-row"') == 1 and "Le marché du samedi ?" in found
    todo = client.get("/clerk/").get_data(as_text=True)
    row = todo.split('id="queue-questions"')[1].split("</tr>")[0]
    assert ">23<" in row and "Question00 sur la voirie ?" in row and url in row


def test_a_budgets_proposals_are_reviewed_twenty_at_a_time_oldest_first(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from civic.models import BudgetProposal
    from tests.budget_factory import heading_ids, make_budget

    people.make("someone")
    budget_id = make_budget(app, "review")
    heading = heading_ids(app, budget_id)[0]
    with app.app_context():
        for n in range(22):
            title = "Un kiosque place Haute" if n == 21 else f"Projet{n:02d} de la ville"
            db.session.add(
                BudgetProposal(
                    budget_id=budget_id,
                    heading_id=heading,
                    title=title,
                    description="Description.",
                    summary="En mots simples.",
                    estimated_cost=10_000,
                    created_at=DAY + timedelta(hours=n),
                )
            )
        db.session.commit()
    people.make("clerk", roles=("clerk",))
    people.login("clerk")
    url = f"/clerk/budgets/{budget_id}/examen"
    page = client.get(url).get_data(as_text=True)
    assert "<html" in page and "22 propositions" in page
    assert page.count('class="review-item"') == 20
    assert page.index("Projet00 de la ville</h2>") < page.index("Projet19 de la ville</h2>")
    assert "Projet20 de la ville</h2>" not in page  # only among the merge choices
    second = client.get(f"{url}?page=2", headers=HX).get_data(as_text=True)
    assert second.lstrip().startswith('<div id="review-list"')
    assert second.count('class="review-item"') == 2
    assert "Un kiosque place Haute</h2>" in second
    found = client.get(f"{url}?q=kiosque").get_data(as_text=True)
    assert found.count('class="review-item"') == 1 and "Un kiosque place Haute</h2>" in found
    todo = client.get("/clerk/").get_data(as_text=True)
    row = todo.split('id="queue-proposals"')[1].split("</tr>")[0]
    assert ">22<" in row and "Projet00 de la ville" in row
