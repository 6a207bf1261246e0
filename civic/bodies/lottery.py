"""The civic lottery in two stages, on the core's sortition (``civic.core.sortition``).

1. The list (the electoral list or an address file, uploaded by a clerk) is frozen as
   pseudonymous ids, its digest published; a public seed then draws whom to invite,
   re-runnable with ``python -m civic.core.sortition`` on the published files. Civic
   prints the invitation letters.
2. Those who answer form the pool, frozen with its gender-parity quotas (the core's
   rule). The clerk chooses how the panel is drawn: the fair draw (the default when
   the ``fair-draw`` extra is installed: a job computes the numbered list of 1,000
   quota-valid panels, published with its digest before the seed) or the stratified
   draw. A second public seed then draws the panel, seated in the body's drawn seats,
   and an ordered reserve list from the rest of the pool (``lottery_seats.py``).

As for neighbourhood councils, every computation re-reads the very files published,
so what anyone downloads and re-runs is what was used here. Names and addresses are
never published: those not invited are erased as soon as the invitations are drawn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from civic.audit import services as audit
from civic.core.sortition import draw_panel
from civic.core.sortition.csvfiles import read_pool_csv, read_quotas_csv
from civic.csv_export import csv_text
from civic.decisions import already_decided, locked
from civic.extensions import db
from civic.models import Body, BodyLottery, LotteryPerson, User
from civic.models.bodies import (
    DRAW_FAIR,
    LOTTERY_INVITED,
    LOTTERY_LIST_FROZEN,
    LOTTERY_SOURCES,
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


@dataclass(frozen=True)
class Seat:
    """A line of the public table of who sits: codes only, never names."""

    code: str
    sitting: bool
    declined_at: datetime | None
    replaces: str | None
    replaced_by: str | None


def seats_of(lottery: BodyLottery) -> list[Seat]:
    """Everyone drawn or called from the reserve, in the order they were seated."""
    if not lottery.selected:
        return []
    everyone = {p.code: p for p in people(lottery.id, invited=True)}
    called = [p for p in everyone.values() if p.replaces is not None]
    order = json.loads(lottery.selected) + [
        c for c in json.loads(lottery.reserve or "[]") if c in {p.code for p in called}
    ]
    successor = {p.replaces: p.code for p in called}
    return [
        Seat(
            code=code,
            sitting=everyone[code].seated,
            declined_at=everyone[code].declined_at,
            replaces=everyone[code].replaces,
            replaced_by=successor.get(code),
        )
        for code in order
    ]


def commands(lottery: BodyLottery) -> tuple[str, str | None]:
    """The commands that re-run each stage on the downloaded files: the second gives the
    panel and its reserve (the fair draw's: the pick from the published list)."""

    def quoted(seed: str | None) -> str:
        return "'" + (seed or "SEED").replace("'", "'\\''") + "'"

    name = f"lottery-{lottery.id}"
    base = "python -m civic.core.sortition"
    first = (
        f"{base} --pool {name}-list.csv --quotas {name}-list-quotas.csv "
        f"--seats {lottery.invitations} --seed {quoted(lottery.list_seed)}"
    )
    if lottery.pool_csv is None:
        return first, None
    pool = f"--pool {name}-pool.csv --quotas {name}-quotas.csv"
    reserve = f" --reserve {lottery.reserve_size}" if lottery.reserve_size else ""
    if lottery.mode == DRAW_FAIR:
        second = f"{base} pick --panels {name}-panels.csv"
        if reserve:
            second += f" {pool}{reserve}"
    else:
        second = f"{base} {pool} --seats {lottery.seats}{reserve}"
    return first, f"{second} --seed {quoted(lottery.pool_seed)}"


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


def public_seed(seed: str) -> str:
    seed = seed.strip()
    if not seed or len(seed) > SEED_MAX:
        raise Refused(_("Saisissez la graine tirée en public (100 caractères au plus)."), "seed")
    return seed


def locked_in(lottery_id: int, state: str, done: str) -> BodyLottery:
    lottery = locked(BodyLottery, lottery_id)  # two clerks at once: one draw
    if lottery is None:
        raise Refused(_("Ce tirage n'existe pas."))
    if lottery.state != state:
        raise already_decided(done, by_id=None)
    return lottery


def invite(lottery_id: int, seed: str, *, actor: User, now: datetime) -> BodyLottery:
    """Stage 1's draw: whom to invite. Names of those not invited are erased at once."""
    lottery = locked_in(lottery_id, LOTTERY_LIST_FROZEN, _("Les invitations ont déjà été tirées"))
    lottery.list_seed = public_seed(seed)
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
    lottery = locked_in(lottery_id, LOTTERY_INVITED, _("Le vivier a déjà été arrêté"))
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
