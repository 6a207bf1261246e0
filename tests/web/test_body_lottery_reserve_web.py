"""The second stage of a body's lottery (issue 20): the fair draw seats the panel with its
quotas, its numbered list of panels published before the seed; the seed also draws an
ordered reserve list, and a clerk recording that a seated person declines calls the first
reserve whose arrival keeps the quotas. Everything re-runs with the core's command on the
downloaded files."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic import jobs
from civic.core.sortition import fair, find_replacement, panel_list_digest
from civic.core.sortition.csvfiles import read_panels_csv, read_pool_csv, read_quotas_csv
from tests.conftest import PASSWORD, csrf_token, log_in_through_forms, post
from tests.support.races import at_the_same_moment
from tests.web.test_bodies_web import make_body
from tests.web.test_body_lottery_web import PEOPLE, _command, _rerun

needs_fair_draw = pytest.mark.skipif(
    not fair.available(), reason="the fair-draw extra is not installed"
)


def _pool_answered(client: FlaskClient, people: Any, seats: int = 4) -> str:
    """A citizen audit's lottery whose 10 invited people all answered (5 women, 5 men),
    the clerk logged in."""
    location = make_body(client, people, kind="citizen_audit", name="Audit", drawn_seats=seats)
    people.make("agent", level="elector", roles=("clerk",))
    people.login("agent")
    lottery = post(
        client,
        f"{location}/lotteries",
        {"source": "electoral_list", "invitations": 10, "seats": seats, "people": PEOPLE},
    ).headers["Location"]
    post(client, f"{lottery}/invite", {"seed": "loto 3 9 27"})
    return str(lottery)


def _answer_all(client: FlaskClient, lottery: str, tmp_path: Path) -> list[str]:
    invited = _rerun(client, tmp_path, _command(_read(client.get(lottery)), 0))
    codes: list[str] = invited["selected"]
    for n, code in enumerate(codes):
        post(client, f"{lottery}/answers", {"code": code, "gender": ("female", "male")[n % 2]})
    return codes


def _seated(
    client: FlaskClient, people: Any, tmp_path: Path, reserve: int, seed: str
) -> tuple[str, dict[str, Any]]:
    """A lottery seated by the stratified draw with its reserve, and what its command gives."""
    lottery = _pool_answered(client, people)
    _answer_all(client, lottery, tmp_path)
    post(client, f"{lottery}/pool", {"mode": "stratified", "reserve": reserve})
    post(client, f"{lottery}/seat", {"seed": seed})
    return lottery, _rerun(client, tmp_path, _command(_read(client.get(lottery)), 1))


def _read(response: Any) -> str:
    """The page's text as a reader sees it (entities decoded)."""
    return unescape(response.get_data(as_text=True))


def _files(client: FlaskClient, lottery: str) -> tuple[str, str]:
    return (
        _read(client.get(f"{lottery}/pool.csv")),
        _read(client.get(f"{lottery}/quotas.csv")),
    )


@needs_fair_draw
def test_the_fair_draw_is_offered_first_its_list_is_published_before_the_seed_and_reruns(
    client: FlaskClient, people: Any, tmp_path: Path
) -> None:
    lottery = _pool_answered(client, people)
    _answer_all(client, lottery, tmp_path)
    page = _read(client.get(lottery))
    assert re.search(r'<input checked[^>]*value="fair"', page), "the fair draw is the default"
    frozen = post(client, f"{lottery}/pool", {"mode": "fair", "reserve": 3}, follow_redirects=True)
    assert "la liste des panels du tirage équitable est en calcul" in _read(frozen)
    people.logout()

    # Before the seed: the numbered list of panels and its digest are public.
    page = _read(client.get(lottery))
    assert "Le panel est tiré par le tirage équitable" in page
    assert "En attente de la graine" in page and "pas encore tirée" in page
    panels = client.get(f"{lottery}/panels.csv")
    assert panels.status_code == 200
    listed = read_panels_csv(_read(panels))
    assert len(listed) == 1000 and all(len(panel) == 4 for panel in listed)
    assert panel_list_digest(listed) in page

    people.login("agent")
    post(client, f"{lottery}/seat", {"seed": "euromillions 4 8 15 16 23"})
    people.logout()
    page = _read(client.get(lottery))
    command = _command(page, 1)
    assert " pick --panels " in command and "--reserve 3" in command
    result = _rerun(client, tmp_path, command)
    assert f"n° {result['panel_number']} sur 1 000" in page
    assert "Codes du panel tiré : " + ", ".join(result["selected"]) in page
    assert len(result["reserve"]) == 3 and not set(result["reserve"]) & set(result["selected"])
    shown = re.search(r"Réserve, dans l.ordre d.appel : (.*?)</p>", page)
    assert shown is not None
    assert re.findall(r"<code>(L\d+)</code>", shown.group(1)) == result["reserve"]
    assert "Personne" not in page  # names are never published with the draw


def test_the_stratified_draw_can_still_be_chosen_and_its_reserve_reruns(
    client: FlaskClient, people: Any, tmp_path: Path
) -> None:
    lottery = _pool_answered(client, people)
    _answer_all(client, lottery, tmp_path)
    post(client, f"{lottery}/pool", {"mode": "stratified", "reserve": 2})
    assert client.get(f"{lottery}/panels.csv").status_code == 404
    post(client, f"{lottery}/seat", {"seed": "dés 6 2 5"})
    page = _read(client.get(lottery))
    assert "Le panel est tiré par le tirage stratifié" in page
    result = _rerun(client, tmp_path, _command(page, 1))
    assert "Codes tirés, dans l'ordre du tirage : " + ", ".join(result["selected"]) in page
    assert len(result["reserve"]) == 2


