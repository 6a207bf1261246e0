"""A decision taken by a colleague while the page was open is not overwritten unseen."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from civic.extensions import db
from civic.models import BudgetProposal
from tests.budget_factory import heading_ids, make_budget
from tests.conftest import PASSWORD, People, log_in_through_forms
from tests.integration.test_budget_council_vote import proposal_in


def _clerk_tab(app: Flask, people: People, name: str, family: str) -> FlaskClient:
    people.make(name, roles=("clerk",), given_names=name.capitalize(), family_name=family)
    tab = app.test_client()
    log_in_through_forms(app, tab, f"{name}@example.org", PASSWORD)
    return tab


def _review_form(tab: FlaskClient, budget_id: int, proposal_id: int, **data: str) -> dict[str, str]:
    """The proposal's review form as the page shows it, filled in with ``data``."""
    page = tab.get(f"/clerk/budgets/{budget_id}/examen").get_data(as_text=True)
    seen = re.search(rf'name="p{proposal_id}-reviewed_at_seen" type="hidden" value="([^"]*)"', page)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert seen and token, page
    fields = {
        "decision": "feasible",
        "reason": "",
        "final_cost": "",
        "expense_kind": "investment",
        "merge_into_id": "0",
        "reviewed_at_seen": seen.group(1),
        **data,
    }
    return {"csrf_token": token.group(1), **{f"p{proposal_id}-{k}": v for k, v in fields.items()}}


def test_a_clerk_reviewing_from_a_stale_page_is_told_who_reviewed_it_and_may_then_correct(
    app: Flask, people: People
) -> None:
    people.make("someone")
    budget_id = make_budget(app, "review")
    proposal_id = proposal_in(app, heading_ids(app, budget_id)[0])
    claire = _clerk_tab(app, people, "claire", "Martin")
    paul = _clerk_tab(app, people, "paul", "Durand")
    path = f"/clerk/budgets/propositions/{proposal_id}/examen"
    unfeasible = {"decision": "unfeasible", "reason": "Terrain privé."}
    stale = _review_form(paul, budget_id, proposal_id, **unfeasible)

    assert claire.post(path, data=_review_form(claire, budget_id, proposal_id)).status_code == 302
    refused = paul.post(path, data=stale)
    assert refused.status_code == 200
    page = refused.get_data(as_text=True)
    assert "Cette proposition a déjà été examinée par Claire Martin" in page
    assert "rien n&#39;a changé" in page
    with app.app_context():
        assert db.session.get_one(BudgetProposal, proposal_id).state == "feasible"

    # Having seen Claire's review, Paul corrects it on purpose.
    fresh = _review_form(paul, budget_id, proposal_id, **unfeasible)
    assert paul.post(path, data=fresh).status_code == 302
    with app.app_context():
        assert db.session.get_one(BudgetProposal, proposal_id).state == "unfeasible"
