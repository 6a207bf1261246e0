"""``flask civic …`` commands. Each docstring is the command's help text."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from civic.budget.cli import budget_cli
from civic.petitions.cli import petitions_cli
from civic.votations.cli import votations_cli

civic_cli = AppGroup("civic", help="Civic administration commands.")
audit_cli = AppGroup("audit", help="The tamper-evident audit log.")
civic_cli.add_command(audit_cli)
civic_cli.add_command(budget_cli)
civic_cli.add_command(votations_cli)
civic_cli.add_command(petitions_cli)


@civic_cli.command("seed-demo")
def seed_demo() -> None:
    """Load the demo commune (about 26,000 inhabitants, 8 neighbourhoods, one account
    per role, a few hundred residents). Does nothing that is already there."""
    from civic.database import write_intent
    from civic.demo import seed

    with write_intent():
        summary = seed()
    for line in summary:
        click.echo(line)


@civic_cli.command("retention")
def retention() -> None:
    """Erase or anonymise the personal data whose retention period has passed, for every
    processing the areas declare (civic/*/privacy.py; the periods are in the register of
    processing activities, /admin/registre-des-traitements). Run it daily, e.g. from cron."""
    from civic.database import write_intent
    from civic.privacy.retention import run
    from civic.services import now_utc

    with write_intent():
        done = run(now_utc())
    for erased in done:
        click.echo(f"{erased.processing}/{erased.retention}: {erased.count}")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Check the audit log's hash chain; name the first broken entry and exit 1 if any."""
    from civic.audit.services import verify

    check = verify()
    if check.ok:
        click.echo(f"Audit chain intact: {check.checked} entries.")
        return
    click.echo(
        f"Audit chain BROKEN at entry seq={check.first_broken_seq} ({check.problem}); "
        f"{check.checked} entries before it are intact.",
        err=True,
    )
    sys.exit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(civic_cli)
