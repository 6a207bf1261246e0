from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic import privacy
from civic.admin import services
from civic.admin.forms import FIGURE_LABELS, FigureForm, NeighbourhoodForm, StaffRoleForm
from civic.audit import services as audit
from civic.auth.access import roles_required
from civic.commune import services as commune
from civic.csv_export import csv_text
from civic.extensions import db
from civic.forms import required, show_refusal
from civic.models import Neighbourhood
from civic.models.accounts import ROLE_ADMIN, ROLE_CLERK
from civic.models.commune import FIGURE_NAMES, NEIGHBOURHOOD_FIGURE_NAMES
from civic.services import Refused, now_utc

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@roles_required(ROLE_ADMIN)
def index() -> ResponseReturnValue:
    return render_template("admin/index.html")


@bp.route("/figures", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN)
def figures() -> ResponseReturnValue:
    form = FigureForm()
    hoods = commune.neighbourhoods()
    form.neighbourhood_id.choices = [(0, _("Toute la commune"))] + [(n.id, n.name) for n in hoods]
    if form.validate_on_submit():
        try:
            commune.record_figure(
                commune.FigureInput(
                    name=form.name.data or "",
                    value=int(form.value.data or 0),
                    source=form.source.data or "",
                    effective_date=required(form.effective_date.data),
                    neighbourhood_id=form.neighbourhood_id.data or None,
                ),
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Chiffre enregistré."), "success")
            return redirect(url_for("admin.figures"))
    history = {name: commune.figure_history(name) for name in FIGURE_NAMES}
    return render_template(
        "admin/figures.html",
        form=form,
        history=history,
        labels=FIGURE_LABELS,
        current=commune.current_figures(now_utc().date()),
        neighbourhoods=hoods,
        by_neighbourhood=commune.neighbourhood_figures(now_utc().date()),
        neighbourhood_names=NEIGHBOURHOOD_FIGURE_NAMES,
    )


@bp.route("/neighbourhoods", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN)
def neighbourhoods() -> ResponseReturnValue:
    return _neighbourhood_form(None)


@bp.route("/neighbourhoods/<int:neighbourhood_id>", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN)
def neighbourhood(neighbourhood_id: int) -> ResponseReturnValue:
    return _neighbourhood_form(neighbourhood_id)


def _neighbourhood_form(neighbourhood_id: int | None) -> ResponseReturnValue:
    existing = None
    if neighbourhood_id is not None:
        existing = db.session.get(Neighbourhood, neighbourhood_id)
        if existing is None:
            abort(404)
    form = NeighbourhoodForm(obj=existing)
    if form.validate_on_submit():
        try:
            commune.save_neighbourhood(
                commune.NeighbourhoodInput(
                    name=form.name.data or "",
                    population=int(form.population.data or 0),
                    population_source=form.population_source.data,
                ),
                neighbourhood_id=neighbourhood_id,
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Quartier enregistré."), "success")
            return redirect(url_for("admin.neighbourhoods"))
    return render_template(
        "admin/neighbourhoods.html",
        form=form,
        editing=existing,
        neighbourhoods=commune.neighbourhoods(),
    )


@bp.route("/staff", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN)
def staff() -> ResponseReturnValue:
    form = StaffRoleForm()
    if form.validate_on_submit():
        try:
            services.change_role(
                form.email.data or "",
                form.role.data or "",
                grant=form.action.data == "grant",
                actor=current_user,
                now=now_utc(),
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Rôles mis à jour."), "success")
            return redirect(url_for("admin.staff"))
    return render_template("admin/staff.html", form=form, staff=services.staff())


@bp.get("/audit")
@roles_required(ROLE_ADMIN, ROLE_CLERK)
def audit_log() -> ResponseReturnValue:
    page = request.args.get("page", 1, type=int) or 1
    page = max(1, min(page, 10**6))
    entries, has_more = services.audit_page(page)
    return render_template(
        "admin/audit.html",
        entries=entries,
        page=page,
        has_more=has_more,
        check=audit.verify(),
    )


@bp.get("/registre-des-traitements")
@roles_required(ROLE_ADMIN)
def processing_register() -> ResponseReturnValue:
    """The register of processing activities (GDPR art. 30), from the areas' declarations."""
    header, *rows = privacy.register_rows()
    return render_template(
        "admin/processing_register.html",
        header=header,
        rows=rows,
        controller=privacy.controller(),
    )


@bp.get("/registre-des-traitements.csv")
@roles_required(ROLE_ADMIN)
def processing_register_csv() -> ResponseReturnValue:
    return Response(
        csv_text(privacy.register_rows()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="registre-des-traitements.csv"'},
    )
