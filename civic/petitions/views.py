"""Petition pages: list, draft, show (live counts), sign; clerks' review, paper entry,
verification and invalidation; councillors' answer; the admin's rule sets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from civic import database
from civic.auth.access import roles_required, verified_required
from civic.caching import reader_independent_parts, shared_when_anonymous
from civic.charter import services as charter
from civic.clerk_queues import Search
from civic.commune.services import neighbourhoods
from civic.core.thresholds import evaluated_rules, rule_set_to_dict
from civic.deliberations import services as deliberations
from civic.deliberations.forms import DecisionForm
from civic.documents import services as documents
from civic.electorate import local_day
from civic.extensions import db, htmx, limiter
from civic.followup.petitions import agenda_items, votations_of
from civic.forms import attach_refusal, first_error, show_refusal
from civic.models import Petition, Signature
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK, ROLE_COUNCILLOR
from civic.models.petitions import EDITABLE_STATES
from civic.petitions import (
    deliberation,
    lifecycle,
    listing,
    moderation,
    paper,
    queries,
    rules,
    signing,
)
from civic.petitions.forms import (
    ANSWER_AUTHOR_LABELS,
    KIND_LABELS,
    REJECTION_LABELS,
    RULE_SET_LABELS,
    AdmitForm,
    AnswerForm,
    BulkInvalidateForm,
    PaperForm,
    PetitionForm,
    ReasonForm,
    RejectForm,
    RuleSetForm,
    SignForm,
)
from civic.petitions.history import events_of
from civic.petitions.labels import THRESHOLD_LABELS
from civic.security import local_target
from civic.services import Refused, now_utc

bp = Blueprint("petitions", __name__, url_prefix="/petitions")


@bp.record_once
def _register_documents_reader(state: Any) -> None:
    # A petition's documents are read by whoever may read the petition: its
    # acknowledgement of receipt exists from its submission, before it is published.
    documents.register_reader(
        state.app,
        deliberation.SUBJECT_TYPE,
        lambda petition_id: queries.readable_petition(petition_id, current_user) is not None,
    )


CLERKS = (ROLE_CLERK, ROLE_ADMIN)


def _refuse(form: Any, refusal: Refused) -> None:
    show_refusal(form, refusal)


def _sign_limit() -> str:
    return str(current_app.config["RATELIMIT_SIGN"])


def _sign_account_limit() -> str:
    return str(current_app.config["RATELIMIT_SIGN_ACCOUNT"])


def _account_key() -> str:
    return f"account:{current_user.get_id() or 'anonymous'}"


def _neighbourhood_choices(blank: str) -> list[tuple[Any, str]]:
    return [("", blank), *((n.id, n.name) for n in neighbourhoods())]


# --- public pages -------------------------------------------------------------


@bp.get("/")
@shared_when_anonymous
def index() -> ResponseReturnValue:
    """The public list: search, filters, sort and pages; with HX-Request, the results alone."""
    hoods = neighbourhoods()
    filters = listing.Filters.from_args(request.args, {n.id for n in hoods})
    now = now_utc()
    if htmx:
        listed = listing.petition_list(filters, now)
        return render_template("petitions/_list.html", listed=listed, filters=filters)
    parts = reader_independent_parts(
        (filters, local_day(now)),
        "petitions/_index_parts.html",
        lambda: {
            "listed": listing.petition_list(filters, now),
            "filters": filters,
            "rule_sets": rules.rule_sets(),
            "neighbourhoods": hoods,
        },
    )
    return render_template(
        "petitions/index.html",
        mine=queries.petitions_of(current_user) if current_user.is_authenticated else [],
        parts=parts,
    )


def _reader_context(petition: Petition, now: datetime) -> dict[str, Any]:
    """What the page needs of the reader: their signature, their forms, the staff's
    forms; the rest is drawn once for every reader (``_public_parts``)."""
    user = current_user if current_user.is_authenticated else None
    context: dict[str, Any] = {
        "petition": petition,
        "rules": rules.petition_rules(petition),
        "electors_only": rules.counts_electors_only(petition),
        "signable": signing.is_signable(petition, now),
        "status": signing.signature_status(petition, user),
    }
    if user is not None and user.role_names & {ROLE_CLERK, ROLE_ADMIN, ROLE_COUNCILLOR}:
        # Staff forms and what awaits the council's decision: built for those who act on
        # them only (the profile of a resident's view found them a tenth of its work).
        decisions = deliberations.decisions_about("petition", petition.id)
        context.update(_staff_context(petition, decisions))
    return context


def _public_parts(petition: Petition, now: datetime) -> dict[str, Any]:
    """The page's parts that are the same for every reader, kept a few seconds: their
    key holds what signing changes (the counts, the thresholds reached), so a signer
    sees their signature counted at once."""
    key = (
        petition.id,
        petition.state,
        petition.updated_at,
        petition.collected_count,
        petition.counted_residents,
        petition.counted_electors,
        petition.counted_legal,
        petition.debate_progress,
        petition.referendum_progress,
        petition.recall_progress,
        petition.legal_progress,
        local_day(now),
    )

    def context() -> dict[str, Any]:
        return {
            "petition": petition,
            "figures": queries.figures_of(petition, now),
            "rules": rules.petition_rules(petition),
            "electors_only": rules.counts_electors_only(petition),
            "signable": signing.is_signable(petition, now),
            "now": now,
            "events": events_of(petition.id),
            "answers": lifecycle.answers_of(petition.id),
            "decisions": deliberations.decisions_about("petition", petition.id),
            "documents": documents.documents_of("petition", petition.id),
            "threshold_rules": evaluated_rules(rules.petition_rules(petition), petition.kind),
            "document_kind_labels": {code: kind.label for code, kind in documents.KINDS.items()},
            "outcome_labels": deliberations.OUTCOME_LABELS,
            "answer_author_labels": ANSWER_AUTHOR_LABELS,
            "agenda_items": agenda_items(petition),
            "votations": votations_of(petition),
            "kind_labels": KIND_LABELS,
            "rejection_labels": REJECTION_LABELS,
            "rule_set_labels": RULE_SET_LABELS,
        }

    return reader_independent_parts(key, "petitions/_public.html", context)


def _staff_context(petition: Petition, decisions: list[Any]) -> dict[str, Any]:
    answer_form = AnswerForm(formdata=None)
    answer_form.decision_id.choices = [
        ("", _("Aucune")),
        *((d.id, _("Délibération n° %(number)s", number=d.number)) for d in decisions),
    ]
    return {
        "awaiting_decision": [
            (name, THRESHOLD_LABELS.get(name, name))
            for name in deliberation.matters_awaiting_decision(petition)
        ],
        "decision_form": DecisionForm(formdata=None),
        "admit_form": AdmitForm(formdata=None),
        "reject_form": RejectForm(formdata=None),
        "answer_form": answer_form,
    }


def _readable(petition_id: int) -> Petition:
    petition = queries.readable_petition(petition_id, current_user)
    if petition is None:
        abort(404)
    return petition


@bp.get("/<int:petition_id>")
@shared_when_anonymous
def show(petition_id: int) -> ResponseReturnValue:
    petition = _readable(petition_id)
    now = now_utc()
    parts = _public_parts(petition, now)
    if htmx:
        return parts["counts"]
    context = _reader_context(petition, now)
    if request.args.get("signed") == "1" and context["status"].signed:
        context["done"] = _signed_message()
    return render_template("petitions/show.html", **context, parts=parts)


# --- carriers -----------------------------------------------------------------


def _petition_form(petition: Petition | None) -> ResponseReturnValue:
    form = PetitionForm(obj=petition)
    form.neighbourhood_id.choices = _neighbourhood_choices(_("Toute la commune"))
    form.recall_signatory_id.choices = [
        ("", _("Aucun·e (pétition ordinaire)")),
        *((entry.id, charter.describe(entry)) for entry in charter.signatories()),
    ]
    if form.validate_on_submit():
        data = lifecycle.PetitionDraft(
            title=form.title.data or "",
            body=form.body.data or "",
            easy_read=form.easy_read.data or "",
            decision_asked=form.decision_asked.data or "",
            kind=form.kind.data or "",
            rule_set_code=form.rule_set_code.data or "",
            recall_signatory_id=form.recall_signatory_id.data,
            neighbourhood_id=form.neighbourhood_id.data,
            author_public=bool(form.author_public.data),
        )
        try:
            if petition is None:
                petition = lifecycle.create_draft(data, author=current_user, now=now_utc())
            else:
                lifecycle.update_draft(petition.id, data, author=current_user, now=now_utc())
        except Refused as refusal:
            _refuse(form, refusal)
        else:
            flash(_("Brouillon enregistré. Relisez-le puis envoyez-le en examen."), "success")
            return redirect(url_for("petitions.show", petition_id=petition.id))
    return render_template("petitions/form.html", form=form, petition=petition)


@bp.route("/new", methods=["GET", "POST"])
@verified_required
def new() -> ResponseReturnValue:
    return _petition_form(None)


def _own_draft(petition_id: int) -> Petition:
    petition = db.session.get(Petition, petition_id)
    if petition is None or petition.author_id != current_user.id:
        abort(404)
    return petition


@bp.route("/<int:petition_id>/edit", methods=["GET", "POST"])
@verified_required
def edit(petition_id: int) -> ResponseReturnValue:
    petition = _own_draft(petition_id)
    if petition.state not in EDITABLE_STATES:
        flash(_("Seul un brouillon peut être modifié."), "error")
        return redirect(url_for("petitions.show", petition_id=petition.id))
    return _petition_form(petition)


def _carrier_action(petition_id: int, action: Any, done: str) -> ResponseReturnValue:
    _own_draft(petition_id)
    from civic.templating import EmptyForm

    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        action(petition_id, author=current_user, now=now_utc())
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(done, "success")
    return redirect(url_for("petitions.show", petition_id=petition_id))


@bp.post("/<int:petition_id>/submit")
@login_required
def submit(petition_id: int) -> ResponseReturnValue:
    return _carrier_action(
        petition_id, lifecycle.submit, _("Pétition envoyée en examen de recevabilité.")
    )


@bp.post("/<int:petition_id>/withdraw")
@login_required
def withdraw(petition_id: int) -> ResponseReturnValue:
    return _carrier_action(petition_id, lifecycle.withdraw, _("Pétition retirée."))


# --- signing ------------------------------------------------------------------


def _after_signing(petition_id: int, error: str | None, done: str) -> ResponseReturnValue:
    if htmx:
        petition = _readable(petition_id)
        now = now_utc()
        return render_template(
            "petitions/_signed.html",
            **_reader_context(petition, now),
            figures=queries.figures_of(petition, now),
            error=error,
            done=None if error else done,
        )
    # The plain id, not petition.id: after the commit the petition is expired and
    # reading it would open a second transaction just to build the redirect.
    flash(error or done, "error" if error else "success")
    return redirect(url_for("petitions.show", petition_id=petition_id))


@bp.post("/<int:petition_id>/sign")
@database.reads_before_writing  # the busiest write: the lock only for the signing itself
@limiter.limit(_sign_limit)
@limiter.limit(_sign_account_limit, key_func=_account_key)
@verified_required
def sign(petition_id: int) -> ResponseReturnValue:
    # The token was checked before the view, as on every POST (CSRFProtect); the
    # form's own token field would only sign a new one for a page that this answer
    # does not render (0.17 ms of every signature, measured).
    form = SignForm(meta={"csrf": False})
    if not form.validate_on_submit():
        _readable(petition_id)  # a petition the reader cannot see is a 404, whatever the form
        return _after_signing(petition_id, first_error(form), _signed_message())
    # The petition is read once, locked, by the service (the hot path of a busy day).
    error = None
    try:
        signing.sign(
            petition_id,
            user=current_user,
            ip=request.remote_addr,
            now=now_utc(),
            legal_request=bool(form.legal_request.data),
            wants_news=bool(form.wants_news.data),
        )
    except signing.NoSuchPetition:
        abort(404)
    except Refused as refusal:
        error = refusal.message
    if error is None and not htmx:
        # Said in the signing box by the page (?signed=1), not flashed: a flash
        # rewrites the session cookie, 0.3 ms of every signature on a busy day.
        return redirect(url_for("petitions.show", petition_id=petition_id, signed=1))
    return _after_signing(petition_id, error, _signed_message())


def _signed_message() -> str:
    return _("Merci, votre signature est enregistrée.")


@bp.post("/<int:petition_id>/unsign")
@verified_required
def unsign(petition_id: int) -> ResponseReturnValue:
    petition = _readable(petition_id)
    from civic.templating import EmptyForm

    error = None
    if EmptyForm().validate_on_submit():
        try:
            signing.withdraw_signature(petition.id, user=current_user, now=now_utc())
        except Refused as refusal:
            error = refusal.message
    else:
        error = first_error(EmptyForm())
    return _after_signing(petition_id, error, _("Votre signature est retirée."))


# --- clerks: admissibility ----------------------------------------------------


@bp.get("/review")
@roles_required(*CLERKS)
def review() -> ResponseReturnValue:
    search = Search.from_args(request.args)
    page = queries.review_queue(search)
    context = {
        "page": page,
        "petitions": page.items,
        "search": search,
        "signatures_waiting": moderation.signatures_waiting(),
        "kind_labels": KIND_LABELS,
    }
    if htmx:
        return render_template("petitions/_review_queue.html", **context)
    return render_template("petitions/review.html", **context)


def _decide(petition_id: int, form: Any, decide: Any, done: str) -> ResponseReturnValue:
    """A staff decision on a petition: validate, call the service, say what happened."""
    _readable(petition_id)
    if form.validate_on_submit():
        try:
            decide(form)
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(done, "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("petitions.show", petition_id=petition_id))


@bp.post("/<int:petition_id>/admit")
@roles_required(*CLERKS)
def admit(petition_id: int) -> ResponseReturnValue:
    return _decide(
        petition_id,
        AdmitForm(),
        lambda form: lifecycle.admit(
            petition_id, deadline=form.deadline.data, actor=current_user, now=now_utc()
        ),
        _("Pétition déclarée recevable : elle est ouverte à la signature."),
    )


@bp.post("/<int:petition_id>/reject")
@roles_required(*CLERKS)
def reject(petition_id: int) -> ResponseReturnValue:
    return _decide(
        petition_id,
        RejectForm(),
        lambda form: lifecycle.reject(
            petition_id,
            code=form.code.data or "",
            text=form.text.data,
            duplicate_of_id=form.duplicate_of_id.data,
            actor=current_user,
            now=now_utc(),
        ),
        _("Pétition déclarée irrecevable ; le motif est public."),
    )


# --- clerks: paper sheets -----------------------------------------------------


@bp.route("/<int:petition_id>/paper", methods=["GET", "POST"])
@roles_required(*CLERKS)
def paper_sheet(petition_id: int) -> ResponseReturnValue:
    petition = _readable(petition_id)
    form = PaperForm()
    form.neighbourhood_id.choices = _neighbourhood_choices(_("Non précisé"))
    result = None
    error = None
    if request.method == "POST":
        if form.validate_on_submit():
            line = paper.PaperLine(
                family_name=form.family_name.data or "",
                given_names=form.given_names.data or "",
                birth_date=form.birth_date.data or "",
                address=form.address.data or "",
                neighbourhood_id=form.neighbourhood_id.data,
                legal_request=bool(form.legal_request.data),
            )
            try:
                result = paper.enter_paper_signature(
                    petition.id, line, clerk=current_user, now=now_utc()
                )
            except Refused as refusal:
                if not attach_refusal(form, refusal):
                    error = refusal.message
            else:
                if not htmx:
                    if result.duplicate:
                        flash(_("Doublon : cette personne a déjà signé."), "warning")
                    else:
                        flash(_("Ligne enregistrée."), "success")
                    return redirect(url_for("petitions.paper_sheet", petition_id=petition.id))
                form = PaperForm(formdata=None)
                form.neighbourhood_id.choices = _neighbourhood_choices(_("Non précisé"))
    context = {
        "petition": db.session.get(Petition, petition.id),
        "form": form,
        "result": result,
        "error": error,
        "lines": paper.recent_paper_lines(petition.id, current_user),
        "rules_carry_legal_request": rules.petition_rules(petition).carries_legal_request,
    }
    if htmx:
        return render_template("petitions/_paper.html", **context)
    return render_template("petitions/paper.html", **context)


# --- clerks: verification and invalidation ------------------------------------


@bp.get("/signatures")
@roles_required(*CLERKS)
def signatures() -> ResponseReturnValue:
    search = Search.from_args(request.args)
    page = moderation.search_signatures(search)
    context = {
        "page": page,
        "signatures": page.items,
        "search": search,
        "form": ReasonForm(formdata=None),
    }
    if htmx:
        return render_template("petitions/_signature_queue.html", **context)
    return render_template("petitions/signatures.html", **context)


def _signature_decision(signature_id: int, verify: bool) -> ResponseReturnValue:
    signature = db.session.get(Signature, signature_id)
    if signature is None:
        abort(404)
    from civic.templating import EmptyForm

    reason_form = None if verify else ReasonForm()
    form = EmptyForm() if reason_form is None else reason_form
    error = None
    if form.validate_on_submit():
        try:
            if reason_form is None:
                moderation.verify_signature(signature_id, actor=current_user, now=now_utc())
            else:
                moderation.invalidate_signature(
                    signature_id, reason=reason_form.reason.data, actor=current_user, now=now_utc()
                )
        except Refused as refusal:
            error = refusal.message
    else:
        error = first_error(form)
    if htmx:
        return render_template(
            "petitions/_signature_row.html",
            signature=db.session.get(Signature, signature_id),
            form=ReasonForm(formdata=None),
            error=error,
        )
    flash(error or _("Décision enregistrée."), "error" if error else "success")
    return redirect(local_target(request.form.get("next"), url_for("petitions.signatures")))


@bp.post("/signatures/<int:signature_id>/verify")
@roles_required(*CLERKS)
def verify_signature(signature_id: int) -> ResponseReturnValue:
    return _signature_decision(signature_id, verify=True)


@bp.post("/signatures/<int:signature_id>/invalidate")
@roles_required(*CLERKS)
def invalidate_signature(signature_id: int) -> ResponseReturnValue:
    return _signature_decision(signature_id, verify=False)


@bp.route("/<int:petition_id>/invalidate", methods=["GET", "POST"])
@roles_required(*CLERKS)
def invalidate(petition_id: int) -> ResponseReturnValue:
    petition = _readable(petition_id)
    form = BulkInvalidateForm()
    if form.validate_on_submit():
        since = form.since.data.replace(tzinfo=now_utc().tzinfo) if form.since.data else None
        until = form.until.data.replace(tzinfo=now_utc().tzinfo) if form.until.data else None
        conditions = moderation.Conditions(
            ip_hash=(form.ip_hash.data or "").strip() or None,
            since=since,
            until=until,
            email_domain=(form.email_domain.data or "").strip() or None,
        )
        try:
            count = moderation.invalidate_matching(
                petition.id, conditions, reason=form.reason.data, actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            _refuse(form, refusal)
        else:
            flash(
                _("%(count)d signatures invalidées ; les seuils sont recalculés.", count=count),
                "success",
            )
            return redirect(url_for("petitions.show", petition_id=petition.id))
    return render_template(
        "petitions/invalidate.html",
        petition=petition,
        form=form,
        clusters=moderation.busiest_addresses(petition.id),
    )


# --- councillors --------------------------------------------------------------


@bp.post("/<int:petition_id>/answer")
@roles_required(ROLE_COUNCILLOR, ROLE_ADMIN)
def answer(petition_id: int) -> ResponseReturnValue:
    form = AnswerForm()
    # Any id is checked by the service against this petition's deliberations.
    form.decision_id.choices = [(form.decision_id.data, "")]
    return _decide(
        petition_id,
        form,
        lambda form: lifecycle.publish_answer(
            petition_id,
            body=form.body.data or "",
            answered_as=form.answered_as.data or "",
            decision_id=form.decision_id.data,
            actor=current_user,
            now=now_utc(),
        ),
        _("La réponse est publiée."),
    )


# --- clerks: the council's deliberation ----------------------------------------


@bp.post("/<int:petition_id>/decision")
@roles_required(*CLERKS)
def record_decision(petition_id: int) -> ResponseReturnValue:
    def record(form: DecisionForm) -> None:
        now = now_utc()
        deliberation.record_council_decision(
            petition_id,
            matter=request.form.get("matter", "")[:32],
            facts=form.facts(),
            summary=form.summary.data,
            actor=current_user,
            now=now,
            today=local_day(now),
        )

    return _decide(
        petition_id,
        DecisionForm(),
        record,
        _("La délibération du conseil est enregistrée ; elle figure sur la page de la pétition."),
    )


# --- admin: rule sets ---------------------------------------------------------


@bp.route("/rules/<code>", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN)
def rule_set(code: str) -> ResponseReturnValue:
    if code not in rules.RULE_SET_CODES:
        abort(404)
    import json

    form = RuleSetForm()
    if request.method == "GET":
        form.rules.data = json.dumps(
            rule_set_to_dict(rules.rule_set(code)), indent=2, ensure_ascii=False
        )
    if form.validate_on_submit():
        try:
            rules.save_rule_set(code, form.rules.data or "", actor=current_user, now=now_utc())
        except Refused as refusal:
            _refuse(form, refusal)
        else:
            flash(
                _("Règles enregistrées ; elles s'appliquent aux pétitions admises désormais."),
                "success",
            )
            return redirect(url_for("petitions.rule_set", code=code))
    return render_template(
        "petitions/rule_set.html", form=form, code=code, label=RULE_SET_LABELS.get(code, code)
    )


@bp.context_processor
def _labels() -> dict[str, object]:
    from civic.petitions.labels import template_labels

    return {**template_labels(), "rule_set_labels": RULE_SET_LABELS, "safe_url": _safe_url}


def _safe_url(endpoint: str, **values: Any) -> str | None:
    """A link into another area, or None while that area is not installed."""
    from werkzeug.routing import BuildError

    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None
