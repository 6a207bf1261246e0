"""Petitions against a real database: signing, paper, thresholds and their consequences.

Small figures keep the arithmetic visible: a population of 100 means 5 signatures
reach the 5 % debate and 10 the 10 % referendum; an electorate of 50 means 5
electors reach a recall or a CGCT request.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import (
    CharterSignatory,
    CommuneFigure,
    CouncilDecision,
    ElectoralListImport,
    ElectorRecord,
    Petition,
    PetitionEvent,
    Signature,
    User,
)
from civic.models.meetings import AgendaItem, Meeting
from civic.models.petitions import AWAITING, NOT_REACHED, OPEN, SCHEDULED
from civic.petitions import lifecycle, moderation, paper, signing
from civic.services import Refused

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def add_figures(population: int = 100, electorate: int = 50) -> None:
    for name, value in (("population", population), ("electorate", electorate)):
        db.session.add(
            CommuneFigure(
                name=name, value=value, source=f"{name} test", effective_date=date(2026, 1, 1)
            )
        )
    db.session.commit()


def open_petition(
    people: Any,
    *,
    rule_set: str = "charter",
    kind: str = "ordinary",
    recall_official: str | None = None,
    title: str = "Un banc place du marché",
    now: datetime = NOW,
) -> int:
    """A petition drafted by a resident, submitted and admitted by a clerk."""
    author = signer(people, f"carrier{people.counter}", level="elector")
    clerk = signer(people, f"clerk{people.counter}", roles=("clerk",))
    signatory_id = None
    if recall_official is not None:
        # A recall targets an official who signed the charter (the register's entry).
        official = CharterSignatory(
            name=recall_official, mandate="maire", signed_on=date(2026, 1, 10), created_at=now
        )
        db.session.add(official)
        db.session.flush()
        signatory_id = official.id
    draft = lifecycle.create_draft(
        lifecycle.PetitionDraft(
            title=title,
            body="Texte **complet**.",
            easy_read="Un banc pour s'asseoir.",
            decision_asked="Installer un banc.",
            kind=kind,
            rule_set_code=rule_set,
            recall_signatory_id=signatory_id,
        ),
        author=author,
        now=now,
    )
    lifecycle.submit(draft.id, author=author, now=now)
    lifecycle.admit(draft.id, deadline=None, actor=clerk, now=now)
    return draft.id


def signer(people: Any, name: str, level: str = "resident", **kw: Any) -> User:
    """A new account; the test's own transaction ends first, so the fixture's
    separate session can write (SQLite allows one writer at a time)."""
    db.session.commit()
    user = db.session.get(User, people.make(name, level=level, **kw))
    assert user is not None
    return user


def plan_meeting(days: int = 10) -> Meeting:
    meeting = Meeting(
        title="Conseil municipal", starts_at=NOW + timedelta(days=days), place="Mairie"
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


def agenda_count(petition_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(AgendaItem)
            .where(AgendaItem.subject_type == "petition", AgendaItem.subject_id == petition_id)
        )
        or 0
    )


def events(petition_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(PetitionEvent.kind)
            .where(PetitionEvent.petition_id == petition_id)
            .order_by(PetitionEvent.id)
        )
    )


@pytest.fixture
def ctx(app: Flask) -> Any:
    with app.app_context(), write_intent():
        add_figures()
        yield app


def test_a_resident_signature_is_collected_and_counted_at_once(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people)
    status = signing.sign(petition_id, user=signer(people, "ana"), ip="10.0.0.1", now=NOW)
    petition = db.session.get(Petition, petition_id)
    assert status.signed and status.counted
    assert (petition.collected_count, petition.counted_residents) == (1, 1)


def test_signing_twice_is_refused_and_changes_nothing(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people)
    ana = signer(people, "ana")
    signing.sign(petition_id, user=ana, ip=None, now=NOW)
    with pytest.raises(Refused, match="déjà signé"):
        signing.sign(petition_id, user=ana, ip=None, now=NOW)
    assert db.session.get(Petition, petition_id).collected_count == 1


def test_an_unverified_account_cannot_sign(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people)
    with pytest.raises(Refused, match="résidence doit d.abord être vérifiée"):
        signing.sign(petition_id, user=signer(people, "u", level="unverified"), ip=None, now=NOW)
    assert db.session.get(Petition, petition_id).collected_count == 0


def test_a_closed_petition_cannot_be_signed(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people)
    after_deadline = NOW + timedelta(days=400)
    assert lifecycle.close_expired(after_deadline) == [petition_id]
    with pytest.raises(Refused, match="pas ouverte"):
        signing.sign(petition_id, user=signer(people, "ana"), ip=None, now=after_deadline)


def test_when_the_count_crosses_5_percent_the_petition_goes_on_the_next_meeting_once(
    ctx: Any, people: Any
) -> None:
    meeting = plan_meeting()
    petition_id = open_petition(people)
    for number in range(4):
        signing.sign(petition_id, user=signer(people, f"s{number}"), ip=None, now=NOW)
    assert agenda_count(petition_id) == 0
    signing.sign(petition_id, user=signer(people, "fifth"), ip=None, now=NOW)
    signing.sign(petition_id, user=signer(people, "sixth"), ip=None, now=NOW)
    petition = db.session.get(Petition, petition_id)
    assert petition.stamps()["council_debate"] == NOW
    assert petition.debate_progress == SCHEDULED
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.subject_id == petition_id))
    assert sorted(i.kind for i in items) == ["petition_answer", "petition_presentation"]
    assert {i.meeting_id for i in db.session.scalars(select(AgendaItem))} == {meeting.id}
    assert events(petition_id).count("threshold_reached") == 1


def test_without_a_planned_meeting_the_debate_waits(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people)
    for number in range(5):
        signing.sign(petition_id, user=signer(people, f"s{number}"), ip=None, now=NOW)
    assert db.session.get(Petition, petition_id).debate_progress == AWAITING
    assert "awaiting_meeting" in events(petition_id)


def test_at_10_percent_of_inhabitants_a_referendum_draft_is_created(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people)
    for number in range(10):
        signing.sign(petition_id, user=signer(people, f"s{number}"), ip=None, now=NOW)
    petition = db.session.get(Petition, petition_id)
    assert petition.referendum_progress == SCHEDULED
    from civic.followup.votations import votation_for_petition

    votation = votation_for_petition(petition_id, "referendum")
    assert votation is not None and votation.title == "Installer un banc."


def test_a_recall_counts_electors_only(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people, kind="recall", recall_official="M. le Maire")
    for number in range(6):
        signing.sign(petition_id, user=signer(people, f"r{number}"), ip=None, now=NOW)
    for number in range(4):
        signing.sign(
            petition_id, user=signer(people, f"e{number}", level="elector"), ip=None, now=NOW
        )
    petition = db.session.get(Petition, petition_id)
    assert (petition.collected_count, petition.counted_electors) == (10, 4)
    assert petition.recall_progress == NOT_REACHED
    status = signing.signature_status(petition, signer(people, "later", level="resident"))
    assert not status.signed
    signing.sign(petition_id, user=signer(people, "e5", level="elector"), ip=None, now=NOW)
    assert db.session.get(Petition, petition_id).recall_progress == SCHEDULED


def test_an_online_and_a_paper_signature_of_one_person_count_once(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people)
    clerk = signer(people, "typist", roles=("clerk",))
    ana = signer(people, "ana", family_name="D'Arc", given_names="Éloïse-Marie")
    signing.sign(petition_id, user=ana, ip=None, now=NOW)
    line = paper.PaperLine("D’ARC", "ELOISE MARIE", "17/05/1990", "1 rue Haute")
    result = paper.enter_paper_signature(petition_id, line, clerk=clerk, now=NOW)
    assert result.duplicate and result.signature.channel == "online"
    assert db.session.get(Petition, petition_id).collected_count == 1


def test_a_paper_line_on_the_electoral_list_counts_and_others_wait_for_a_clerk(
    ctx: Any, people: Any
) -> None:
    from civic.auth.services import person_key

    petition_id = open_petition(people)
    clerk = signer(people, "typist", roles=("clerk",))
    batch = ElectoralListImport(imported_at=NOW, rows=1, matched=0, unmatched=1, rejected=0)
    db.session.add(batch)
    db.session.flush()
    db.session.add(
        ElectorRecord(identity_key=person_key("Roux", "Jean", date(1960, 2, 3)), import_id=batch.id)
    )
    db.session.commit()
    listed = paper.enter_paper_signature(
        petition_id, paper.PaperLine("Roux", "Jean", "03/02/1960", "2 rue"), clerk=clerk, now=NOW
    )
    unknown = paper.enter_paper_signature(
        petition_id, paper.PaperLine("Blanc", "Zoé", "1985-07-01", "3 rue"), clerk=clerk, now=NOW
    )
    assert listed.signature.residence_verified and listed.signature.elector
    assert not unknown.signature.residence_verified
    petition = db.session.get(Petition, petition_id)
    assert (petition.collected_count, petition.counted_residents) == (2, 1)
    assert [s.id for s in moderation.verification_queue()] == [unknown.signature.id]
    moderation.verify_signature(unknown.signature.id, actor=clerk, now=NOW)
    assert db.session.get(Petition, petition_id).counted_residents == 2
    assert moderation.verification_queue() == []


@pytest.mark.parametrize("typed", ["31/02/1990", "1990", "17/05/2090", "hier", ""])
def test_a_paper_line_with_an_impossible_birth_date_is_refused(
    ctx: Any, people: Any, typed: str
) -> None:
    petition_id = open_petition(people)
    clerk = signer(people, "typist", roles=("clerk",))
    with pytest.raises(Refused) as refusal:
        paper.enter_paper_signature(
            petition_id, paper.PaperLine("Roux", "Jean", typed, "2 rue"), clerk=clerk, now=NOW
        )
    assert refusal.value.field == "birth_date"
    assert db.session.get(Petition, petition_id).collected_count == 0


def test_invalidating_signatures_below_the_threshold_unreaches_it_with_the_reason(
    ctx: Any, people: Any
) -> None:
    plan_meeting()
    petition_id = open_petition(people)
    clerk = signer(people, "typist", roles=("clerk",))
    for number in range(5):
        signing.sign(petition_id, user=signer(people, f"s{number}"), ip="10.9.9.9", now=NOW)
    assert agenda_count(petition_id) == 2
    count = moderation.invalidate_matching(
        petition_id,
        moderation.Conditions(ip_hash=signing_hash(ctx, "10.9.9.9")),
        reason="rafale depuis une seule adresse",
        actor=clerk,
        now=NOW,
    )
    petition = db.session.get(Petition, petition_id)
    assert count == 5
    assert (petition.collected_count, petition.counted_residents) == (0, 0)
    assert petition.stamps() == {}
    assert petition.debate_progress == NOT_REACHED
    assert agenda_count(petition_id) == 0
    lost = db.session.scalar(
        select(PetitionEvent).where(
            PetitionEvent.petition_id == petition_id, PetitionEvent.kind == "threshold_lost"
        )
    )
    assert lost is not None and "rafale" in (lost.detail or "")


def signing_hash(app: Flask, address: str) -> str:
    with app.test_request_context():
        value = signing.ip_hash(address)
    assert value is not None
    return value


def test_a_threshold_whose_meeting_was_held_stays_reached(ctx: Any, people: Any) -> None:
    meeting = plan_meeting(days=1)
    petition_id = open_petition(people)
    clerk = signer(people, "typist", roles=("clerk",))
    signatures = [
        signing.sign(petition_id, user=signer(people, f"s{n}"), ip=None, now=NOW).signature_id
        for n in range(5)
    ]
    meeting.status = "held"
    db.session.commit()
    moderation.invalidate_signature(
        signatures[0], reason="signature contestée", actor=clerk, now=NOW + timedelta(days=2)
    )
    petition = db.session.get(Petition, petition_id)
    assert petition.counted_residents == 4
    assert "council_debate" in petition.stamps()
    assert "threshold_kept" in events(petition_id)


def test_the_legal_petition_allows_one_request_per_elector_per_quarter(
    ctx: Any, people: Any
) -> None:
    first = open_petition(people, rule_set="cgct", title="Consultation sur la piscine")
    second = open_petition(people, rule_set="cgct", title="Consultation sur le stade")
    elector = signer(people, "eve", level="elector")
    signing.sign(first, user=elector, ip=None, now=NOW)
    with pytest.raises(Refused, match="Consultation sur la piscine"):
        signing.sign(second, user=elector, ip=None, now=NOW)
    next_quarter = NOW + timedelta(days=92)
    signing.sign(second, user=elector, ip=None, now=next_quarter)
    resident = signer(people, "rita", level="resident")
    with pytest.raises(Refused, match="électeurs"):
        signing.sign(first, user=resident, ip=None, now=NOW)


def test_a_legal_request_in_a_charter_petition_and_one_in_a_cgct_petition_share_the_quarter(
    ctx: Any, people: Any
) -> None:
    charter = open_petition(people, title="Des arceaux à vélo")
    cgct = open_petition(people, rule_set="cgct", title="Consultation sur le stade")
    eve = signer(people, "eve", level="elector")
    signing.sign(charter, user=eve, ip=None, now=NOW, legal_request=True)
    with pytest.raises(Refused, match="Des arceaux à vélo"):
        signing.sign(cgct, user=eve, ip=None, now=NOW)
    assert db.session.get(Petition, cgct).collected_count == 0


def test_withdrawing_a_legal_request_frees_the_quarter_and_its_count(ctx: Any, people: Any) -> None:
    first = open_petition(people, title="Un premier sujet")
    second = open_petition(people, title="Un second sujet")
    eve = signer(people, "eve", level="elector")
    signing.sign(first, user=eve, ip=None, now=NOW, legal_request=True)
    assert db.session.get(Petition, first).counted_legal == 1
    signing.withdraw_signature(first, user=eve, now=NOW)
    assert db.session.get(Petition, first).counted_legal == 0
    signing.sign(second, user=eve, ip=None, now=NOW, legal_request=True)
    assert db.session.get(Petition, second).counted_legal == 1


def test_an_invalidated_legal_request_stops_counting_and_frees_the_quarter(
    ctx: Any, people: Any
) -> None:
    first = open_petition(people, title="Un premier sujet")
    second = open_petition(people, title="Un second sujet")
    clerk = signer(people, "greffe", roles=("clerk",))
    eve = signer(people, "eve", level="elector")
    status = signing.sign(first, user=eve, ip=None, now=NOW, legal_request=True)
    assert status.signature_id is not None
    moderation.invalidate_signature(status.signature_id, reason="doublon", actor=clerk, now=NOW)
    assert db.session.get(Petition, first).counted_legal == 0
    signing.sign(second, user=eve, ip=None, now=NOW, legal_request=True)


def test_recount_repairs_the_legal_requests_count(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people)
    signing.sign(
        petition_id,
        user=signer(people, "eve", level="elector"),
        ip=None,
        now=NOW,
        legal_request=True,
    )
    db.session.get(Petition, petition_id).counted_legal = 9
    db.session.commit()
    drifts = moderation.recount(now=NOW)
    assert [(d.stored.counted_legal, d.rows.counted_legal) for d in drifts] == [(9, 1)]
    assert db.session.get(Petition, petition_id).counted_legal == 1


def test_the_councils_answer_needs_a_deliberation_whatever_id_is_sent(
    ctx: Any, people: Any
) -> None:
    petition_id = open_petition(people)
    elue = signer(people, "elue", roles=("councillor",))
    for decision_id in (None, 2**63, -1):
        with pytest.raises(Refused, match="avec la délibération dont elle est issue"):
            lifecycle.publish_answer(
                petition_id,
                body="Réponse.",
                answered_as="council",
                decision_id=decision_id,
                actor=elue,
                now=NOW,
            )
    answer = lifecycle.publish_answer(
        petition_id, body="Mon avis.", answered_as="mayor", decision_id=None, actor=elue, now=NOW
    )
    assert (answer.answered_as, answer.decision_id) == ("mayor", None)


def test_a_councillor_cannot_publish_the_councils_answer_with_another_items_deliberation(
    ctx: Any, people: Any
) -> None:
    petition_id = open_petition(people)
    other_id = open_petition(people, title="Des arceaux à vélo")
    elue = signer(people, "elue", roles=("councillor",))
    foreign = [
        CouncilDecision(
            subject_type=subject_type,
            subject_id=subject_id,
            matter="council_debate" if subject_type == "petition" else "result",
            outcome="adopted",
            decided_on=NOW.date(),
            number=f"2026-0{subject_id}",
            votes_for=20,
            votes_against=3,
            abstentions=1,
            recorded_at=NOW,
            recorded_by_id=elue.id,
        )
        for subject_type, subject_id in (("petition", other_id), ("votation", petition_id))
    ]
    db.session.add_all(foreign)
    db.session.commit()
    for decision in foreign:
        with pytest.raises(Refused, match="avec la délibération dont elle est issue"):
            lifecycle.publish_answer(
                petition_id,
                body="Le conseil a décidé.",
                answered_as="council",
                decision_id=decision.id,
                actor=elue,
                now=NOW,
            )
    assert lifecycle.answers_of(petition_id) == []


def test_a_resident_can_withdraw_their_signature_while_open(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people)
    ana = signer(people, "ana")
    signing.sign(petition_id, user=ana, ip=None, now=NOW)
    signing.withdraw_signature(petition_id, user=ana, now=NOW)
    assert db.session.get(Petition, petition_id).collected_count == 0
    assert db.session.scalar(select(func.count()).select_from(Signature)) == 0


def test_recount_reports_and_repairs_drift(ctx: Any, people: Any) -> None:
    petition_id = open_petition(people)
    signing.sign(petition_id, user=signer(people, "ana"), ip=None, now=NOW)
    petition = db.session.get(Petition, petition_id)
    petition.collected_count = 7
    db.session.commit()
    drifts = moderation.recount(now=NOW)
    assert [(d.petition_id, d.stored.collected, d.rows.collected) for d in drifts] == [
        (petition_id, 7, 1)
    ]
    assert db.session.get(Petition, petition_id).collected_count == 1
    assert moderation.recount(now=NOW) == []


def test_a_petition_keeps_the_rules_it_opened_under(ctx: Any, people: Any) -> None:
    import json

    from civic.petitions import rules

    admin = signer(people, "boss", roles=("admin",))
    petition_id = open_petition(people)
    edited = rules.rule_set_to_dict(rules.rule_set("charter"))  # type: ignore[attr-defined]
    edited["thresholds"][0]["percent"] = "20"
    rules.save_rule_set("charter", json.dumps(edited), actor=admin, now=NOW)
    assert rules.rule_set("charter").thresholds[0].percent == 20
    assert rules.petition_rules(db.session.get(Petition, petition_id)).thresholds[0].percent == 5
    with pytest.raises(Refused):
        rules.save_rule_set("charter", '{"code": "charter"}', actor=admin, now=NOW)


def test_an_admitted_petition_is_open_until_its_deadline(ctx: Any, people: Any) -> None:
    petition = db.session.get(Petition, open_petition(people))
    assert petition.state == OPEN
    assert petition.deadline == datetime(2026, 11, 5, tzinfo=UTC)


def test_the_recount_command_reports_drift_and_exits_1(ctx: Any, people: Any, runner: Any) -> None:
    petition_id = open_petition(people)
    signing.sign(petition_id, user=signer(people, "ana"), ip=None, now=NOW)
    db.session.get(Petition, petition_id).counted_residents = 3
    db.session.commit()
    result = runner.invoke(args=["civic", "petitions", "recount", "--dry-run"])
    assert result.exit_code == 1
    assert f"petition {petition_id}: stored collected=1 counted=3" in result.output
    result = runner.invoke(args=["civic", "petitions", "recount"])
    assert "(repaired)" in result.output
    result = runner.invoke(args=["civic", "petitions", "recount"])
    assert result.exit_code == 0 and "No drift" in result.output
