"""``flask civic budget …``: export a vote in the pabulib format."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from civic.security import LARGEST_ID

budget_cli = AppGroup("budget", help="Participatory budget: open-data exports.")


@budget_cli.command("export")
@click.argument("budget_id", type=click.IntRange(1, LARGEST_ID))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="Folder to write the files to (default: the current folder).",
)
def export(budget_id: int, out_dir: Path) -> None:
    """Write each heading's vote as a pabulib .pb file (pseudonymous voter ids), so
    anyone can recompute the result: python -m civic.core.budget --rule RULE FILE.pb"""
    from civic.budget import results, setup

    budget = setup.get_budget(budget_id)
    if budget is None:
        click.echo(f"error: no budget {budget_id}", err=True)
        sys.exit(2)
    out_dir.mkdir(parents=True, exist_ok=True)
    for heading in budget.headings:
        path = out_dir / f"budget-{budget.id}-heading-{heading.id}.pb"
        path.write_text(results.export_pb(heading), encoding="utf-8")
        click.echo(f"{path}\t{heading.name}\t{heading.rule}")
