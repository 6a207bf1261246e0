"""The civic lottery in two stages, on the core's sortition (``civic.core.sortition``).

1. The list (the electoral list or an address file, uploaded by a clerk) is frozen as
   pseudonymous ids, its digest published; a public seed then draws whom to invite,
   re-runnable with ``python -m civic.core.sortition`` on the published files. Civic
   prints the invitation letters.
2. Those who answer form the pool, frozen with its gender-parity quotas (the core's
   rule); a second public seed draws the panel, seated in the body's drawn seats.

As for neighbourhood councils, every computation re-reads the very files published,
so what anyone downloads and re-runs is what was used here. Names and addresses are
never published: those not invited are erased as soon as the invitations are drawn.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from civic.audit import services as audit
from civic.core.sortition import (
    InfeasibleQuotasError,
    derive_gender_quotas,
    draw_panel,
    require_feasible,
)
from civic.core.sortition.csvfiles import read_pool_csv, read_quotas_csv
from civic.csv_export import csv_text
from civic.decisions import already_decided, locked
from civic.electorate import local_day
from civic.extensions import db
from civic.models import Body, BodyLottery, BodyMember, LotteryPerson, User
from civic.models.bodies import (
    LOTTERY_INVITED,
    LOTTERY_LIST_FROZEN,
    LOTTERY_POOL_FROZEN,
    LOTTERY_SEATED,
    LOTTERY_SOURCES,
    SEAT_DRAWN,
)
from civic.services import Refused

ALGORITHM = "civic.core.sortition draw v1 (stratified, SHA-256 stream)"
LIST_MAX = 50_000
INVITATIONS_MAX = 500  # the first draw runs in the request: it must stay short
NAME_MAX = 120
ADDRESS_MAX = 300
SEED_MAX = 100
GENDERS = ("female", "male", "non-binary", "unsaid")
FEATURE_GENDER = "gender"
NO_QUOTAS = "feature,value,min,max\n"


def get_lottery(lottery_id: int) -> BodyLottery | None:
    return db.session.get(BodyLottery, lottery_id)


def lotteries_of(body_id: int) -> list[BodyLottery]:
    query = select(BodyLottery).where(BodyLottery.body_id == body_id)
    return list(db.session.scalars(query.order_by(BodyLottery.id.desc())))


def people(lottery_id: int, *, invited: bool | None = None) -> list[LotteryPerson]:
    query = select(LotteryPerson).where(LotteryPerson.lottery_id == lottery_id)
    if invited is not None:
        query = query.where(LotteryPerson.invited.is_(invited))
    return list(db.session.scalars(query.order_by(LotteryPerson.code)))


def commands(lottery: BodyLottery) -> tuple[str, str | None]:
    """The commands that re-run each stage on the downloaded files."""

    def quoted(seed: str | None) -> str:
        return "'" + (seed or "SEED").replace("'", "'\\''") + "'"

    base = f"python -m civic.core.sortition --pool lottery-{lottery.id}"
    first = (
        f"{base}-list.csv --quotas lottery-{lottery.id}-list-quotas.csv "
        f"--seats {lottery.invitations} --seed {quoted(lottery.list_seed)}"
    )
    second = None
    if lottery.pool_csv is not None:
        second = (
            f"{base}-pool.csv --quotas lottery-{lottery.id}-quotas.csv "
            f"--seats {lottery.seats} --seed {quoted(lottery.pool_seed)}"
        )
    return first, second


def parse_list(text: str) -> list[tuple[str, str]]:
    """``Name;address`` (or a TAB) per line, as a spreadsheet exports it."""
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        separator = "\t" if "\t" in line else ";"
        name, _sep, address = (part.strip() for part in line.partition(separator))
        if not name or not address:
            raise Refused(
                _("Ligne %(n)d : donnez le nom, un point-virgule, puis l'adresse.", n=number),
                "people",
            )
        if len(name) > NAME_MAX or len(address) > ADDRESS_MAX:
            raise Refused(_("Ligne %(n)d : nom ou adresse trop long.", n=number), "people")
        rows.append((name, address))
    if not rows or len(rows) > LIST_MAX:
        raise Refused(_("La liste compte de 1 à 50 000 personnes."), "people")
    return rows


@dataclass(frozen=True)
class LotteryInput:
    source: str
    invitations: int
    seats: int
    people: str


def start(body_id: int, data: LotteryInput, *, actor: User, now: datetime) -> BodyLottery:
    """Stage 1: freeze the list and publish its digest (ids only, in file order)."""
    body = locked(Body, body_id)
    if body is None:
        raise Refused(_("Cette instance n'existe pas."))
    if data.source not in LOTTERY_SOURCES:
        raise Refused(_("Source inconnue."), "source")
    rows = parse_list(data.people)
    if data.seats > body.drawn_seats:
        raise Refused(
            _("L'instance compte %(n)d sièges tirés au sort.", n=body.drawn_seats), "seats"
        )
    if not 1 <= data.seats <= data.invitations <= min(len(rows), INVITATIONS_MAX):
        raise Refused(
            _(
                "Invitez au moins autant de personnes que de sièges, au plus %(n)d et pas "
                "plus que la liste.",
                n=INVITATIONS_MAX,
            ),
            "invitations",
        )
    codes = [f"L{n:05d}" for n in range(1, len(rows) + 1)]
    list_csv = csv_text([["id"], *([c] for c in codes)])
    lottery = BodyLottery(
        body_id=body_id,
        state=LOTTERY_LIST_FROZEN,
        source=data.source,
        invitations=data.invitations,
        seats=data.seats,
        list_csv=list_csv,
        list_digest=read_pool_csv(list_csv, read_quotas_csv(NO_QUOTAS)).digest(),
        frozen_at=now,
        frozen_by_id=actor.id,
    )
    db.session.add(lottery)
    db.session.flush()
    db.session.execute(
        LotteryPerson.__table__.insert(),
        [
            {"lottery_id": lottery.id, "code": code, "name": name, "address": address}
            for code, (name, address) in zip(codes, rows, strict=True)
        ],
    )
    audit.record(
        actor=actor,
        action="body.lottery_freeze",
        object_type="body_lottery",
        object_id=lottery.id,
        after={"body": body_id, "size": len(rows), "digest": lottery.list_digest},
        now=now,
    )
    db.session.commit()
    return lottery


def _seed(seed: str) -> str:
    seed = seed.strip()
    if not seed or len(seed) > SEED_MAX:
        raise Refused(_("Saisissez la graine tirée en public (100 caractères au plus)."), "seed")
    return seed


def _locked_in(lottery_id: int, state: str, done: str) -> BodyLottery:
    lottery = locked(BodyLottery, lottery_id)  # two clerks at once: one draw
    if lottery is None:
        raise Refused(_("Ce tirage n'existe pas."))
    if lottery.state != state:
        raise already_decided(done, by_id=None)
    return lottery


def invite(lottery_id: int, seed: str, *, actor: User, now: datetime) -> BodyLottery:
    """Stage 1's draw: whom to invite. Names of those not invited are erased at once."""
    lottery = _locked_in(lottery_id, LOTTERY_LIST_FROZEN, _("Les invitations ont déjà été tirées"))
    lottery.list_seed = _seed(seed)
    quotas = read_quotas_csv(NO_QUOTAS)
    draw = draw_panel(
        read_pool_csv(lottery.list_csv, quotas), quotas, lottery.invitations, lottery.list_seed
    )
    lottery.invited = json.dumps(list(draw.selected))
    lottery.state, lottery.invited_at = LOTTERY_INVITED, now
    chosen = LotteryPerson.code.in_(draw.selected)
    mine = LotteryPerson.lottery_id == lottery_id
    db.session.execute(update(LotteryPerson).where(mine, chosen).values(invited=True))
    db.session.execute(update(LotteryPerson).where(mine, ~chosen).values(name=None, address=None))
    audit.record(
        actor=actor,
        action="body.lottery_invite",
        object_type="body_lottery",
        object_id=lottery_id,
        after={"seed": lottery.list_seed, "invited": len(draw.selected)},
        now=now,
    )
    db.session.commit()
    return lottery


