"""A document, to print (its HTML) or as PDF: public, like the item it belongs to (a
document of an item not yet public is read by those who may read the item)."""

from __future__ import annotations

from flask import Blueprint, Response, abort
from flask.typing import ResponseReturnValue

from civic.documents.pdf import pdf_of
from civic.documents.services import readable
from civic.extensions import db
from civic.models import Document

bp = Blueprint("documents", __name__, url_prefix="/documents")


def _document(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or not readable(document):
        abort(404)
    return document


@bp.get("/<int:document_id>")
def show(document_id: int) -> ResponseReturnValue:
    # Rendered with autoescaping when it was issued: served as it was stored.
    return Response(_document(document_id).html, mimetype="text/html")


@bp.get("/<int:document_id>.pdf")
def pdf(document_id: int) -> ResponseReturnValue:
    document = _document(document_id)
    return Response(
        pdf_of(document),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="civic-{document.kind}-{document.id}.pdf"'
        },
    )
