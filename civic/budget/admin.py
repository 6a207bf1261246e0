"""Admin pages: create a yearly budget, set the headings' amounts and rules, tally."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from civic.auth.access import roles_required
from civic.budget import results, setup, thematic
from civic.budget.forms import (
    BudgetForm,
    HeadingRulesForm,
    SplitForm,
    amounts_form,
    amounts_of,
)
from civic.budget.public import budget_or_404, heading_or_404, labels
from civic.budget.thematic import ThematicHeadingForm
from civic.forms import first_error, show_refusal
from civic.models.accounts import ROLE_ADMIN
from civic.services import Refused, now_utc

admin_bp = Blueprint("budget_admin", __name__, url_prefix="/admin/budgets")


@admin_bp.route("/nouveau", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN)
def new() -> ResponseReturnValue:
    form = BudgetForm()
    if form.validate_on_submit():
        try:
            budget = setup.create_budget(form.details(), actor=current_user, now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Budget créé. Fixez maintenant le montant de chaque rubrique."), "success")
            return redirect(url_for("budget_admin.manage", budget_id=budget.id))
    return render_template("budget/admin_new.html", form=form, **labels())


def _manage(
    budget_id: int, rules: dict[int, HeadingRulesForm] | None = None, **forms: object
) -> ResponseReturnValue:
    budget = budget_or_404(budget_id)
    edit = forms.pop("edit", None)
    if edit is None:
        edit = BudgetForm(formdata=None)
        edit.fill_from(budget)
    rules_forms: dict[int, HeadingRulesForm] = {}
    for heading in budget.headings:
        rules_form = HeadingRulesForm(formdata=None, prefix=f"h{heading.id}")
        rules_form.fill_from(heading)
        rules_forms[heading.id] = rules_form
    rules_forms.update(rules or {})
    return render_template(
        "budget/admin_manage.html",
        budget=budget,
        phase=setup.phase_of(budget, now_utc()),
        edit=edit,
        amounts=forms.pop("amounts", None) or amounts_form(budget, formdata=None),
        split=forms.pop("split", None) or SplitForm(formdata=None),
        rules=rules_forms,
        thematic_form=ThematicHeadingForm(formdata=None),
        **labels(),
    )


@admin_bp.get("/<int:budget_id>")
@roles_required(ROLE_ADMIN)
def manage(budget_id: int) -> ResponseReturnValue:
    return _manage(budget_id)


@admin_bp.post("/<int:budget_id>")
@roles_required(ROLE_ADMIN)
def edit(budget_id: int) -> ResponseReturnValue:
    budget_or_404(budget_id)
    form = BudgetForm()
    if form.validate_on_submit():
        try:
            setup.update_budget(budget_id, form.details(), actor=current_user, now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Budget mis à jour."), "success")
            return redirect(url_for("budget_admin.manage", budget_id=budget_id))
    return _manage(budget_id, edit=form)


@admin_bp.post("/<int:budget_id>/montants")
@roles_required(ROLE_ADMIN)
def amounts(budget_id: int) -> ResponseReturnValue:
    budget = budget_or_404(budget_id)
    form = amounts_form(budget)
    if form.validate_on_submit():
        try:
            setup.set_heading_amounts(
                budget_id, amounts_of(form, budget), actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Montants enregistrés."), "success")
            return redirect(url_for("budget_admin.manage", budget_id=budget_id))
    return _manage(budget_id, amounts=form)


@admin_bp.post("/<int:budget_id>/repartition")
@roles_required(ROLE_ADMIN)
def split(budget_id: int) -> ResponseReturnValue:
    """The helper: propose amounts split by population (shown, not yet saved)."""
    budget = budget_or_404(budget_id)
    form = SplitForm()
    if not form.validate_on_submit():
        return _manage(budget_id, split=form)
    proposal = setup.split_amounts(budget, (form.city_share.data or 0) * 100)
    amounts = amounts_form(budget, formdata=None)
    for heading_id, value in proposal.items():
        amounts[f"h{heading_id}"].data = value
    flash(_("Répartition proposée selon la population : vérifiez puis enregistrez."), "info")
    return _manage(budget_id, amounts=amounts, split=form)


@admin_bp.post("/<int:budget_id>/rubriques")
@roles_required(ROLE_ADMIN)
def add_heading(budget_id: int) -> ResponseReturnValue:
    """A thematic heading (civic/budget/thematic.py), then its amount and rule as any other."""
    budget_or_404(budget_id)
    form = ThematicHeadingForm()
    if form.validate_on_submit():
        try:
            thematic.add_thematic_heading(
                budget_id, form.name.data or "", actor=current_user, now=now_utc()
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(_("Rubrique thématique ajoutée : fixez son montant et sa règle."), "success")
    else:
        flash(first_error(form), "error")
    return redirect(url_for("budget_admin.manage", budget_id=budget_id) + "#amounts-title")


@admin_bp.post("/<int:budget_id>/rubriques/<int:heading_id>/regles")
@roles_required(ROLE_ADMIN)
def heading_rules(budget_id: int, heading_id: int) -> ResponseReturnValue:
    heading_or_404(budget_id, heading_id)
    form = HeadingRulesForm(prefix=f"h{heading_id}")
    if form.validate_on_submit():
        try:
            setup.set_heading_rules(heading_id, form.details(), actor=current_user, now=now_utc())
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("Règles de la rubrique enregistrées."), "success")
            return redirect(url_for("budget_admin.manage", budget_id=budget_id))
    return _manage(budget_id, rules={heading_id: form})


@admin_bp.post("/<int:budget_id>/calcul")
@roles_required(ROLE_ADMIN)
def tally(budget_id: int) -> ResponseReturnValue:
    budget_or_404(budget_id)
    try:
        job_id = results.start_tally(budget_id, actor=current_user, now=now_utc())
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("budget_admin.manage", budget_id=budget_id))
    done = url_for("budget.results_page", budget_id=budget_id, _external=False)
    return redirect(url_for("main.job", job_id=job_id, done=done))
