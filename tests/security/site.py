"""The whole site as the security tests see it, generated from the URL map.

A seeded demo commune gives real objects; every rule of the URL map is turned into
concrete URLs by naming, for each of its arguments, rows of the model it points at.
A new route or a new form therefore joins the security tests without being listed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.extensions import db, limiter
from civic.models import (
    AgendaItem,
    Body,
    BodyLottery,
    BodyMember,
    BodyOpinion,
    BodySession,
    Budget,
    BudgetHeading,
    BudgetProposal,
    CharterSignatory,
    Council,
    CouncilApplication,
    CouncilDraw,
    CouncilMotion,
    CouncilSession,
    CounterAct,
    Document,
    DocumentRequest,
    IdentityCollision,
    Job,
    Meeting,
    Neighbourhood,
    PaperBallotBatch,
    Petition,
    Question,
    Signature,
    User,
    Votation,
)

# Which model a URL argument names. Arguments that are not ids get fixed values.
MODELS: dict[str, Any] = {
    "neighbourhood_id": Neighbourhood,
    "votation_id": Votation,
    "petition_id": Petition,
    "meeting_id": Meeting,
    "question_id": Question,
    "council_id": Council,
    "draw_id": CouncilDraw,
    "session_id": CouncilSession,
    "motion_id": CouncilMotion,
    "application_id": CouncilApplication,
    "budget_id": Budget,
    "heading_id": BudgetHeading,
    "proposal_id": BudgetProposal,
    "item_id": AgendaItem,
    "signature_id": Signature,
    "user_id": User,
    "job_id": Job,
    "collision_id": IdentityCollision,
    "batch_id": PaperBallotBatch,
    "document_id": Document,
    "signatory_id": CharterSignatory,
    "body_id": Body,
    "body_session_id": BodySession,
    "opinion_id": BodyOpinion,
    "body_member_id": BodyMember,
    "document_request_id": DocumentRequest,
    "lottery_id": BodyLottery,
    "act_id": CounterAct,
}
CONSTANTS: dict[str, list[Any]] = {
    "position": [1],
    "code": ["charter"],
    "token": ["unknown-token"],
    "name": ["0" * 32 + ".png"],
}
# The demo's accounts, one per role (civic/demo.py).
DEMO_PASSWORD = "civic-demo"
ACCOUNTS = {
    "unverified": "nouveau@demo.civic.fr",
    "resident": "habitante@demo.civic.fr",
    "elector": "electeur@demo.civic.fr",
    "clerk": "agent@demo.civic.fr",
    "councillor": "elue@demo.civic.fr",
    "admin": "admin@demo.civic.fr",
}
ROLES = ("anonymous", *ACCOUNTS)
ROWS_PER_MODEL = 4
# Tables of a few rows whose every row is a different kind of page: the demo's
# votations are a citizens' vote, a vote of the law (its deliberation and polling
# stations' pages exist for it alone) and encrypted ones. Each row is walked.
EVERY_ROW = {"votations"}


def seed_demo(app: Flask) -> None:
    from civic import demo

    with app.app_context():
        demo.seed()


@contextmanager
def no_rate_limits() -> Iterator[None]:
    """The tests log in and submit far more often than a person could."""
    limiter.enabled = False
    try:
        yield
    finally:
        limiter.enabled = True


_TOKENS: dict[int, str] = {}


def log_in(client: FlaskClient, role: str) -> None:
    from tests.conftest import log_in_through_forms, post

    post(client, "/auth/logout")
    client.delete_cookie("session")
    _TOKENS.pop(id(client), None)
    if role == "anonymous":
        return
    log_in_through_forms(client.application, client, ACCOUNTS[role], DEMO_PASSWORD)
    _TOKENS.pop(id(client), None)


def _sample_rows(model: Any) -> list[Any]:
    """A few rows spread over the table (first, last and in between)."""
    ids = list(db.session.scalars(select(model.id).order_by(model.id)))
    if len(ids) > ROWS_PER_MODEL and model.__tablename__ not in EVERY_ROW:
        step = (len(ids) - 1) / (ROWS_PER_MODEL - 1)
        ids = [ids[round(i * step)] for i in range(ROWS_PER_MODEL)]
    return [db.session.get(model, i) for i in ids]


def _values_for(arguments: set[str]) -> list[dict[str, Any]]:
    """Concrete values for one rule's arguments, consistent with each other: the most
    specific id (the one whose rows carry the others as attributes) leads."""
    ids = [a for a in arguments if a in MODELS]
    lead = None
    for candidate in ids:
        if all(hasattr(MODELS[candidate], other) for other in ids if other != candidate):
            lead = candidate
    combos: list[dict[str, Any]] = [{}]
    if lead is not None:
        combos = []
        for row in _sample_rows(MODELS[lead]):
            values = {lead: row.id}
            for other in ids:
                if other != lead:
                    values[other] = getattr(row, other)
            combos.append(values)
    elif ids:
        raise AssertionError(f"no model carries all of {ids}: teach tests/security/site.py")
    result = []
    for combo in combos:
        for name in arguments - set(combo):
            if name not in CONSTANTS:
                raise AssertionError(
                    f"unknown URL argument {name}: add it to tests/security/site.py"
                )
        constants = {n: CONSTANTS[n][0] for n in arguments - set(combo)}
        result.append({**combo, **constants})
    return result


def urls(app: Flask, method: str = "GET") -> list[tuple[str, str]]:
    """(endpoint, url) for every rule of the URL map answering ``method``."""
    found = []
    with app.app_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or method not in (rule.methods or set()):
                continue
            for values in _values_for(set(rule.arguments)):
                with app.test_request_context():
                    found.append((rule.endpoint, url_for(rule.endpoint, **values)))
        db.session.remove()
    return sorted(set(found))


def table_fingerprint(app: Flask) -> dict[str, tuple[int, str]]:
    """Row count and a digest of the content of every table."""
    fingerprint = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            count = db.session.scalar(select(func.count()).select_from(table)) or 0
            digest = hashlib.sha256()
            for row in db.session.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
            fingerprint[table.name] = (count, digest.hexdigest())
        db.session.remove()
    return fingerprint


# Counters of refused tries (failed log-ins, rate-limit windows): a refusal counted
# there is the point, not a write that the refusal should have prevented.
ABUSE_COUNTERS = {"login_failures", "rate_limit_counters"}


def row_counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        counts = {
            t.name: db.session.scalar(select(func.count()).select_from(t)) or 0
            for t in db.metadata.sorted_tables
            if t.name not in ABUSE_COUNTERS
        }
        db.session.remove()
    return counts


# --- forms found on the rendered pages ---------------------------------------------


FREE_TEXT = ("text", "textarea", "search", "url", "tel")


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)

    def has_free_text(self) -> bool:
        return any(f["type"] in FREE_TEXT for f in self.fields.values())

    def key(self) -> str:
        names = ",".join(sorted(self.fields))
        return re.sub(r"\d+", "N", f"{self.action} {names}")


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or self.page
            self.current = Form(self.page, action, (a.get("method") or "get").lower())
            self.forms.append(self.current)
        if self.current is None:
            return
        name = a.get("name")
        if tag in ("input", "textarea", "select") and name:
            kind = tag if tag != "input" else (a.get("type") or "text")
            entry = self.current.fields.setdefault(
                name, {"type": kind, "value": a.get("value"), "options": [], "attrs": a}
            )
            if kind in ("checkbox", "radio") and a.get("value") is not None:
                entry["options"].append(a.get("value"))
            if tag == "select":
                self.select = name
        if tag == "option" and self.select:
            self.current.fields[self.select]["options"].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        if tag == "select":
            self.select = None


def forms_on(page: str, html: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    return [f for f in parser.forms if f.method == "post"]


# Forms that end the session or the account: submitted, they would stop the walk.
NOT_SUBMITTED = ("/auth/logout", "/language", "/account/delete")
FORM_ROLES = ("anonymous", "resident", "elector", "clerk", "councillor", "admin")


_DISCOVERED: dict[str, dict[str, list[tuple[str, Form]]]] = {}


def discover_forms(app: Flask, client: FlaskClient) -> dict[str, list[tuple[str, Form]]]:
    """Every POST form on every page, for each role that sees it (one of each kind).
    The demo seed is deterministic, so one walk serves every test of the session."""
    cache_key = app.config["SQLALCHEMY_DATABASE_URI"]
    if cache_key not in _DISCOVERED:
        _DISCOVERED[cache_key] = _discover_forms(app, client)
    return _DISCOVERED[cache_key]


def _discover_forms(app: Flask, client: FlaskClient) -> dict[str, list[tuple[str, Form]]]:
    pages = [(e, u) for e, u in urls(app, "GET") if not e.startswith("api.")]
    found: dict[str, list[tuple[str, Form]]] = {}
    seen: set[str] = set()
    for role in FORM_ROLES:
        log_in(client, role)
        found[role] = []
        for _endpoint, url in pages:
            response = client.get(url)
            if response.status_code != 200 or "html" not in (response.content_type or ""):
                continue
            for form in forms_on(url, response.get_data(as_text=True)):
                if form.action.startswith(NOT_SUBMITTED) or form.key() in seen:
                    continue
                seen.add(form.key())
                found[role].append((role, form))
    return found


def fill(form: Form, text: str, counter: int) -> dict[str, Any]:
    """Plausible values for every field, ``text`` in every free-text one."""
    data: dict[str, Any] = {}
    for name, spec in form.fields.items():
        kind = spec["type"]
        if kind == "hidden" or name == "csrf_token":
            data[name] = spec["value"] or ""
        elif kind == "email":
            data[name] = f"personne{counter}@example.org"
        elif kind == "password":
            data[name] = "correct horse battery staple"
        elif "birth" in name:
            data[name] = "1985-06-15"
        elif kind == "date":
            data[name] = "2031-03-14"
        elif kind == "datetime-local":
            data[name] = "2031-03-14T18:30"
        elif kind == "time":
            data[name] = "18:30"
        elif kind == "number":
            data[name] = spec["value"] or "1"
        elif kind in ("select", "radio"):
            options = [o for o in spec["options"] if o not in ("", None)]
            data[name] = (
                spec["value"] if kind == "select" and spec["value"] else (options or [""])[0]
            )
        elif kind == "checkbox":
            data[name] = (spec["options"] or ["y"])[0]
        elif kind == "file":
            continue
        elif kind in ("submit", "button"):
            if spec["value"] is not None:
                data[name] = spec["value"]
        else:  # text, textarea, search, url, tel
            data[name] = text
    return data


def submit(client: FlaskClient, form: Form, data: dict[str, Any], **kw: Any) -> Any:
    """POST a form like the browser would, with this session's CSRF token."""
    from tests.conftest import csrf_token

    token = _TOKENS.get(id(client)) or _TOKENS.setdefault(id(client), csrf_token(client))
    payload = {k: (token if k.endswith("csrf_token") else v) for k, v in data.items()}
    payload.setdefault("csrf_token", token)
    return client.post(form.action, data=payload, **kw)


REFUSAL_MARKS = ("error-summary", "field-error", "flash-error", "error-text")


def refused(response: Any) -> bool:
    if response.status_code in (301, 302, 303):
        return False
    if 400 <= response.status_code < 500:
        return True
    body = response.get_data(as_text=True)
    return any(mark in body for mark in REFUSAL_MARKS)


def html_pages(app: Flask) -> list[tuple[str, str]]:
    return [(e, u) for e, u in urls(app, "GET")]
