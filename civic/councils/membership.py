"""Councils and who sits on them: applications, eligibility, the animation team (docs/rules.md
§5)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from flask_babel import gettext as _
from sqlalchemy import func, select

from civic.audit import services as audit
from civic.core.age_bands import age_band_on
from civic.core.council_team import check_team
from civic.core.council_vote import CouncilVoteRules, Majority, QuorumKind, QuorumRule
from civic.core.electorate import Electorate
from civic.decisions import already_decided, locked, unique_or_refused
from civic.electorate import local_day, person_of, refuse_unless_eligible
from civic.extensions import db
from civic.models import Council, CouncilApplication, CouncilMember, Neighbourhood, User
from civic.models.councils import (
    AGE_BANDS,
    APPLICATION_ELIGIBLE,
    APPLICATION_INELIGIBLE,
    APPLICATION_KINDS,
    APPLICATION_PENDING,
    APPLICATION_WITHDRAWN,
    GENDER_FEMALE,
    GENDER_MALE,
    GENDERS,
    KIND_VOLUNTEER,
    SEAT_VOLUNTEER,
)
from civic.notifications.services import notify_all, path_to
from civic.services import Refused


def council_news(user_ids: list[int], kind: str, council_id: int, now: datetime) -> None:
    """Tell applicants what happened to their application (decision, draw)."""
    council = db.session.get(Council, council_id)
    if council is not None:
        notify_all(
            user_ids,
            kind,
            subject_title=council.neighbourhood.name,
            link=path_to("councils.show", council_id=council.id),
            now=now,
        )


REASON_MAX = 500


def get_council(council_id: int) -> Council | None:
    return db.session.get(Council, council_id)


def councils() -> list[Council]:
    return list(
        db.session.scalars(
            select(Council).join(Neighbourhood).order_by(Neighbourhood.name, Council.id)
        )
    )


def council_for_neighbourhood(neighbourhood_id: int | None) -> Council | None:
    if neighbourhood_id is None:
        return None
    return db.session.scalar(select(Council).where(Council.neighbourhood_id == neighbourhood_id))


def vote_rules(council: Council) -> CouncilVoteRules:
    """The council's stored rules as the core's value (docs/rules.md §5: both configurable)."""
    return CouncilVoteRules(
        quorum=QuorumRule(
            kind=QuorumKind(council.quorum_kind),
            fraction=Fraction(council.quorum_numerator, council.quorum_denominator),
            minimum=council.quorum_minimum,
        ),
        majority=Majority(council.majority),
    )


def age_population(council: Council) -> dict[str, int]:
    figures = json.loads(council.age_population) if council.age_population else {}
    return {band: int(n) for band, n in figures.items() if int(n) > 0}


def members(council_id: int) -> list[CouncilMember]:
    return list(
        db.session.scalars(
            select(CouncilMember)
            .where(CouncilMember.council_id == council_id)
            .order_by(CouncilMember.since, CouncilMember.id)
        )
    )


def member_of(council_id: int, user_id: int) -> CouncilMember | None:
    return db.session.scalar(
        select(CouncilMember).where(
            CouncilMember.council_id == council_id, CouncilMember.user_id == user_id
        )
    )


def application_of(council_id: int, user_id: int) -> CouncilApplication | None:
    return db.session.scalar(
        select(CouncilApplication).where(
            CouncilApplication.council_id == council_id, CouncilApplication.user_id == user_id
        )
    )


def applications(council_id: int) -> list[CouncilApplication]:
    return list(
        db.session.scalars(
            select(CouncilApplication)
            .where(CouncilApplication.council_id == council_id)
            .order_by(CouncilApplication.created_at, CouncilApplication.id)
        )
    )


@dataclass(frozen=True)
class CouncilInput:
    neighbourhood_id: int
    drawn_seats: int
    volunteer_seats: int
    association_seats: int
    term_start: date
    term_end: date
    quorum_kind: str
    quorum_numerator: int
    quorum_denominator: int
    quorum_minimum: int
    majority: str
    age_population: dict[str, int]


def _check_composition(data: CouncilInput) -> None:
    if min(data.drawn_seats, data.volunteer_seats, data.association_seats) < 0:
        raise Refused(_("Un nombre de sièges ne peut pas être négatif."), "drawn_seats")
    if data.drawn_seats + data.volunteer_seats + data.association_seats < 1:
        raise Refused(_("Le conseil doit compter au moins un siège."), "drawn_seats")
    if data.term_end <= data.term_start:
        raise Refused(_("Le mandat doit finir après avoir commencé."), "term_end")
    if data.quorum_kind not in {k.value for k in QuorumKind}:
        raise Refused(_("Règle de quorum inconnue."), "quorum_kind")
    if data.majority not in {m.value for m in Majority}:
        raise Refused(_("Règle de majorité inconnue."), "majority")
    if not 0 < data.quorum_denominator or not 0 <= data.quorum_numerator <= data.quorum_denominator:
        raise Refused(
            _("La fraction du quorum doit être comprise entre 0 et 1."), "quorum_numerator"
        )
    if data.quorum_minimum < 0:
        raise Refused(_("Le quorum minimal ne peut pas être négatif."), "quorum_minimum")
    if any(band not in AGE_BANDS or n < 0 for band, n in data.age_population.items()):
        raise Refused(_("Les effectifs par âge doivent être positifs."))


def create_council(data: CouncilInput, *, actor: User, now: datetime) -> Council:
    """One council per neighbourhood, with its composition and voting rules (admin)."""
    if db.session.get(Neighbourhood, data.neighbourhood_id) is None:
        raise Refused(_("Quartier introuvable."), "neighbourhood_id")
    if council_for_neighbourhood(data.neighbourhood_id) is not None:
        raise Refused(_("Ce quartier a déjà son conseil."), "neighbourhood_id")
    _check_composition(data)
    figures = {band: n for band, n in data.age_population.items() if n > 0}
    council = Council(
        neighbourhood_id=data.neighbourhood_id,
        seats=data.drawn_seats + data.volunteer_seats + data.association_seats,
        drawn_seats=data.drawn_seats,
        volunteer_seats=data.volunteer_seats,
        association_seats=data.association_seats,
        term_start=data.term_start,
        term_end=data.term_end,
        quorum_kind=data.quorum_kind,
        quorum_numerator=data.quorum_numerator,
        quorum_denominator=data.quorum_denominator,
        quorum_minimum=data.quorum_minimum,
        majority=data.majority,
        age_population=json.dumps(figures, sort_keys=True) if figures else None,
        created_at=now,
    )
    db.session.add(council)
    db.session.flush()
    audit.record(
        actor=actor,
        action="council.created",
        object_type="council",
        object_id=council.id,
        after=_council_dict(council),
        now=now,
    )
    db.session.commit()
    return council


def _council_dict(council: Council) -> dict[str, object]:
    return {
        "neighbourhood_id": council.neighbourhood_id,
        "seats": council.seats,
        "drawn_seats": council.drawn_seats,
        "volunteer_seats": council.volunteer_seats,
        "association_seats": council.association_seats,
        "term": [council.term_start.isoformat(), council.term_end.isoformat()],
        "quorum": [
            council.quorum_kind,
            council.quorum_numerator,
            council.quorum_denominator,
            council.quorum_minimum,
        ],
        "majority": council.majority,
        "age_population": council.age_population,
    }


@dataclass(frozen=True)
class ApplicationInput:
    kind: str
    gender: str
    publish_name: bool


def apply(
    council_id: int, data: ApplicationInput, *, user: User, now: datetime
) -> CouncilApplication:
    """A resident of the neighbourhood aged 16+ (any nationality) applies (docs/rules.md §5)."""
    application = add_application(council_id, data, user=user, now=now)
    db.session.commit()
    return application


def add_application(
    council_id: int, data: ApplicationInput, *, user: User, now: datetime
) -> CouncilApplication:
    """``apply`` without the commit: the counter adds its consent in the same
    transaction (civic/councils/counter.py)."""
    council = get_council(council_id)
    if council is None:
        raise Refused(_("Ce conseil n'existe pas."))
    today = local_day(now)
    applicants = Electorate(neighbourhoods=frozenset({council.neighbourhood_id}))
    where = council.neighbourhood.name if council.neighbourhood else None
    refuse_unless_eligible(applicants, person_of(user), today, where=where)
    if data.kind not in APPLICATION_KINDS:
        raise Refused(_("Choisissez un type de candidature."), "kind")
    if data.gender not in GENDERS:
        raise Refused(_("Choisissez une réponse."), "gender")
    # The band comes from the birth date the residence check confirmed, not from the
    # applicant (the draw's age quotas must not be gamed by a declaration).
    age_band = age_band_on(user.birth_date, today)
    if age_band is None:
        raise Refused(_("Votre date de naissance ne permet pas de candidater."))
    already = _("Vous avez déjà candidaté à ce conseil.")
    application = application_of(council_id, user.id)
    if application is not None and application.status != APPLICATION_WITHDRAWN:
        raise Refused(already)
    if application is not None:  # applying again after a withdrawal: the same row, anew
        application.kind = data.kind
        application.gender = data.gender
        application.age_band = age_band
        application.publish_name = data.publish_name
        application.status = APPLICATION_PENDING
        application.refusal = None
        application.decided_at = application.decided_by_id = None
        application.created_at = now
        db.session.flush()
    else:
        application = CouncilApplication(
            council_id=council_id,
            user_id=user.id,
            kind=data.kind,
            gender=data.gender,
            age_band=age_band,
            publish_name=data.publish_name,
            status=APPLICATION_PENDING,
            created_at=now,
        )
        with unique_or_refused(already):  # the same resident's other request got in first
            db.session.add(application)
    audit.record(
        actor=user,
        action="council.applied",
        object_type="council_application",
        object_id=application.id,
        after={"council_id": council_id, "kind": data.kind},
        now=now,
    )
    return application


def decide_application(
    application_id: int, *, eligible: bool, reason: str | None, actor: User, now: datetime
) -> CouncilApplication:
    """A clerk checks eligibility. An eligible volunteer takes a free volunteer seat
    (first decided, first seated); the others wait for one."""
    application = locked(CouncilApplication, application_id)
    if application is None:
        raise Refused(_("Candidature introuvable."))
    if application.status != APPLICATION_PENDING:
        raise already_decided(
            _("Cette candidature a déjà été examinée"),
            by_id=application.decided_by_id,
            at=application.decided_at,
        )
    reason = (reason or "").strip()
    if not eligible and not reason:
        raise Refused(_("Donnez la raison de l'inéligibilité."), "reason")
    if len(reason) > REASON_MAX:
        raise Refused(_("Raison trop longue."), "reason")
    application.status = APPLICATION_ELIGIBLE if eligible else APPLICATION_INELIGIBLE
    application.refusal = None if eligible else reason
    application.decided_at = now
    application.decided_by_id = actor.id
    council_news(
        [application.user_id],
        "council_application_eligible" if eligible else "council_application_ineligible",
        application.council_id,
        now,
    )
    seated = False
    if eligible and application.kind == KIND_VOLUNTEER:
        # Locked too: two volunteers decided at once must not both take the last seat.
        council = locked(Council, application.council_id)
        if council is None:
            raise Refused(_("Ce conseil n'existe pas."))
        taken = db.session.scalar(
            select(func.count())
            .select_from(CouncilMember)
            .where(CouncilMember.council_id == council.id, CouncilMember.seat == SEAT_VOLUNTEER)
        )
        if (taken or 0) < council.volunteer_seats:
            seat_member(application, SEAT_VOLUNTEER, now)
            seated = True
    audit.record(
        actor=actor,
        action="council.application_decided",
        object_type="council_application",
        object_id=application.id,
        after={"status": application.status, "seated": seated},
        reason=reason or None,
        now=now,
    )
    db.session.commit()
    return application


def seat_member(application: CouncilApplication, seat: str, now: datetime) -> CouncilMember:
    """Give the applicant a seat (inside the caller's transaction)."""
    member = CouncilMember(
        council_id=application.council_id,
        user_id=application.user_id,
        application_id=application.id,
        seat=seat,
        gender=application.gender,
        publish_name=application.publish_name,
        since=now,
    )
    db.session.add(member)
    db.session.flush()
    return member


def set_team(council_id: int, member_ids: list[int], *, actor: User, now: datetime) -> None:
    """Name the animation team: 2–4 co-leads, gender-balanced (``civic.core.council_team``)."""
    council = get_council(council_id)
    if council is None:
        raise Refused(_("Ce conseil n'existe pas."))
    current = members(council_id)
    chosen = [m for m in current if m.id in set(member_ids)]
    if len(chosen) != len(set(member_ids)):
        raise Refused(_("Choisissez des membres de ce conseil."), "member_ids")
    check = check_team([m.gender for m in chosen], women=GENDER_FEMALE, men=GENDER_MALE)
    if not check.ok:
        messages = {
            "too_small": _("L'équipe d'animation compte au moins 2 co-animateurs."),
            "too_large": _("L'équipe d'animation compte au plus 4 co-animateurs."),
            "parity": _(
                "L'équipe n'est pas paritaire : %(women)d femme(s) et %(men)d homme(s) ; "
                "l'écart ne peut dépasser 1.",
                women=check.women,
                men=check.men,
            ),
        }
        raise Refused(" ".join(messages[r] for r in check.reasons), "member_ids")
    before = sorted(m.id for m in current if m.co_lead)
    for member in current:
        member.co_lead = member in chosen
    audit.record(
        actor=actor,
        action="council.team_set",
        object_type="council",
        object_id=council_id,
        before={"co_leads": before},
        after={"co_leads": sorted(m.id for m in chosen)},
        now=now,
    )
    db.session.commit()
