"""Fixtures shared by every layer.

The database is the real one named by ``DATABASE_URL`` (PostgreSQL in CI's second
pass) or, by default, an SQLite file in a temporary folder — never an in-memory
stand-in, so concurrency tests see what production sees. The schema is created
once per session; each test then starts from empty tables.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

# Hypothesis's deadline and "too slow" health check are timings: on a shared 2-core
# machine they fail tests whose behaviour is right (a 290 ms example under load).
# Speed is proven by the benchmarks in bench/, never by the suite.
settings.register_profile("civic", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("civic")

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"


def xdist_worker() -> str | None:
    """``gw0``, ``gw1``… under ``pytest -n N`` (pytest-xdist); None in a plain run."""
    return os.environ.get("PYTEST_XDIST_WORKER")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        from civic.config import normalise_database_url

        url = normalise_database_url(url)
        worker = xdist_worker()
        return worker_database(url, worker) if worker else url
    # Under xdist each worker has its own temporary folder, hence its own file.
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'civic-test.sqlite3'}"


def worker_database(url: str, worker: str) -> str:
    """Each xdist worker empties and rebuilds its schema: give it a database of its own,
    named after the one in DATABASE_URL (``civic`` -> ``civic_gw0``), created if missing."""
    from sqlalchemy import create_engine, make_url, text

    base = make_url(url)
    if base.get_backend_name() == "sqlite":
        stem, dot, suffix = (base.database or "civic-test.sqlite3").rpartition(".")
        name = f"{stem}_{worker}.{suffix}" if dot else f"{suffix}_{worker}"
        return base.set(database=name).render_as_string(hide_password=False)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("instance"))
    os.environ["CIVIC_INSTANCE_PATH"] = path
    return path


@pytest.fixture(scope="session")
def _schema(database_url: str, instance_path: str) -> Iterator[None]:
    from civic import create_app
    from civic.extensions import db

    app = create_app(_test_config(database_url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _test_config(database_url: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key",
        "IDENTITY_KEY_SECRET": "test-identity-secret",
        "ARGON2_PARAMETERS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
        "MAIL_BACKEND": "locmem",
        "RATELIMIT_STORAGE_URI": "civic-database://",
        # Mails go through the job queue: sent by the time the request answers.
        "JOBS_SYNCHRONOUS": True,
        "SERVER_NAME": "localhost",
        "SESSION_COOKIE_SECURE": False,
    }


@pytest.fixture
def app(_schema: None, database_url: str) -> Iterator[Flask]:
    from civic import create_app
    from civic.extensions import db, limiter, mail

    app = create_app(_test_config(database_url))
    with app.app_context():
        limiter.reset()
        app.extensions["mailman"].outbox = []
        _ = mail
    yield app
    with app.app_context():
        db.session.remove()
        _empty_tables(db)
        db.engine.dispose()


def _empty_tables(db: Any) -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture(autouse=True)
def _push_request_context() -> Iterator[None]:
    """Replace pytest-flask's autouse request context: with it, every request of the
    test client reuses one app context, so one database session spans requests and
    teardown never runs between them, which is not how the app runs."""
    yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def outbox(app: Flask) -> list[Any]:
    return app.extensions["mailman"].outbox  # type: ignore[no-any-return]


def csrf_token(client: FlaskClient, path: str = "/language") -> str:
    """The session's CSRF token, read from a page as a browser would."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post(client: FlaskClient, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
    """POST like a browser: with the CSRF token the page carried."""
    payload = {"csrf_token": csrf_token(client), **(data or {})}
    return client.post(path, data=payload, **kw)


def log_in_through_forms(app: Flask, client: FlaskClient, email: str, password: str) -> None:
    """The password form, then the second step's code when the account asks for one."""
    from tests.support.second_factor import SECOND_STEP, current_code

    response = post(client, "/auth/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if urlsplit(response.location).path == SECOND_STEP:
        response = post(client, SECOND_STEP, {"code": current_code(app, email)})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]


@dataclass
class People:
    """Creates accounts at every level and logs them in through the client."""

    app: Flask
    client: FlaskClient
    created: dict[str, int] = field(default_factory=dict)
    counter: int = 0

    def make(
        self,
        name: str = "resident",
        *,
        level: str = "resident",
        roles: tuple[str, ...] = (),
        birth_date: date = date(1990, 5, 17),
        neighbourhood: str | None = None,
        confirmed: bool = True,
        family_name: str | None = None,
        given_names: str | None = None,
    ) -> int:
        from civic.auth.emails import canonical_email
        from civic.auth.passwords import hash_password
        from civic.auth.services import person_key
        from civic.extensions import db
        from civic.models import Neighbourhood, User, UserRole

        self.counter += 1
        with self.app.app_context():
            hood = db.session.scalar(
                db.select(Neighbourhood).where(Neighbourhood.name == (neighbourhood or "Centre"))
            )
            if hood is None:
                hood = Neighbourhood(name=neighbourhood or "Centre", population=3000)
                db.session.add(hood)
                db.session.flush()
            family = family_name or f"Famille{self.counter}"
            given = given_names or name.capitalize()
            email = f"{name}@example.org"
            now = datetime.now(UTC)
            user = User(
                email=email,
                email_canonical=canonical_email(email),
                password_hash=hash_password(PASSWORD),
                family_name=family,
                given_names=given,
                birth_date=birth_date,
                address=f"{self.counter} rue de la Mairie",
                neighbourhood_id=hood.id,
                identity_key=person_key(family, given, birth_date),
                verification=level,
                email_confirmed_at=now if confirmed else None,
                created_at=now,
            )
            user.roles = [UserRole(role=r, granted_at=now) for r in roles]
            db.session.add(user)
            if roles:  # staff log in with a second factor: an authenticator from the start
                from tests.support.second_factor import enrol

                db.session.flush()
                enrol(user.id)
            db.session.commit()
            self.created[name] = user.id
            return user.id

    def login(self, name: str) -> None:
        """Log in through the forms: the password, then the code for staff."""
        log_in_through_forms(self.app, self.client, f"{name}@example.org", PASSWORD)

    def logout(self) -> None:
        post(self.client, "/auth/logout")


ROLE_ACCOUNTS: dict[str, dict[str, Any]] = {
    "unverified": {"level": "unverified"},
    "resident": {"level": "resident"},
    "elector": {"level": "elector"},
    "clerk": {"level": "resident", "roles": ("clerk",)},
    "councillor": {"level": "elector", "roles": ("councillor",)},
    "admin": {"level": "elector", "roles": ("admin",)},
}


@pytest.fixture
def people(app: Flask, client: FlaskClient) -> People:
    return People(app, client)


@pytest.fixture
def as_role(people: People) -> Any:
    """Log the client in as one of the standard roles (or stay anonymous)."""

    def _as(role: str) -> int | None:
        if role == "anonymous":
            return None
        user_id = people.make(role, **ROLE_ACCOUNTS[role])
        people.login(role)
        return user_id

    return _as
