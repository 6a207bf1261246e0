"""Cross-site scripting: hostile text written through the real forms into every free-text
field of the site (found on the rendered pages, so a new form joins by itself) never
comes back as markup the templates did not write, on any page or HTMX fragment."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.site import (
    discover_forms,
    fill,
    log_in,
    no_rate_limits,
    seed_demo,
    submit,
    urls,
)

HOSTILE = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[clic](javascript:alert(1))",
    '<a href="javascript:alert(1)">lien</a>',
    '<a href="jav&#x09;ascript:alert(1)">lien</a>',
    '<div hx-get="/account/delete" hx-trigger="load">x</div>',
    "' hx-post='/auth/logout' hx-trigger='load' x='",
    '<p data-hx-get="/x" hx-on:click="alert(1)">p</p>',
    "<iframe src=//evil.example></iframe>",
    "<object data=x></object><embed src=x>",
    "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=//evil.example">',
    "<style>body{display:none}</style>",
    '<b style="color:red">gras</b>',
    "<scr<script>ipt>alert(1)</script>",
    "\u202egnp.exe<script>",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=javascript:alert(1)><button>ok</button></form>",
    "![x](javascript:alert(1))",
    "<details open ontoggle=alert(1)>",
]
MARK = "xss"
HX_ROLES = ("anonymous", "admin")
_counter = itertools.count(1)

hostile_text = st.lists(
    st.sampled_from(HOSTILE)
    | st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=8),
    min_size=1,
    max_size=2,
).map("".join)

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


class _Markup(HTMLParser):
    """Everything in a page that could run or load something it should not."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        here = f"<{tag} {attrs}>"
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.problems.append("inline or foreign script " + here)
        if tag in FORBIDDEN_TAGS:
            self.problems.append("forbidden element " + here)
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.problems.append("meta refresh " + here)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append("event handler " + here)
            if name == "style":
                self.problems.append("inline style " + here)
            if (name.startswith(("hx-", "data-hx-")) or name.startswith("hx")) and MARK in value:
                self.problems.append("hx attribute carrying user text " + here)
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(
                ("javascript:", "vbscript:", "data:text")
            ):
                self.problems.append("script URL " + here)

    handle_startendtag = handle_starttag


def markup_problems(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.problems


def test_the_checker_sees_what_it_is_meant_to_see() -> None:
    assert markup_problems('<script src="/static/js/htmx.min.js"></script><p>ok</p>') == []
    assert markup_problems("<script>alert(1)</script>")
    assert markup_problems('<svg onload="x">')
    assert markup_problems('<a href=" java\tscript:alert(1)">')
    assert markup_problems(f'<div hx-get="/{MARK}1">')


def test_hostile_text_in_every_form_never_becomes_markup_on_any_page(
    app: Flask, client: FlaskClient
) -> None:
    seed_demo(app)
    with no_rate_limits():
        forms = discover_forms(app, client)
        stored: list[str] = []

        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(text=hostile_text)
        def write_everywhere(text: str) -> None:
            n = next(_counter)
            payload = f"{MARK}{n} {text} texte assez long pour passer les minimums {n}"
            stored.append(f"{MARK}{n} ")
            for role, found in forms.items():
                log_in(client, role)
                for _role, form in found:
                    if not form.has_free_text():
                        continue
                    response = submit(client, form, fill(form, payload, n))
                    assert response.status_code < 500, (role, form.action, payload)

        write_everywhere()

        shown: dict[str, set[str]] = {}
        problems = []
        pages = urls(app, "GET")
        for role in ("anonymous", "resident", "clerk", "councillor", "admin"):
            log_in(client, role)
            for endpoint, url in pages:
                for headers in ({}, {"HX-Request": "true"}) if role in HX_ROLES else ({},):
                    response = client.get(url, headers=headers)
                    if "html" not in (response.content_type or ""):
                        continue
                    html = response.get_data(as_text=True)
                    if MARK in html:
                        shown.setdefault(endpoint, set()).add(role)
                    problems += [(role, url, headers, p) for p in markup_problems(html)]
    assert problems == []
    # The walk reached the pages that show what people write.
    print(sorted(shown))
    for endpoint in ("petitions.show", "questions.show", "meetings.show", "residents.queue"):
        assert endpoint in shown, f"no hostile text reached {endpoint}"
