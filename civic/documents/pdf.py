"""A stored document printed to PDF by WeasyPrint, from the very HTML that was issued.

WeasyPrint is a maintained HTML/CSS-to-PDF engine (BSD) that renders the same
Jinja templates as the printable page, with print CSS (page size, margins,
running footer); it needs Pango from the system (Debian: libpango-1.0-0,
libpangoft2-1.0-0, installed by ``make setup``). It fetches nothing: the only
resource a document may load is the documents' own stylesheet, read from disk.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from flask import current_app

from civic.models import Document

STYLESHEET_URL = "/static/css/documents.css"


def _stylesheet_path() -> Path:
    return Path(current_app.static_folder or "static") / "css" / "documents.css"


def _fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # Only our stylesheet; no network, no file of the server (a template is ours, but
    # the text inside it came from residents).
    if url.endswith(STYLESHEET_URL):
        return {"string": _stylesheet_path().read_bytes(), "mime_type": "text/css"}
    raise ValueError(f"documents load nothing but their stylesheet: {url!r}")


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: Pango is loaded only to print

    pdf = HTML(string=html, base_url="http://civic.invalid/", url_fetcher=_fetcher).write_pdf()
    if pdf is None:  # write_pdf without a target returns the bytes
        raise RuntimeError("WeasyPrint wrote no PDF")
    return bytes(pdf)


def pdf_of(document: Document) -> bytes:
    """The document's PDF, printed once and kept under the instance folder."""
    folder = Path(current_app.instance_path) / "documents"
    path = folder / f"{document.id}.pdf"
    if path.exists():
        return path.read_bytes()
    pdf = render_pdf(document.html)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".part") as part:
        part.write(pdf)
    os.replace(part.name, path)  # atomic: a concurrent reader sees all of it or nothing
    return pdf