def record_answer(lottery_id: int, code: str, gender: str, *, actor: User, now: datetime) -> None:
    """An invited person accepts (by post, at the town hall): they join the pool."""
    lottery = _locked_in(lottery_id, LOTTERY_INVITED, _("Le vivier a déjà été arrêté"))
    if gender not in GENDERS:
        raise Refused(_("Choisissez un genre."), "gender")
    person = db.session.scalar(
        select(LotteryPerson).where(
            LotteryPerson.lottery_id == lottery.id,
            LotteryPerson.code == code.strip().upper(),
            LotteryPerson.invited.is_(True),
        )
    )
    if person is None:
        raise Refused(_("Aucune personne invitée ne porte ce code."), "code")
    if person.answered_at is not None:
        raise Refused(_("La réponse de cette personne est déjà enregistrée."), "code")
    person.answered_at, person.gender = now, gender
    audit.record(
        actor=actor,
        action="body.lottery_answer",
        object_type="body_lottery",
        object_id=lottery_id,
        after={"code": person.code},
        now=now,
    )
    db.session.commit()


def freeze_pool(lottery_id: int, *, actor: User, now: datetime) -> BodyLottery:
    """Stage 2: those who answered, with gender parity quotas (refused with the core's
    reasons when they cannot be met)."""
    lottery = _locked_in(lottery_id, LOTTERY_INVITED, _("Le vivier a déjà été arrêté"))
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
    lottery.state, lottery.pool_frozen_at = LOTTERY_POOL_FROZEN, now
    audit.record(
        actor=actor,
        action="body.lottery_pool",
        object_type="body_lottery",
        object_id=lottery_id,
        after={"pool": len(pool), "digest": lottery.pool_digest, "notes": list(quotas.notes)},
        now=now,
    )
    db.session.commit()
    return lottery


def seat(lottery_id: int, seed: str, *, actor: User, now: datetime) -> BodyLottery:
    """Stage 2's draw: the panel, seated in the body's drawn seats from today."""
    lottery = _locked_in(lottery_id, LOTTERY_POOL_FROZEN, _("Le panel a déjà été tiré"))
    lottery.pool_seed = _seed(seed)
    quotas = read_quotas_csv(lottery.quotas_csv or NO_QUOTAS)
    pool = read_pool_csv(lottery.pool_csv or "id\n", quotas)
    try:
        draw = draw_panel(pool, quotas, lottery.seats, lottery.pool_seed)
    except InfeasibleQuotasError as error:
        raise Refused("; ".join(error.reasons)) from None
    lottery.selected = json.dumps(list(draw.selected))
    lottery.state, lottery.seated_at = LOTTERY_SEATED, now
    chosen = {p.code: p for p in people(lottery_id, invited=True) if p.code in draw.selected}
    for code in draw.selected:
        person = chosen[code]
        person.seated = True
        db.session.add(
            BodyMember(
                body_id=lottery.body_id,
                category=SEAT_DRAWN,
                name=person.name or code,
                since=local_day(now),
                created_at=now,
            )
        )
    audit.record(
        actor=actor,
        action="body.lottery_seat",
        object_type="body_lottery",
        object_id=lottery_id,
        after={"seed": lottery.pool_seed, "selected": list(draw.selected)},
        now=now,
    )
    db.session.commit()
    return lottery
