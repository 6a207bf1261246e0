"""The civic lottery in two stages: a verifiable draw of whom to invite, the letters, the
pool of those who answer, the fair draw of the panel; each stage re-run with the core's
command on the published files gives the same result."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from civic.core.sortition.__main__ import main as sortition
from tests.conftest import post
from tests.web.test_bodies_web import make_body

PEOPLE = "\n".join(f"Personne {n} ; {n} rue de la Paix, Sens" for n in range(1, 41))


def _rerun(client: FlaskClient, tmp_path: Path, command: str) -> dict[str, Any]:
    """Download the files a command names and run it with the core's command line."""
    args = command.split()[3:]
    seed_at = args.index("--seed")
    args = [*args[: seed_at + 1], " ".join(args[seed_at + 1 :]).strip("'")]
    for i, arg in enumerate(args):
        match = re.fullmatch(r"lottery-(\d+)-(list|list-quotas|pool|quotas|panels)\.csv", arg)
        if match:
            file = tmp_path / arg
            url = f"/body-lotteries/{match.group(1)}/{match.group(2)}.csv"
            file.write_bytes(client.get(url).data)
            args[i] = str(file)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert sortition(args) == 0
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def _command(page: str, n: int) -> str:
    found = re.findall(r"<code>(python -m civic\.core\.sortition [^<]+)</code>", page)
    return found[n].replace("&#39;", "'")


def test_a_citizen_audit_is_drawn_in_two_stages_and_both_draws_can_be_rerun(
    app: Flask, client: FlaskClient, people: Any, tmp_path: Path
) -> None:
    location = make_body(client, people, kind="citizen_audit", name="Audit", drawn_seats=4)
    people.make("agent", level="elector", roles=("clerk",))
    people.login("agent")
    started = post(
        client,
        f"{location}/lotteries",
        {"source": "electoral_list", "invitations": 12, "seats": 4, "people": PEOPLE},
    )
    lottery = started.headers["Location"]
    post(client, f"{lottery}/invite", {"seed": "loto du 6 décembre 12-19-33"})
    page = client.get(lottery).get_data(as_text=True)
    assert "12 personnes invitées ; 0 a répondu." in page
    invited = _rerun(client, tmp_path, _command(page, 0))["selected"]
    assert len(invited) == 12
    letters = client.get(f"{lottery}/letters").get_data(as_text=True)
    assert letters.count('class="letter"') == 12 and "rue de la Paix" in letters
    assert f"votre code : {invited[0]}" in letters
    for n, code in enumerate(invited[:8]):
        gender = "female" if n % 2 else "male"
        post(client, f"{lottery}/answers", {"code": code, "gender": gender})
    not_invited = next(f"L{n:05d}" for n in range(1, 41) if f"L{n:05d}" not in invited)
    refused = post(
        client, f"{lottery}/answers", {"code": not_invited, "gender": "male"}, follow_redirects=True
    )
    assert "Aucune personne invitée ne porte ce code." in refused.get_data(as_text=True)
    post(client, f"{lottery}/pool", {"mode": "stratified", "reserve": 0})
    post(client, f"{lottery}/seat", {"seed": "euromillions 7-8"})
    people.logout()
    page = client.get(lottery).get_data(as_text=True)
    panel = _rerun(client, tmp_path, _command(page, 1))["selected"]
    assert ", ".join(panel) in page
    assert "Personne" not in page  # names are never published with the draw
    body = client.get(location).get_data(as_text=True)
    assert body.count("— Habitants tirés au sort") == 4
    with app.app_context():
        from civic.extensions import db
        from civic.models import LotteryPerson

        kept = db.session.scalars(db.select(LotteryPerson).where(LotteryPerson.name.is_not(None)))
        assert sorted(p.code for p in kept) == sorted(invited)


def test_the_pool_is_refused_when_too_few_answered(client: FlaskClient, people: Any) -> None:
    location = make_body(client, people, kind="citizen_audit", name="Audit", drawn_seats=4)
    people.make("agent", level="elector", roles=("clerk",))
    people.login("agent")
    lottery = post(
        client,
        f"{location}/lotteries",
        {"source": "address_file", "invitations": 5, "seats": 4, "people": PEOPLE},
    ).headers["Location"]
    post(client, f"{lottery}/invite", {"seed": "s"})
    page = post(
        client, f"{lottery}/pool", {"mode": "stratified", "reserve": 0}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Trop peu de réponses pour pourvoir les sièges." in page


def test_a_list_with_a_line_without_address_or_more_seats_than_the_body_is_refused(
    client: FlaskClient, people: Any
) -> None:
    location = make_body(client, people, kind="citizen_audit", name="Audit", drawn_seats=4)
    people.make("agent", level="elector", roles=("clerk",))
    people.login("agent")
    form = {"source": "address_file", "invitations": 5, "seats": 4}
    page = post(
        client, f"{location}/lotteries", {**form, "people": "Sans adresse"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Ligne 1 : donnez le nom, un point-virgule, puis l&#39;adresse." in page
    page = post(
        client,
        f"{location}/lotteries",
        {**form, "seats": 5, "people": PEOPLE},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "L&#39;instance compte 4 sièges tirés au sort." in page
    page = post(
        client,
        f"{location}/lotteries",
        {**form, "invitations": 41, "people": PEOPLE},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "au plus 500 et pas plus que la liste." in page
