"""Pages of encrypted online votations: the trustees' ceremony and decryption, the
credential authority's upload, the ballot tracker and the public verification."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from civic import database
from civic.auth.access import roles_required
from civic.extensions import db
from civic.forms import required, show_refusal
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK, STAFF_ROLES
from civic.models.elections import VotationElection, VotationTrustee
from civic.models.votations import STATUS_DRAFT, Votation
from civic.services import Refused, now_utc
from civic.templating import EmptyForm
from civic.votations import encrypted
from civic.votations import trustees as ceremony
from civic.votations.forms import answers_of
from civic.votations.services import get_votation
from civic.votations.views import bp

TRACKER = re.compile(r"^[A-Za-z0-9+/]{43}$")
# The voter's trackers, in their session: {"<votation id>": "<user id>:<tracker>"}.
TRACKERS_KEPT = "ballot_trackers"
KEPT_MAX = 8


class NameTrusteesForm(FlaskForm):
    trustees = TextAreaField(
        _l("Garants (un par ligne : adresse e-mail ou numéro de compte)"),
        description=_l("Leur ordre donne leur numéro (1, 2, 3…) dans la cérémonie."),
        validators=[InputRequired(), Length(max=3000)],
    )
    threshold = IntegerField(
        _l("Nombre de garants nécessaires pour déchiffrer le résultat"),
        default=2,
        validators=[InputRequired(), NumberRange(min=1, max=ceremony.MAX_TRUSTEES)],
    )
    authority = StringField(
        _l("Autorité des codes de vote (adresse e-mail ou numéro de compte)"),
        description=_l("Un membre du personnel qui n'est pas garant."),
        validators=[InputRequired(), Length(max=254)],
    )


class UploadForm(FlaskForm):
    upload = FileField(_l("Fichier produit par belenios-tool"), validators=[FileRequired()])


# A commune's public credentials (about 620 bytes each: 17,000 voters make 10 MB) pass
# the upload limit; gzip-compressed they take less than half. Bounded when inflated.
INFLATED_MAX = 40 * 1024 * 1024


def _upload_text(form: UploadForm) -> str:
    data = form.upload.data.read()
    if data[:2] == b"\x1f\x8b":  # gzip
        try:
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            data = inflater.decompress(data, INFLATED_MAX)
        except zlib.error:
            raise Refused(_("Ce fichier compressé est illisible."), "upload") from None
        if inflater.unconsumed_tail:
            raise Refused(_("Le fichier est trop grand."), "upload")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(_("Ce fichier n'est pas un fichier texte."), "upload") from None


def _election(votation_id: int) -> tuple[Votation, VotationElection | None]:
    try:
        votation = get_votation(votation_id)
    except Refused:
        abort(404)
    if votation.status == STATUS_DRAFT and not (
        current_user.is_authenticated and current_user.role_names.intersection(STAFF_ROLES)
    ):
        abort(404)
    return votation, encrypted.election_of(votation.id)


def _is_clerk() -> bool:
    return bool(
        current_user.is_authenticated
        and current_user.role_names.intersection((ROLE_CLERK, ROLE_ADMIN))
    )


def _mine(election: VotationElection | None) -> VotationTrustee | None:
    if election is None or not current_user.is_authenticated:
        return None
    return next((t for t in election.trustees if t.user_id == current_user.id), None)


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


def _ceremony_page(
    votation_id: int,
    *,
    name_form: NameTrusteesForm | None = None,
    upload_form: UploadForm | None = None,
    credentials_form: UploadForm | None = None,
) -> ResponseReturnValue:
    votation, election = _election(votation_id)
    mine = _mine(election)
    name_form = name_form or NameTrusteesForm(formdata=None)
    if election is not None and not name_form.is_submitted():
        name_form.threshold.data = election.threshold
    return render_template(
        "votations/trustees.html",
        votation=votation,
        election=election,
        step=ceremony.step_of(election) if election else None,
        step_names=ceremony.STEP_NAMES,
        mine=mine,
        commands=ceremony.commands_for(election, mine) if election and mine else None,
        credentials_command=ceremony.credentials_command(election) if election else None,
        is_authority=bool(
            election
            and current_user.is_authenticated
            and election.credential_authority_id == current_user.id
        ),
        is_clerk=_is_clerk(),
        closed=votation.closes_at is not None and now_utc() >= votation.closes_at,
        name_form=name_form,
        upload_form=upload_form or UploadForm(formdata=None),
        credentials_form=credentials_form or UploadForm(formdata=None),
        close_form=EmptyForm(formdata=None),
        archive=encrypted.archive_of(election) if election else None,
    )


@bp.get("/<int:votation_id>/garants")
def trustees_page(votation_id: int) -> ResponseReturnValue:
    return _ceremony_page(votation_id)


@bp.post("/<int:votation_id>/garants/nommer")
@roles_required(ROLE_CLERK, ROLE_ADMIN)
def name_trustees(votation_id: int) -> ResponseReturnValue:
    _election(votation_id)
    form = NameTrusteesForm()
    if form.validate_on_submit():
        try:
            naming = ceremony.name_trustees(
                votation_id,
                people=required(form.trustees.data).splitlines(),
                threshold=required(form.threshold.data),
                authority=required(form.authority.data),
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            db.session.rollback()
            show_refusal(form, refusal)
        else:
            if naming.credentials_void:
                flash(
                    _(
                        "Garants nommés à nouveau : la cérémonie recommence à l'étape 1 et "
                        "l'élection a un nouvel identifiant. Les codes de vote déjà créés ne "
                        "valent plus : l'autorité doit en créer et en déposer de nouveaux."
                    ),
                    "success",
                )
            elif naming.started_over:
                flash(
                    _(
                        "Garants nommés à nouveau : la cérémonie recommence à l'étape 1, "
                        "les fichiers déjà déposés ne servent plus."
                    ),
                    "success",
                )
            else:
                flash(_("Garants nommés : la cérémonie des clés peut commencer."), "success")
            return redirect(url_for("votations.trustees_page", votation_id=votation_id))
    return _ceremony_page(votation_id, name_form=form)


@bp.post("/<int:votation_id>/garants/<int:position>")
@login_required
def trustee_upload(votation_id: int, position: int) -> ResponseReturnValue:
    _election(votation_id)
    form = UploadForm()
    if form.validate_on_submit():
        try:
            done = ceremony.upload(
                votation_id,
                position,
                actor=current_user,
                text=_upload_text(form),
                now=now_utc(),
            )
        except Refused as refusal:
            db.session.rollback()
            show_refusal(form, refusal)
        else:
            flash(done, "success")
            return redirect(url_for("votations.trustees_page", votation_id=votation_id))
    return _ceremony_page(votation_id, upload_form=form)


@bp.post("/<int:votation_id>/garants/codes")
@login_required
def credentials_upload(votation_id: int) -> ResponseReturnValue:
    _election(votation_id)
    form = UploadForm()
    if form.validate_on_submit():
        try:
            count = ceremony.upload_credentials(
                votation_id, actor=current_user, text=_upload_text(form), now=now_utc()
            )
        except Refused as refusal:
            db.session.rollback()
            show_refusal(form, refusal)
        else:
            flash(_("%(count)s codes publics reçus.", count=count), "success")
            return redirect(url_for("votations.trustees_page", votation_id=votation_id))
    return _ceremony_page(votation_id, credentials_form=form)


@bp.post("/<int:votation_id>/garants/clore")
@login_required
def close_box(votation_id: int) -> ResponseReturnValue:
    _votation, election = _election(votation_id)
    if not (_is_clerk() or _mine(election) is not None):
        abort(403)
    if not EmptyForm().validate_on_submit():
        flash(_("La page a expiré. Rechargez-la et réessayez."), "error")
    else:
        try:
            encrypted.close_box(votation_id, actor=current_user, now=now_utc())
        except Refused as refusal:
            db.session.rollback()
            flash(refusal.message, "error")
        else:
            flash(_("Urne close : les garants peuvent déchiffrer le total."), "success")
    return redirect(url_for("votations.trustees_page", votation_id=votation_id))


def _text_file(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/<int:votation_id>/garants/certs.jsons")
def certificates(votation_id: int) -> ResponseReturnValue:
    _votation, election = _election(votation_id)
    body = ceremony.certificates_file(election) if election else None
    if body is None:
        abort(404)
    return _text_file(body, "certs.jsons")


def _trustee_file(votation_id: int, position: int, attribute: str, suffix: str) -> Response:
    """A trustee's vinput or dkey: encrypted for that trustee alone (public data)."""
    _votation, election = _election(votation_id)
    trustee = (
        next((t for t in election.trustees if t.position == position), None) if election else None
    )
    content = getattr(trustee, attribute) if trustee else None
    if trustee is None or content is None or trustee.certificate is None:
        abort(404)
    from civic.belenios import certificate_id

    return _text_file(content + "\n", f"{certificate_id(trustee.certificate)}.{suffix}")


@bp.get("/<int:votation_id>/garants/<int:position>.vinput")
def trustee_vinput(votation_id: int, position: int) -> ResponseReturnValue:
    return _trustee_file(votation_id, position, "vinput", "vinput")


@bp.get("/<int:votation_id>/garants/<int:position>.dkey")
def trustee_dkey(votation_id: int, position: int) -> ResponseReturnValue:
    return _trustee_file(votation_id, position, "decryption_key", "dkey")


@bp.get("/<int:votation_id>/archive")
def archive(votation_id: int) -> ResponseReturnValue:
    """The election's Belenios archive: ballots, tally, partial decryptions, result."""
    _votation, election = _election(votation_id)
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
    votation, election = _election(votation_id)
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
    votation, election = _election(votation_id)
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
    response = _text_file(body, f"votation-{votation.id}-empreinte.txt")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.app_template_global("encrypted_tables")
def encrypted_tables(votation: Votation) -> list[encrypted.ChannelTable]:
    return encrypted.channel_tables(votation)
