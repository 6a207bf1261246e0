"""Stage 2 of the civic lottery (``lottery.py``): the pool, the panel and its reserve.

The pool of those who answered is frozen with its quotas, and the clerk chooses the
draw (docs/rules.md §5): the fair draw, whose numbered list of panels a job computes
and publishes with its digest before the seed (``tasks.py``), or the stratified draw.
The public seed then gives the panel and an ordered reserve list drawn from the rest
of the pool, both re-run by the command the page shows. When a seated person declines
(a clerk records it), the first reserve whose arrival keeps every quota takes the seat:
the core's rule (``civic.core.sortition.find_replacement``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _

from civic import fair_draw, jobs
from civic.audit import services as audit
from civic.bodies.lottery import (
    ALGORITHM,
    FEATURE_GENDER,
    NO_QUOTAS,
    locked_in,
    people,
    public_seed,
)
from civic.core.sortition import (
    InfeasibleQuotasError,
    Pool,
    Quotas,
    derive_gender_quotas,
    draw_panel,
    fair,
    find_replacement,
    pick_panel_and_reserve,
    require_feasible,
)
from civic.core.sortition.csvfiles import read_panels_csv, read_pool_csv, read_quotas_csv
from civic.csv_export import csv_text
from civic.decisions import already_decided, last_actor, locked
from civic.electorate import local_day
from civic.extensions import db
from civic.models import BodyLottery, BodyMember, LotteryPerson, User
from civic.models.bodies import (
    DRAW_FAIR,
    DRAW_MODES,
    DRAW_STRATIFIED,
    LOTTERY_AWAITING_SEED,
    LOTTERY_COMPUTING,
    LOTTERY_INVITED,
    LOTTERY_PANELS_PUBLISHED,
    LOTTERY_POOL_FROZEN,
    LOTTERY_SEATED,
    SEAT_DRAWN,
)
from civic.services import Refused

RESERVE_MAX = 50
FAIR_TASK = "civic.bodies.tasks:compute_fair_lottery"


def pool_and_quotas(lottery: BodyLottery) -> tuple[Pool, Quotas]:
    """The frozen pool and quotas, read back from the published files."""
    quotas = read_quotas_csv(lottery.quotas_csv or NO_QUOTAS)
    return read_pool_csv(lottery.pool_csv or "id\n", quotas), quotas


def default_mode() -> str:
    """The fair draw when this server can compute it (issue 20), else the stratified."""
    return DRAW_FAIR if fair.available() else DRAW_STRATIFIED


@dataclass(frozen=True)
class PoolInput:
    mode: str
    reserve: int


def freeze_pool(lottery_id: int, data: PoolInput, *, actor: User, now: datetime) -> BodyLottery:
    """Stage 2: those who answered, with gender parity quotas (refused with the core's
    reasons when they cannot be met), and how the panel will be drawn. The fair draw's
    list of panels is computed by a job (``tasks.py``) and published before the seed."""
    lottery = locked_in(lottery_id, LOTTERY_INVITED, _("Le vivier a déjà été arrêté"))
    if data.mode not in DRAW_MODES:
        raise Refused(_("Mode de tirage inconnu."), "mode")
    if data.mode == DRAW_FAIR:
        fair_draw.require_available()
    if not 0 <= data.reserve <= RESERVE_MAX:
        raise Refused(_("La réserve compte de 0 à %(n)d personnes.", n=RESERVE_MAX), "reserve")
    pool = [p for p in people(lottery_id, invited=True) if p.answered_at is not None]
    counts = Counter(p.gender or "unsaid" for p in pool)
    quotas = derive_gender_quotas(lottery.seats, counts, feature=FEATURE_GENDER)
    if len(pool) < lottery.seats:
        raise Refused(_("Trop peu de réponses pour pourvoir les sièges."))
    quotas_csv = csv_text(
        [["feature", "value", "min", "max"]]
        + [[q.feature, q.value, q.min, q.max] for q in quotas.quotas]
    )
    pool_csv = csv_text([["id", FEATURE_GENDER], *([p.code, p.gender] for p in pool)])
    read = read_quotas_csv(quotas_csv)
    frozen = read_pool_csv(pool_csv, read)
    try:
        require_feasible(frozen, read, lottery.seats)
    except InfeasibleQuotasError as error:
        raise Refused("; ".join(error.reasons)) from None
    lottery.pool_csv, lottery.quotas_csv = pool_csv, quotas_csv
    lottery.pool_digest = frozen.digest()
    lottery.mode, lottery.reserve_size = data.mode, data.reserve
    lottery.algorithm = fair.ALGORITHM if data.mode == DRAW_FAIR else ALGORITHM
    lottery.state = LOTTERY_COMPUTING if data.mode == DRAW_FAIR else LOTTERY_POOL_FROZEN
    lottery.pool_frozen_at = now
    audit.record(
        actor=actor,
        action="body.lottery_pool",
        object_type="body_lottery",
        object_id=lottery_id,
        after={
            "pool": len(pool),
            "digest": lottery.pool_digest,
            "notes": list(quotas.notes),
            "mode": data.mode,
            "reserve": data.reserve,
        },
        now=now,
    )
    db.session.commit()
    if data.mode == DRAW_FAIR:
        # The job commits on its own; its id is kept for the progress bar.
        lottery.job_id = jobs.enqueue(FAIR_TASK, lottery_id)
        db.session.commit()
    return lottery


def record_panels(lottery_id: int, lottery: fair.Lottery) -> None:
    """Publish the fair draw's numbered list and its digest (task side, committed by the
    job runner): from now on the lottery awaits its public seed."""
    found = db.session.get_one(BodyLottery, lottery_id)
    found.panels_csv, found.panels_digest = fair_draw.published(lottery)
    found.state = LOTTERY_PANELS_PUBLISHED


def seat(lottery_id: int, seed: str, *, actor: User, now: datetime) -> BodyLottery:
    """Stage 2's draw: the panel, seated in the body's drawn seats from today, and its
    reserve list in calling order (the fair draw: the panel picked from the published
    list, its reserve read on from the same stream; ``civic.core.sortition.lottery``)."""
    lottery = locked(BodyLottery, lottery_id)  # two clerks at once: one draw
    if lottery is None:
        raise Refused(_("Ce tirage n'existe pas."))
    if lottery.state == LOTTERY_SEATED:
        raise already_decided(
            _("Le panel a déjà été tiré"),
            by_id=last_actor("body.lottery_seat", "body_lottery", lottery_id),
            at=lottery.seated_at,
        )
    if lottery.state not in LOTTERY_AWAITING_SEED:
        raise Refused(_("Ce tirage n'attend pas de graine."))
    lottery.pool_seed = public_seed(seed)
    pool, quotas = pool_and_quotas(lottery)
    try:
        if lottery.mode == DRAW_FAIR:
            panels = read_panels_csv(lottery.panels_csv or "panel,id\n")
            picked = pick_panel_and_reserve(
                panels, lottery.pool_seed, pool, quotas, lottery.reserve_size
            )
            selected, reserve = picked.selected, picked.reserve
            lottery.panel_number = picked.panel_number
        else:
            draw = draw_panel(pool, quotas, lottery.seats, lottery.pool_seed, lottery.reserve_size)
            selected, reserve = draw.selected, draw.reserve
    except InfeasibleQuotasError as error:
        raise Refused("; ".join(error.reasons)) from None
    lottery.selected = json.dumps(list(selected))
    lottery.reserve = json.dumps(list(reserve))
    lottery.state, lottery.seated_at = LOTTERY_SEATED, now
    by_code = {p.code: p for p in people(lottery_id, invited=True)}
    for code in selected:
        _take_seat(lottery, by_code[code], now)
    audit.record(
        actor=actor,
        action="body.lottery_seat",
        object_type="body_lottery",
        object_id=lottery_id,
        after={
            "seed": lottery.pool_seed,
            "selected": list(selected),
            "reserve": list(reserve),
            "panel_number": lottery.panel_number,
        },
        now=now,
    )
    db.session.commit()
    return lottery


def _take_seat(lottery: BodyLottery, person: LotteryPerson, now: datetime) -> None:
    member = BodyMember(
        body_id=lottery.body_id,
        category=SEAT_DRAWN,
        name=person.name or person.code,
        since=local_day(now),
        created_at=now,
    )
    db.session.add(member)
    db.session.flush()
    person.seated, person.member_id = True, member.id


def decline(lottery_id: int, code: str, *, actor: User, now: datetime) -> str | None:
    """A seated person declines or withdraws (a clerk records it): their seat ends, and
    the first reserve whose arrival keeps every quota takes it (docs/rules.md §5);
    returns that reserve's code, or None when nobody in the reserve fits."""
    lottery = locked(BodyLottery, lottery_id)  # two clerks at once: one replacement
    if lottery is None:
        raise Refused(_("Ce tirage n'existe pas."))
    if lottery.state != LOTTERY_SEATED:
        raise Refused(_("Le panel n'est pas encore tiré."))
    everyone = people(lottery_id, invited=True)
    person = next((p for p in everyone if p.code == code.strip().upper()), None)
    if person is None or not (person.seated or person.declined_at is not None):
        raise Refused(_("Aucune personne tirée au sort ne porte ce code."), "code")
    if person.declined_at is not None:
        raise already_decided(
            _("Le désistement de cette personne est déjà enregistré"),
            by_id=last_actor("body.lottery_decline", "body_lottery_person", person.id),
            at=person.declined_at,
        )
    if person.member_id is None:
        # Seated before seats were linked to the draw: the body's page ends such a seat.
        raise Refused(
            _(
                "Ce siège a été pourvu avant le suivi des désistements : enregistrez le départ "
                "du membre sur la page de l'instance."
            ),
            "code",
        )
    pool, quotas = pool_and_quotas(lottery)
    found = find_replacement(
        pool,
        quotas,
        [p.code for p in everyone if p.seated],
        person.code,
        json.loads(lottery.reserve or "[]"),
        [p.code for p in everyone if p.seated or p.declined_at is not None],
    )
    person.seated, person.declined_at = False, now
    _leave_seat(person, now)
    replacement = next((p for p in everyone if p.code == found.replacement), None)
    if replacement is not None:
        replacement.replaces = person.code
        _take_seat(lottery, replacement, now)
    audit.record(
        actor=actor,
        action="body.lottery_decline",
        object_type="body_lottery_person",
        object_id=person.id,
        after={
            "lottery": lottery_id,
            "code": person.code,
            "replacement": found.replacement,
            "reason": found.reason,
        },
        now=now,
    )
    db.session.commit()
    return found.replacement


def _leave_seat(person: LotteryPerson, now: datetime) -> None:
    """The seat ends yesterday; a person who declines on the day they were drawn never
    sat, so their seat is not kept as a membership."""
    member = db.session.get(BodyMember, person.member_id) if person.member_id else None
    if member is None:
        return
    today = local_day(now)
    if member.since >= today:
        person.member_id = None
        db.session.delete(member)
    else:
        member.until = today - timedelta(days=1)