def test_a_seated_person_who_declines_gives_the_seat_to_the_first_reserve_keeping_the_quotas(
    client: FlaskClient, people: Any, tmp_path: Path
) -> None:
    lottery, drawn = _seated(client, people, tmp_path, 4, "dés 1 1 4")
    panel, reserve = drawn["selected"], drawn["reserve"]
    pool_text, quotas_text = _files(client, lottery)
    quotas = read_quotas_csv(quotas_text)
    expected = find_replacement(
        read_pool_csv(pool_text, quotas), quotas, panel, panel[0], reserve, panel
    ).replacement
    assert expected is not None

    done = post(client, f"{lottery}/declines", {"code": panel[0].lower()}, follow_redirects=True)
    text = _read(done)
    assert f"{panel[0]} renonce à son siège : {expected}, de la réserve, le prend." in text
    assert f"remplacé·e par {expected}" in text
    assert f"appelé·e de la réserve à la place de {panel[0]}" in text
    assert f"<code>{expected}</code> (appelé·e)" in text
    location = re.search(r'href="(/bodies/\d+)"', text)
    assert location is not None
    members = client.get(location.group(1)).text
    assert members.count("— Habitants tirés au sort") == 4


def test_bad_declines_are_refused_with_a_message_and_change_nothing(
    client: FlaskClient, people: Any, tmp_path: Path
) -> None:
    lottery = _pool_answered(client, people)
    codes = _answer_all(client, lottery, tmp_path)
    refused = post(client, f"{lottery}/declines", {"code": codes[0]}, follow_redirects=True)
    assert "Le panel n'est pas encore tiré." in _read(refused)
    post(client, f"{lottery}/pool", {"mode": "stratified", "reserve": 2})
    post(client, f"{lottery}/seat", {"seed": "dés 3"})
    drawn = _rerun(client, tmp_path, _command(_read(client.get(lottery)), 1))
    post(client, f"{lottery}/declines", {"code": drawn["selected"][1]})
    not_drawn = next(c for c in codes if c not in drawn["selected"] + drawn["reserve"])
    before = _seats_table(_read(client.get(lottery)))

    for code, message in (
        ("L99999", "Aucune personne tirée au sort ne porte ce code."),
        (not_drawn, "Aucune personne tirée au sort ne porte ce code."),
        (drawn["selected"][1], "Le désistement de cette personne est déjà enregistré par"),
        ("", "Code de la personne qui renonce à son siège"),
    ):
        page = post(client, f"{lottery}/declines", {"code": code}, follow_redirects=True)
        assert message in _read(page)
        assert _seats_table(_read(page)) == before


def _seats_table(page: str) -> str:
    found = re.search(r'<table id="seats">.*?</table>', page, re.S)
    assert found is not None
    return found.group(0)


def test_two_clerks_recording_the_same_decline_at_once_call_one_reserve(
    app: Flask, client: FlaskClient, people: Any, tmp_path: Path
) -> None:
    lottery, drawn = _seated(client, people, tmp_path, 4, "dés 2 2")
    tabs = [app.test_client(), app.test_client()]
    for tab in tabs:
        log_in_through_forms(app, tab, "agent@example.org", PASSWORD)
    path = f"{lottery}/declines"
    forms = [{"code": drawn["selected"][0], "csrf_token": csrf_token(tab, lottery)} for tab in tabs]
    at_the_same_moment(
        app,
        *(
            lambda t=tab, f=form: t.post(path, data=f)
            for tab, form in zip(tabs, forms, strict=True)
        ),
    )
    told = [_read(tab.get(lottery)) for tab in tabs]
    refusal = "Le désistement de cette personne est déjà enregistré par"
    assert sorted(refusal in page for page in told) == [False, True]
    page = _read(client.get(lottery))
    assert page.count("(appelé·e)") == 1
    assert page.count("a renoncé le") == 1


def test_the_fair_draw_is_refused_where_the_extra_is_missing(
    client: FlaskClient, people: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lottery = _pool_answered(client, people)
    _answer_all(client, lottery, tmp_path)
    monkeypatch.setattr(fair, "available", lambda: False)
    page = _read(client.get(lottery))
    assert re.search(r'<input checked[^>]*value="stratified"', page)
    refused = post(client, f"{lottery}/pool", {"mode": "fair", "reserve": 2}, follow_redirects=True)
    assert "qui n'est pas installé sur ce serveur" in _read(refused)
    assert "Le vivier n'est pas encore arrêté." in _read(refused)


@needs_fair_draw
def test_while_the_fair_list_is_computed_the_page_shows_its_progress_and_takes_no_seed(
    app: Flask, client: FlaskClient, people: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lottery = _pool_answered(client, people)
    _answer_all(client, lottery, tmp_path)
    monkeypatch.setattr(jobs, "_start", lambda *args, **kwargs: None)  # the worker is busy
    post(client, f"{lottery}/pool", {"mode": "fair", "reserve": 2})
    page = _read(client.get(lottery))
    assert "Calcul de la loterie équitable" in page and "<progress" in page
    assert "En attente" in page and 'hx-trigger="every 1s"' in page
    assert "Tirer le panel" not in page
    assert client.get(f"{lottery}/panels.csv").status_code == 404
    refused = post(client, f"{lottery}/seat", {"seed": "trop tôt"}, follow_redirects=True)
    assert "Ce tirage n'attend pas de graine." in _read(refused)
