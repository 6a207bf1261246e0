"""The identity-key migration run by ``flask db upgrade`` on a database that already
holds accounts and an electoral list (SQLite always; PostgreSQL when the suite runs
on it, in a database of its own created for the test)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from civic.core.identity import identity_key

REPO = Path(__file__).resolve().parents[2]
SECRET = "a-secret-for-the-upgrade-test"
BORN = date(1984, 6, 2)


def _revisions() -> tuple[str, str]:
    (path,) = (REPO / "migrations" / "versions").glob("*_recompute_identity_keys_*.py")
    spec = importlib.util.spec_from_file_location("recompute_revision", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.revision, module.down_revision


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    url = make_url(configured)
    name = f"{url.database}_identity_upgrade"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def flask_db(url: str, instance: Path, *args: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "FLASK_APP": "wsgi:app",
        "CIVIC_INSTANCE_PATH": str(instance),
        "IDENTITY_KEY_SECRET": SECRET,
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "db", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_upgrading_a_filled_database_recomputes_the_keys_and_lists_the_collision(
    database_url: str, tmp_path: Path
) -> None:
    revision, previous = _revisions()
    flask_db(database_url, tmp_path, "upgrade", previous)
    engine = create_engine(database_url)
    created = datetime(2026, 1, 5, 9, 0)
    people = [
        # id, family, given, old key: the same person twice (a zero-width space),
        # someone else, and an erased account whose key must stay.
        (1, "Dupont", "Léa", "old-1"),
        (2, "Du\u200bpont", "Léa", "old-2"),
        (3, "Martin", "Paul", "old-3"),
        (4, None, None, "old-erased"),
    ]
    with engine.begin() as connection:
        for user_id, family, given, key in people:
            connection.execute(
                text(
                    "INSERT INTO users (id, email, family_name, given_names, birth_date,"
                    " identity_key, verification, eu_citizen, created_at)"
                    " VALUES (:id, :email, :family, :given, :born, :key, 'resident', false,"
                    " :created)"
                ),
                {
                    "id": user_id,
                    "email": f"p{user_id}@example.org",
                    "family": family,
                    "given": given,
                    "born": BORN,
                    "key": key,
                    "created": created,
                },
            )
        connection.execute(
            text(
                "INSERT INTO electoral_list_imports (id, imported_at, rows, matched, unmatched,"
                " rejected) VALUES (1, :at, 2, 1, 1, 0)"
            ),
            {"at": created},
        )
        for record_id, key in ((1, "old-3"), (2, "old-no-account")):
            connection.execute(
                text(
                    "INSERT INTO elector_records (id, identity_key, eu_citizen, import_id)"
                    " VALUES (:id, :key, false, 1)"
                ),
                {"id": record_id, "key": key},
            )

    flask_db(database_url, tmp_path, "upgrade", revision)

    secret = SECRET.encode("utf-8")
    with engine.connect() as connection:
        keys = dict(connection.execute(text("SELECT id, identity_key FROM users")).all())
        electors = set(connection.scalars(text("SELECT identity_key FROM elector_records")))
        collisions = connection.execute(
            text("SELECT kind, first_id, second_id, examined_at FROM identity_collisions")
        ).all()
        outdated = connection.scalar(text("SELECT keys_outdated FROM electoral_list_imports"))
    engine.dispose()
    assert keys[1] == keys[2] == identity_key(secret, "Dupont", "Léa", BORN)
    assert keys[3] == identity_key(secret, "Martin", "Paul", BORN)
    assert keys[4] == "old-erased"
    assert electors == {keys[3], "old-no-account"}
    assert [tuple(c) for c in collisions] == [("accounts", 1, 2, None)]
    assert outdated in (True, 1)
