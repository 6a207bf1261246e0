"""Generate, store and list an item's documents (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, current_app, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from civic.extensions import db
from civic.models import Document

TITLE_MAX = 300
_READERS = "civic.document_readers"


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: Any  # lazily translated
    template: str


KINDS: dict[str, DocumentKind] = {
    kind.code: kind
    for kind in (
        # Petitions (CGCT L1112-16: "il en accuse réception"; docs/rules.md §3, §9).
        DocumentKind(
            "acknowledgement", _l("Accusé de réception"), "documents/acknowledgement.html"
        ),
        DocumentKind(
            "draft_deliberation", _l("Projet de délibération"), "documents/draft_deliberation.html"
        ),
        # Votations (docs/rules.md §4): on scheduling, on publication.
        DocumentKind("votation_notice", _l("Avis de votation"), "documents/votation_notice.html"),
        DocumentKind(
            "station_report_template",
            _l("Modèle de procès-verbal de bureau de vote"),
            "documents/station_report_template.html",
        ),
        DocumentKind(
            "proclamation", _l("Proclamation des résultats"), "documents/proclamation.html"
        ),
    )
}


def generate(
    *,
    subject_type: str,
    subject_id: int,
    kind: str,
    title: Any,
    now: datetime,
    matter: str = "",
    **context: Any,
) -> Document:
    """Render and store a document, once per (subject, kind, matter); does not commit.

    Rendered in the commune's language whoever's act set it off, from the kind's
    template with ``context``, ``title`` (lazy text, ``_l``: translated in that language
    too), ``issued_at`` (= ``now``) and ``commune``.
    A document already issued is returned as it was: what was issued never changes.
    """
    document_kind = KINDS[kind]
    existing = document_for(subject_type, subject_id, kind, matter)
    if existing is not None:
        return existing
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        title = str(title).strip()[:TITLE_MAX]
        # Without the request's context processors: a document is the same whoever's
        # act issued it, and acts happen outside requests too (commands, jobs).
        html = current_app.jinja_env.get_template(document_kind.template).render(
            title=title,
            issued_at=now,
            commune=current_app.config["COMMUNE_NAME"],
            language=language,
            **context,
        )
    document = Document(
        subject_type=subject_type,
        subject_id=subject_id,
        kind=kind,
        matter=matter,
        title=title,
        html=html,
        created_at=now,
    )
    try:
        # A savepoint: two callers racing for the same document end with one.
        with db.session.begin_nested():
            db.session.add(document)
            db.session.flush()
    except IntegrityError:
        existing = document_for(subject_type, subject_id, kind, matter)
        if existing is None:
            raise
        return existing
    return document


def document_for(subject_type: str, subject_id: int, kind: str, matter: str) -> Document | None:
    return db.session.scalar(
        select(Document).where(
            Document.subject_type == subject_type,
            Document.subject_id == subject_id,
            Document.kind == kind,
            Document.matter == matter,
        )
    )


def documents_of(subject_type: str, subject_id: int) -> list[Document]:
    """The subject's documents, in the order they were issued."""
    return list(
        db.session.scalars(
            select(Document)
            .where(Document.subject_type == subject_type, Document.subject_id == subject_id)
            .order_by(Document.created_at, Document.id)
        )
    )


def as_open_data(documents: list[Document]) -> list[dict[str, str]]:
    """``[{"kind": …, "url": …}]`` as the API lists them (the printable page's address)."""
    return [
        {
            "kind": document.kind,
            "url": url_for("documents.show", document_id=document.id, _external=True),
        }
        for document in documents
    ]


def register_reader(app: Flask, subject_type: str, may_read: Callable[[int], bool]) -> None:
    """Who may read a subject's documents: ``may_read(subject_id)`` for the request's
    reader. An area registers it when its subjects have documents before they are public
    (a petition's acknowledgement of receipt, issued when it is submitted for review)."""
    app.extensions.setdefault(_READERS, {})[subject_type] = may_read


def readable(document: Document) -> bool:
    """Whether the request's reader may read this document (public unless its area says)."""
    may_read = current_app.extensions.get(_READERS, {}).get(document.subject_type)
    return may_read is None or bool(may_read(document.subject_id))


def label_of(document: Document) -> Any:
    kind = KINDS.get(document.kind)
    return kind.label if kind is not None else document.kind
