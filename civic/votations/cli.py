"""``flask civic votations …``: recount a published votation, shuffle ballot boxes."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import AppGroup

from civic.security import LARGEST_ID

votations_cli = AppGroup("votations", help="Votations: recount, keep the ballot box shuffled.")


@votations_cli.command("remind")
def remind() -> None:
    """Tell the eligible people who follow a votation that it opens today, or that
    today is its last day (run once a day; a second run tells nobody twice)."""
    from civic.database import write_intent
    from civic.services import now_utc
    from civic.votations import reminders

    with write_intent():
        sent = reminders.remind(now_utc())
    for kind, count in sorted(sent.items()):
        click.echo(f"{kind}: {count}")


@votations_cli.command("recount")
@click.argument("votation_id", type=click.IntRange(1, LARGEST_ID))
def recount(votation_id: int) -> None:
    """Tally the ballot box of a published votation again and compare it with the
    published result; exit 1 on any difference."""
    from civic.services import Refused
    from civic.votations import results

    try:
        recounts = results.recount(votation_id)
    except Refused as refusal:
        click.echo(str(refusal.message), err=True)
        sys.exit(2)
    click.echo(results.eligible_description(results.get_votation(votation_id)))
    differs = False
    for item in recounts:
        click.echo(f"{item.question}")
        click.echo(json.dumps(item.recounted, ensure_ascii=False, sort_keys=True, indent=2))
        if item.matches:
            click.echo("Recount matches the published result.")
        else:
            differs = True
            click.echo("Recount DIFFERS from the published result:", err=True)
            click.echo(json.dumps(item.published, ensure_ascii=False, sort_keys=True), err=True)
    sys.exit(1 if differs else 0)


@votations_cli.command("shuffle")
def shuffle() -> None:
    """Rewrite the ballot boxes of votations not yet published so that storage order
    and transaction ids no longer follow voting order (run it from cron every few
    minutes during a vote, and once after publication). On SQLite: VACUUM, and the
    write-ahead log emptied (docs/secrecy.md)."""
    from sqlalchemy import select

    from civic.database import write_intent
    from civic.extensions import db
    from civic.models.votations import STATUS_SCHEDULED, Votation
    from civic.votations.secrecy import shuffle_ballot_box, vacuum_ballots

    with write_intent():
        ids = db.session.scalars(select(Votation.id).where(Votation.status == STATUS_SCHEDULED))
        count = 0
        for votation_id in ids.all():
            shuffle_ballot_box(votation_id)
            count += 1
        db.session.commit()
    vacuum_ballots()
    click.echo(f"{count} ballot boxes rewritten.")
