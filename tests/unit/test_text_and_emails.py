from __future__ import annotations

from html.parser import HTMLParser

import pytest

from civic.auth.emails import canonical_email
from civic.text import ALLOWED_TAGS, render_markdown


@pytest.mark.parametrize(
    ("address", "canonical"),
    [
        ("Jean.Dupont@Example.org", "jean.dupont@example.org"),
        ("jean+petitions@example.org", "jean@example.org"),
        ("J.E.A.N@gmail.com", "jean@gmail.com"),
        ("jean.d+x@googlemail.com", "jeand@gmail.com"),
        ("  spaced@example.org ", "spaced@example.org"),
    ],
)
def test_one_inbox_has_one_canonical_address(address: str, canonical: str) -> None:
    assert canonical_email(address) == canonical


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[clic](javascript:alert(1))",
        '<a href="/x" hx-get="/admin" hx-trigger="load">x</a>',
        '<p style="position:fixed">x</p>',
        "<iframe src=//evil.example></iframe>",
    ],
)
def test_markdown_never_lets_markup_or_htmx_attributes_through(hostile: str) -> None:
    # Escaped text is harmless; what matters is which elements and attributes exist.
    parser = ElementCollector()
    parser.feed(str(render_markdown(hostile)))
    assert parser.tags <= ALLOWED_TAGS
    for tag, name, value in parser.attributes:
        assert (tag, name) == ("a", "href") or (tag, name) == ("a", "rel"), (tag, name)
        assert not (value or "").lower().startswith("javascript:")


class ElementCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)


def test_markdown_keeps_ordinary_formatting() -> None:
    html = str(render_markdown("**Gras** et [lien](https://example.org)\n\n- un\n- deux"))
    assert "<strong>Gras</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<li>un</li>" in html
