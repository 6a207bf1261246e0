"""``flask civic petitions …``: recount signatures, close petitions past their deadline,
anonymise the signatures of petitions closed long enough ago."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

petitions_cli = AppGroup("petitions", help="Petitions: recount, closing, anonymising.")


@petitions_cli.command("recount")
@click.option("--dry-run", is_flag=True, help="Report drift without repairing the counters.")
def recount(dry_run: bool) -> None:
    """Recount every petition's signatures from the rows; report any drift between the
    stored counters and the rows (and repair it, thresholds included, unless --dry-run).
    Exits 1 when drift was found."""
    from civic.database import write_intent
    from civic.petitions.moderation import recount as recount_all
    from civic.services import now_utc

    with write_intent():
        drifts = recount_all(now=now_utc(), fix=not dry_run)
    if not drifts:
        click.echo("No drift: every petition's counters equal its signature rows.")
        return
    for drift in drifts:
        click.echo(
            f"petition {drift.petition_id}: stored collected={drift.stored.collected} "
            f"counted={drift.stored.counted_residents} electors={drift.stored.counted_electors} "
            f"legal={drift.stored.counted_legal}"
            f" / rows collected={drift.rows.collected} counted={drift.rows.counted_residents} "
            f"electors={drift.rows.counted_electors} legal={drift.rows.counted_legal}"
            + ("" if dry_run else " (repaired)")
        )
    sys.exit(1)


@petitions_cli.command("close-expired")
def close_expired() -> None:
    """Close every open petition whose signing deadline has passed."""
    from civic.database import write_intent
    from civic.petitions.lifecycle import close_expired as close
    from civic.services import now_utc

    with write_intent():
        closed = close(now_utc())
    click.echo(f"{len(closed)} petition(s) closed.")


@petitions_cli.command("anonymise")
def anonymise() -> None:
    """Erase the signers' personal data (paper names and addresses, account links, IP
    hashes) of petitions whose collection ended PETITION_ANONYMISE_AFTER_MONTHS ago
    (default 6); identity keys and counts stay. Idempotent: run it daily."""
    from flask import current_app

    from civic.database import write_intent
    from civic.petitions.anonymise import anonymise_due
    from civic.services import now_utc

    months = int(current_app.config["PETITION_ANONYMISE_AFTER_MONTHS"])
    if months < 0:
        raise click.UsageError("PETITION_ANONYMISE_AFTER_MONTHS must be 0 or more.")
    with write_intent():
        done = anonymise_due(now_utc(), months)
    for item in done:
        click.echo(f"petition {item.petition_id}: {item.signatures} signature(s) anonymised")
    click.echo(f"{len(done)} petition(s) anonymised.")
