"""The front door (issue 19): what a resident sees of limits, counts and results is said
in plain French, and nothing they write is cut without their knowing."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import People, post
from tests.support.meetings import plan_meeting


def spaced(page: str) -> str:
    """The page with the narrow and non-breaking spaces of French numbers as spaces."""
    return page.replace("\u202f", " ").replace("\xa0", " ")


def test_a_question_form_says_its_limit_and_lets_the_server_answer_a_longer_text(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("lea")
    people.login("lea")
    page = client.get(f"/meetings/{meeting_id}/questions/new").get_data(as_text=True)
    assert "Votre texte : 0 caractère sur 1 500 au plus." in spaced(page)
    # No maxlength: a browser would cut a pasted question silently.
    body = re.search(r"<textarea[^>]*>", page)
    assert body is not None and "maxlength" not in body.group(0)


def test_a_question_too_long_is_refused_with_a_message_and_kept_whole(
    app: Flask, client: FlaskClient, people: People
) -> None:
    meeting_id = plan_meeting(app, days_ahead=7)
    people.make("lea")
    people.login("lea")
    long_body = "Pourquoi " + "la piscine ferme-t-elle ? " * 61  # 1,600 characters
    assert len(long_body) > 1_500
    response = post(
        client, f"/meetings/{meeting_id}/questions/new", {"title": "La piscine", "body": long_body}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "error-summary" in page
    assert long_body.strip() in page  # what was written comes back, not a cut copy
    assert f"Votre texte : 1 {len(long_body) - 1000} caractères sur 1 500" in spaced(page)


def test_french_counts_of_zero_and_one_are_singular_even_where_no_catalogue_speaks(
    app: Flask,
) -> None:
    from flask_babel import ngettext

    with app.test_request_context("/"):
        said = [ngettext("%(num)s votant", "%(num)s votants", n) for n in (0, 1, 2)]
    assert said == ["0 votant", "1 votant", "2 votants"]


def test_a_title_too_long_for_a_votation_is_refused_not_cut(app: Flask) -> None:
    import pytest

    from civic.services import Refused, within_limit

    with app.test_request_context("/"):
        assert within_limit("  Budget 2027  ", 200, "title") == "Budget 2027"
        with pytest.raises(Refused) as refusal:
            within_limit("x" * 201, 200, "title")
    assert refusal.value.field == "title"
    assert "201" in str(refusal.value.message) and "200" in str(refusal.value.message)


def test_each_learn_more_page_explains_in_easy_french_and_the_results_link_to_it(
    client: FlaskClient,
) -> None:
    for address, heading in (
        ("budget-participatif", "comment les projets sont choisis"),
        ("tirage-au-sort", "Comment se fait le tirage au sort"),
        ("empreinte-numerique", "Qu'est-ce qu'une empreinte numérique ?"),
        ("resultat-d-une-votation", "Comment se calcule le résultat d'une votation"),
    ):
        page = client.get(f"/comment-ca-marche/{address}").get_data(as_text=True)
        assert heading in page.replace("&#39;", "'")
        assert "français facile à lire et à comprendre" in page
    assert client.get("/comment-ca-marche/glouton").status_code == 404


def test_a_draw_and_its_council_speak_in_words_not_codes(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from tests.support.councils import make_council
    from tests.web.test_councils_draw_web import freeze_and_seed

    council_id = make_council(app, people)
    people.login("clerk")
    draw_id = freeze_and_seed(client, council_id, "3-6-1-4-2")
    draw = client.get(f"/draws/{draw_id}").get_data(as_text=True)
    council = client.get(f"/councils/{council_id}").get_data(as_text=True)
    for code in ("Vivier gelé", "(SHA-256)", "gender =", "female", ", done<"):
        assert code not in draw and code not in council, code
    assert "Empreinte numérique de la liste des candidats" in draw
    assert "Genre : femme" in draw and "tirage effectué" in council
    assert "/comment-ca-marche/tirage-au-sort" in draw
    # One date format, without seconds: « 6 décembre 2026, 20:24 ».
    assert re.search(r"<dt>Arrêtée le</dt><dd>\d{1,2} [a-zéû]+ \d{4}, \d\d:\d\d</dd>", draw)


def test_a_votation_with_one_voter_says_one_voter_in_the_singular(
    app: Flask, client: FlaskClient, people: People
) -> None:
    from tests.integration.test_votations_denominator import (
        publish,
        record_residents_16_plus,
        vote,
    )
    from tests.votations_factory import open_votation

    votation_id = open_votation(app)
    voter = people.make("nord", neighbourhood="Nord")
    record_residents_16_plus(app, "Nord", 100)
    vote(app, votation_id, voter, "oui")
    publish(app, people, votation_id)
    page = " ".join(client.get(f"/votations/{votation_id}").get_data(as_text=True).split())
    assert "1 votant sur" in page and "1 votants" not in page
    assert 'href="/comment-ca-marche/resultat-d-une-votation"' in page


def test_the_petition_rule_sets_are_named_in_words_not_by_their_codes(
    app: Flask, client: FlaskClient, people: People
) -> None:
    people.make("admin", roles=("admin",))
    people.login("admin")
    page = client.get("/petitions/rules/cgct").get_data(as_text=True)
    assert ">Charte de la commune : habitant·es de 16 ans et plus" in page
    assert ">charter</a>" not in page and ">cgct</a>" not in page


def test_no_staff_text_field_carries_a_maxlength_that_would_cut_a_paste() -> None:
    # The services refuse an over-long reason with a message; a browser's maxlength would
    # have cut it silently first. (Search boxes and a fingerprint's fixed length apart.)
    from pathlib import Path

    templates = Path(__file__).parents[2] / "templates"
    cut = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r'maxlength="?(500|5000)', path.read_text())
    ]
    assert cut == [], cut
