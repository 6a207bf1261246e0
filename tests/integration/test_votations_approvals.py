"""Votations that cannot be rushed: a second staff member approves scheduling and
publication, the preset's notice and voting period hold, and publishing happens once
even when two staff members approve at the same moment (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import AuditEntry, User, Votation
from civic.models.meetings import AgendaItem
from civic.services import Refused
from civic.votations import approvals
from tests.belenios_factory import give_election
from tests.conftest import People
from tests.votations_factory import ask_publication, closed_votation, make_votation, staff

NOW = datetime.now(UTC)


def draft(app: Flask, *, opens: datetime, closes: datetime, **fields: object) -> int:
    """A draft whose encrypted online vote is ready: its trustees' ceremony is finished
    (the staff accounts the test made stand as trustees and credential authority)."""
    votation_id = make_votation(app, opens=opens, closes=closes, status="draft", **fields)
    with app.app_context():
        staff_ids = list(db.session.scalars(select(User.id).order_by(User.id).limit(2)))
    give_election(
        app,
        votation_id,
        trustee_ids=[staff_ids[0]] * 3,
        authority_id=staff_ids[-1],
        voters=1,
        open_box=False,
    )
    return votation_id


def referendum_draft(app: Flask, *, opens: datetime, closes: datetime) -> int:
    """A local referendum (CGCT preset: electors aged 18+) not yet scheduled."""
    return draft(
        app, opens=opens, closes=closes, preset="cgct_referendum", electorate="electors", min_age=18
    )


def audit_actions(votation_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_type == "votation", AuditEntry.object_id == str(votation_id))
            .order_by(AuditEntry.seq)
        )
    )


def act(app: Flask, step: object, votation_id: int, user_id: int, now: datetime = NOW) -> None:
    with app.app_context(), write_intent():
        step(votation_id, actor=db.session.get(User, user_id), now=now)  # type: ignore[operator]


def test_a_three_minute_referendum_is_refused_naming_the_minimum(
    app: Flask, people: People
) -> None:
    preparer, _approver = staff(people)
    opens = NOW + timedelta(days=90)
    votation_id = referendum_draft(app, opens=opens, closes=opens + timedelta(minutes=3))
    with pytest.raises(Refused, match=r"au moins 10 heures \(Code électoral R41"):
        act(app, approvals.request_scheduling, votation_id, preparer)


def test_a_referendum_a_week_away_is_refused_naming_the_two_months_notice(
    app: Flask, people: People
) -> None:
    preparer, _approver = staff(people)
    opens = NOW + timedelta(days=7)
    votation_id = referendum_draft(app, opens=opens, closes=opens + timedelta(hours=10))
    with app.app_context():
        from civic.models import VotationDeliberation

        db.session.add(
            VotationDeliberation(
                votation_id=votation_id,
                subject="Grande Rue",
                number="2026-04",
                adopted_on=NOW.date() - timedelta(days=2),
                transmitted_on=NOW.date() - timedelta(days=1),
                recorded_at=NOW,
            )
        )
        db.session.commit()
    with pytest.raises(Refused, match=r"moins de deux mois après la transmission.*LO 1112-3"):
        act(app, approvals.request_scheduling, votation_id, preparer)


def test_a_charter_votation_needs_two_weeks_notice_and_a_week_of_voting(
    app: Flask, people: People
) -> None:
    preparer, _approver = staff(people)
    soon = draft(app, opens=NOW + timedelta(days=3), closes=NOW + timedelta(days=20))
    with pytest.raises(Refused, match="14 jours au moins après sa programmation"):
        act(app, approvals.request_scheduling, soon, preparer)
    brief = draft(app, opens=NOW + timedelta(days=20), closes=NOW + timedelta(days=22))
    with pytest.raises(Refused, match="au moins 7 jours"):
        act(app, approvals.request_scheduling, brief, preparer)


def test_the_notice_is_configurable_per_preset(app: Flask, people: People) -> None:
    preparer, approver = staff(people)
    app.config["VOTATION_CALENDAR"] = {"charter": {"notice_days": 1, "min_voting_hours": 24}}
    votation_id = draft(app, opens=NOW + timedelta(days=3), closes=NOW + timedelta(days=5))
    act(app, approvals.request_scheduling, votation_id, preparer)
    act(app, approvals.approve_scheduling, votation_id, approver)
    with app.app_context():
        assert db.session.get(Votation, votation_id).status == "scheduled"  # type: ignore[union-attr]


def test_scheduling_needs_a_second_staff_member_and_both_steps_are_audited(
    app: Flask, people: People
) -> None:
    preparer, approver = staff(people)
    votation_id = draft(app, opens=NOW + timedelta(days=30), closes=NOW + timedelta(days=40))
    act(app, approvals.request_scheduling, votation_id, preparer)
    with app.app_context():
        assert db.session.get(Votation, votation_id).status == "draft"  # type: ignore[union-attr]
    with pytest.raises(Refused, match="un second membre du personnel doit l'approuver, pas vous"):
        act(app, approvals.approve_scheduling, votation_id, preparer)
    with pytest.raises(Refused, match="en attente d'approbation par un second membre"):
        act(app, approvals.request_scheduling, votation_id, approver)
    act(app, approvals.approve_scheduling, votation_id, approver)
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        assert votation is not None and votation.status == "scheduled"
        assert audit_actions(votation_id) == ["votation.schedule_requested", "votation.scheduled"]
    with pytest.raises(Refused, match="déjà programmée"):
        act(app, approvals.approve_scheduling, votation_id, approver)


def test_editing_a_scheduled_votation_sends_it_back_for_approval_by_someone_else(
    app: Flask, people: People
) -> None:
    from civic.votations import services
    from civic.votations.services import VotationDetails

    preparer, approver = staff(people)
    votation_id = draft(app, opens=NOW + timedelta(days=30), closes=NOW + timedelta(days=40))
    act(app, approvals.request_scheduling, votation_id, preparer)
    act(app, approvals.approve_scheduling, votation_id, approver)
    details = VotationDetails(
        kind="consultation",
        preset="charter",
        title="Piétonniser la place du marché",
        question="Faut-il piétonniser la place ?",
        choices=["Oui", "Non"],
        approve_choice="Oui",
        easy_read="La place deviendrait piétonne.",
        arguments_for="",
        arguments_against="",
        council_decision="Délibération 2026-14",
        opens_at=NOW + timedelta(days=15),  # moved earlier after the approval
        closes_at=NOW + timedelta(days=40),
        quorum_percent=25,  # type: ignore[arg-type]
        min_age=16,
    )
    with app.app_context(), write_intent():
        services.save_votation(votation_id, details, actor=db.session.get(User, approver), now=NOW)
    with app.app_context():
        assert db.session.get(Votation, votation_id).status == "draft"  # type: ignore[union-attr]
    act(app, approvals.request_scheduling, votation_id, preparer)  # asked again
    # Whoever changed it last prepared it: not theirs to approve, even if another asked.
    with pytest.raises(Refused, match="Vous avez préparé cette votation"):
        act(app, approvals.approve_scheduling, votation_id, approver)
    third = people.make("third", level="unverified", roles=("clerk",))
    act(app, approvals.approve_scheduling, votation_id, third)


def test_publication_needs_a_second_staff_member(app: Flask, people: People) -> None:
    preparer, approver = staff(people)
    votation_id = closed_votation(app)
    with pytest.raises(Refused, match="second membre du personnel doit approuver"):
        with app.app_context(), write_intent():
            from civic.votations import results

            results.publish_results(votation_id, actor=None, now=NOW)
    act(app, approvals.request_publication, votation_id, preparer)
    with pytest.raises(Refused, match="pas vous"):
        act(app, approvals.approve_publication, votation_id, preparer)
    act(app, approvals.approve_publication, votation_id, approver)
    with app.app_context():
        assert db.session.get(Votation, votation_id).status == "published"  # type: ignore[union-attr]
        assert audit_actions(votation_id) == [
            "votation.publish_requested",
            "votation.publish_approved",
            "votation.results_published",
        ]


def approve_at_once(app: Flask, step: object, votation_id: int, user_ids: list[int]) -> list[str]:
    """Several staff members approve in the same instant; what each of them was told."""
    barrier = threading.Barrier(len(user_ids))
    outcomes: list[str] = []

    def approve(user_id: int) -> None:
        with app.app_context(), write_intent():
            barrier.wait()
            try:
                user = db.session.get(User, user_id)
                step(votation_id, actor=user, now=datetime.now(UTC))  # type: ignore[operator]
                outcomes.append("done")
            except Refused as refusal:
                outcomes.append(str(refusal.message))
            except Exception as error:  # noqa: BLE001 — the test reports any crash
                outcomes.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes, key=lambda outcome: outcome != "done")


def test_two_staff_approving_publication_at_once_publish_once(app: Flask, people: People) -> None:
    preparer, approver = staff(people)
    other = people.make("other", level="unverified", roles=("admin",))
    votation_id = closed_votation(app)
    ask_publication(app, votation_id, preparer)
    done, second = approve_at_once(
        app, approvals.approve_publication, votation_id, [approver, other]
    )
    assert done == "done", (done, second)
    assert second.startswith("Les résultats sont déjà publiés : "), second
    assert "a approuvé la publication le" in second
    with app.app_context():
        actions = audit_actions(votation_id)
        assert actions.count("votation.results_published") == 1
        assert actions.count("votation.publish_approved") == 1
        items = db.session.scalar(
            select(func.count())
            .select_from(AgendaItem)
            .where(AgendaItem.subject_type == "votation", AgendaItem.subject_id == votation_id)
        )
        assert items == 1


def test_two_staff_approving_scheduling_at_once_schedule_once(app: Flask, people: People) -> None:
    preparer, approver = staff(people)
    other = people.make("other", level="unverified", roles=("admin",))
    votation_id = draft(app, opens=NOW + timedelta(days=30), closes=NOW + timedelta(days=40))
    act(app, approvals.request_scheduling, votation_id, preparer)
    done, second = approve_at_once(
        app, approvals.approve_scheduling, votation_id, [approver, other]
    )
    assert (done, second) == ("done", "Cette votation est déjà programmée."), (done, second)
    with app.app_context():
        assert audit_actions(votation_id).count("votation.scheduled") == 1
