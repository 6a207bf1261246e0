"""Minutes of a held meeting: Markdown (shown through nh3) and/or a PDF kept under the
instance folder, never under static/, and served as a download."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from civic.audit import services as audit
from civic.extensions import db
from civic.models import Meeting, User
from civic.models.meetings import MEETING_HELD, MEETING_MINUTES_PUBLISHED, PAST_STATUSES
from civic.services import Refused

MARKDOWN_MAX = 100_000
PDF_MAGIC = b"%PDF-"
MINUTES_FOLDER = "minutes"


@dataclass(frozen=True)
class MinutesInput:
    markdown: str | None
    pdf: bytes | None  # a new file, or None to keep the current one
    remove_pdf: bool
    publish: bool


def minutes_folder() -> str:
    return os.path.join(current_app.instance_path, MINUTES_FOLDER)


def pdf_file(meeting: Meeting) -> str | None:
    """The PDF's path on disk, if the meeting has one and it is still there."""
    if not meeting.minutes_pdf_path:
        return None
    name = os.path.basename(meeting.minutes_pdf_path)
    path = os.path.join(minutes_folder(), name)
    return path if os.path.isfile(path) else None


def check_pdf(content: bytes) -> None:
    limit = int(current_app.config["MINUTES_PDF_MAX_BYTES"])
    if not content:
        raise Refused(_("Le fichier est vide."), "pdf")
    if len(content) > limit:
        raise Refused(_("Le PDF dépasse %(size)d Mo.", size=limit // (1024 * 1024) or 1), "pdf")
    if not content.startswith(PDF_MAGIC):
        raise Refused(_("Ce fichier n'est pas un PDF."), "pdf")


def _store_pdf(content: bytes) -> str:
    """Write under a random name (never the uploaded one); returns the stored name."""
    folder = minutes_folder()
    os.makedirs(folder, exist_ok=True)
    name = f"{secrets.token_hex(16)}.pdf"
    with open(os.path.join(folder, name), "xb") as handle:
        handle.write(content)
    return name


def _remove_file(name: str | None) -> None:
    if name:
        path = os.path.join(minutes_folder(), os.path.basename(name))
        if os.path.isfile(path):
            os.remove(path)


def save_minutes(meeting_id: int, minutes: MinutesInput, *, actor: User, now: datetime) -> Meeting:
    """Write (or correct) the minutes of a held meeting, and publish them if asked."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise Refused(_("Cette séance n'existe pas."))
    if meeting.status not in PAST_STATUSES:
        raise Refused(_("Le procès-verbal s'écrit une fois la séance tenue."))
    markdown = (minutes.markdown or "").strip() or None
    if markdown and len(markdown) > MARKDOWN_MAX:
        raise Refused(_("Le texte du procès-verbal est trop long."), "markdown")
    if minutes.pdf is not None:
        check_pdf(minutes.pdf)
    will_have_pdf = minutes.pdf is not None or (
        meeting.minutes_pdf_path is not None and not minutes.remove_pdf
    )
    publishing = minutes.publish or meeting.status == MEETING_MINUTES_PUBLISHED
    if publishing and not markdown and not will_have_pdf:
        raise Refused(_("Un procès-verbal publié a un texte ou un PDF."), "markdown")
    before = {
        "status": meeting.status,
        "markdown_chars": len(meeting.minutes_markdown or ""),
        "pdf": meeting.minutes_pdf_path,
    }
    old_pdf = meeting.minutes_pdf_path
    new_pdf = _store_pdf(minutes.pdf) if minutes.pdf is not None else None
    try:
        meeting.minutes_markdown = markdown
        if new_pdf is not None:
            meeting.minutes_pdf_path = new_pdf
            meeting.minutes_pdf_size = len(minutes.pdf or b"")
        elif minutes.remove_pdf:
            meeting.minutes_pdf_path = None
            meeting.minutes_pdf_size = None
        if minutes.publish and meeting.status == MEETING_HELD:
            meeting.status = MEETING_MINUTES_PUBLISHED
            meeting.minutes_published_at = now
        meeting.updated_at = now
        audit.record(
            actor=actor,
            action="meeting.minutes_saved",
            object_type="meeting",
            object_id=meeting.id,
            before=before,
            after={
                "status": meeting.status,
                "markdown_chars": len(markdown or ""),
                "pdf": meeting.minutes_pdf_path,
            },
            now=now,
        )
        db.session.commit()
    except BaseException:
        _remove_file(new_pdf)
        raise
    if old_pdf != meeting.minutes_pdf_path:
        _remove_file(old_pdf)
    return meeting
