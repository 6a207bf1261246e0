"""Long work (a large budget tally, a fair draw) as a background job with progress.

One interface, two back ends (docs/rules.md §8): RQ on Redis when ``REDIS_URL`` is set
(run ``rq worker civic`` beside the app servers), an in-process worker thread
otherwise. The job's state and progress live in the ``jobs`` table, so a page can
poll them whichever back end ran the work.

A task is a plain function named by its import path (``"package.module:function"``)
taking JSON-able arguments; it runs inside an application context, does its own
database work, may call ``report_progress`` and returns a JSON-able result.

    job_id = jobs.enqueue("civic.budget.tasks:tally", budget_id)
    jobs.status(job_id).progress
"""

from __future__ import annotations

import importlib
import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from civic.database import write_intent
from civic.extensions import db
from civic.models.jobs import JOB_FAILED, JOB_FINISHED, JOB_QUEUED, JOB_RUNNING, Job

QUEUE_NAME = "civic"
_current_job: ContextVar[str | None] = ContextVar("civic_current_job", default=None)


@dataclass(frozen=True)
class JobStatus:
    id: str
    task: str
    state: str
    progress: float
    message: str | None
    result: Any
    error: str | None

    @property
    def done(self) -> bool:
        return self.state in (JOB_FINISHED, JOB_FAILED)


def enqueue(task: str, *args: Any) -> str:
    """Record a queued job and hand it to the configured back end; returns its id.

    Commits the job row (the caller's pending changes too), since the worker
    must see it."""
    _resolve(task)  # fail now, in the request, on a wrong task name
    job_id = str(uuid.uuid4())
    db.session.add(Job(id=job_id, task=task, state=JOB_QUEUED, created_at=_now()))
    db.session.commit()
    _start(current_app._get_current_object(), job_id, task, list(args))  # type: ignore[attr-defined]
    return job_id


def enqueue_after_commit(task: str, *args: Any, attempts: int = 1) -> str:
    """Add the job's row to the caller's transaction: the job starts once it commits,
    and never if it rolls back. A task that fails is tried again, up to ``attempts``
    times in all, after a growing pause (``RETRY_PAUSES``)."""
    _resolve(task)
    job_id = str(uuid.uuid4())
    db.session.add(Job(id=job_id, task=task, state=JOB_QUEUED, created_at=_now()))
    db.session.info.setdefault(_AFTER_COMMIT, []).append((job_id, task, list(args), attempts))
    return job_id


_AFTER_COMMIT = "civic_jobs_after_commit"
# Seconds before the second, third… attempt of a failed task (the last one repeats).
RETRY_PAUSES = (60, 600, 3600)


@event.listens_for(Session, "after_commit")
def _start_committed_jobs(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's end: the caller's transaction goes on
    queued = session.info.pop(_AFTER_COMMIT, [])
    if queued:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        for job_id, task, args, attempts in queued:
            _start(app, job_id, task, args, attempts)


@event.listens_for(Session, "after_rollback")
def _drop_rolled_back_jobs(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_AFTER_COMMIT, None)


def _start(app: Flask, job_id: str, task: str, args: list[Any], attempts: int = 1) -> None:
    if app.config["REDIS_URL"] and not app.config["JOBS_IN_THREAD"]:
        from redis import Redis
        from rq import Queue

        queue = Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))
        queue.enqueue(run_job, job_id, task, args, attempts, job_id=job_id, job_timeout=3600)
        return
    thread = threading.Thread(
        target=_run_in_app, args=(app, job_id, task, args, attempts), daemon=True
    )
    thread.start()
    if app.config["JOBS_SYNCHRONOUS"]:
        thread.join()  # tests: the job is done when the commit returns


