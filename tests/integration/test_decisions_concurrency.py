"""Two staff members deciding on the same thing in the same instant: it is decided once.

The first decision stands, with one audit entry (and one public history line where the
object has a history); the second person is told it was already decided, by whom, and
nothing changes. Both transactions read the object before either writes
(``tests.support.races``); runs on SQLite and on PostgreSQL (``DATABASE_URL``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from civic.budget.proposals import ReviewInput, review_proposal
from civic.councils import draws, membership
from civic.extensions import db
from civic.models import (
    AuditEntry,
    BudgetProposal,
    CouncilApplication,
    CouncilDecision,
    CouncilDraw,
    CouncilMember,
    Notification,
    Petition,
    PetitionEvent,
    Question,
    Signature,
    User,
)
from civic.models.accounts import UNVERIFIED
from civic.models.petitions import AWAITING, OPEN
from civic.petitions import lifecycle, moderation
from civic.questions.moderation import Decision, moderate_question
from civic.residents.services import decide_residence
from civic.services import Refused
from tests.budget_factory import heading_ids, make_budget
from tests.conftest import People
from tests.integration.test_budget_council_vote import proposal_in
from tests.integration.test_petitions_signing import NOW, add_figures, open_petition, signer
from tests.support.councils import make_council
from tests.support.meetings import add_question, plan_meeting
from tests.support.races import at_the_same_moment, in_a_transaction


def _two_clerks(people: People) -> tuple[int, int]:
    return (
        people.make("claire", roles=("clerk",), family_name="Martin", given_names="Claire"),
        people.make("paul", roles=("clerk",), family_name="Durand", given_names="Paul"),
    )


def _as(clerk_id: int) -> User:
    user = db.session.get(User, clerk_id)
    assert user is not None
    return user


def _both_decide(
    app: Flask, clerks: tuple[int, int], decide: Callable[[User], Any]
) -> tuple[int, Refused]:
    """Both clerks decide at once: returns the index of the one whose decision stands
    and the refusal the other one saw."""
    results = at_the_same_moment(
        app, *(in_a_transaction(app, lambda c=clerk: decide(_as(c))) for clerk in clerks)
    )
    refusals = [r for r in results if isinstance(r, Refused)]
    assert len(refusals) == 1, results
    assert not any(isinstance(r, BaseException) and not isinstance(r, Refused) for r in results)
    winner = 1 - results.index(refusals[0])
    return winner, refusals[0]


def _names_the_first(refusal: Refused, winner: int) -> None:
    message = str(refusal.message)
    assert "déjà" in message, message
    assert ("Claire Martin", "Paul Durand")[winner] in message, message
    assert "rien n'a changé" in message, message


def _audited(app: Flask, action: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like(action))
        )


def _submitted_petition(app: Flask, people: People) -> int:
    with app.app_context():
        author = signer(people, "carrier")
        draft = lifecycle.create_draft(
            lifecycle.PetitionDraft(
                title="Un banc place du marché",
                body="Texte complet.",
                easy_read="Un banc pour s'asseoir.",
                decision_asked="Installer un banc.",
                kind="ordinary",
                rule_set_code="charter",
            ),
            author=author,
            now=NOW,
        )
        lifecycle.submit(draft.id, author=author, now=NOW)
        return draft.id


def _history(app: Flask, petition_id: int, *kinds: str) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(PetitionEvent.kind).where(
                    PetitionEvent.petition_id == petition_id, PetitionEvent.kind.in_(kinds)
                )
            )
        )


def test_two_clerks_admitting_a_petition_at_once_open_it_once(app: Flask, people: People) -> None:
    petition_id = _submitted_petition(app, people)
    clerks = _two_clerks(people)
    winner, refusal = _both_decide(
        app, clerks, lambda clerk: lifecycle.admit(petition_id, deadline=None, actor=clerk, now=NOW)
    )
    _names_the_first(refusal, winner)
    assert "admise" in str(refusal.message)
    assert _audited(app, "petition.admitted") == 1
    assert _history(app, petition_id, "admitted", "rejected") == ["admitted"]
    with app.app_context():
        petition = db.session.get(Petition, petition_id)
        assert petition is not None
        assert petition.state == OPEN and petition.reviewed_by_id == clerks[winner]


def test_a_petition_admitted_and_rejected_at_once_keeps_one_decision(
    app: Flask, people: People
) -> None:
    petition_id = _submitted_petition(app, people)
    clerks = _two_clerks(people)

    def decide(clerk: User) -> Any:
        if clerk.id == clerks[0]:
            return lifecycle.admit(petition_id, deadline=None, actor=clerk, now=NOW)
        return lifecycle.reject(
            petition_id,
            code="outside_competence",
            text=None,
            duplicate_of_id=None,
            actor=clerk,
            now=NOW,
        )

    winner, refusal = _both_decide(app, clerks, decide)
    _names_the_first(refusal, winner)
    assert _audited(app, "petition.%ed") == 1
    history = _history(app, petition_id, "admitted", "rejected")
    assert history == [("admitted", "rejected")[winner]]


def test_two_councillors_publishing_the_answer_at_once_publish_one(
    app: Flask, people: People
) -> None:
    with app.app_context():
        petition_id = open_petition(people)
        petition = db.session.get(Petition, petition_id)
        assert petition is not None
        petition.debate_progress = AWAITING  # debated at the last council meeting
        db.session.commit()
    councillors = _two_clerks(people)  # staff: here in the councillors' seat
    with app.app_context():
        # The deliberation the council's answer comes from.
        decision = CouncilDecision(
            subject_type="petition",
            subject_id=petition_id,
            matter="council_debate",
            outcome="adopted",
            decided_on=NOW.date(),
            number="2026-045",
            votes_for=20,
            votes_against=3,
            abstentions=0,
            recorded_at=NOW,
            recorded_by_id=councillors[0],
        )
        db.session.add(decision)
        db.session.commit()
        decision_id = decision.id
    winner, refusal = _both_decide(
        app,
        councillors,
        lambda who: lifecycle.publish_answer(
            petition_id,
            body=f"Réponse de {who.given_names}.",
            answered_as="council",
            decision_id=decision_id,
            actor=who,
            now=NOW,
        ),
    )
    _names_the_first(refusal, winner)
    assert _audited(app, "petition.answered") == 1
    assert _history(app, petition_id, "answered") == ["answered"]
    with app.app_context():
        answer = lifecycle.answer_of(petition_id)
        assert answer is not None and answer.published_by_id == councillors[winner]


def test_two_clerks_invalidating_one_signature_at_once_invalidate_it_once(
    app: Flask, people: People
) -> None:
    with app.app_context():
        add_figures(population=1000)
        petition_id = open_petition(people)
        resident = signer(people, "signer")
        from civic.petitions import signing

        signing.sign(petition_id, user=resident, ip="10.0.0.7", now=NOW)
        signature_id = db.session.scalar(select(Signature.id))
    clerks = _two_clerks(people)
    winner, refusal = _both_decide(
        app,
        clerks,
        lambda clerk: moderation.invalidate_signature(
            signature_id, reason="Doublon manifeste.", actor=clerk, now=NOW
        ),
    )
    _names_the_first(refusal, winner)
    assert _audited(app, "signature.invalidated") == 1
    assert _history(app, petition_id, "invalidated") == ["invalidated"]
    with app.app_context():
        petition = db.session.get(Petition, petition_id)
        assert petition is not None and petition.collected_count == 0


def test_two_clerks_verifying_one_paper_signature_at_once_count_it_once(
    app: Flask, people: People
) -> None:
    from civic.petitions import paper

    with app.app_context():
        add_figures(population=1000)
        petition_id = open_petition(people)
        typist = signer(people, "typist", roles=("clerk",))
        line = paper.PaperLine("Blanc", "Zoé", "1985-07-01", "3 rue Haute")
        entered = paper.enter_paper_signature(petition_id, line, clerk=typist, now=NOW)
        signature_id = entered.signature.id
    clerks = _two_clerks(people)
    winner, refusal = _both_decide(
        app,
        clerks,
        lambda clerk: moderation.verify_signature(signature_id, actor=clerk, now=NOW),
    )
    _names_the_first(refusal, winner)
    assert _audited(app, "signature.verified") == 1
    with app.app_context():
        petition = db.session.get(Petition, petition_id)
        assert petition is not None and petition.counted_residents == 1


def test_a_residence_approved_and_refused_at_once_keeps_one_decision(
    app: Flask, people: People
) -> None:
    newcomer = people.make("newcomer", level=UNVERIFIED)
    clerks = _two_clerks(people)

    def decide(clerk: User) -> Any:
        approve = clerk.id == clerks[0]
        return decide_residence(
            newcomer, approve=approve, reason="Adresse introuvable.", actor=clerk, now=NOW
        )

    winner, refusal = _both_decide(app, clerks, decide)
    _names_the_first(refusal, winner)
    assert _audited(app, "residence.%") == 1
    with app.app_context():
        user = db.session.get(User, newcomer)
        assert user is not None and user.verification_decided_by_id == clerks[winner]
        assert (user.verification_refusal is None) == (winner == 0)


def test_two_clerks_deciding_one_council_application_at_once_seat_the_volunteer_once(
    app: Flask, people: People
) -> None:
    council_id = make_council(app, people, pool=[])
    volunteer = people.make("volunteer", birth_date=datetime(1980, 1, 1).date())
    with app.app_context():
        application = membership.apply(
            council_id,
            membership.ApplicationInput(kind="volunteer", gender="female", publish_name=True),
            user=_as(volunteer),
            now=NOW,
        )
        application_id = application.id
    clerks = _two_clerks(people)
    winner, refusal = _both_decide(
        app,
        clerks,
        lambda clerk: membership.decide_application(
            application_id, eligible=True, reason=None, actor=clerk, now=NOW
        ),
    )
    _names_the_first(refusal, winner)
    assert _audited(app, "council.application_decided") == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CouncilMember)) == 1
        decided = db.session.get(CouncilApplication, application_id)
        assert decided is not None and decided.decided_by_id == clerks[winner]


def test_two_volunteers_decided_at_once_for_the_last_seat_seat_one(
    app: Flask, people: People
) -> None:
    council_id = make_council(app, people, pool=[], volunteer=1)
    application_ids = []
    for name in ("ana", "bea"):
        volunteer = people.make(name, birth_date=datetime(1980, 1, 1).date())
        with app.app_context():
            application_ids.append(
                membership.apply(
                    council_id,
                    membership.ApplicationInput(
                        kind="volunteer", gender="female", publish_name=True
                    ),
                    user=_as(volunteer),
                    now=NOW,
                ).id
            )
    clerks = _two_clerks(people)
    results = at_the_same_moment(
        app,
        *(
            in_a_transaction(
                app,
                lambda c=clerk, a=application: membership.decide_application(
                    a, eligible=True, reason=None, actor=_as(c), now=NOW
                ),
            )
            for clerk, application in zip(clerks, application_ids, strict=True)
        ),
    )
    assert all(isinstance(r, CouncilApplication) for r in results), results
    assert _audited(app, "council.application_decided") == 2
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CouncilMember)) == 1


def test_two_clerks_freezing_a_councils_draw_at_once_freeze_one_pool(
    app: Flask, people: People
) -> None:
    council_id = make_council(app, people)
    clerks = _two_clerks(people)
    winner, refusal = _both_decide(
        app,
        clerks,
        lambda clerk: draws.freeze(
            council_id, draws.FreezeInput(mode="plain", reserve=2), actor=clerk, now=NOW
        ),
    )
    _names_the_first(refusal, winner)
    assert _audited(app, "council.draw_frozen") == 1
    with app.app_context():
        frozen = db.session.scalars(select(CouncilDraw)).all()
        assert [d.frozen_by_id for d in frozen] == [clerks[winner]]


def test_two_clerks_entering_different_seeds_at_once_keep_the_first(
    app: Flask, people: People
) -> None:
    council_id = make_council(app, people)
    clerks = _two_clerks(people)
    with app.app_context():
        draw_id = draws.freeze(
            council_id, draws.FreezeInput(mode="plain", reserve=2), actor=_as(clerks[0]), now=NOW
        ).id
    seeds = ("4-4-2-6-1", "1-6-3-3-5")

    def enter(clerk: User) -> Any:
        return draws.enter_seed(draw_id, seeds[clerks.index(clerk.id)], actor=clerk, now=NOW)

    winner, refusal = _both_decide(app, clerks, enter)
    _names_the_first(refusal, winner)
    assert _audited(app, "council.draw_seeded") == 1
    with app.app_context():
        draw = db.session.get(CouncilDraw, draw_id)
        assert draw is not None and draw.seed == seeds[winner]


def test_two_clerks_moderating_one_question_at_once_notify_the_asker_once(
    app: Flask, people: People
) -> None:
    asker = people.make("asker")
    meeting_id = plan_meeting(app, days_ahead=10)
    question_id = add_question(app, meeting_id, asker, status="submitted")
    clerks = _two_clerks(people)

    def decide(clerk: User) -> Any:
        admit = clerk.id == clerks[0]
        return moderate_question(
            question_id,
            Decision(admit=admit, code=None if admit else "personal_case"),
            actor=clerk,
            now=NOW,
        )

    winner, refusal = _both_decide(app, clerks, decide)
    _names_the_first(refusal, winner)
    assert _audited(app, "question.%") == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 1
        question = db.session.get(Question, question_id)
        assert question is not None and question.moderated_by_id == clerks[winner]


def test_two_clerks_reviewing_one_budget_proposal_at_once_review_it_once(
    app: Flask, people: People
) -> None:
    people.make("someone")  # the neighbourhood the budget's headings are made of
    budget_id = make_budget(app, "review")
    proposal_id = proposal_in(app, heading_ids(app, budget_id)[0])
    clerks = _two_clerks(people)

    def decide(clerk: User) -> Any:
        feasible = clerk.id == clerks[0]
        return review_proposal(
            proposal_id,
            ReviewInput(
                "feasible" if feasible else "unfeasible",
                "" if feasible else "Hors du domaine public.",
                20_000,
                "investment",
                None,
            ),
            actor=clerk,
            now=datetime.now(UTC),
        )

    winner, refusal = _both_decide(app, clerks, decide)
    _names_the_first(refusal, winner)
    assert _audited(app, "budget.proposal_reviewed") == 1
    with app.app_context():
        proposal = db.session.get(BudgetProposal, proposal_id)
        assert proposal is not None and proposal.reviewed_by_id == clerks[winner]
        assert proposal.state == ("feasible", "unfeasible")[winner]
