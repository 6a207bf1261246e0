"""A neighbourhood council's fair draw through the web (docs/rules.md §5): the reserve is
drawn from the rest of the pool around the panel the seed picks, the page's command
re-runs both on the downloaded files, and a draw recorded under the first fair-draw
algorithm (whose reserve was the stratified draw's) still re-runs to what it published."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic.core.sortition import draw_panel, fair, pick_panel
from civic.core.sortition.csvfiles import read_panels_csv, read_pool_csv, read_quotas_csv
from tests.conftest import post
from tests.support.councils import make_council, run_published_command

pytestmark = pytest.mark.skipif(not fair.available(), reason="the fair-draw extra is not installed")

# The default pool is six women and six men for four seats: with a reserve of eight,
# everyone the panel leaves out is on the reserve.
WHOLE_REST = 8


def _published(client: FlaskClient, council_id: int, reserve: int) -> int:
    """A fair draw frozen by the clerk (logged in), its numbered list published."""
    response = post(client, f"/councils/{council_id}/draws", {"mode": "fair", "reserve": reserve})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    draw_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert client.get(f"/api/v1/draws/{draw_id}").get_json()["state"] == "published"
    return draw_id


def _files(client: FlaskClient, draw_id: int) -> dict[str, str]:
    return {
        name: client.get(f"/draws/{draw_id}/{name}.csv").get_data(as_text=True)
        for name in ("pool", "quotas", "panels")
    }


def _seed_where_the_stratified_panel_differs(files: dict[str, str]) -> str:
    """A seed for which the stratified draw would seat another panel than the fair pick:
    then the stratified draw's reserve holds some of the fair panel."""
    quotas = read_quotas_csv(files["quotas"])
    pool = read_pool_csv(files["pool"], quotas)
    panels = read_panels_csv(files["panels"])
    return next(
        seed
        for seed in (f"dés {n}" for n in range(100))
        if set(pick_panel(panels, seed).selected) != set(draw_panel(pool, quotas, 4, seed).selected)
    )


def _page_commands(client: FlaskClient, draw_id: int) -> list[str]:
    page = unescape(client.get(f"/draws/{draw_id}").get_data(as_text=True))
    return re.findall(r"<pre><code[^>]*>(python -m civic\.core\.sortition[^<]*)</code></pre>", page)


def _run(command: str, files: dict[str, str], draw_id: int, where: Path) -> dict[str, Any]:
    """Run a published command on the downloaded files."""
    for name, text in files.items():
        (where / f"draw-{draw_id}-{name}.csv").write_text(text, encoding="utf-8")
    return run_published_command(command, where)


def test_a_fair_draws_reserve_lists_nobody_seated_and_the_page_command_reruns_both(
    app: Flask, client: FlaskClient, people: Any, tmp_path: Path
) -> None:
    council_id = make_council(app, people)
    people.login("clerk")
    draw_id = _published(client, council_id, WHOLE_REST)
    files = _files(client, draw_id)
    seed = _seed_where_the_stratified_panel_differs(files)
    post(client, f"/draws/{draw_id}/seed", {"seed": seed})

    done = client.get(f"/api/v1/draws/{draw_id}").get_json()
    panel, reserve = done["panel"], done["reserve"]
    assert panel == list(pick_panel(read_panels_csv(files["panels"]), seed).selected)
    assert not set(reserve) & set(panel), "nobody on the panel is also on its reserve"
    everyone = {line.split(",")[0] for line in files["pool"].splitlines()[1:]}
    assert set(reserve) == everyone - set(panel), "the whole rest of the pool, in some order"

    page = unescape(client.get(f"/draws/{draw_id}").get_data(as_text=True))
    reserve_line = re.search(r"Réserve, dans l'ordre d'appel :(.*?)</p>", page, re.S)
    assert reserve_line and not any(p in reserve_line.group(1) for p in panel)
    assert "la commande donne le panel et sa réserve" in page
    (command,) = _page_commands(client, draw_id)
    assert command == done["command"] and done["reserve_command"] is None
    rerun = _run(command, files, draw_id, tmp_path)
    assert rerun["panel_number"] == done["panel_number"]
    assert (rerun["selected"], rerun["reserve"]) == (panel, reserve)


def test_a_fair_draw_recorded_under_the_first_algorithm_keeps_its_reserve_and_two_commands(
    app: Flask, client: FlaskClient, people: Any, tmp_path: Path
) -> None:
    from civic.councils.draw_versions import ALGORITHM_FAIR_V1
    from civic.extensions import db
    from civic.models import CouncilDraw

    council_id = make_council(app, people)
    people.login("clerk")
    draw_id = _published(client, council_id, 3)
    with app.app_context():  # as the first version recorded it when the pool was frozen
        db.session.get_one(CouncilDraw, draw_id).algorithm = ALGORITHM_FAIR_V1
        db.session.commit()
    files = _files(client, draw_id)
    seed = _seed_where_the_stratified_panel_differs(files)
    post(client, f"/draws/{draw_id}/seed", {"seed": seed})

    done = client.get(f"/api/v1/draws/{draw_id}").get_json()
    assert done["algorithm"] == ALGORITHM_FAIR_V1
    quotas = read_quotas_csv(files["quotas"])
    stratified = draw_panel(read_pool_csv(files["pool"], quotas), quotas, 4, seed, 3)
    assert done["panel"] == list(pick_panel(read_panels_csv(files["panels"]), seed).selected)
    assert done["reserve"] == list(stratified.reserve), "the first version's reserve, as before"

    page = unescape(client.get(f"/draws/{draw_id}").get_data(as_text=True))
    assert "celle du tirage stratifié sur le même vivier et la même graine" in page
    pick, reserve = _page_commands(client, draw_id)
    assert (pick, reserve) == (done["command"], done["reserve_command"])
    assert "--reserve" not in pick
    picked = _run(pick, files, draw_id, tmp_path)
    assert (picked["panel_number"], picked["selected"]) == (done["panel_number"], done["panel"])
    assert _run(reserve, files, draw_id, tmp_path)["reserve"] == done["reserve"]


def test_a_fair_draws_decline_calls_a_reserve_off_the_panel_and_keeps_parity(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    from civic.extensions import db
    from civic.models import DrawCandidate

    council_id = make_council(app, people)
    people.login("clerk")
    draw_id = _published(client, council_id, 4)
    post(client, f"/draws/{draw_id}/seed", {"seed": "6 6 1 3 5"})
    done = client.get(f"/api/v1/draws/{draw_id}").get_json()
    declined = done["panel"][0]
    with app.app_context():
        candidate = db.session.scalar(
            db.select(DrawCandidate).where(DrawCandidate.pseudonym == declined)
        )
        name = candidate.application.user.email.split("@")[0]
    people.logout()
    people.login(name)
    post(client, f"/draws/{draw_id}/answer", {"answer": "decline"})

    after = client.get(f"/api/v1/draws/{draw_id}").get_json()
    (called,) = [o for o in after["offers"] if o["replaces"] == declined]
    assert called["id"] == done["reserve"][0], "the reserve's first, drawn for that seat"
    assert called["id"] not in done["panel"] and called["answer"] == "pending"
    genders = {
        line.split(",")[0]: line.split(",")[1]
        for line in _files(client, draw_id)["pool"].splitlines()[1:]
    }
    sitting = [o["id"] for o in after["offers"] if o["answer"] != "declined"]
    assert sorted(genders[p] for p in sitting) == ["female", "female", "male", "male"]
