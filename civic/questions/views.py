from __future__ import annotations

from datetime import UTC, datetime
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
from flask_login import current_user

from civic.auth.access import roles_required, verified_required
from civic.caching import shared_when_anonymous
from civic.clerk_queues import Search
from civic.extensions import db, htmx, limiter
from civic.forms import first_error, show_refusal
from civic.models import Meeting, Question
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK, ROLE_COUNCILLOR
from civic.models.questions import QUESTION_ADMITTED, QUESTION_WITHDRAWN
from civic.questions import listing, moderation, services
from civic.questions import settings as rules
from civic.questions.board import entry_for, question_time
from civic.questions.forms import (
    AnswerForm,
    ModerationForm,
    QuestionForm,
    QuestionTimeSettingsForm,
    SupportForm,
)
from civic.questions.labels import ANSWER_LABELS, REJECTION_LABELS, STATUS_LABELS
from civic.services import Refused, now_utc
from civic.templating import EmptyForm

bp = Blueprint("questions", __name__)

CLERKS = (ROLE_CLERK, ROLE_ADMIN)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {
        "rejection_labels": REJECTION_LABELS,
        "question_status_labels": STATUS_LABELS,
        "answer_labels": ANSWER_LABELS,
    }


def _meeting_or_404(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _question_or_404(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        abort(404)
    return question


@bp.get("/questions/")
@shared_when_anonymous
def index() -> ResponseReturnValue:
    """Residents' questions to the council: search, filters, sort and pages; with
    HX-Request, the results alone."""
    meetings = listing.meetings_with_questions()
    filters = listing.FORM.read(request.args, {m.id for m in meetings})
    context = {"listed": listing.question_list(filters), "filters": filters}
    if htmx:
        return render_template("questions/_list.html", **context)
    return render_template("questions/index.html", meetings=meetings, **context)


# --- Rate limits ----------------------------------------------------------------
# Sending and editing a question share two limits (docs/rules.md §3's "per IP and per
# account", applied here as for signing): per client address, and per account.


def _question_limit() -> str:
    return str(current_app.config["RATELIMIT_QUESTION"])


def _question_account_limit() -> str:
    return str(current_app.config["RATELIMIT_QUESTION_ACCOUNT"])


def _account_key() -> str:
    return f"account:{current_user.get_id()}"


def _anonymous() -> bool:
    # Visitors are sent to log in anyway; they are not one shared "account".
    return not current_user.is_authenticated


def _limited(view: Any) -> Any:
    """Both question-time limits on a view's POSTs (GETs of the form are free)."""
    view = limiter.shared_limit(_question_limit, scope="question-ip", methods=["POST"])(view)
    return limiter.shared_limit(
        _question_account_limit,
        scope="question-account",
        key_func=_account_key,
        methods=["POST"],
        exempt_when=_anonymous,
    )(view)


@bp.errorhandler(429)
def _too_many(error: Exception) -> ResponseReturnValue:
    """Say plainly that nothing was saved, and from when the person may try again."""
    breached = limiter.current_limit
    retry_at = datetime.fromtimestamp(breached.reset_at, UTC) if breached else None
    return render_template("questions/too_many.html", retry_at=retry_at), 429


def _back_to(meeting_id: int) -> ResponseReturnValue:
    return redirect(url_for("meetings.show", meeting_id=meeting_id, _anchor="question-time"))


def _text(form: QuestionForm) -> services.QuestionText:
    return services.QuestionText(
        title=form.title.data or "", body=form.body.data or "", show_name=bool(form.show_name.data)
    )


# --- Residents ----------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/questions/new", methods=["GET", "POST"])
@_limited
@verified_required
def new(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            services.submit_question(meeting.id, _text(form), author=current_user, now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Question envoyée : elle sera examinée par les services."), "success")
            return _back_to(meeting.id)
    board = question_time(meeting, now=now_utc(), viewer=current_user)
    return render_template("questions/form.html", form=form, meeting=meeting, board=board)


@bp.get("/questions/<int:question_id>")
def show(question_id: int) -> ResponseReturnValue:
    question = _question_or_404(question_id)
    is_author = current_user.is_authenticated and question.author_id == current_user.id
    # Clerks moderate; a councillor, who answers admitted questions, sees what the public sees.
    is_moderator = current_user.is_authenticated and bool(current_user.role_names & set(CLERKS))
    if not (question.is_public or is_author or is_moderator):
        abort(404)
    viewer = current_user if current_user.is_authenticated else None
    return render_template(
        "questions/show.html",
        question=question,
        entry=entry_for(question, now=now_utc(), viewer=viewer),
        is_author=is_author,
        duplicate_of=db.session.get(Question, question.duplicate_of_id or 0),
    )


def _own_or_404(question_id: int) -> Question:
    question = _question_or_404(question_id)
    if question.author_id != current_user.id or question.status == QUESTION_WITHDRAWN:
        abort(404)
    return question


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@_limited
@verified_required
def edit(question_id: int) -> ResponseReturnValue:
    question = _own_or_404(question_id)
    form = QuestionForm(obj=question)
    if form.validate_on_submit():
        try:
            services.update_question(question.id, _text(form), author=current_user, now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Question modifiée."), "success")
            return _back_to(question.meeting_id)
    board = question_time(question.meeting, now=now_utc(), viewer=current_user)
    return render_template(
        "questions/form.html", form=form, meeting=question.meeting, board=board, question=question
    )


@bp.post("/questions/<int:question_id>/withdraw")
@verified_required
def withdraw(question_id: int) -> ResponseReturnValue:
    question = _own_or_404(question_id)
    if EmptyForm().validate_on_submit():
        try:
            services.withdraw_question(question.id, author=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Votre question est retirée."), "success")
    return _back_to(question.meeting_id)


@bp.post("/questions/<int:question_id>/support")
@verified_required
def support(question_id: int) -> ResponseReturnValue:
    """Support or withdraw one's support; HTMX swaps the count in place."""
    question = _question_or_404(question_id)
    form = SupportForm()
    error = None
    if form.validate_on_submit():
        action = (
            services.support_question
            if form.action.data == "support"
            else services.withdraw_support
        )
        try:
            action(question.id, user=current_user, now=now_utc())
        except Refused as refusal:
            error = refusal.message
    else:
        error = _("La page a expiré. Rechargez-la et réessayez.")
    if htmx:
        return render_template(
            "questions/_support.html",
            entry=entry_for(question, now=now_utc(), viewer=current_user),
            question=question,
            supports_open=services.supports_open(question.meeting, now_utc()),
            error=error,
        )
    if error:
        flash(error, "error")
    else:
        flash(
            _("Votre soutien est enregistré.")
            if form.action.data == "support"
            else _("Votre soutien est retiré."),
            "success",
        )
    return redirect(
        url_for("meetings.show", meeting_id=question.meeting_id, _anchor=f"question-{question.id}")
    )


# --- Clerks ---------------------------------------------------------------------


@bp.get("/clerk/meetings/<int:meeting_id>/questions")
@roles_required(*CLERKS)
def moderation_queue(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    search = Search.from_args(request.args)
    page = moderation.moderation_page(meeting.id, search)
    context = {
        "meeting": meeting,
        "page": page,
        "search": search,
        "queue": page.items,
        "form": ModerationForm(formdata=None),
    }
    if htmx:
        return render_template("questions/_moderation_queue.html", **context)
    board = question_time(meeting, now=now_utc(), viewer=None)
    return render_template("questions/moderation.html", board=board, **context)


@bp.post("/clerk/questions/<int:question_id>/moderate")
@roles_required(*CLERKS)
def moderate(question_id: int) -> ResponseReturnValue:
    question = _question_or_404(question_id)
    form = ModerationForm()
    error = None
    if form.validate_on_submit():
        try:
            moderation.moderate_question(
                question.id,
                moderation.Decision(
                    admit=form.decision.data == "admit",
                    code=form.code.data or None,
                    note=form.note.data,
                    duplicate_of_id=form.duplicate_of_id.data,
                ),
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            error = refusal.message
    else:
        error = first_error(form)
    if htmx:
        return render_template(
            "questions/_moderation_row.html", question=question, form=form, error=error
        )
    if error:
        flash(error, "error")
    else:
        flash(_("Décision enregistrée pour la question n° %(id)d.", id=question.id), "success")
    return redirect(url_for("questions.moderation_queue", meeting_id=question.meeting_id))


@bp.post("/clerk/meetings/<int:meeting_id>/questions/selection")
@roles_required(*CLERKS)
def freeze_selection(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    if EmptyForm().validate_on_submit():
        try:
            moderation.freeze_selection(meeting.id, actor=current_user, now=now_utc())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(
                _("Sélection des questions orales arrêtée ; les personnes sont prévenues."),
                "success",
            )
    return redirect(url_for("questions.moderation_queue", meeting_id=meeting.id))


# --- Councillors ------------------------------------------------------------------


@bp.get("/council/meetings/<int:meeting_id>/answers")
@roles_required(ROLE_COUNCILLOR)
def answers(meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting_or_404(meeting_id)
    return render_template(
        "questions/answers.html",
        meeting=meeting,
        board=question_time(meeting, now=now_utc(), viewer=None),
    )


@bp.route("/council/questions/<int:question_id>/answer", methods=["GET", "POST"])
@roles_required(ROLE_COUNCILLOR)
def answer(question_id: int) -> ResponseReturnValue:
    question = _question_or_404(question_id)
    if question.status != QUESTION_ADMITTED:
        abort(404)
    form = AnswerForm(
        kind=question.answer_kind or ("oral" if question.oral else "written"),
        text=question.answer_text,
    )
    if form.validate_on_submit():
        try:
            moderation.record_answer(
                question.id,
                kind=form.kind.data or "",
                text=form.text.data or "",
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Réponse publiée."), "success")
            return redirect(url_for("questions.answers", meeting_id=question.meeting_id))
    return render_template("questions/answer.html", question=question, form=form)


# --- Admin --------------------------------------------------------------------------


@bp.route("/admin/question-time", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN)
def settings() -> ResponseReturnValue:
    current = rules.load()
    form = QuestionTimeSettingsForm(obj=current)
    if form.validate_on_submit():
        try:
            rules.save(
                rules.QuestionTimeSettings(
                    **{f.name: f.data for f in form if f.name != "csrf_token"}
                ),
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Règles du temps de questions enregistrées."), "success")
            return redirect(url_for("questions.settings"))
    return render_template("questions/settings.html", form=form)
