"""The legal track's votations: the council's deliberation and its transmission to the
prefect before scheduling, the periods and delays of the law, and the results entered
from each polling station's official report (docs/rules.md §4, §9).

The rules are pure (``civic.core.legal_track``); the dates of the council's general
renewal and of the elections come from the configuration (``COUNCIL_GENERAL_RENEWAL``,
``ELECTION_PERIODS``). A station's report puts its ballots into the anonymous box as
one paper batch, so the tally, the exported ballots and the recount stay the same as
for any votation, and a mistyped report is cancelled like any batch
(``civic.votations.paper.cancel_batch``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from civic.audit import services as audit
from civic.core.legal_track import (
    ElectionPeriod,
    LegalProblem,
    LegalVote,
    ScheduleFacts,
    check_schedule,
)
from civic.extensions import db
from civic.models import User
from civic.models.votation_legal import (
    NUMBER_MAX,
    SUBJECT_MAX,
    VotationDeliberation,
)
from civic.models.votations import (
    STATUS_DRAFT,
    Votation,
)
from civic.services import Refused
from civic.votations.eligibility import local_day
from civic.votations.same_subject import earlier_votes, first_vote_on, polling_days, subject_of
from civic.votations.services import get_votation, withdraw_scheduling
from civic.votations.track import legal_vote


def refuse_charter(votation: Votation) -> LegalVote:
    kind = legal_vote(votation)
    if kind is None:
        raise Refused(
            _("Cette votation est une votation citoyenne : elle n'a ni délibération ni bureaux.")
        )
    return kind


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def renewal_month() -> date | None:
    """The month of the council's next general renewal (``COUNCIL_GENERAL_RENEWAL``)."""
    value = current_app.config["COUNCIL_GENERAL_RENEWAL"]
    return date.fromisoformat(f"{value}-01") if value else None


def election_periods() -> list[ElectionPeriod]:
    """The configured campaigns and polling days (``ELECTION_PERIODS``)."""
    return [
        ElectionPeriod(
            name=str(period["name"]),
            starts_on=_day(period["from"]),
            ends_on=_day(period["to"]),
        )
        for period in current_app.config["ELECTION_PERIODS"]
    ]


def deliberation_of(votation_id: int) -> VotationDeliberation | None:
    return db.session.get(VotationDeliberation, votation_id)


@dataclass(frozen=True)
class DeliberationDetails:
    subject: str
    number: str
    adopted_on: date | None
    transmitted_on: date | None
    # The earlier vote of the commune on the same object, as the clerk chose it.
    same_subject_as_id: int | None = None


def record_deliberation(
    votation_id: int, details: DeliberationDetails, *, actor: User, now: datetime
) -> VotationDeliberation:
    """Record (or correct, while a draft) the deliberation that organises a vote of the
    law and its transmission to the prefect (LO 1112-3, L1112-17). A correction
    withdraws a pending scheduling request: the approver approves what they read."""
    votation = get_votation(votation_id)
    db.session.refresh(votation, with_for_update=True)
    refuse_charter(votation)
    if votation.status != STATUS_DRAFT:
        raise Refused(_("La votation est programmée : sa délibération ne change plus."))
    subject = " ".join(details.subject.split())
    number = " ".join(details.number.split())
    if not subject:
        raise Refused(_("Indiquez l'objet soumis aux électeurs."), "subject")
    if len(subject) > SUBJECT_MAX:
        raise Refused(_("Objet trop long."), "subject")
    if not number:
        raise Refused(_("Indiquez le numéro de la délibération."), "number")
    if len(number) > NUMBER_MAX:
        raise Refused(_("Numéro trop long."), "number")
    today = local_day(now)
    if details.adopted_on is None:
        raise Refused(_("Indiquez la date de la délibération."), "adopted_on")
    if details.adopted_on > today:
        raise Refused(_("La délibération ne peut pas être datée de demain."), "adopted_on")
    sent = details.transmitted_on
    if sent is not None and sent < details.adopted_on:
        raise Refused(
            _("La délibération ne peut pas être transmise avant d'avoir été adoptée."),
            "transmitted_on",
        )
    if sent is not None and sent > today:
        raise Refused(
            _("Une transmission ne s'enregistre qu'une fois faite (pas de date à venir)."),
            "transmitted_on",
        )
    first_vote = first_vote_on(votation, details.same_subject_as_id)
    record = deliberation_of(votation.id)
    before = None
    if record is None:
        record = VotationDeliberation(votation_id=votation.id, recorded_at=now)
        db.session.add(record)
    else:
        before = _as_dict(record)
    record.subject, record.number = subject, number
    record.adopted_on, record.transmitted_on = details.adopted_on, sent
    record.same_subject_as_id = first_vote
    record.recorded_by_id, record.recorded_at = actor.id, now
    withdrawn = withdraw_scheduling(votation)
    audit.record(
        actor=actor,
        action="votation.deliberation_recorded",
        object_type="votation",
        object_id=votation.id,
        before=before,
        after={**_as_dict(record), "scheduling_withdrawn": withdrawn},
        now=now,
    )
    db.session.commit()
    return record