def status(job_id: str) -> JobStatus | None:
    """The job as it is now, read on its own connection (not the caller's snapshot)."""
    table = Job.__table__
    with db.engine.connect() as connection:
        row = connection.execute(select(table).where(table.c.id == job_id)).mappings().first()
    if row is None:
        return None
    progress, message = row["progress"], row["message"]
    if row["state"] == JOB_RUNNING:
        live = _file_progress(job_id)
        if live is not None:
            progress, message = live["progress"], live["message"]
    return JobStatus(
        id=row["id"],
        task=row["task"],
        state=row["state"],
        progress=progress,
        message=message,
        result=json.loads(row["result"]) if row["result"] else None,
        error=row["error"],
    )


def report_progress(fraction: float, message: str | None = None) -> None:
    """Called from inside a task: record how far it is (0..1).

    On PostgreSQL the row is updated on its own connection (MVCC: the task's open
    transaction is not disturbed). On SQLite a second writer would have to wait for
    the task's own write transaction, so progress goes to a small file under
    ``instance/jobs/`` instead, which every worker of the same host can read (SQLite
    deployments are single-host by nature)."""
    job_id = _current_job.get()
    if job_id is None:
        return
    progress = max(0.0, min(1.0, fraction))
    if db.engine.dialect.name == "sqlite":
        path = _progress_file(job_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"progress": progress, "message": message}))
        os.replace(temporary, path)
        return
    _update(job_id, progress=progress, message=message)


def _progress_file(job_id: str) -> Path:
    return Path(current_app.instance_path) / "jobs" / f"{uuid.UUID(job_id)}.json"


def _file_progress(job_id: str) -> dict[str, Any] | None:
    try:
        return json.loads(_progress_file(job_id).read_text())
    except (OSError, ValueError):
        return None


def run_job(job_id: str, task: str, args: list[Any], attempts: int = 1) -> None:
    """Entry point of the RQ worker: build the app from the environment and run."""
    from civic import create_app

    app = create_app()
    try:
        _run_in_app(app, job_id, task, args, attempts)
    finally:
        with app.app_context():
            db.engine.dispose()  # a worker process may run many jobs: no leaked pools


def _run_in_app(app: Flask, job_id: str, task: str, args: list[Any], attempts: int = 1) -> None:
    for attempt in range(1, attempts + 1):
        if _attempt(app, job_id, task, args, last=attempt == attempts):
            return
        if not app.config["JOBS_SYNCHRONOUS"]:  # tests retry at once
            time.sleep(RETRY_PAUSES[min(attempt, len(RETRY_PAUSES)) - 1])


def _attempt(app: Flask, job_id: str, task: str, args: list[Any], *, last: bool) -> bool:
    """Run the task once; whether it is over (done, or failed for the last time)."""
    with app.app_context():
        token = _current_job.set(job_id)
        try:
            _update(job_id, state=JOB_RUNNING, started_at=_now())
            with write_intent():
                result = _resolve(task)(*args)
            db.session.commit()
            final = _file_progress(job_id)
            _update(
                job_id,
                state=JOB_FINISHED,
                progress=1.0,
                **({"message": final.get("message")} if final else {}),
                result=json.dumps(result, default=str),
                finished_at=_now(),
            )
        except Exception as error:  # the job fails, the worker lives on
            db.session.rollback()
            app.logger.exception("Job %s (%s) failed", job_id, task)
            if last:
                _update(job_id, state=JOB_FAILED, error=repr(error)[:2000], finished_at=_now())
            else:
                _update(job_id, state=JOB_QUEUED, error=repr(error)[:2000])
            return last
        finally:
            _current_job.reset(token)
            db.session.remove()
            _progress_file(job_id).unlink(missing_ok=True)
        return True


def _update(job_id: str, **values: Any) -> None:
    # A separate session: progress must be visible while the task's own
    # transaction is still open.
    with write_intent(), db.engine.begin() as connection:
        connection.execute(Job.__table__.update().where(Job.id == job_id).values(**values))


def _resolve(task: str) -> Callable[..., Any]:
    module_name, _, name = task.partition(":")
    function = getattr(importlib.import_module(module_name), name, None)
    if not callable(function):
        raise ValueError(f"unknown task {task!r}")
    return function


def _now() -> datetime:
    return datetime.now(UTC)
