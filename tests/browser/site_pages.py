"""Every page of the site, and who sees it, for the browser walks (axe, no JavaScript).

Generated, not listed, so that a new page cannot escape: the seeded demo commune gives
real objects and ``tests/security/site.py`` turns each rule of the URL map into URLs
naming them; the role × route table of ``tests/web/access.py`` says who may open each
endpoint. Every such URL is then opened with the test client as each of those visitors
and kept when it answers with a page; a page whose content (``<main>``) a previous
visitor already saw identically is checked once. ``SitePlan.uncovered`` names the pages
nobody could be shown (seed something they can show), ``SitePlan.files`` the endpoints
that answer a file (CSV, JSON, PDF...) rather than a page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import Flask
from playwright.sync_api import Page

from tests.browser.conftest import give_second_factor
from tests.security.site import ACCOUNTS, DEMO_PASSWORD, log_in, no_rate_limits, seed_demo, urls
from tests.web.access import GET_ROUTES, ROLES, Absent, expected_status

# The order visitors are walked in: a page is checked for the first one who sees it as it
# is, so the resident side comes first and staff only add what differs for them.
WALK_ORDER = ("anonymous", "resident", "elector", "unverified", "clerk", "councillor", "admin")
RESIDENT_SIDE = frozenset({"anonymous", "unverified", "resident", "elector"})
# Paths naming a file, not a page (an extension), and the API.
FILE_PATH = re.compile(r"\.[a-z]+$")
CSRF_VALUE = re.compile(r'(csrf_token"[^>]*value=")[^"]*')
MAIN = re.compile(r"<main\b.*</main>", re.S)


@dataclass(frozen=True)
class PageVisit:
    role: str
    endpoint: str
    url: str
    status: int = 200

    @property
    def label(self) -> str:
        return f"{self.role} {self.url}"


@dataclass
class SitePlan:
    visits: list[PageVisit] = field(default_factory=list)
    files: set[str] = field(default_factory=set)
    uncovered: set[str] = field(default_factory=set)

    def by_role(
        self, roles: frozenset[str] = frozenset(WALK_ORDER), staff_states: int | None = None
    ) -> Iterator[tuple[str, list[PageVisit]]]:
        """The visits grouped per visitor, in walk order (one browser context each);
        ``staff_states``: at most that many URLs of each endpoint for staff roles."""
        for role in WALK_ORDER:
            if role not in roles:
                continue
            mine = [v for v in self.visits if v.role == role]
            if staff_states is not None and role not in RESIDENT_SIDE:
                kept: dict[str, int] = {}
                for visit in list(mine):
                    kept[visit.endpoint] = kept.get(visit.endpoint, 0) + 1
                    if kept[visit.endpoint] > staff_states:
                        mine.remove(visit)
            if mine:
                yield role, mine


def kind_of(endpoint: str) -> object:
    """Who may open the page of a real object, from the access table's kinds.

    The table names objects that do not exist for some endpoints (``not_found``,
    ``Absent``); with a real object those pages are public or keep the inner kind.
    An owner's page (``owner_only``) is open to a verified resident who owns it.
    """
    kind = GET_ROUTES[endpoint][0]
    if isinstance(kind, Absent):
        kind = kind.kind
    if kind == "not_found":
        return "public"
    if kind == "owner_only":
        return "verified"
    return kind


def audience(endpoint: str) -> dict[str, int]:
    """role -> the status that role gets on a real object's page (200, or 400 for a bad
    token), for the roles allowed to see it."""
    kind = kind_of(endpoint)
    statuses = {role: expected_status(kind, role) for role in ROLES}
    return {role: status for role, status in statuses.items() if status in (200, 400)}


def seed_site(app: Flask) -> None:
    """The demo commune, plus what only an owner sees: the demo resident's own draft
    petition and pending question, and a background job under way."""
    from civic.core.question_time import WindowState
    from civic.extensions import db
    from civic.models import Job, Meeting, User
    from civic.models.meetings import MEETING_PLANNED
    from civic.petitions.lifecycle import PetitionDraft, create_draft
    from civic.questions.services import QuestionText, submit_question, window_state

    seed_demo(app)
    now = datetime.now(UTC)
    with app.app_context():
        resident = db.session.scalar(db.select(User).where(User.email == ACCOUNTS["resident"]))
        assert resident is not None
        create_draft(
            PetitionDraft(
                title="Un abri à vélos à la gare",
                body="Les vélos dorment sous la pluie.",
                easy_read="Nous voulons un abri pour les vélos.",
                decision_asked="Construire un abri à vélos couvert devant la gare.",
                kind="ordinary",
                rule_set_code="charter",
            ),
            author=resident,
            now=now,
        )
        planned = db.session.scalars(
            db.select(Meeting).where(Meeting.status == MEETING_PLANNED).order_by(Meeting.starts_at)
        )
        meeting = next(m for m in planned if window_state(m, now) == WindowState.OPEN)
        submit_question(
            meeting.id,
            QuestionText(
                title="Des fontaines à eau au parc",
                body="L'été, il n'y a pas d'eau potable au parc. Peut-on en installer ?",
                show_name=False,
            ),
            author=resident,
            now=now,
        )
        db.session.add(
            Job(
                id=UNDER_WAY_JOB,
                task="budget.tally",
                state="running",
                progress=0.4,
                message="Dépouillement",
                created_at=now,
            )
        )
        db.session.commit()
        db.session.remove()


_PLANS: dict[str, SitePlan] = {}
# The job seed_site leaves under way: the demo's own jobs (a body's fair draw) take a new
# id at each seeding, so the plan, made once, walks this one.
UNDER_WAY_JOB = "00000000-0000-4000-8000-000000000001"
# The clerk is walked serving a person at the counter (issue 18), so the pages that only
# exist while serving someone (a question, a proposal, a ballot, an application in their
# name) are walked too; the clerk's other pages show the same with the counter's banner.
# A person the demo registered at the counter: set by the plan.
_COUNTER_PERSON: list[int] = []
COUNTER_ROLE = "clerk"


def _unsubscribe_page(app: Flask) -> str:
    from civic.extensions import db
    from civic.models import User
    from civic.notifications.kinds import PETITIONS
    from civic.notifications.preferences import unsubscribe_token

    with app.app_context():
        resident = db.session.scalar(db.select(User.id).where(User.email == ACCOUNTS["resident"]))
        assert resident is not None
        return f"/notifications/unsubscribe/{unsubscribe_token(resident, PETITIONS)}"


def _counter_person(app: Flask) -> int:
    from civic.extensions import db
    from civic.models.counter import CounterCheck

    with app.app_context():
        person = db.session.scalar(db.select(CounterCheck.user_id).order_by(CounterCheck.id))
        assert person is not None, "the demo registers people at the counter"
        return int(person)


def plan_site(app: Flask) -> SitePlan:
    """The pages to walk, on a commune made by ``seed_site``. The seed is deterministic,
    so one plan serves every test of the session."""
    key = app.config["SQLALCHEMY_DATABASE_URI"]
    if key not in _PLANS:
        _PLANS[key] = _plan(app)
    return _PLANS[key]


def _plan(app: Flask) -> SitePlan:
    plan = SitePlan()
    pages: dict[str, list[str]] = {}
    for endpoint, url in urls(app, "GET"):
        if endpoint.startswith("api.") or FILE_PATH.search(url):
            plan.files.add(endpoint)
        else:
            pages.setdefault(endpoint, []).append(url)
    pages["main.job"] = [f"/jobs/{UNDER_WAY_JOB}"]
    # A mail's unsubscribe page shows only with its signed token: the demo resident's.
    pages["notifications.unsubscribe"] = [_unsubscribe_page(app)]
    seen: set[str] = set()
    client = app.test_client()
    _COUNTER_PERSON[:] = [_counter_person(app)]
    with no_rate_limits():
        for role in WALK_ORDER:
            log_in(client, role)
            if role == COUNTER_ROLE:
                from tests.conftest import post

                post(client, f"/guichet/personnes/{_COUNTER_PERSON[0]}/servir")
            for endpoint, addresses in pages.items():
                status = audience(endpoint).get(role)
                if status is None:
                    continue
                for url in addresses:
                    response = client.get(url)
                    if "html" not in (response.content_type or ""):
                        if response.status_code == 200:
                            plan.files.add(endpoint)
                        continue
                    if response.status_code != status:
                        continue  # e.g. a draft petition that only its author may open
                    main = MAIN.search(response.get_data(as_text=True))
                    content = CSRF_VALUE.sub(r"\1", main.group(0) if main else "")
                    digest = hashlib.sha256(content.encode()).hexdigest()
                    if digest not in seen:
                        seen.add(digest)
                        plan.visits.append(PageVisit(role, endpoint, url, status))
    every_page = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set()) and rule.endpoint != "static"
    }
    # A mail's link only moves its token into the session and redirects to a page walked
    # under its own endpoint (auth.confirm_address, auth.new_password).
    redirects = {e for e in every_page if e in GET_ROUTES and GET_ROUTES[e][0] == "token_link"}
    # A staff log-in's second step shows only right after the password: walked by
    # tests/browser/test_second_factor_browser.py.
    redirects |= {e for e in every_page if e in GET_ROUTES and GET_ROUTES[e][0] == "second_step"}
    # The identity provider's pages answer 404 when no provider is configured, as in
    # this walk: tests/web/test_oidc_web.py drives them against a local provider.
    redirects |= {e for e in every_page if e.startswith("oidc.")}
    plan.uncovered = every_page - redirects - plan.files - {v.endpoint for v in plan.visits}
    return plan


def log_in_demo(page: Page, role: str) -> None:
    """Log in through the form with the demo account of ``role``."""
    if role == "anonymous":
        return
    page.goto("/auth/login")
    page.locator("#email").fill(ACCOUNTS[role])
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)
    give_second_factor(page, ACCOUNTS[role])
    if role == COUNTER_ROLE and _COUNTER_PERSON:
        page.goto(f"/guichet/personnes/{_COUNTER_PERSON[0]}")
        page.locator("main form[action$='/servir'] button[type=submit]").click()
        page.wait_for_load_state()