def _as_dict(record: VotationDeliberation) -> dict[str, Any]:
    return {
        "subject": record.subject,
        "number": record.number,
        "adopted_on": record.adopted_on.isoformat() if record.adopted_on else None,
        "transmitted_on": record.transmitted_on.isoformat() if record.transmitted_on else None,
        "same_subject_as": record.same_subject_as_id,
    }


def _fmt(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def problem_text(problem: LegalProblem, kind: LegalVote) -> str:
    """A rule of the law in a clerk's words, with its article."""
    code = problem.code
    article = "LO 1112-3" if kind is LegalVote.REFERENDUM else "L1112-17"
    if code == "no_subject":
        return _("Indiquez l'objet soumis aux électeurs, dans la délibération.")
    if code == "no_deliberation":
        return _(
            "Enregistrez d'abord la délibération du conseil qui organise le vote (numéro et "
            "date, CGCT %(article)s).",
            article=article,
        )
    if code == "deliberation_in_future":
        return _("La délibération ne peut pas être datée de demain.")
    if code == "not_transmitted":
        return _(
            "Enregistrez la transmission de la délibération au préfet : le vote ne se programme "
            "qu'ensuite (CGCT %(article)s).",
            article=article,
        )
    if code == "transmitted_before_deliberation":
        return _("La délibération ne peut pas être transmise avant d'avoir été adoptée.")
    if code == "transmitted_in_future":
        return _("Une transmission ne s'enregistre qu'une fois faite (pas de date à venir).")
    if code == "transmitted_late":
        return _(
            "La délibération devait être transmise au préfet dans les huit jours, soit le "
            "%(day)s au plus tard (CGCT LO 1112-3).",
            day=_fmt(problem.day),
        )
    if code == "notice_too_short":
        return _(
            "Le scrutin ne peut avoir lieu moins de deux mois après la transmission au préfet : "
            "pas avant le %(day)s (CGCT %(article)s).",
            day=_fmt(problem.day),
            article=article,
        )
    if code == "renewal_period":
        return _(
            "Aucun vote de ce type du %(start)s au %(end)s : le conseil municipal est renouvelé "
            "(à compter du premier jour du sixième mois qui précède, CGCT LO 1112-6%(also)s).",
            start=_fmt(problem.starts_on),
            end=_fmt(problem.ends_on),
            also="" if kind is LegalVote.REFERENDUM else ", L1112-21",
        )
    if code == "election_period":
        return _(
            "Aucun vote de ce type pendant la campagne et le scrutin « %(name)s » (du %(start)s "
            "au %(end)s, CGCT LO 1112-6%(also)s). La délibération devient caduque si une telle "
            "période tombe entre elle et le vote.",
            name=problem.name,
            start=_fmt(problem.starts_on),
            end=_fmt(problem.ends_on),
            also="" if kind is LegalVote.REFERENDUM else ", L1112-21",
        )
    if kind is LegalVote.REFERENDUM:
        text = _(
            "Un référendum local sur le même objet (« %(name)s ») a lieu à moins d'un an "
            "(CGCT LO 1112-6).",
            name=problem.name,
        )
    else:
        text = _(
            "Un vote sur le même objet (« %(name)s ») a lieu à moins d'un an : pas d'autre "
            "consultation pendant un an (CGCT L1112-21).",
            name=problem.name,
        )
    if problem.day:
        text += " " + _("Pas avant le %(day)s.", day=_fmt(problem.day))
    return text


def schedule_problems(votation: Votation, now: datetime) -> list[str]:
    """Every rule of the law that keeps this vote from being scheduled now, in words."""
    kind = legal_vote(votation)
    days = polling_days(votation)
    if kind is None or days is None:
        return []
    record = deliberation_of(votation.id)
    if record is None:
        return [problem_text(LegalProblem("no_deliberation"), kind)]
    facts = ScheduleFacts(
        kind=kind,
        subject=record.subject,
        deliberation_number=record.number,
        deliberation_on=record.adopted_on,
        transmitted_on=record.transmitted_on,
        first_day=days[0],
        last_day=days[1],
        subject_id=subject_of(votation.id, record),
    )
    problems = check_schedule(
        facts,
        today=local_day(now),
        renewal_month=renewal_month(),
        elections=election_periods(),
        earlier=earlier_votes(votation),
    )
    return [problem_text(problem, kind) for problem in problems]


def refuse_unlawful_schedule(votation: Votation, now: datetime) -> None:
    """Scheduling a vote of the law: refused, naming every rule it breaks."""
    problems = schedule_problems(votation, now)
    if problems:
        raise Refused(" ".join(problems))
