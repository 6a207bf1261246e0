"""Pages of encrypted online votations: the trustees' ceremony and decryption, and the
credential authority's upload (the voter's tracker and the public verification are in
:mod:`civic.votations.verification_views`)."""

from __future__ import annotations

import zlib

from flask import Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from civic.auth.access import roles_required
from civic.extensions import db
from civic.forms import required, show_refusal
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK, STAFF_ROLES
from civic.models.elections import VotationElection, VotationTrustee
from civic.models.votations import STATUS_DRAFT, Votation
from civic.services import Refused, now_utc
from civic.templating import EmptyForm
from civic.votations import encrypted, trustee_naming
from civic.votations import trustees as ceremony
from civic.votations.services import get_votation
from civic.votations.views import bp


class NameTrusteesForm(FlaskForm):
    trustees = TextAreaField(
        _l("Garants (un par ligne : adresse e-mail ou numéro de compte)"),
        description=_l("Leur ordre donne leur numéro (1, 2, 3…) dans la cérémonie."),
        validators=[InputRequired(), Length(max=3000)],
    )
    threshold = IntegerField(
        _l("Nombre de garants nécessaires pour déchiffrer le résultat"),
        default=2,
        validators=[InputRequired(), NumberRange(min=1, max=trustee_naming.MAX_TRUSTEES)],
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


def election_or_404(votation_id: int) -> tuple[Votation, VotationElection | None]:
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


def _ceremony_page(
    votation_id: int,
    *,
    name_form: NameTrusteesForm | None = None,
    upload_form: UploadForm | None = None,
    credentials_form: UploadForm | None = None,
) -> ResponseReturnValue:
    votation, election = election_or_404(votation_id)
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
    election_or_404(votation_id)
    form = NameTrusteesForm()
    if form.validate_on_submit():
        try:
            naming = trustee_naming.name_trustees(
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
    election_or_404(votation_id)
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
    election_or_404(votation_id)
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
    _votation, election = election_or_404(votation_id)
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


def text_file(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/<int:votation_id>/garants/certs.jsons")
def certificates(votation_id: int) -> ResponseReturnValue:
    _votation, election = election_or_404(votation_id)
    body = ceremony.certificates_file(election) if election else None
    if body is None:
        abort(404)
    return text_file(body, "certs.jsons")


def _trustee_file(votation_id: int, position: int, attribute: str, suffix: str) -> Response:
    """A trustee's vinput or dkey: encrypted for that trustee alone (public data)."""
    _votation, election = election_or_404(votation_id)
    trustee = (
        next((t for t in election.trustees if t.position == position), None) if election else None
    )
    content = getattr(trustee, attribute) if trustee else None
    if trustee is None or content is None or trustee.certificate is None:
        abort(404)
    from civic.belenios import certificate_id

    return text_file(content + "\n", f"{certificate_id(trustee.certificate)}.{suffix}")


@bp.get("/<int:votation_id>/garants/<int:position>.vinput")
def trustee_vinput(votation_id: int, position: int) -> ResponseReturnValue:
    return _trustee_file(votation_id, position, "vinput", "vinput")


@bp.get("/<int:votation_id>/garants/<int:position>.dkey")
def trustee_dkey(votation_id: int, position: int) -> ResponseReturnValue:
    return _trustee_file(votation_id, position, "decryption_key", "dkey")


@bp.app_template_global("encrypted_tables")
def encrypted_tables(votation: Votation) -> list[encrypted.ChannelTable]:
    return encrypted.channel_tables(votation)


# The voter's side (casting, the tracker) and the public verification; the votation
# page (views.py) reaches them through this module.
from civic.votations.verification_views import cast_encrypted, show_context  # noqa: E402

__all__ = ["cast_encrypted", "show_context"]
