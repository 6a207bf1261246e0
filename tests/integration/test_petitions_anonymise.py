"""Signatures are anonymised some months after a petition's collection ended (issue 8):
the people who signed are no longer named anywhere on the rows, yet every count, the
recount, the thresholds and "one person, one signature" (the CGCT quarter rule
included) hold exactly as before."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import AuditEntry, Petition, Signature, User
from civic.models.petitions import CLOSED
from civic.petitions import lifecycle, moderation, paper, signing
from civic.petitions.anonymise import (
    PERSONAL_COLUMNS,
    Anonymised,
    anonymise_due,
    anonymise_petition,
    ended_before,
)
from civic.services import Refused
from tests.integration.test_petitions_signing import NOW, add_figures, events, open_petition, signer

AFTER_DEADLINE = NOW + timedelta(days=200)  # the default deadline is six months on
PAPER_LINE = paper.PaperLine(
    family_name="Durand-Villeneuve",
    given_names="Odile",
    birth_date="17/05/1960",
    address="3 rue des Tanneurs",
)
REASON = "Même personne que la ligne 12 (Mme Xanthippe Oberkampf)"


@pytest.fixture
def ctx(app: Flask) -> Any:
    with app.app_context(), write_intent():
        add_figures()
        yield app


def signatures(petition_id: int) -> list[dict[str, Any]]:
    """Every column of every signature of the petition, as stored now."""
    rows = db.session.scalars(
        select(Signature).where(Signature.petition_id == petition_id).order_by(Signature.id)
    ).all()
    columns = inspect(Signature).column_attrs
    found = [{c.key: getattr(r, c.key) for c in columns} for r in rows]
    db.session.commit()
    return found


def counters(petition_id: int) -> tuple[int, int, int, dict[str, Any]]:
    petition = db.session.get(Petition, petition_id, populate_existing=True)
    assert petition is not None
    return (
        petition.collected_count,
        petition.counted_residents,
        petition.counted_electors,
        petition.stamps(),
    )


def audits(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def signed_online_on_paper_and_invalidated(people: Any) -> tuple[int, list[str]]:
    """A petition with an online signature (with its IP), a paper line and an
    invalidated signature with a reason naming someone; closed at its deadline.
    Returns its id and what names or traces the signers."""
    petition_id = open_petition(people)
    clerk = signer(people, "greffe", roles=("clerk",))
    ana = signer(people, "ana", family_name="Quintanilla", given_names="Ana")
    signing.sign(petition_id, user=ana, ip="10.0.0.7", now=NOW)
    bob = signer(people, "bob", family_name="Vrkljan", given_names="Bob")
    signing.sign(petition_id, user=bob, ip="10.0.0.8", now=NOW)
    paper.enter_paper_signature(petition_id, PAPER_LINE, clerk=clerk, now=NOW)
    bobs = db.session.scalar(select(Signature.id).where(Signature.user_id == bob.id))
    assert bobs is not None
    moderation.invalidate_signature(bobs, reason=REASON, actor=clerk, now=NOW)
    assert lifecycle.close_expired(AFTER_DEADLINE) == [petition_id]
    traces = [
        "Quintanilla",
        "Vrkljan",
        "ana@example.org",
        "Durand-Villeneuve",
        "Odile",
        "rue des Tanneurs",
        "Oberkampf",
        *(row["ip_hash"] for row in signatures(petition_id) if row["ip_hash"]),
    ]
    return petition_id, traces


def test_six_months_after_closing_no_signature_names_or_traces_its_signer(
    ctx: Any, people: Any
) -> None:
    petition_id, traces = signed_online_on_paper_and_invalidated(people)
    before = signatures(petition_id)
    assert before[0]["user_id"] is not None and before[0]["ip_hash"]
    counts = counters(petition_id)

    later = AFTER_DEADLINE + timedelta(days=190)
    assert anonymise_due(later, 6) == [Anonymised(petition_id, 3)]

    after = signatures(petition_id)
    for row in after:
        assert {column: row[column] for column in PERSONAL_COLUMNS} == dict.fromkeys(
            PERSONAL_COLUMNS
        )
        stored = " ".join(str(value) for value in row.values())
        assert [trace for trace in traces if trace in stored] == []
    # What the rules need is untouched: keys, channels, verification, invalidation.
    kept = [c for c in before[0] if c not in PERSONAL_COLUMNS]
    assert [{c: r[c] for c in kept} for r in after] == [{c: r[c] for c in kept} for r in before]
    assert counters(petition_id) == counts
    assert moderation.recount(now=later, fix=False) == []
    assert db.session.get(Petition, petition_id).signatures_anonymised_at == later


def test_a_recent_closed_petition_and_an_open_one_keep_their_signatures(
    ctx: Any, people: Any
) -> None:
    closed_id, _traces = signed_online_on_paper_and_invalidated(people)
    open_id = open_petition(people, title="Une fontaine", now=AFTER_DEADLINE)
    signing.sign(open_id, user=signer(people, "cleo"), ip="10.0.0.9", now=AFTER_DEADLINE)
    before = {closed_id: signatures(closed_id), open_id: signatures(open_id)}

    five_months_on = AFTER_DEADLINE + timedelta(days=150)
    assert anonymise_due(five_months_on, 6) == []
    assert {closed_id: signatures(closed_id), open_id: signatures(open_id)} == before
    # Years later, the open petition still keeps them: only an ended collection counts.
    assert anonymise_due(AFTER_DEADLINE + timedelta(days=800), 6) == [Anonymised(closed_id, 3)]
    assert signatures(open_id) == before[open_id]


def test_a_withdrawn_petition_is_anonymised_months_after_its_withdrawal(
    ctx: Any, people: Any
) -> None:
    petition_id = open_petition(people)
    signing.sign(petition_id, user=signer(people, "ana"), ip="10.0.0.7", now=NOW)
    carrier = db.session.get(User, db.session.get(Petition, petition_id).author_id)
    lifecycle.withdraw(petition_id, author=carrier, now=NOW + timedelta(days=3))
    never_opened = lifecycle.create_draft(
        lifecycle.PetitionDraft("Brouillon", "Texte.", "Bref.", "Décider.", "ordinary", "charter"),
        author=carrier,
        now=NOW,
    )
    lifecycle.withdraw(never_opened.id, author=carrier, now=NOW)
    assert anonymise_due(NOW + timedelta(days=3 + 190), 6) == [Anonymised(petition_id, 1)]


def test_anonymising_again_changes_nothing_and_the_audit_log_says_it_once(
    ctx: Any, people: Any
) -> None:
    petition_id, _traces = signed_online_on_paper_and_invalidated(people)
    later = AFTER_DEADLINE + timedelta(days=190)
    anonymise_due(later, 6)
    after = signatures(petition_id)
    assert anonymise_due(later + timedelta(days=1), 6) == []
    assert anonymise_petition(petition_id, now=later + timedelta(days=2)) is None
    assert signatures(petition_id) == after
    entries = audits("petition.signatures_anonymised")
    assert len(entries) == 1
    assert entries[0].object_id == str(petition_id) and entries[0].actor_label == "system"
    assert '"signatures": 3' in (entries[0].after or "")
    assert events(petition_id).count("anonymised") == 1
    from civic.audit.services import verify

    assert verify().ok


def test_an_anonymised_signer_still_cannot_sign_a_second_legal_petition_that_quarter(
    ctx: Any, people: Any
) -> None:
    first = open_petition(people, rule_set="cgct", title="Consultation sur la piscine")
    second = open_petition(people, rule_set="cgct", title="Consultation sur le stade")
    elector = signer(
        people, "elise", level="elector", family_name="Oberkampf", birth_date=date(1980, 1, 2)
    )
    signing.sign(first, user=elector, ip="10.0.0.7", now=NOW)
    # The first request ends early in the quarter and a commune erases at once (0 months).
    petition = db.session.get(Petition, first)
    petition.state, petition.closed_at = CLOSED, NOW + timedelta(days=1)
    db.session.commit()
    assert anonymise_due(NOW + timedelta(days=2), 0) == [Anonymised(first, 1)]
    assert signatures(first)[0]["user_id"] is None

    same_quarter = NOW + timedelta(days=10)
    with pytest.raises(Refused, match="Consultation sur la piscine"):
        signing.sign(second, user=elector, ip=None, now=same_quarter)
    clerk = signer(people, "greffe", roles=("clerk",))
    on_paper = paper.PaperLine(
        family_name="Oberkampf", given_names="Elise", birth_date="02/01/1980", address="1 rue"
    )
    with pytest.raises(Refused, match="Ce trimestre"):
        paper.enter_paper_signature(second, on_paper, clerk=clerk, now=same_quarter)
    assert db.session.get(Petition, second).collected_count == 0
    # And the person still sees that they signed the first one.
    assert signing.signature_status(db.session.get(Petition, first), elector).signed


def test_the_cutoff_counts_calendar_months() -> None:
    end_of_august = datetime(2026, 8, 31, 12, tzinfo=UTC)
    assert ended_before(end_of_august, 6) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert ended_before(end_of_august, 0) == end_of_august
    with pytest.raises(ValueError):
        ended_before(end_of_august, -1)


# --- The command and the petition's page --------------------------------------------


def _closed_months_ago(app: Flask, people: Any, months: int) -> int:
    with app.app_context(), write_intent():
        add_figures()
        petition_id = open_petition(people, now=datetime.now(UTC) - timedelta(days=400))
        signing.sign(
            petition_id,
            user=signer(people, "ana"),
            ip="10.0.0.7",
            now=datetime.now(UTC) - timedelta(days=399),
        )
        petition = db.session.get(Petition, petition_id)
        petition.state = CLOSED
        petition.closed_at = datetime.now(UTC) - timedelta(days=months * 31)
        db.session.commit()
        return petition_id


def test_the_daily_command_anonymises_what_is_due_once(
    app: Flask, runner: Any, people: Any
) -> None:
    petition_id = _closed_months_ago(app, people, 7)
    first = runner.invoke(args=["civic", "petitions", "anonymise"])
    assert first.exit_code == 0, first.output
    assert f"petition {petition_id}: 1 signature(s) anonymised" in first.output
    assert "1 petition(s) anonymised." in first.output
    again = runner.invoke(args=["civic", "petitions", "anonymise"])
    assert again.exit_code == 0 and "0 petition(s) anonymised." in again.output


def test_the_command_follows_the_configured_delay(app: Flask, runner: Any, people: Any) -> None:
    _closed_months_ago(app, people, 7)
    app.config["PETITION_ANONYMISE_AFTER_MONTHS"] = 12
    assert (
        "0 petition(s) anonymised."
        in runner.invoke(args=["civic", "petitions", "anonymise"]).output
    )
    app.config["PETITION_ANONYMISE_AFTER_MONTHS"] = -1
    assert runner.invoke(args=["civic", "petitions", "anonymise"]).exit_code != 0


def test_the_petitions_page_says_its_signatures_were_anonymised(
    app: Flask, client: FlaskClient, runner: Any, people: Any
) -> None:
    petition_id = _closed_months_ago(app, people, 7)
    page = client.get(f"/petitions/{petition_id}").get_data(as_text=True)
    assert "Signatures anonymisées" not in page
    runner.invoke(args=["civic", "petitions", "anonymise"])
    page = client.get(f"/petitions/{petition_id}").get_data(as_text=True)
    assert 'id="signatures-anonymised"' in page and "Signatures anonymisées le" in page
    assert "Données personnelles des signataires effacées" in page
    assert '<strong class="big-number">1</strong> recueillie' in page  # the count stays
