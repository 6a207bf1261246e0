"""One daily command applies every declared retention period (GDPR art. 5.1.e): each
kind of personal data is kept until its period has passed and erased or anonymised
the day after, and a second run changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from civic import privacy
from civic.core.votation_calendar import add_months
from civic.database import write_intent
from civic.extensions import db
from civic.models import (
    AuditEntry,
    Budget,
    BudgetBallot,
    BudgetProposal,
    CharterSignatory,
    CouncilApplication,
    IdentityCollision,
    Job,
    Meeting,
    Notification,
    NotificationFollow,
    NotificationSettings,
    Petition,
    Question,
    Signature,
    Token,
    User,
    UserSession,
)
from civic.models.councils import APPLICATION_INELIGIBLE
from civic.models.limits import LoginFailures, RateLimitCounter
from civic.models.petitions import CLOSED
from civic.models.questions import QUESTION_WITHDRAWN
from civic.privacy.retention import run
from tests.budget_factory import heading_ids, make_budget
from tests.conftest import People
from tests.integration.test_budget_council_vote import council_for

# When each record's period starts: a year before the runs below.
START = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)

# kind -> builds one record whose period starts at START; returns a check that says
# whether the record still holds its personal data.
Still = Callable[[], bool]
KINDS: dict[str, Callable[[Flask, People], Still]] = {}


def kind(
    name: str,
) -> Callable[[Callable[[Flask, People], Still]], Callable[[Flask, People], Still]]:
    def register(build: Callable[[Flask, People], Still]) -> Callable[[Flask, People], Still]:
        KINDS[name] = build
        return build

    return register


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id, populate_existing=True)
    assert user is not None
    return user


@kind("unconfirmed_accounts")
def _unconfirmed(app: Flask, people: People) -> Still:
    user_id = people.make("jamais", level="unverified", confirmed=False)
    _user(user_id).created_at = START
    db.session.add(
        Token(
            user_id=user_id,
            purpose="confirm_email",
            token_hash="a" * 64,
            created_at=START,
            expires_at=START + timedelta(days=400),
        )
    )
    db.session.commit()
    return lambda: _user(user_id).email is not None and _user(user_id).family_name is not None


@kind("unused_accounts")
def _unused(app: Flask, people: People) -> Still:
    user_id = people.make("dormante")
    user = _user(user_id)
    user.created_at = START - timedelta(days=400)
    user.last_active_at = START
    # Told in time (tests/integration/test_unused_accounts.py proves the notice itself).
    user.inactivity_warned_at = add_months(START, 34)
    db.session.commit()
    return lambda: _user(user_id).email is not None and _user(user_id).address is not None


@kind("jobs")
def _jobs(app: Flask, people: People) -> Still:
    db.session.add(
        Job(
            id="00000000-0000-4000-8000-000000000001",
            task="civic.auth.mails:send_reset_link",
            state="failed",
            error="SMTPRecipientsRefused: {'dormante@example.org': (550, b'unknown')}",
            created_at=START - timedelta(minutes=1),
            finished_at=START,
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(Job.id)) is not None


@kind("refused_residence")
def _refused(app: Flask, people: People) -> Still:
    user_id = people.make("refusee", level="unverified")
    user = _user(user_id)
    user.verification_refusal = "Justificatif au nom d'une autre personne"
    user.verification_decided_at = START
    db.session.commit()
    return lambda: _user(user_id).address is not None


@kind("sessions")
def _sessions(app: Flask, people: People) -> Still:
    user_id = people.make("connectee")
    db.session.add(
        UserSession(
            id="b" * 64,
            user_id=user_id,
            created_at=START - timedelta(days=1),
            last_seen_at=START,
            expires_at=START,
            device="Firefox sur Linux",
        )
    )
    db.session.commit()
    return lambda: db.session.get(UserSession, "b" * 64, populate_existing=True) is not None


@kind("tokens")
def _tokens(app: Flask, people: People) -> Still:
    user_id = people.make("oublieuse")
    db.session.add(
        Token(
            user_id=user_id,
            purpose="reset_password",
            token_hash="c" * 64,
            created_at=START - timedelta(hours=2),
            expires_at=START,
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(Token).where(Token.token_hash == "c" * 64)) is not None


@kind("notifications")
def _notifications(app: Flask, people: People) -> Still:
    user_id = people.make("notifiee")
    db.session.add(
        Notification(
            user_id=user_id, kind="petition_answered", subject_title="Un banc", created_at=START
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(Notification.id)) is not None


@kind("notification_follows")
def _notification_follows(app: Flask, people: People) -> Still:
    user_id = people.make("follower")
    db.session.add(
        NotificationFollow(user_id=user_id, subject_type="votation", subject_id=1, created_at=START)
    )
    db.session.commit()
    return lambda: db.session.scalar(select(NotificationFollow.id)) is not None


@kind("notification_settings")
def _notification_settings(app: Flask, people: People) -> Still:
    user = db.session.get_one(User, people.make("closed"))
    user.deleted_at = START
    db.session.add(NotificationSettings(user_id=user.id, by_post=True, updated_at=START))
    db.session.commit()
    return lambda: db.session.scalar(select(NotificationSettings.user_id)) is not None


@kind("rate_limits")
def _rate_limits(app: Flask, people: People) -> Still:
    db.session.add(RateLimitCounter(key_hash="1" * 64, hits=3, expires_at=START))
    db.session.commit()
    return lambda: db.session.get(RateLimitCounter, "1" * 64, populate_existing=True) is not None


@kind("login_failures")
def _login_failures(app: Flask, people: People) -> Still:
    db.session.add(
        LoginFailures(key_hash="2" * 64, failures=4, last_failed_at=START, wait_until=START)
    )
    db.session.commit()
    return lambda: db.session.get(LoginFailures, "2" * 64, populate_existing=True) is not None


@kind("collision_decisions")
def _collisions(app: Flask, people: People) -> Still:
    collision = IdentityCollision(
        kind="accounts",
        identity_key="d" * 64,
        first_id=1,
        second_id=2,
        found_at=START,
        examined_at=START,
        decision="Mme Xanthippe Oberkampf, deux comptes",
    )
    db.session.add(collision)
    db.session.commit()
    collision_id = collision.id
    return lambda: (
        db.session.get(IdentityCollision, collision_id, populate_existing=True).decision is not None
    )  # type: ignore[union-attr]


@kind("signatures")
def _signatures(app: Flask, people: People) -> Still:
    author_id = people.make("porteuse")
    petition = Petition(
        title="Un banc place du marché",
        body="Texte.",
        easy_read="Un banc.",
        decision_asked="Installer un banc.",
        rule_set_code="charter",
        rule_set_snapshot="{}",
        author_id=author_id,
        state=CLOSED,
        opened_at=START - timedelta(days=180),
        closed_at=START,
    )
    db.session.add(petition)
    db.session.flush()
    petition_id = petition.id
    db.session.add(
        Signature(
            petition_id=petition_id,
            identity_key="e" * 64,
            channel="paper",
            paper_family_name="Durand-Villeneuve",
            paper_given_names="Odile",
            paper_address="3 rue des Tanneurs",
            created_at=START - timedelta(days=10),
        )
    )
    db.session.commit()
    return lambda: (
        db.session.scalar(
            select(Signature.paper_family_name).where(Signature.petition_id == petition_id)
        )
        is not None
    )


@kind("charter_signatories")
def _charter_signatories(app: Flask, people: People) -> Still:
    # Signed after the last general renewal (March 2026), mandate ended early at START.
    official = CharterSignatory(
        name="Xavière Quintal-Oberkampf",
        mandate="adjointe aux mobilités",
        signed_on=date(2026, 3, 2),
        mandate_ended_on=START.date(),
        created_at=START,
    )
    db.session.add(official)
    db.session.commit()
    official_id = official.id
    return lambda: db.session.get(CharterSignatory, official_id, populate_existing=True) is not None


@kind("withdrawn_questions")
def _withdrawn_question(app: Flask, people: People) -> Still:
    user_id = people.make("questionneuse")
    meeting = Meeting(title="Conseil municipal", starts_at=START, place="Hôtel de ville")
    db.session.add(meeting)
    db.session.flush()
    db.session.add(
        Question(
            meeting_id=meeting.id,
            author_id=user_id,
            title="Le marché",
            body="Pourquoi ?",
            status=QUESTION_WITHDRAWN,
            submitted_at=START,
            updated_at=START,
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(Question.id)) is not None


def _budget_with_results_at_start(app: Flask) -> tuple[int, int]:
    budget_id = make_budget(app, "results")
    budget = db.session.get(Budget, budget_id)
    assert budget is not None
    budget.results_from = START
    db.session.commit()
    return budget_id, heading_ids(app, budget_id)[0]


@kind("proposal_authors")
def _proposal_authors(app: Flask, people: People) -> Still:
    author_id = people.make("proposante")
    budget_id, heading_id = _budget_with_results_at_start(app)
    db.session.add(
        BudgetProposal(
            budget_id=budget_id,
            heading_id=heading_id,
            author_id=author_id,
            title="Fresque",
            description="Un mur.",
            summary="Une fresque.",
            estimated_cost=1000,
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(BudgetProposal.author_id)) is not None


@kind("ballot_voters")
def _ballot_voters(app: Flask, people: People) -> Still:
    voter_id = people.make("votante")
    _budget_id, heading_id = _budget_with_results_at_start(app)
    db.session.add(
        BudgetBallot(heading_id=heading_id, identity_key="f" * 64, voter_id=voter_id, cast_at=START)
    )
    db.session.commit()
    return lambda: db.session.scalar(select(BudgetBallot.voter_id)) is not None


@kind("refused_applications")
def _refused_applications(app: Flask, people: People) -> Still:
    user_id = people.make("candidate")
    council_id = council_for(app)  # in the candidate's neighbourhood, made with the account
    db.session.add(
        CouncilApplication(
            council_id=council_id,
            user_id=user_id,
            kind="pool",
            gender="female",
            age_band="30-44",
            status=APPLICATION_INELIGIBLE,
            refusal="Habite hors du quartier",
            created_at=START,
            decided_at=START,
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(CouncilApplication.id)) is not None


@kind("body_members")
def _former_body_member(app: Flask, people: People) -> Still:
    from datetime import date

    from civic.models import Body, BodyMember

    body = Body(
        kind="ccspl",
        name="CCSPL",
        purpose="Services publics",
        expert_seats=1,
        term_start=date(2020, 1, 1),
        term_end=date(2099, 1, 1),
    )
    db.session.add(body)
    db.session.flush()
    db.session.add(
        BodyMember(
            body_id=body.id,
            category="expert",
            name="Ancienne",
            since=date(2020, 1, 1),
            until=START.date(),
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(BodyMember.id)) is not None


@kind("lobby_records")
def _old_lobby_record(app: Flask, people: People) -> Still:
    from civic.models import Gift, LobbyMeeting

    db.session.add(
        LobbyMeeting(
            representative="Eaux de France",
            official="Maire",
            met_on=START.date(),
            subject="Contrat de l'eau",
            recorded_at=START,
        )
    )
    db.session.add(
        Gift(
            official="Maire",
            giver="Eaux de France",
            description="Invitation",
            value=80,
            offered_on=START.date() + timedelta(days=400),  # still kept
            outcome="declined",
            recorded_at=START,
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(LobbyMeeting.id)) is not None


@kind("document_requesters")
def _answered_document_request(app: Flask, people: People) -> Still:
    from civic.models import DocumentRequest

    user_id = people.make("demandeuse")
    db.session.add(
        DocumentRequest(
            requester_id=user_id,
            document="Marché de la cantine",
            received_on=START.date() - timedelta(days=20),
            answered_on=START.date(),
            outcome="communicated",
            answer="Envoyé",
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(DocumentRequest.requester_id)) is not None


@kind("lottery_invitees")
def _lottery_invitee(app: Flask, people: People) -> Still:
    from datetime import date

    from civic.models import Body, BodyLottery, LotteryPerson

    body = Body(
        kind="citizen_audit",
        name="Audit",
        purpose="Audit",
        drawn_seats=1,
        term_start=date(2026, 1, 1),
        term_end=date(2099, 1, 1),
    )
    db.session.add(body)
    db.session.flush()
    lottery = BodyLottery(
        body_id=body.id,
        state="seated",
        source="address_file",
        invitations=1,
        seats=1,
        list_csv="id\nL00001\n",
        list_digest="0" * 64,
        frozen_at=START,
        seated_at=START,
    )
    db.session.add(lottery)
    db.session.flush()
    db.session.add(
        LotteryPerson(
            lottery_id=lottery.id, code="L00001", name="Invitée", address="1 rue", invited=True
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(LotteryPerson.name)) is not None


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    with app.app_context(), write_intent():
        yield app


def _retention(key: str) -> privacy.Retention:
    found = [r for p in privacy.registered() for r in p.retention if r.key == key]
    assert len(found) == 1, key
    return found[0]


def _due(app: Flask, key: str) -> datetime:
    """The first moment the record started at START is past its period."""
    retention = _retention(key)
    return add_months(START, retention.period_months(app.config)) + timedelta(days=retention.days)


@kind("counter_checks")
def _counter_checks(app: Flask, people: People) -> Still:
    from civic.models import CounterCheck

    user_id = people.make("guichet")
    db.session.add(
        CounterCheck(
            user_id=user_id,
            identity_document="carte d'identité",
            residence_document="facture d'énergie",
            checked_at=START,
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(CounterCheck.id)) is not None


@kind("counter_consents")
def _counter_consents(app: Flask, people: People) -> Still:
    from civic.models import CounterAct

    user_id = people.make("accord")
    db.session.add(
        CounterAct(
            user_id=user_id,
            kind="question",
            object_type="question",
            object_id=1,
            label="Question pour la séance",
            consented_at=START,
        )
    )
    db.session.commit()
    return lambda: db.session.scalar(select(CounterAct.id)) is not None


@kind("residence_proofs")
def _residence_proofs(app: Flask, people: People) -> Still:
    import os

    from civic.residents import proofs

    user_id = people.make("justifie", level="unverified")
    proof = proofs.send(_user(user_id), b"%PDF-1.7 facture", now=START)
    path = proofs.path_of(proof)
    return lambda: proofs.proof_of(user_id) is not None and os.path.isfile(path)


def test_every_retention_that_erases_is_proven_here(ctx: Flask) -> None:
    erasing = {r.key for p in privacy.registered() for r in p.retention if r.erase}
    assert erasing == set(KINDS)


@pytest.mark.parametrize("key", sorted(KINDS))
def test_personal_data_is_kept_until_its_period_has_passed(
    ctx: Flask, people: People, key: str
) -> None:
    still = KINDS[key](ctx, people)
    run(_due(ctx, key) - timedelta(days=1))
    assert still()


@pytest.mark.parametrize("key", sorted(KINDS))
def test_personal_data_is_erased_the_day_after_its_period(
    ctx: Flask, people: People, key: str
) -> None:
    still = KINDS[key](ctx, people)
    done = run(_due(ctx, key) + timedelta(days=1))
    assert not still()
    assert [e.count for e in done if e.retention == key] == [1]
    # Said in the audit log, without a name: the kind and how many.
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "retention.applied")
    ).all()
    assert any(f'"kind": "{key}"' in (e.after or "") for e in entries)
    # A second run finds nothing more to do.
    again = run(_due(ctx, key) + timedelta(days=2))
    assert [e.count for e in again if e.retention == key] == [0]


def test_a_closed_account_can_register_again_and_its_sessions_and_links_are_gone(
    ctx: Flask, people: People
) -> None:
    still = KINDS["unconfirmed_accounts"](ctx, people)
    run(_due(ctx, "unconfirmed_accounts") + timedelta(days=1))
    assert not still()
    user = db.session.scalar(select(User).where(User.deleted_at.is_not(None)))
    assert user is not None and user.email is None and user.password_hash is None
    assert db.session.scalar(select(Token.id).where(Token.user_id == user.id)) is None


def test_staff_accounts_are_never_closed_by_the_retention_run(ctx: Flask, people: People) -> None:
    clerk_id = people.make("greffe", roles=("clerk",), confirmed=False)
    _user(clerk_id).created_at = START
    db.session.commit()
    run(_due(ctx, "unconfirmed_accounts") + timedelta(days=1))
    assert _user(clerk_id).email is not None


def test_the_command_runs_every_retention_and_says_what_it_erased(
    ctx: Flask, people: People, runner: Any
) -> None:
    KINDS["notifications"](ctx, people)
    for notification in db.session.scalars(select(Notification)):
        notification.created_at = datetime.now(UTC) - timedelta(days=400)
    db.session.commit()
    result = runner.invoke(args=["civic", "retention"])
    assert result.exit_code == 0, result.output
    assert "accounts/notifications: 1" in result.output
    assert "signatures/signatures: 0" in result.output
    assert db.session.scalar(select(Notification.id)) is None
