"""One job interface, two back ends: an in-process thread, and RQ on a real Redis."""

from __future__ import annotations

import os
import socket
import time

import pytest
from flask import Flask
from sqlalchemy import select

from civic import jobs
from civic.extensions import db
from civic.models import Neighbourhood
from tests.conftest import xdist_worker

# The test empties its Redis database: under xdist each worker takes its own
# (gw0 -> 15, gw1 -> 14…), so two workers never flush each other's queue.
_REDIS_DB = 15 - int((xdist_worker() or "gw0").removeprefix("gw")) % 16
REDIS_URL = os.environ.get("CIVIC_TEST_REDIS_URL", f"redis://127.0.0.1:6379/{_REDIS_DB}")


def wait_done(job_id: str, seconds: float = 20) -> jobs.JobStatus:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = jobs.status(job_id)
        assert status is not None
        if status.done:
            return status
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_a_thread_job_reports_progress_and_its_result(app: Flask) -> None:
    with app.app_context():
        job_id = jobs.enqueue("tests.support.tasks:count_to", 4)
        status = wait_done(job_id)
        assert (status.state, status.progress, status.result) == ("finished", 1.0, {"counted": 4})
        assert status.message == "4/4"
        assert db.session.scalar(select(Neighbourhood.population)) == 4


def test_a_failing_job_is_marked_failed_and_writes_nothing(app: Flask) -> None:
    with app.app_context():
        status = wait_done(jobs.enqueue("tests.support.tasks:fail"))
        assert status.state == "failed" and "deliberate failure" in (status.error or "")


def test_an_unknown_task_is_refused_before_anything_is_queued(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError):
        jobs.enqueue("tests.support.tasks:nope")


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_the_job_runs_on_an_rq_worker(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redis import Redis
    from rq import Queue, SimpleWorker

    app.config["REDIS_URL"] = REDIS_URL
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    with app.app_context():
        job_id = jobs.enqueue("tests.support.tasks:count_to", 3)
        assert jobs.status(job_id).state == "queued"  # type: ignore[union-attr]
    # The worker builds its own app from the environment, as in production.
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        worker = SimpleWorker(
            [Queue(jobs.QUEUE_NAME, connection=connection)], connection=connection
        )
        worker.work(burst=True)
    finally:
        connection.flushdb()
        connection.close()
    with app.app_context():
        status = jobs.status(job_id)
        assert status is not None and status.state == "finished"
        assert status.result == {"counted": 3}


def test_the_progress_page_polls_until_done_then_stops(app: Flask) -> None:
    with app.app_context():
        job_id = jobs.enqueue("tests.support.tasks:count_to", 2)
        wait_done(job_id)
    client = app.test_client()
    page = client.get(f"/jobs/{job_id}?done=/resultats").get_data(as_text=True)
    fragment = client.get(f"/jobs/{job_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" in page and 'href="/resultats"' in page
    assert fragment.lstrip().startswith(f'<div id="job-{job_id}"')
    assert "hx-trigger" not in fragment  # finished: no more polling
    assert 'value="100"' in fragment
    offsite = client.get(f"/jobs/{job_id}?done=//evil.example").get_data(as_text=True)
    assert 'href="//evil.example"' not in offsite and "Voir le résultat" not in offsite


def test_a_task_may_report_progress_while_its_transaction_is_open(app: Flask) -> None:
    with app.app_context():
        status = wait_done(jobs.enqueue("tests.support.tasks:read_then_report_then_write"))
        assert status.state == "finished", status.error
        assert status.message == "halfway"
        assert db.session.scalar(select(Neighbourhood.name)) == "After progress"
