"""Encrypted votations, the voter's side and everyone's: casting, the ballot tracker kept
for the voter, the election's archive and the public verification page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask import Response, abort, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from civic import database
from civic.models.votations import Votation
from civic.services import now_utc
from civic.votations import encrypted
from civic.votations.forms import answers_of
from civic.votations.trustee_views import election_or_404, text_file
from civic.votations.views import bp

TRACKER = re.compile(r"^[A-Za-z0-9+/]{43}$")
# The voter's trackers, in their session: {"<votation id>": "<user id>:<tracker>"}.
TRACKERS_KEPT = "ballot_trackers"
KEPT_MAX = 8


def keep_tracker(votation_id: int, tracker: str) -> None:
    """Keep the voter's tracker in their session, for the votation page and the download.

    Never in a URL: a query string lands in access logs beside the voter's address. Never
    in the database: beside the register it would tie a name to a ballot of the box."""
    kept = {
        key: value
        for key, value in (session.get(TRACKERS_KEPT) or {}).items()
        if key != str(votation_id)
    }
    kept[str(votation_id)] = f"{current_user.id}:{tracker}"
    session[TRACKERS_KEPT] = dict(list(kept.items())[-KEPT_MAX:])


def kept_tracker(votation_id: int) -> str | None:
    """The tracker this browser's voter was given for the votation (another account
    logged in on the same browser does not see it)."""
    if not current_user.is_authenticated:
        return None
    value = (session.get(TRACKERS_KEPT) or {}).get(str(votation_id))
    owner, _sep, tracker = value.partition(":") if isinstance(value, str) else ("", "", "")
    return tracker if owner == str(current_user.id) and TRACKER.match(tracker) else None


def show_context(votation: Votation) -> dict[str, Any]:
    """What the votation page adds for an encrypted vote: the election, and the tracker
    the voter was given (shown with their vote, from their session)."""
    return {
        "election": encrypted.election_of(votation.id),
        "tracker": kept_tracker(votation.id),
    }


def cast_encrypted(votation: Votation, form: FlaskForm) -> str:
    """Encrypt and validate outside the write lock, then record and cast under it; the
    tracker is kept in the voter's session."""
    prepared = encrypted.prepare_ballot(
        votation,
        user=current_user,
        answers=answers_of(form, votation),
        credential=form["credential"].data or "",
        now=now_utc(),
    )
    with database.write_lock_from_here():
        tracker = encrypted.cast_prepared(
            votation.id, user=current_user, prepared=prepared, now=now_utc()
        )
    keep_tracker(votation.id, tracker)
    return tracker


@bp.get("/<int:votation_id>/archive")
def archive(votation_id: int) -> ResponseReturnValue:
    """The election's Belenios archive: ballots, tally, partial decryptions, result."""
    _votation, election = election_or_404(votation_id)
    box = encrypted.archive_of(election) if election else None
    if election is None or box is None:
        abort(404)
    size = box.path.stat().st_size
    path = box.path

    def chunks() -> Iterator[bytes]:
        """Opened only once the answer is sent, and read up to the size announced."""
        left = size
        with path.open("rb") as archive_file:
            while left > 0:
                block = archive_file.read(min(left, 1 << 20))
                if not block:
                    break
                left -= len(block)
                yield block

    return Response(
        chunks(),
        mimetype="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{election.uuid}.bel"',
            "Content-Length": str(size),
            "Cache-Control": "no-cache",
        },
    )


@bp.route("/<int:votation_id>/verification", methods=["GET", "POST"])
def verification(votation_id: int) -> ResponseReturnValue:
    """How anyone checks the encrypted vote: the trackers, the archive, the command.

    A tracker is looked for when posted (never in the query string, which access logs
    keep), or, for the voter who cast it, from their session."""
    votation, election = election_or_404(votation_id)
    if election is None or encrypted.archive_of(election) is None:
        abort(404)
    if request.method == "POST":
        wanted = request.form.get("empreinte", "").strip()[:100]
    else:
        wanted = kept_tracker(votation.id) or ""
    listed = encrypted.trackers_of(election)
    return render_template(
        "votations/verification.html",
        votation=votation,
        election=election,
        trackers=listed,
        wanted=wanted if TRACKER.match(wanted) else None,
        found=wanted in listed,
        malformed=bool(wanted) and not TRACKER.match(wanted),
        command=encrypted.VERIFY_COMMAND,
    )


@bp.get("/<int:votation_id>/empreinte.txt")
def tracker_file(votation_id: int) -> ResponseReturnValue:
    """The voter's ballot tracker as a file to keep, from their session (the server's
    database does not hold it)."""
    votation, election = election_or_404(votation_id)
    tracker = kept_tracker(votation.id)
    if election is None or tracker is None:
        abort(404)
    page = url_for("votations.verification", votation_id=votation.id, _external=True)
    body = _(
        "Votation : %(title)s\nEmpreinte de votre bulletin : %(tracker)s\n"
        "Retrouvez-la dans la liste publiée des bulletins : %(page)s\n",
        title=votation.title,
        tracker=tracker,
        page=page,
    )
    response = text_file(body, f"votation-{votation.id}-empreinte.txt")
    response.headers["Cache-Control"] = "private, no-store"
    return response
