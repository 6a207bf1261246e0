"""The public draw (docs/rules.md §5): freeze the pool, publish its digest, take the seed in
public, compute the panel, then offer the seats and fill declines from the reserve.

Everything the draw depends on is stored as the very files the draw page publishes
(POOL.csv, QUOTAS.csv and, in the fair mode, PANELS.csv), and every computation
re-reads them with the core's own CSV readers — so what anyone downloads and
re-runs with ``python -m civic.core.sortition`` is exactly what was used here.

A draw records its algorithm when its pool is frozen, and the seed's result and the
commands follow that version (``draw_versions.py``).
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from civic import fair_draw, jobs
from civic.audit import services as audit
from civic.core.sortition import (
    InfeasibleQuotasError,
    Pool,
    Quotas,
    derive_gender_quotas,
    derive_proportional_quotas,
    draw_panel,
    fair,
    find_replacement,
    freeze_pool,
    make_quotas,
    require_feasible,
)
from civic.councils.draw_versions import (
    ALGORITHM_FAIR,
    ALGORITHM_PLAIN,
    draw_result,
    pool_and_quotas,
)
from civic.councils.membership import age_population, council_news, member_of, seat_member
from civic.csv_export import csv_text
from civic.decisions import already_decided, last_actor, locked
from civic.extensions import db
from civic.models import Council, CouncilApplication, CouncilDraw, DrawCandidate, User
from civic.models.councils import (
    APPLICATION_ELIGIBLE,
    DRAW_AWAITING_SEED,
    DRAW_COMPUTING,
    DRAW_DONE,
    DRAW_FAIR,
    DRAW_FROZEN,
    DRAW_PLAIN,
    DRAW_PUBLISHED,
    KIND_POOL,
    OFFER_ACCEPTED,
    OFFER_DECLINED,
    OFFER_PENDING,
    SEAT_DRAWN,
)
from civic.services import Refused

SEED_MAX = 100
RESERVE_MAX = 50
# The plain mode's selection probabilities are estimated by re-running the draw on
# these many seeds ("estimate-1", …), grouped by category (candidates with the same
# categories are treated alike by the draw).
ESTIMATE_DRAWS = 400
FAIR_TASK = "civic.councils.tasks:compute_fair_distribution"
FEATURE_GENDER = "gender"
FEATURE_AGE = "age"


def get_draw(draw_id: int) -> CouncilDraw | None:
    return db.session.get(CouncilDraw, draw_id)


def draws_of(council_id: int) -> list[CouncilDraw]:
    return list(
        db.session.scalars(
            select(CouncilDraw)
            .where(CouncilDraw.council_id == council_id)
            .order_by(CouncilDraw.frozen_at.desc(), CouncilDraw.id.desc())
        )
    )


def candidates_of(draw_id: int) -> list[DrawCandidate]:
    return list(
        db.session.scalars(
            select(DrawCandidate)
            .where(DrawCandidate.draw_id == draw_id)
            .order_by(DrawCandidate.pseudonym)
        )
    )


def quotas_for(
    seats: int, gender_counts: Counter[str], age_counts: Counter[str], ages: dict[str, int]
) -> tuple[Quotas, list[str]]:
    """Parity on gender, and age bands proportional to the neighbourhood when the
    council has census figures (the core's derivation rules); returns quotas and notes."""
    gender = derive_gender_quotas(seats, gender_counts, feature=FEATURE_GENDER)
    rows = list(gender.quotas)
    notes = list(gender.notes)
    if ages:
        age = derive_proportional_quotas(seats, ages, age_counts, feature=FEATURE_AGE)
        rows += list(age.quotas)
        notes += list(age.notes)
    return make_quotas(rows), notes


def _new_pseudonyms(count: int) -> list[str]:
    made: set[str] = set()
    while len(made) < count:
        made.add("K" + secrets.token_hex(3).upper())
    return sorted(made)


@dataclass(frozen=True)
class FreezeInput:
    mode: str
    reserve: int


def freeze(council_id: int, data: FreezeInput, *, actor: User, now: datetime) -> CouncilDraw:
    """Freeze the pool of eligible candidates and publish its digest (docs/rules.md §5).

    Refused, with the core's reasons, when the quotas cannot be met: nothing is frozen."""
    council = locked(Council, council_id)  # two clerks at once: one frozen pool
    if council is None:
        raise Refused(_("Ce conseil n'existe pas."))
    if data.mode not in (DRAW_PLAIN, DRAW_FAIR):
        raise Refused(_("Mode de tirage inconnu."), "mode")
    if data.mode == DRAW_FAIR:
        fair_draw.require_available()
    if not 0 <= data.reserve <= RESERVE_MAX:
        raise Refused(_("La réserve compte de 0 à %(n)d personnes.", n=RESERVE_MAX), "reserve")
    if council.drawn_seats < 1:
        raise Refused(_("Ce conseil n'a pas de siège tiré au sort."))
    under_way = db.session.scalar(
        select(CouncilDraw).where(
            CouncilDraw.council_id == council_id,
            CouncilDraw.state.in_([DRAW_FROZEN, DRAW_COMPUTING, DRAW_PUBLISHED]),
        )
    )
    if under_way is not None:
        raise already_decided(
            _("Un tirage est déjà en cours pour ce conseil, son vivier a été arrêté"),
            by_id=under_way.frozen_by_id,
            at=under_way.frozen_at,
        )
    applications = [
        a
        for a in db.session.scalars(
            select(CouncilApplication).where(
                CouncilApplication.council_id == council_id,
                CouncilApplication.kind == KIND_POOL,
                CouncilApplication.status == APPLICATION_ELIGIBLE,
            )
        )
        if member_of(council_id, a.user_id) is None
    ]
    ages = age_population(council)
    features = [FEATURE_AGE, FEATURE_GENDER] if ages else [FEATURE_GENDER]
    quotas, notes = quotas_for(
        council.drawn_seats,
        Counter(a.gender for a in applications),
        Counter(a.age_band for a in applications),
        ages,
    )
    pseudonyms = _new_pseudonyms(len(applications))
    rows = []
    for pseudonym, application in zip(pseudonyms, applications, strict=True):
        values = {FEATURE_GENDER: application.gender, FEATURE_AGE: application.age_band}
        rows.append((pseudonym, application, values))
    pool = freeze_pool(features, [(p, v) for p, _a, v in rows])
    try:
        require_feasible(pool, quotas, council.drawn_seats)
    except InfeasibleQuotasError as error:
        raise Refused(
            _("Tirage impossible avec ce vivier : %(reasons)s", reasons="; ".join(error.reasons))
        ) from None
    pool_csv = csv_text([["id", *pool.features], *([c.id, *c.values] for c in pool.candidates)])
    quotas_csv = csv_text(
        [["feature", "value", "min", "max"]]
        + [[q.feature, q.value, str(q.min), str(q.max)] for q in quotas.quotas]
    )
    draw = CouncilDraw(
        council_id=council_id,
        mode=data.mode,
        state=DRAW_FROZEN if data.mode == DRAW_PLAIN else DRAW_COMPUTING,
        seats=council.drawn_seats,
        reserve_size=data.reserve,
        algorithm=ALGORITHM_PLAIN if data.mode == DRAW_PLAIN else ALGORITHM_FAIR,
        pool_csv=pool_csv,
        quotas_csv=quotas_csv,
        pool_digest=pool.digest(),
        quota_notes=json.dumps(notes),
        frozen_at=now,
        frozen_by_id=actor.id,
    )
    # The published files must give back the very same pool (same digest): a real check,
    # kept under `python -O`, since a draw that nobody can replay from its files is void.
    if pool_and_quotas(draw)[0].digest() != draw.pool_digest:
        raise RuntimeError("the published pool file does not give back the frozen pool")
    if data.mode == DRAW_PLAIN:
        draw.probabilities = json.dumps(estimate_probabilities(pool, quotas, council.drawn_seats))
        draw.probabilities_method = f"estimate over {ESTIMATE_DRAWS} seeds"
    db.session.add(draw)
    db.session.flush()
    for pseudonym, application, _values in rows:
        db.session.add(
            DrawCandidate(draw_id=draw.id, application_id=application.id, pseudonym=pseudonym)
        )
    audit.record(
        actor=actor,
        action="council.draw_frozen",
        object_type="council_draw",
        object_id=draw.id,
        after={"digest": draw.pool_digest, "mode": draw.mode, "candidates": len(pool)},
        now=now,
    )
    db.session.commit()
    if data.mode == DRAW_FAIR:
        # The job commits on its own; its id is kept for the progress bar.
        draw.job_id = jobs.enqueue(FAIR_TASK, draw.id)
        db.session.commit()
    return draw


def estimate_probabilities(pool: Pool, quotas: Quotas, seats: int) -> list[dict[str, object]]:
    """Each category's selection probability under the plain draw, estimated over
    ``ESTIMATE_DRAWS`` seeds (per category, as the draw treats alike candidates alike)."""
    counts: Counter[str] = Counter()
    for number in range(1, ESTIMATE_DRAWS + 1):
        counts.update(draw_panel(pool, quotas, seats, f"estimate-{number}").selected)
    return _by_category(pool, {c.id: counts[c.id] / ESTIMATE_DRAWS for c in pool.candidates})


def _by_category(pool: Pool, per_candidate: dict[str, float]) -> list[dict[str, object]]:
    groups: dict[tuple[str, ...], list[str]] = {}
    for c in pool.candidates:
        groups.setdefault(c.values, []).append(c.id)
    return [
        {
            "categories": dict(zip(pool.features, values, strict=True)),
            "size": len(ids),
            "probability": sum(per_candidate[i] for i in ids) / len(ids),
        }
        for values, ids in sorted(groups.items())
    ]


def record_lottery(draw_id: int, lottery: fair.Lottery) -> None:
    """Store the fair mode's numbered list (task side, committed by the job runner)."""
    draw = db.session.get_one(CouncilDraw, draw_id)
    pool, _quotas = pool_and_quotas(draw)
    draw.panels_csv, draw.panels_digest = fair_draw.published(lottery)
    draw.probabilities = json.dumps(_by_category(pool, lottery.probabilities))
    draw.probabilities_method = f"exact, lottery of {len(lottery.panels)} panels"
    draw.state = DRAW_PUBLISHED


def enter_seed(draw_id: int, seed: str, *, actor: User, now: datetime) -> CouncilDraw:
    """Take the public seed and compute the panel and its reserve (docs/rules.md §5).

    Plain mode: ``draw_panel`` on the frozen pool. Fair mode: ``pick_panel_and_reserve``
    on the published list, the reserve drawn from the rest of the pool around the panel
    picked (``draw_versions.draw_result`` keeps the first version's reserve for the draws
    recorded with it). The reserve is used only through ``find_replacement``."""
    draw = locked(CouncilDraw, draw_id)  # one seed, even when two clerks type one at once
    if draw is None:
        raise Refused(_("Ce tirage n'existe pas."))
    if draw.seeded_at is not None:
        raise already_decided(
            _("La graine de ce tirage a déjà été saisie"),
            by_id=last_actor("council.draw_seeded", "council_draw", draw.id),
            at=draw.seeded_at,
        )
    # A fair draw awaits its seed only once its numbered list of panels is published.
    panels_csv = draw.panels_csv if draw.mode == DRAW_FAIR else None
    if draw.state not in DRAW_AWAITING_SEED or (draw.mode == DRAW_FAIR and panels_csv is None):
        raise Refused(_("Ce tirage n'attend pas de graine."))
    if not seed or len(seed) > SEED_MAX or any(ch in seed for ch in "\t\r\n"):
        raise Refused(
            _("La graine compte de 1 à %(n)d caractères, sur une ligne.", n=SEED_MAX), "seed"
        )
    try:
        draw.panel_number, selected, reserve = draw_result(draw, seed)
    except InfeasibleQuotasError as error:  # the panel picked breaks a quota: no draw
        raise Refused("; ".join(error.reasons)) from None
    draw.seed = seed
    draw.seeded_at = now
    draw.selected = json.dumps(selected)
    draw.reserve = json.dumps(reserve)
    draw.state = DRAW_DONE
    by_pseudonym = {c.pseudonym: c for c in candidates_of(draw.id)}
    for pseudonym in selected:
        by_pseudonym[pseudonym].offer = OFFER_PENDING
        by_pseudonym[pseudonym].offered_at = now
    drawn = {by_pseudonym[p].application.user_id for p in selected}
    others = {c.application.user_id for c in by_pseudonym.values()} - drawn
    council_news(sorted(drawn), "council_drawn", draw.council_id, now)
    council_news(sorted(others), "council_not_drawn", draw.council_id, now)
    audit.record(
        actor=actor,
        action="council.draw_seeded",
        object_type="council_draw",
        object_id=draw.id,
        after={"seed": seed, "selected": selected, "panel_number": draw.panel_number},
        now=now,
    )
    db.session.commit()
    return draw


def answer_offer(draw_id: int, *, accept: bool, user: User, now: datetime) -> DrawCandidate:
    """A drawn person accepts or declines; a decline calls the first reserve whose
    swap keeps every quota (``find_replacement``, docs/rules.md §5)."""
    draw = get_draw(draw_id)
    candidate = next(
        (
            c
            for c in (candidates_of(draw_id) if draw else [])
            if c.application.user_id == user.id and c.offer == OFFER_PENDING
        ),
        None,
    )
    if draw is None or candidate is None:
        raise Refused(_("Aucun siège ne vous est proposé dans ce tirage."))
    candidate.answered_at = now
    replacement = None
    if accept:
        candidate.offer = OFFER_ACCEPTED
        seat_member(candidate.application, SEAT_DRAWN, now)
    else:
        everyone = candidates_of(draw_id)
        panel = [c.pseudonym for c in everyone if c.offer in (OFFER_PENDING, OFFER_ACCEPTED)]
        used = [c.pseudonym for c in everyone if c.offer is not None]
        pool, quotas = pool_and_quotas(draw)
        found = find_replacement(
            pool, quotas, panel, candidate.pseudonym, json.loads(draw.reserve or "[]"), used
        )
        candidate.offer = OFFER_DECLINED
        if found.replacement is not None:
            replacement = next(c for c in everyone if c.pseudonym == found.replacement)
            replacement.offer = OFFER_PENDING
            replacement.offered_at = now
            replacement.replaces = candidate.pseudonym
    audit.record(
        actor=user,
        action="council.seat_accepted" if accept else "council.seat_declined",
        object_type="council_draw",
        object_id=draw.id,
        after={
            "pseudonym": candidate.pseudonym,
            "replacement": replacement.pseudonym if replacement else None,
        },
        now=now,
    )
    db.session.commit()
    return candidate
