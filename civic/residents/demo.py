"""Demo data of the residents area: a proof of address sent by the demo account that
awaits its residence check, so that a clerk sees one in the queue. Idempotent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from civic.extensions import db
from civic.models import User
from civic.residents import proofs

# The demo account awaiting verification (civic/demo.py DEMO_ACCOUNTS).
SENDER = "nouveau@demo.civic.fr"


def proof_document(lines: list[str]) -> bytes:
    """A one-page PDF showing these lines (Helvetica, Latin-1 letters): a stand-in for the
    bill or the lease a resident would send."""
    text = "BT /F1 14 Tf 72 760 Td 20 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for line in lines
    )
    stream = text.encode("cp1252", "replace") + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def seed(now: datetime, summary: list[str]) -> None:
    """The demo account awaiting verification has sent a proof of address (stored as
    the upload stores it), unless it already has one or was decided."""
    user = db.session.scalar(select(User).where(User.email == SENDER))
    if user is None or not proofs.awaiting_decision(user) or proofs.proof_of(user.id):
        return
    document = proof_document(
        [
            "Facture d'électricité — document de démonstration",
            user.display_name,
            user.address or "",
            f"Émise le {now:%d/%m/%Y}",
        ]
    )
    proofs.send(user, document, now=now)
    summary.append("1 proof of address awaiting a clerk")
