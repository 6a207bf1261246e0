"""recompute identity keys with the new name canonicalisation; keep collisions for clerks

Invisible characters removed, look-alike letters of other alphabets read as Latin
(UTS #39 skeleton), separators ignored (civic/core/identity.py). Every stored key
is recomputed from what is stored in plain:

- accounts: from their names and birth date (an erased account keeps its key);
- signatures, budget ballots, electoral-list records: each key that was an
  account's previous key becomes that account's new key. Paper signatures and
  paper ballots of people without an account, and electors without an account,
  keep their previous key (no birth date, or no name, is stored for them): the
  electoral list is marked to be imported again;
- two rows that become one person (two active accounts; two signatures of one
  petition; two ballots of one heading) are recorded in ``identity_collisions``
  for a clerk to decide; nothing is deleted, and the second row keeps its
  previous key where a uniqueness rule forbids sharing it.

Downgrading drops the table and the flag; the recomputed keys stay.

Revision ID: c52c4a1ac754
Revises: c7e2a91d4f10
Create Date: 2026-12-06 13:30:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from flask import current_app

from civic.core.identity import IdentityError, identity_key

# revision identifiers, used by Alembic.
revision = "c52c4a1ac754"
down_revision = "c7e2a91d4f10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identity_collisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("identity_key", sa.String(length=64), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.Column("examined_at", sa.DateTime(), nullable=True),
        sa.Column("examined_by_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["examined_by_id"],
            ["users.id"],
            name=op.f("fk_identity_collisions_examined_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_collisions")),
    )
    # A plain ADD COLUMN, not a batch copy: on SQLite the copy would drop the table
    # that elector_records still references (foreign keys are enforced).
    op.add_column(
        "electoral_list_imports",
        sa.Column("keys_outdated", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    secret = current_app.config["IDENTITY_KEY_SECRET"].encode("utf-8")
    recompute_identity_keys(op.get_bind(), secret, datetime.now(UTC))


def downgrade() -> None:
    op.drop_column("electoral_list_imports", "keys_outdated")
    op.drop_table("identity_collisions")


# The tables as this revision knows them (not the application's models, which move on).
_users = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("identity_key", sa.String),
    sa.column("family_name", sa.String),
    sa.column("given_names", sa.String),
    sa.column("birth_date", sa.Date),
    sa.column("deleted_at", sa.DateTime),
)
_signatures = sa.table(
    "signatures",
    sa.column("id", sa.Integer),
    sa.column("identity_key", sa.String),
    sa.column("petition_id", sa.Integer),
    sa.column("quarter_slot", sa.String),
)
_ballots = sa.table(
    "budget_ballots",
    sa.column("id", sa.Integer),
    sa.column("identity_key", sa.String),
    sa.column("heading_id", sa.Integer),
)
_electors = sa.table(
    "elector_records",
    sa.column("id", sa.Integer),
    sa.column("identity_key", sa.String),
)
_imports = sa.table(
    "electoral_list_imports",
    sa.column("id", sa.Integer),
    sa.column("keys_outdated", sa.Boolean),
)
_collisions = sa.table(
    "identity_collisions",
    sa.column("kind", sa.String),
    sa.column("identity_key", sa.String),
    sa.column("first_id", sa.Integer),
    sa.column("second_id", sa.Integer),
    sa.column("found_at", sa.DateTime),
)


def recompute_identity_keys(bind: sa.Connection, secret: bytes, now: datetime) -> dict[str, int]:
    """Recompute every stored identity key; return how many rows changed and how
    many collisions were recorded (kept apart so a test can run it on a filled database)."""
    found_at = now.astimezone(UTC).replace(tzinfo=None)
    collisions: list[dict[str, Any]] = []
    counts: dict[str, int] = {}

    previous_to_new: dict[str, str] = {}
    active_by_key: dict[str, list[int]] = {}
    changed: list[dict[str, Any]] = []
    for row in bind.execute(sa.select(_users).order_by(_users.c.id)).all():
        if not row.family_name or row.birth_date is None:
            continue  # erased: the key stays, so the person still cannot sign twice
        try:
            new = identity_key(secret, row.family_name, row.given_names or "", row.birth_date)
        except IdentityError:
            continue
        previous_to_new.setdefault(row.identity_key, new)
        if new != row.identity_key:
            changed.append({"row_id": row.id, "new_key": new})
        if row.deleted_at is None:
            active_by_key.setdefault(new, []).append(row.id)
    _update(bind, _users, changed)
    counts["users"] = len(changed)
    for key, ids in active_by_key.items():
        collisions.extend(
            {"kind": "accounts", "identity_key": key, "first_id": ids[0], "second_id": other}
            for other in ids[1:]
        )

    for table, kind, scopes in (
        (_signatures, "signatures", ("petition_id", "quarter_slot")),
        (_ballots, "budget_ballots", ("heading_id",)),
        (_electors, "elector_records", ()),
    ):
        counts[kind] = _remap(bind, table, kind, scopes, previous_to_new, collisions)

    if collisions:
        bind.execute(sa.insert(_collisions), [{**c, "found_at": found_at} for c in collisions])
    counts["collisions"] = len(collisions)
    latest_import = bind.scalar(sa.select(sa.func.max(_imports.c.id)))
    if latest_import is not None:
        bind.execute(
            sa.update(_imports).where(_imports.c.id == latest_import).values(keys_outdated=True)
        )
    return counts


def _remap(
    bind: sa.Connection,
    table: sa.TableClause,
    kind: str,
    scopes: Sequence[str],
    previous_to_new: dict[str, str],
    collisions: list[dict[str, Any]],
) -> int:
    """Give each row its account's new key unless a uniqueness rule already holds
    that key in the row's scope (same petition, same quarter, same heading): then
    the row keeps its key and the pair is recorded."""
    columns = [table.c.id, table.c.identity_key, *(table.c[name] for name in scopes)]
    rows = bind.execute(sa.select(*columns)).all()

    def target(row: Any) -> str:
        return previous_to_new.get(row.identity_key, row.identity_key)

    def claims(row: Any, key: str) -> list[tuple[Any, ...]]:
        if not scopes:
            return [(key,)]
        # A NULL never collides (the quarter slot of a petition without the limit).
        return [
            (name, getattr(row, name), key) for name in scopes if getattr(row, name) is not None
        ]

    held: dict[tuple[Any, ...], int] = {}
    changed: list[dict[str, Any]] = []
    # Rows already holding their new key first, then the oldest: they keep it.
    for row in sorted(rows, key=lambda r: (target(r) != r.identity_key, r.id)):
        new = target(row)
        holders = [held[claim] for claim in claims(row, new) if claim in held]
        if holders:
            collisions.append(
                {"kind": kind, "identity_key": new, "first_id": holders[0], "second_id": row.id}
            )
            new = row.identity_key
        held.update(dict.fromkeys(claims(row, new), row.id))
        if new != row.identity_key:
            changed.append({"row_id": row.id, "new_key": new})
    _update(bind, table, changed)
    return len(changed)


def _update(bind: sa.Connection, table: sa.TableClause, changed: list[dict[str, Any]]) -> None:
    """Set the new keys in two steps (a placeholder of its own per row first), so no
    row takes a key another row gives up later in the same pass."""
    if not changed:
        return
    statement = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values(identity_key=sa.bindparam("new_key"))
    )
    bind.execute(statement, [{**c, "new_key": f"recomputing:{c['row_id']}"} for c in changed])
    bind.execute(statement, changed)
