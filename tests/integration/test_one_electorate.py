"""One electorate rule everywhere: the same person is refused for the same reason by
signing, paper entry, the participatory budget, a council application and a
question, and the age is counted on the commune's local day (docs/rules.md §1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from civic.budget import voting as budget_voting
from civic.core.electorate import ELECTOR_MINIMUM_AGE, Electorate, refusal
from civic.councils import membership
from civic.database import write_intent
from civic.electorate import account_filter, person_of
from civic.extensions import db
from civic.models import CommuneFigure, Neighbourhood, User
from civic.petitions import lifecycle, paper, signing
from civic.questions.services import QuestionText, submit_question
from civic.services import Refused
from tests.budget_factory import heading_ids, make_budget
from tests.support.councils import make_council
from tests.support.meetings import plan_meeting

TOO_YOUNG = "Il faut avoir au moins 16 ans le "


def fifteen_today() -> date:
    """Born so as to be 15 for most of a year yet: 16 on no day the tests look at."""
    today = datetime.now(UTC).date()
    return date(today.year - 15, today.month, 1) - timedelta(days=40)


def _petition(app: Flask, people: Any, now: datetime) -> tuple[int, User]:
    with app.app_context(), write_intent():
        for name, value in (("population", 26_050), ("electorate", 17_120)):
            db.session.add(
                CommuneFigure(
                    name=name, value=value, source="INSEE", effective_date=date(2020, 1, 1)
                )
            )
        db.session.commit()
    author_id = people.make("carrier", level="elector")
    clerk_id = people.make("agent", roles=("clerk",))
    with app.app_context(), write_intent():
        author, clerk = db.session.get(User, author_id), db.session.get(User, clerk_id)
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
            now=now,
        )
        lifecycle.submit(draft.id, author=author, now=now)
        lifecycle.admit(draft.id, deadline=None, actor=clerk, now=now)
        return draft.id, clerk


def _refusal(act: Any) -> str:
    with pytest.raises(Refused) as refused:
        act()
    return str(refused.value.message)


def test_a_fifteen_year_old_is_refused_for_the_same_reason_by_every_act(
    app: Flask, people: Any
) -> None:
    now = datetime.now(UTC)
    born = fifteen_today()
    petition_id, _clerk = _petition(app, people, now)
    teen_id = people.make("teen", birth_date=born)
    council_id = make_council(app, people, pool=[])
    meeting_id = plan_meeting(app, days_ahead=10)
    budget_id = make_budget(app, "vote")
    messages = {}
    with app.app_context():
        teen = db.session.get(User, teen_id)
        clerk = db.session.get(User, people.created["agent"])
        with write_intent():
            messages["signing"] = _refusal(
                lambda: signing.sign(petition_id, user=teen, ip=None, now=now)
            )
        with write_intent():
            messages["paper"] = _refusal(
                lambda: paper.enter_paper_signature(
                    petition_id,
                    paper.PaperLine("Jeune", "Teen", born.isoformat(), "1 rue Haute"),
                    clerk=clerk,
                    now=now,
                )
            )
        with write_intent():
            messages["council"] = _refusal(
                lambda: membership.apply(
                    council_id,
                    membership.ApplicationInput("pool", "female", False),
                    user=teen,
                    now=now,
                )
            )
        with write_intent():
            messages["question"] = _refusal(
                lambda: submit_question(
                    meeting_id,
                    QuestionText("Quand la piscine rouvrira-t-elle ?", "Une question " * 5, False),
                    author=teen,
                    now=now,
                )
            )
        heading = budget_voting.get_heading(heading_ids(app, budget_id)[0])
        messages["budget"] = budget_voting.refusal_reason(heading, teen)  # type: ignore[arg-type]
    assert all(message and message.startswith(TOO_YOUNG) for message in messages.values()), messages


def test_a_resident_who_turns_16_at_local_midnight_signs_while_utc_is_the_day_before(
    app: Flask, people: Any
) -> None:
    # 4 May 2026, 22:30 UTC is 5 May, 00:30 in Paris: the resident's 16th birthday.
    now = datetime(2026, 5, 4, 22, 30, tzinfo=UTC)
    petition_id, _clerk = _petition(app, people, now - timedelta(days=1))
    birthday = people.make("birthday", birth_date=date(2010, 5, 5))
    tomorrow = people.make("tomorrow", birth_date=date(2010, 5, 6))
    with app.app_context():
        with write_intent():
            status = signing.sign(
                petition_id, user=db.session.get(User, birthday), ip=None, now=now
            )
        assert status.signed
        with write_intent():
            message = _refusal(
                lambda: signing.sign(
                    petition_id, user=db.session.get(User, tomorrow), ip=None, now=now
                )
            )
    assert message == "Il faut avoir au moins 16 ans le 5 mai 2026."


def test_registration_counts_the_16th_birthday_on_the_local_day(app: Flask) -> None:
    from civic.auth.services import Registration, register

    with app.test_request_context(), write_intent():  # the confirmation mail renders a template
        hood = Neighbourhood(name="Centre", population=1000)
        db.session.add(hood)
        db.session.commit()
        register(
            Registration(
                family_name="Martin",
                given_names="Léa",
                birth_date=date(2010, 5, 5),
                email="lea@example.org",
                address="1 rue Haute",
                neighbourhood_id=hood.id,
                password="un mot de passe assez long",
            ),
            now=datetime(2026, 5, 4, 22, 30, tzinfo=UTC),
        )
        assert db.session.scalar(select(User.id).where(User.email == "lea@example.org"))


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people_facts=st.lists(
        st.tuples(
            st.one_of(st.none(), st.dates(date(2005, 1, 1), date(2012, 12, 31))),
            st.sampled_from(["unverified", "resident", "elector"]),
            st.sampled_from(["Nord", "Sud"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    ),
    minimum=st.sampled_from([0, 16, ELECTOR_MINIMUM_AGE]),
    electors_only=st.booleans(),
    only_nord=st.booleans(),
    day=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
)
def test_counting_the_eligible_and_checking_each_person_agree(
    app: Flask,
    people_facts: list[tuple[date | None, str, str, bool]],
    minimum: int,
    electors_only: bool,
    only_nord: bool,
    day: date,
) -> None:
    with app.app_context(), write_intent():
        db.session.execute(User.__table__.delete())
        db.session.execute(Neighbourhood.__table__.delete())
        hoods = {name: Neighbourhood(name=name, population=1) for name in ("Nord", "Sud")}
        db.session.add_all(hoods.values())
        db.session.flush()
        for n, (born, level, hood, deleted) in enumerate(people_facts):
            db.session.add(
                User(
                    identity_key=f"k{n}",
                    birth_date=born,
                    verification=level,
                    neighbourhood_id=hoods[hood].id,
                    deleted_at=datetime(2024, 1, 1, tzinfo=UTC) if deleted else None,
                )
            )
        db.session.commit()
        electorate = Electorate(
            minimum_age=minimum,
            electors_only=electors_only,
            neighbourhoods=frozenset({hoods["Nord"].id}) if only_nord else frozenset(),
        )
        counted = db.session.scalar(
            select(func.count()).select_from(User).where(*account_filter(electorate, day))
        )
        checked = sum(
            refusal(electorate, person_of(user), day) is None
            for user in db.session.scalars(select(User))
        )
        assert counted == checked
