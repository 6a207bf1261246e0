"""Who may open which page: the table the role × route test walks.

Every GET route of the URL map must appear here (the test fails otherwise), so a
new page cannot escape the access check. Kinds:

- ``public``: everyone gets 200;
- ``guest``: 200 for visitors, a redirect for people already logged in;
- ``login``: visitors are redirected to log in, every account gets 200;
- ``verified``: visitors redirected, unverified accounts 403, verified residents 200;
- a tuple of roles: visitors redirected, those roles 200, everyone else 403.
- ``owner_only``: visitors redirected, unverified accounts 403, anyone but the owner 404.
- ``second_step``: a staff log-in's second step, which only a browser that has just
  given the password sees: everyone else is redirected (visitors to log in).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("anonymous", "unverified", "resident", "elector", "clerk", "councillor", "admin")
STAFF_CLERK = ("clerk", "admin")
ADMIN = ("admin",)

# endpoint -> (kind, url arguments)
GET_ROUTES: dict[str, tuple[object, dict[str, object]]] = {
    "main.index": ("public", {}),
    "main.health": ("public", {}),
    "main.job": ("not_found", {"job_id": "00000000-0000-0000-0000-000000000000"}),
    "main.personal_data": ("public", {}),
    "main.accessibility": ("public", {}),
    "guides.budget": ("public", {}),
    "guides.draw": ("public", {}),
    "guides.fingerprint": ("public", {}),
    "guides.votation": ("public", {}),
    "main.choose_language": ("public", {}),
    "questions.index": ("public", {}),
    "auth.register": ("guest", {}),
    "auth.login": ("guest", {}),
    "auth.reset_request": ("public", {}),
    "auth.confirm": ("token_link", {"token": "unknown-token"}),
    "auth.confirm_address": ("public", {}),
    "auth.reset_password": ("token_link", {"token": "unknown-token"}),
    "auth.new_password": ("invalid_token", {}),
    # Sign in with an identity provider: absent without its settings (the table's app has none).
    "oidc.callback": ("not_found", {}),
    "oidc.register": ("not_found", {}),
    "auth.second_step": ("second_step", {}),
    "auth.second_factor_enrol": ("second_step", {}),
    "account.index": ("login", {}),
    "account.export": ("login", {}),
    "account.delete": ("login", {}),
    "account.password": ("login", {}),
    "account.email": ("login", {}),
    "account.confirm_email_link": ("token_link", {"token": "unknown-token"}),
    "account.confirm_email": ("login", {}),
    "residents.queue": (STAFF_CLERK, {}),
    "residents.electoral_list": (STAFF_CLERK, {}),
    "residents.collisions": (STAFF_CLERK, {}),
    # The clerks' to-do list (issue 18) and the budgets' way in to review.
    "clerk.index": (STAFF_CLERK, {}),
    "budget_clerk.index": (STAFF_CLERK, {}),
    "questions_clerk.overdue": (STAFF_CLERK, {}),
    "petitions_clerk.overdue": (STAFF_CLERK, {}),
    "residence_proof.send": ("login", {}),
    "admin.index": (ADMIN, {}),
    "admin.figures": (ADMIN, {}),
    "admin.neighbourhoods": (ADMIN, {}),
    "admin.neighbourhood": (ADMIN, {"neighbourhood_id": "{neighbourhood_id}"}),
    "admin.staff": (ADMIN, {}),
    "admin.audit_log": (STAFF_CLERK, {}),
    "admin.processing_register": (ADMIN, {}),
    "admin.processing_register_csv": (ADMIN, {}),
    "votations.index": ("public", {}),
    "votations.show": ("public", {"votation_id": "{votation_id}"}),
    "votations.results_csv": ("public", {"votation_id": "{published_votation_id}"}),
    "votations.ballots_csv": ("public", {"votation_id": "{published_votation_id}", "position": 1}),
    "votations_clerk.manage": (STAFF_CLERK, {}),
    "votations_clerk.new": (STAFF_CLERK, {}),
    "votations_clerk.edit": (STAFF_CLERK, {"votation_id": "{votation_id}"}),
    "votations_clerk.paper": (STAFF_CLERK, {"votation_id": "{votation_id}"}),
    "votations_clerk.deliberation": (STAFF_CLERK, {"votation_id": "{legal_votation_id}"}),
    "votations_clerk.stations_reports": (STAFF_CLERK, {"votation_id": "{legal_votation_id}"}),
    "api.votations": ("public", {}),
    "api.votation": ("public", {"votation_id": "{votation_id}"}),
    "petitions.index": ("public", {}),
    "petitions.new": ("verified", {}),
    "petitions.show": ("public", {"petition_id": "{petition_id}"}),
    "petitions.edit": ("owner_only", {"petition_id": "{petition_id}"}),
    "petitions.review": (STAFF_CLERK, {}),
    "petitions.paper_sheet": (STAFF_CLERK, {"petition_id": "{petition_id}"}),
    "petitions.signatures": (STAFF_CLERK, {}),
    "petitions.invalidate": (STAFF_CLERK, {"petition_id": "{petition_id}"}),
    "petitions.rule_set": (ADMIN, {"code": "charter"}),
    "charter.signatories": ("public", {}),
    "documents.show": ("public", {"document_id": "{document_id}"}),
    "documents.pdf": ("public", {"document_id": "{document_id}"}),
    "api.petitions": ("public", {}),
    "api.petitions_as_csv": ("public", {}),
    "api.petition": ("public", {"petition_id": "{petition_id}"}),
    "meetings.index": ("public", {}),
    "meetings.show": ("public", {"meeting_id": "{meeting_id}"}),
    "api.meetings": ("public", {}),
    "api.meeting": ("public", {"meeting_id": "{meeting_id}"}),
}

# Endpoints that only answer POST (checked by the CSRF test instead).
POST_ONLY = {"main.set_language", "auth.logout", "residents.decide"}
POST_ONLY |= {"oidc.login"}
POST_ONLY |= {"account.logout_everywhere"}
POST_ONLY |= {"residents.examine_collision"}
POST_ONLY |= {
    "votations.vote",
    "votations_clerk.schedule",
    "votations_clerk.publish",
    "votations_clerk.approve_schedule",
    "votations_clerk.approve_publish",
    "votations_clerk.paper_voter",
    "votations_clerk.paper_ballots",
    "votations_clerk.cancel_batch",
    "votations_clerk.record_decision",
}

POST_ONLY |= {
    "petitions.submit",
    "petitions.withdraw",
    "petitions.sign",
    "petitions.unsign",
    "petitions.admit",
    "petitions.reject",
    "petitions.verify_signature",
    "petitions.invalidate_signature",
    "petitions.answer",
    "petitions.record_decision",
    "charter.add",
    "charter.remove",
    "charter.end_mandate",
}


def expected_status(kind: object, role: str) -> int:
    if isinstance(kind, Absent):
        status = expected_status(kind.kind, role)
        return 404 if status == 200 else status
    if kind == "public":
        return 200
    if kind == "invalid_token":
        return 400
    if kind == "token_link":  # a mail's link: its token goes to the session, then away
        return 302
    if kind == "second_step":  # a log-in's second step: sent away without a password first
        return 302
    if kind == "not_found":
        return 404
    if kind == "guest":
        return 200 if role == "anonymous" else 302
    if role == "anonymous":
        return 302
    if kind == "login":
        return 200
    if kind == "owner_only":
        # Only the carrier may open it; the table's accounts never carry the test petition.
        return 403 if role == "unverified" else 404
    if kind == "verified":
        return 403 if role == "unverified" else 200
    assert isinstance(kind, tuple)
    return 200 if role in kind else 403


@dataclass(frozen=True)
class Absent:
    """A page about an object that does not exist: whoever may open such pages gets 404,
    the others what ``kind`` gives them (the role check comes before the lookup)."""

    kind: object


# Neighbourhood councils (issue 6): ids that do not exist, so no fixture is needed.
NO_SUCH = 999_999
GET_ROUTES |= {
    "councils.index": ("public", {}),
    "councils.create": (ADMIN, {}),
    "councils.show": ("not_found", {"council_id": NO_SUCH}),
    "councils.apply": (Absent("verified"), {"council_id": NO_SUCH}),
    "councils.applications": (Absent(STAFF_CLERK), {"council_id": NO_SUCH}),
    "councils.draw": ("not_found", {"draw_id": NO_SUCH}),
    "councils.pool_file": ("not_found", {"draw_id": NO_SUCH}),
    "councils.quotas_file": ("not_found", {"draw_id": NO_SUCH}),
    "councils.panels_file": ("not_found", {"draw_id": NO_SUCH}),
    "councils.session": ("not_found", {"session_id": NO_SUCH}),
    "api.councils": ("public", {}),
    "api.council": ("not_found", {"council_id": NO_SUCH}),
    "api.draw": ("not_found", {"draw_id": NO_SUCH}),
}
POST_ONLY |= {
    "councils.decide",
    "councils.withdraw",
    "residence_proof.read",
    "councils.team",
    "councils.freeze",
    "councils.seed",
    "councils.answer",
    "councils.create_session",
    "councils.minutes",
    "councils.attendance",
    "councils.add_motion",
    "councils.vote",
    "councils.close",
}

# The town hall's counter (issue 18): ids that do not exist, so no fixture is needed.
GET_ROUTES |= {
    "frontdesk.index": (STAFF_CLERK, {}),
    "frontdesk.register": (STAFF_CLERK, {}),
    "frontdesk.person": (Absent(STAFF_CLERK), {"user_id": NO_SUCH}),
    "frontdesk.receipt": (Absent(STAFF_CLERK), {"act_id": NO_SUCH}),
    "petitions_counter.sheet": (STAFF_CLERK, {"petition_id": "{petition_id}"}),
    "questions_counter.ask": (Absent(STAFF_CLERK), {"meeting_id": NO_SUCH}),
    "questions_counter.paper_form": (STAFF_CLERK, {"meeting_id": "{meeting_id}"}),
    "budget_counter.propose": (Absent(STAFF_CLERK), {"budget_id": NO_SUCH}),
    "budget_counter.vote": (Absent(STAFF_CLERK), {"budget_id": NO_SUCH, "heading_id": NO_SUCH}),
    "budget_counter.paper_ballot": (
        Absent(STAFF_CLERK),
        {"budget_id": NO_SUCH, "heading_id": NO_SUCH},
    ),
    "councils_counter.apply": (Absent(STAFF_CLERK), {"council_id": NO_SUCH}),
}
POST_ONLY |= {"frontdesk.serve", "frontdesk.stop", "frontdesk.attach_email"}
POST_ONLY |= {"petitions_counter.sign"}

# Council meetings and question time (issue 3).
COUNCILLOR = ("councillor",)
GET_ROUTES |= {
    "meetings.past": ("public", {}),
    "meetings.calendar": ("public", {}),
    "meetings.minutes_pdf": ("public", {"meeting_id": "{minutes_meeting_id}"}),
    "meetings.new": (STAFF_CLERK, {}),
    "meetings.manage": (STAFF_CLERK, {"meeting_id": "{meeting_id}"}),
    "questions.new": ("verified", {"meeting_id": "{meeting_id}"}),
    "questions.show": ("public", {"question_id": "{question_id}"}),
    "questions.edit": ("owner_only", {"question_id": "{question_id}"}),
    "questions.moderation_queue": (STAFF_CLERK, {"meeting_id": "{meeting_id}"}),
    "questions.answers": (COUNCILLOR, {"meeting_id": "{meeting_id}"}),
    "questions.answer": (COUNCILLOR, {"question_id": "{question_id}"}),
    "questions.settings": (ADMIN, {}),
    "notifications.index": ("login", {}),
    # Notifications (issue 18): preferences, the mails' unsubscribe, letters by post.
    "notifications.preferences_page": ("login", {}),
    "notifications.unsubscribe": ("not_found", {"token": "unknown-token"}),
    "notifications.letters_page": (STAFF_CLERK, {}),
}
POST_ONLY |= {
    "meetings.update",
    "meetings.add_item",
    "meetings.move_item",
    "meetings.remove_item",
    "meetings.mark_held",
    "meetings.save_minutes",
    "questions.withdraw",
    "questions.support",
    "questions.moderate",
    "questions.freeze_selection",
    "notifications.mark_read",
    "notifications.unsubscribe_now",
    "notifications.export_letters",
    "votations.follow",
}

# Participatory budget (issue 7): ids that do not exist, so no fixture is needed.
GET_ROUTES |= {
    "budget.index": ("public", {}),
    "budget.show": (Absent("public"), {"budget_id": NO_SUCH}),
    "budget.proposal_list": (Absent("public"), {"budget_id": NO_SUCH}),
    "budget.proposal": (Absent("public"), {"budget_id": NO_SUCH, "proposal_id": NO_SUCH}),
    "budget.image": (Absent("public"), {"name": "0" * 32 + ".png"}),
    "budget.propose": (Absent("verified"), {"budget_id": NO_SUCH}),
    "budget.ballot": (Absent("public"), {"budget_id": NO_SUCH, "heading_id": NO_SUCH}),
    "budget.results_page": (Absent("public"), {"budget_id": NO_SUCH}),
    "budget.pb_file": (Absent("public"), {"budget_id": NO_SUCH, "heading_id": NO_SUCH}),
    "budget.followup_page": (Absent("public"), {"budget_id": NO_SUCH}),
    "budget.followup_heading": (Absent("public"), {"budget_id": NO_SUCH, "heading_id": NO_SUCH}),
    "budget_admin.new": (ADMIN, {}),
    "budget_admin.manage": (Absent(ADMIN), {"budget_id": NO_SUCH}),
    "budget_clerk.review": (Absent(STAFF_CLERK), {"budget_id": NO_SUCH}),
    "budget_clerk.paper": (Absent(STAFF_CLERK), {"budget_id": NO_SUCH, "heading_id": NO_SUCH}),
    "budget_clerk.followup_edit": (Absent(STAFF_CLERK), {"budget_id": NO_SUCH}),
    "api.budgets": ("public", {}),
    "api.budget": (Absent("public"), {"budget_id": NO_SUCH}),
}
POST_ONLY |= {
    "budget.vote",
    "budget_admin.edit",
    "budget_admin.amounts",
    "budget_admin.split",
    "budget_admin.heading_rules",
    "budget_admin.tally",
    "budget_admin.add_heading",
    "budget_clerk.decide",
    "budget_clerk.followup_update",
}


# Encrypted votations (issue 16): the trustees' page and the public verification.
GET_ROUTES |= {
    "votations.trustees_page": (Absent("public"), {"votation_id": NO_SUCH}),
    "votations.certificates": (Absent("public"), {"votation_id": NO_SUCH}),
    "votations.trustee_vinput": (Absent("public"), {"votation_id": NO_SUCH, "position": 1}),
    "votations.trustee_dkey": (Absent("public"), {"votation_id": NO_SUCH, "position": 1}),
    "votations.archive": (Absent("public"), {"votation_id": NO_SUCH}),
    "votations.verification": (Absent("public"), {"votation_id": NO_SUCH}),
    "votations.tracker_file": (Absent("public"), {"votation_id": NO_SUCH}),
}
POST_ONLY |= {
    "votations.name_trustees",
    "votations.trustee_upload",
    "votations.credentials_upload",
    "votations.close_box",
}

# Participatory bodies (issue 20): ids that do not exist, so no fixture is needed.
GET_ROUTES |= {
    "bodies.index": ("public", {}),
    "bodies.create": (ADMIN, {}),
    "bodies.show": ("not_found", {"body_id": NO_SUCH}),
    "bodies.session": ("not_found", {"body_session_id": NO_SUCH}),
}
POST_ONLY |= {
    "bodies.add_member",
    "bodies.report",
    "bodies.create_session",
    "bodies.minutes",
    "bodies.add_opinion",
    "bodies.publish_opinion",
    "bodies.end_seat",
}

GET_ROUTES |= {
    "bodies.lobby_register": ("public", {}),
    "api.bodies": ("public", {}),
    "api.bodies_csv": ("public", {}),
    "api.lobby_meetings": ("public", {}),
    "api.lobby_meetings_csv": ("public", {}),
    "api.gifts": ("public", {}),
    "api.gifts_csv": ("public", {}),
}
POST_ONLY |= {"bodies.record_lobby_meeting", "bodies.record_gift"}
GET_ROUTES |= {
    "bodies.document_requests": ("public", {}),
    "bodies.ask_document": ("verified", {}),
}
POST_ONLY |= {"bodies.record_document_request", "bodies.answer_document_request"}
GET_ROUTES |= {
    "bodies.lottery": ("not_found", {"lottery_id": NO_SUCH}),
    "bodies.lottery_list_file": ("not_found", {"lottery_id": NO_SUCH}),
    "bodies.lottery_list_quotas_file": ("not_found", {"lottery_id": NO_SUCH}),
    "bodies.lottery_pool_file": ("not_found", {"lottery_id": NO_SUCH}),
    "bodies.lottery_quotas_file": ("not_found", {"lottery_id": NO_SUCH}),
    "bodies.lottery_panels_file": ("not_found", {"lottery_id": NO_SUCH}),
    "bodies.lottery_letters": (Absent(STAFF_CLERK), {"lottery_id": NO_SUCH}),
}
POST_ONLY |= {
    "bodies.start_lottery",
    "bodies.draw_invitations",
    "bodies.record_answer",
    "bodies.freeze_lottery_pool",
    "bodies.seat_panel",
    "bodies.record_decline",
}


# --- POST: who may act (issue 8) ---------------------------------------------------
# Every POST-only endpoint, with the kind of person who may call it. The ids name
# nothing, so whoever is let through finds no object (404) and nothing can change;
# the others are stopped before the lookup: visitors sent to log in, the rest 403.
# ``Answers(kind, status)``: the people ``kind`` lets through get ``status`` instead.


@dataclass(frozen=True)
class Answers:
    kind: object
    status: int


CLERK_POST = Absent(STAFF_CLERK)
VERIFIED_POST = Absent("verified")
POST_ROUTES: dict[str, tuple[object, dict[str, object]]] = {
    "main.set_language": (Answers("public", 302), {}),
    "oidc.login": ("not_found", {}),
    "notifications.mark_read": (Answers("login", 302), {}),
    "notifications.unsubscribe_now": ("not_found", {"token": "unknown-token"}),
    "notifications.export_letters": (Answers(STAFF_CLERK, 200), {}),
    "votations.follow": (Absent("login"), {"votation_id": NO_SUCH}),
    "residents.decide": (CLERK_POST, {"user_id": NO_SUCH}),
    "residents.examine_collision": (CLERK_POST, {"collision_id": NO_SUCH}),
    "votations.vote": (VERIFIED_POST, {"votation_id": NO_SUCH}),
    "votations_clerk.schedule": (Answers(STAFF_CLERK, 302), {"votation_id": NO_SUCH}),
    "votations_clerk.publish": (Answers(STAFF_CLERK, 302), {"votation_id": NO_SUCH}),
    "votations_clerk.approve_schedule": (Answers(STAFF_CLERK, 302), {"votation_id": NO_SUCH}),
    "votations_clerk.approve_publish": (Answers(STAFF_CLERK, 302), {"votation_id": NO_SUCH}),
    "votations_clerk.cancel_batch": (
        Answers(STAFF_CLERK, 302),
        {"votation_id": NO_SUCH, "batch_id": NO_SUCH},
    ),
    "votations_clerk.paper_voter": (CLERK_POST, {"votation_id": NO_SUCH}),
    "votations_clerk.paper_ballots": (CLERK_POST, {"votation_id": NO_SUCH}),
    "votations_clerk.record_decision": (CLERK_POST, {"votation_id": NO_SUCH}),
    # The carrier's actions: any account may try, only the carrier finds the petition.
    "petitions.submit": (Absent("login"), {"petition_id": NO_SUCH}),
    "petitions.withdraw": (Absent("login"), {"petition_id": NO_SUCH}),
    "petitions.sign": (VERIFIED_POST, {"petition_id": NO_SUCH}),
    "petitions.unsign": (VERIFIED_POST, {"petition_id": NO_SUCH}),
    "petitions.admit": (CLERK_POST, {"petition_id": NO_SUCH}),
    "petitions.reject": (CLERK_POST, {"petition_id": NO_SUCH}),
    "petitions.verify_signature": (CLERK_POST, {"signature_id": NO_SUCH}),
    "petitions.invalidate_signature": (CLERK_POST, {"signature_id": NO_SUCH}),
    "petitions.answer": (Absent(("councillor", "admin")), {"petition_id": NO_SUCH}),
    "petitions.record_decision": (CLERK_POST, {"petition_id": NO_SUCH}),
    # An empty form: the admin sees the page again with the errors, nothing added.
    "charter.add": (Answers(ADMIN, 200), {}),
    "charter.remove": (Absent(ADMIN), {"signatory_id": NO_SUCH}),
    "charter.end_mandate": (Absent(ADMIN), {"signatory_id": NO_SUCH}),
    "councils.decide": (CLERK_POST, {"application_id": NO_SUCH}),
    "councils.withdraw": (Absent("login"), {"application_id": NO_SUCH}),
    "residence_proof.read": (CLERK_POST, {"user_id": NO_SUCH}),
    "councils.team": (CLERK_POST, {"council_id": NO_SUCH}),
    "councils.freeze": (CLERK_POST, {"council_id": NO_SUCH}),
    "councils.seed": (CLERK_POST, {"draw_id": NO_SUCH}),
    "councils.answer": (VERIFIED_POST, {"draw_id": NO_SUCH}),
    "councils.create_session": (CLERK_POST, {"council_id": NO_SUCH}),
    "councils.minutes": (CLERK_POST, {"session_id": NO_SUCH}),
    "councils.attendance": (CLERK_POST, {"session_id": NO_SUCH}),
    "councils.add_motion": (CLERK_POST, {"session_id": NO_SUCH}),
    "councils.vote": (VERIFIED_POST, {"motion_id": NO_SUCH}),
    "councils.close": (CLERK_POST, {"motion_id": NO_SUCH}),
    "meetings.update": (CLERK_POST, {"meeting_id": NO_SUCH}),
    "meetings.add_item": (CLERK_POST, {"meeting_id": NO_SUCH}),
    # Without a direction the request is malformed before the item is looked up.
    "meetings.move_item": (Answers(STAFF_CLERK, 400), {"item_id": NO_SUCH}),
    "meetings.remove_item": (CLERK_POST, {"item_id": NO_SUCH}),
    "meetings.mark_held": (CLERK_POST, {"meeting_id": NO_SUCH}),
    "meetings.save_minutes": (CLERK_POST, {"meeting_id": NO_SUCH}),
    "questions.withdraw": (VERIFIED_POST, {"question_id": NO_SUCH}),
    "questions.support": (VERIFIED_POST, {"question_id": NO_SUCH}),
    "questions.moderate": (CLERK_POST, {"question_id": NO_SUCH}),
    "questions.freeze_selection": (CLERK_POST, {"meeting_id": NO_SUCH}),
    "budget.vote": (VERIFIED_POST, {"budget_id": NO_SUCH, "heading_id": NO_SUCH}),
    "budget_admin.edit": (Absent(ADMIN), {"budget_id": NO_SUCH}),
    "budget_admin.amounts": (Absent(ADMIN), {"budget_id": NO_SUCH}),
    "budget_admin.split": (Absent(ADMIN), {"budget_id": NO_SUCH}),
    "budget_admin.heading_rules": (Absent(ADMIN), {"budget_id": NO_SUCH, "heading_id": NO_SUCH}),
    "budget_admin.tally": (Absent(ADMIN), {"budget_id": NO_SUCH}),
    "budget_admin.add_heading": (Absent(ADMIN), {"budget_id": NO_SUCH}),
    "budget_clerk.decide": (CLERK_POST, {"proposal_id": NO_SUCH}),
    "budget_clerk.followup_update": (CLERK_POST, {"proposal_id": NO_SUCH}),
    "frontdesk.serve": (CLERK_POST, {"user_id": NO_SUCH}),
    "frontdesk.stop": (Answers(STAFF_CLERK, 302), {}),
    "frontdesk.attach_email": (CLERK_POST, {"user_id": NO_SUCH}),
    # Nobody served at the counter: the clerk is sent to choose someone.
    "petitions_counter.sign": (Answers(STAFF_CLERK, 302), {"petition_id": NO_SUCH}),
    # Encrypted votations (issue 16): the trustees' uploads check who uploads after the lookup.
    "votations.name_trustees": (CLERK_POST, {"votation_id": NO_SUCH}),
    "votations.trustee_upload": (Absent("login"), {"votation_id": NO_SUCH, "position": 1}),
    "votations.credentials_upload": (Absent("login"), {"votation_id": NO_SUCH}),
    "votations.close_box": (Absent("login"), {"votation_id": NO_SUCH}),
    # Participatory bodies (issue 20).
    "bodies.add_member": (CLERK_POST, {"body_id": NO_SUCH}),
    "bodies.report": (CLERK_POST, {"body_id": NO_SUCH}),
    "bodies.create_session": (CLERK_POST, {"body_id": NO_SUCH}),
    "bodies.minutes": (CLERK_POST, {"body_session_id": NO_SUCH}),
    "bodies.add_opinion": (CLERK_POST, {"body_session_id": NO_SUCH}),
    "bodies.publish_opinion": (CLERK_POST, {"opinion_id": NO_SUCH}),
    "bodies.end_seat": (CLERK_POST, {"body_member_id": NO_SUCH}),
    # Any staff account records in the lobby register; an empty form is sent back.
    "bodies.record_lobby_meeting": (Answers(("clerk", "councillor", "admin"), 302), {}),
    "bodies.record_gift": (Answers(("clerk", "councillor", "admin"), 302), {}),
    # An empty form is sent back to the list; an answer names a request first.
    "bodies.record_document_request": (Answers(STAFF_CLERK, 302), {}),
    "bodies.answer_document_request": (CLERK_POST, {"document_request_id": NO_SUCH}),
    "bodies.start_lottery": (CLERK_POST, {"body_id": NO_SUCH}),
    "bodies.draw_invitations": (CLERK_POST, {"lottery_id": NO_SUCH}),
    "bodies.record_answer": (CLERK_POST, {"lottery_id": NO_SUCH}),
    "bodies.freeze_lottery_pool": (CLERK_POST, {"lottery_id": NO_SUCH}),
    "bodies.seat_panel": (CLERK_POST, {"lottery_id": NO_SUCH}),
    "bodies.record_decline": (CLERK_POST, {"lottery_id": NO_SUCH}),
    # Last: they end the session the walk uses.
    "account.logout_everywhere": (Answers("login", 302), {}),
    "auth.logout": (Answers("login", 302), {}),
}


def expected_post_status(kind: object, role: str) -> int:
    if isinstance(kind, Answers):
        status = expected_status(kind.kind, role)
        return kind.status if status == 200 else status
    return expected_status(kind, role)
