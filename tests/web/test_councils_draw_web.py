"""The public draw through the web: freeze, seed, panel, re-run with the published command."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import post
from tests.support.councils import make_council, run_published_command


def freeze_and_seed(client: FlaskClient, council_id: int, seed: str, **form: Any) -> int:
    response = post(
        client, f"/councils/{council_id}/draws", {"mode": "plain", "reserve": 4, **form}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    draw_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    response = post(client, f"/draws/{draw_id}/seed", {"seed": seed})
    assert response.status_code == 302
    return draw_id


def test_a_clerk_freezes_the_pool_enters_the_seed_and_the_panel_appears(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people)
    people.login("clerk")
    response = post(client, f"/councils/{council_id}/draws", {"mode": "plain", "reserve": 4})
    draw_url = response.headers["Location"]
    page = client.get(draw_url).get_data(as_text=True)
    digest = re.search(r'class="digest">([0-9a-f]{64})<', page)
    assert digest, "the pool digest is published as soon as the pool is frozen"
    assert "En attente de la graine" in page and "Tirer au sort" in page

    response = post(
        client, draw_url + "/seed", {"seed": "3-6-1-4-2"}, headers={"HX-Request": "true"}
    )
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert fragment.startswith('<div id="draw-') and "<html" not in fragment
    assert "3-6-1-4-2" in fragment and "Sièges proposés" in fragment
    assert len(re.findall(r"<th scope=\"row\"><code>K[0-9A-F]{6}</code>", fragment)) == 4
    full = client.get(draw_url).get_data(as_text=True)
    assert "python -m civic.core.sortition --pool" in full and digest.group(1) in full


def test_a_seed_form_error_stays_in_the_fragment(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people)
    people.login("clerk")
    draw_url = post(
        client, f"/councils/{council_id}/draws", {"mode": "plain", "reserve": 0}
    ).headers["Location"]
    response = post(client, draw_url + "/seed", {"seed": "a\tb"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "La graine compte de 1 à 100 caractères" in response.get_data(as_text=True)


def test_a_resident_cannot_freeze_a_pool_nor_enter_a_seed(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people)
    people.login("clerk")
    draw_url = post(
        client, f"/councils/{council_id}/draws", {"mode": "plain", "reserve": 0}
    ).headers["Location"]
    people.logout()
    people.login("f0")
    assert post(client, f"/councils/{council_id}/draws", {"mode": "plain"}).status_code == 403
    assert post(client, draw_url + "/seed", {"seed": "1"}).status_code == 403
    assert "En attente de la graine" in client.get(draw_url).get_data(as_text=True)


def _rerun(tmp_path: Path, client: FlaskClient, draw_id: int) -> dict[str, Any]:
    """Download the published files and run the command the draw page gives."""
    data = client.get(f"/api/v1/draws/{draw_id}").get_json()
    for name in ("pool", "quotas", "panels"):
        response = client.get(f"/draws/{draw_id}/{name}.csv")
        if response.status_code == 200:
            (tmp_path / f"draw-{draw_id}-{name}.csv").write_bytes(response.data)
    return {"api": data, "cli": run_published_command(data["command"], tmp_path)}


def test_the_published_command_on_the_downloaded_files_prints_the_same_panel(
    app: Flask, client: FlaskClient, people: Any, tmp_path: Path
) -> None:
    council_id = make_council(app, people)
    people.login("clerk")
    draw_id = freeze_and_seed(client, council_id, "dés: 5 2 6 1 3")
    result = _rerun(tmp_path, client, draw_id)
    assert result["cli"]["digest"] == result["api"]["pool_digest"]
    assert result["cli"]["selected"] == result["api"]["panel"]
    assert result["cli"]["reserve"] == result["api"]["reserve"]
    page = client.get(f"/draws/{draw_id}").get_data(as_text=True)
    assert all(p in page for p in result["cli"]["selected"])


def test_another_seed_gives_in_general_another_panel(
    app: Flask, client: FlaskClient, people: Any, tmp_path: Path
) -> None:
    from civic.core.sortition import draw_panel
    from civic.councils.draws import get_draw, pool_and_quotas

    council_id = make_council(app, people)
    people.login("clerk")
    draw_id = freeze_and_seed(client, council_id, "11111")
    with app.app_context():
        pool, quotas = pool_and_quotas(get_draw(draw_id))
        panels = {frozenset(draw_panel(pool, quotas, 4, f"seed-{n}").selected) for n in range(20)}
        published = frozenset(get_draw(draw_id).selected and json.loads(get_draw(draw_id).selected))
    # 36 parity panels are possible; 20 seeds give many different ones.
    assert len(panels) >= 8
    assert published == frozenset(draw_panel(pool, quotas, 4, "11111").selected)


def test_too_small_a_pool_is_refused_with_the_reason_and_nothing_is_frozen(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    council_id = make_council(app, people, drawn=4, pool=[])
    people.login("clerk")
    response = post(
        client,
        f"/councils/{council_id}/draws",
        {"mode": "plain", "reserve": 0},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Tirage impossible avec ce vivier" in page
    assert client.get(f"/api/v1/councils/{council_id}").get_json()["draws"] == []


def test_a_drawn_person_who_declines_is_replaced_from_the_reserve(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    from civic.extensions import db
    from civic.models import DrawCandidate

    council_id = make_council(app, people)
    people.login("clerk")
    draw_id = freeze_and_seed(client, council_id, "42")
    first = client.get(f"/api/v1/draws/{draw_id}").get_json()
    with app.app_context():
        drawn = db.session.scalar(
            db.select(DrawCandidate).where(DrawCandidate.pseudonym == first["panel"][0])
        )
        name = drawn.application.user.email.split("@")[0]
    people.logout()
    people.login(name)
    page = client.get(f"/draws/{draw_id}").get_data(as_text=True)
    assert "Acceptez-vous de siéger" in page
    post(client, f"/draws/{draw_id}/answer", {"answer": "decline"})
    after = client.get(f"/api/v1/draws/{draw_id}").get_json()
    offers = {o["id"]: o for o in after["offers"]}
    assert offers[first["panel"][0]]["answer"] == "declined"
    called = [o for o in after["offers"] if o["replaces"] == first["panel"][0]]
    assert len(called) == 1 and called[0]["id"] in first["reserve"]
    assert called[0]["answer"] == "pending"


def test_a_drawn_person_who_accepts_sits_on_the_council_with_their_name_published(
    app: Flask, client: FlaskClient, people: Any
) -> None:
    from civic.extensions import db
    from civic.models import DrawCandidate

    council_id = make_council(app, people)
    people.login("clerk")
    draw_id = freeze_and_seed(client, council_id, "7")
    panel = client.get(f"/api/v1/draws/{draw_id}").get_json()["panel"]
    with app.app_context():
        drawn = db.session.scalar(
            db.select(DrawCandidate).where(DrawCandidate.pseudonym == panel[0])
        )
        user = drawn.application.user
        name, display = user.email.split("@")[0], user.display_name
    people.logout()
    people.login(name)
    post(client, f"/draws/{draw_id}/answer", {"answer": "accept"})
    assert display in client.get(f"/draws/{draw_id}").get_data(as_text=True)
    council = client.get(f"/api/v1/councils/{council_id}").get_json()
    assert [m["name"] for m in council["members"]] == [display]
    assert council["members"][0]["seat"] == "drawn"
