"""Where one vote's time goes: in-process, through the Flask test client (run by hand).

    .venv/bin/python bench/profile_voting.py                  # SQLite file, HTMX post
    .venv/bin/python bench/profile_voting.py --no-js --database postgresql+psycopg://postgres@127.0.0.1:5432/civic_votebench

Builds the bench database of ``bench_voting_wrk`` (ELECTORS verified residents,
one open votation), puts VOTED of them in the register and the box directly (a
votation well under way), logs VOTES more in through the client, then posts
their ballots one after the other as the page's form does. Reports the median
time per vote, the SQL statements and transactions per vote (SQLAlchemy's
``before_cursor_execute`` and ``begin`` events; on SQLite the ``BEGIN`` lines
show which transactions took the write lock) and a pyinstrument profile of the
votes after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_signing  # noqa: E402
import bench_voting_wrk  # noqa: E402


def prefill(database: str, instance: str, votation_id: int, voted: int) -> None:
    """The first VOTED electors have voted already (rows written as the app writes them)."""
    import uuid
    from datetime import date

    from sqlalchemy import select

    from civic.extensions import db
    from civic.models import Ballot, User, Votation, VoterRegister

    app = bench_voting_wrk._app(database, instance)
    with app.app_context():
        questions = [(q.id, q.position) for q in db.session.get(Votation, votation_id).questions]
        ids = dict(db.session.execute(select(User.email, User.id)).all())
        for n in range(voted):
            db.session.add(
                VoterRegister(
                    votation_id=votation_id,
                    user_id=ids[f"bench{n}@example.org"],
                    channel="online",
                    voted_on=date.today(),
                )
            )
            for question_id, position in questions:
                db.session.add(
                    Ballot(
                        id=uuid.uuid4().hex,
                        votation_id=votation_id,
                        question_id=question_id,
                        choice=bench_voting_wrk.answer(n, position),
                        channel="online",
                    )
                )
        db.session.commit()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--electors", type=int, default=3000)
    parser.add_argument("--voted", type=int, default=2000, help="already in the register")
    parser.add_argument("--votes", type=int, default=300, help="ballots posted and profiled")
    parser.add_argument("--warm-up", type=int, default=30)
    parser.add_argument("--no-js", action="store_true", help="post like a browser without JS")
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix="civic-voteprof-")
    database = args.database or f"sqlite:///{instance}/bench.sqlite3"
    prepared = bench_voting_wrk.prepare(database, instance, args.electors, 1)
    votation_id = prepared["votation"]
    prefill(database, instance, votation_id, args.voted)

    from pyinstrument import Profiler
    from sqlalchemy import event

    from civic.extensions import db

    app = bench_voting_wrk._app(database, instance)
    voters = range(args.voted, min(args.electors, args.voted + args.warm_up + args.votes))
    clients = []
    for n in voters:
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        answer = client.post(
            "/auth/login",
            data={
                "csrf_token": token,
                "email": f"bench{n}@example.org",
                "password": bench_signing.PASSWORD,
            },
        )
        assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
        body = {"csrf_token": token}
        body.update(
            {field: bench_voting_wrk.answer(n, i) for i, field in enumerate(prepared["fields"])}
        )
        clients.append((client, body))

    statements: list[str] = []
    begins: list[str] = []
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split())[:110])

    @event.listens_for(engine, "begin")
    def _begin(_conn):  # type: ignore[no-untyped-def]
        begins.append("begin")

    headers = {} if args.no_js else {"HX-Request": "true"}
    url = f"/votations/{votation_id}/vote"
    expected = 302 if args.no_js else 200
    per_vote: list[tuple[int, int]] = []
    times: list[float] = []
    profiler = Profiler(interval=0.0005)
    for number, (client, body) in enumerate(clients):
        if number == args.warm_up:
            profiler.start()
            cpu_started = time.process_time()
        statements.clear()
        begins.clear()
        started = time.perf_counter()
        response = client.post(url, data=body, headers=headers)
        elapsed = time.perf_counter() - started
        assert response.status_code == expected, response.status_code
        if not args.no_js:
            assert bench_voting_wrk.VOTED in response.get_data(as_text=True)
        if number >= args.warm_up:
            times.append(elapsed)
            per_vote.append((len(statements), len(begins)))
    cpu = time.process_time() - cpu_started
    profiler.stop()
    statements.clear()
    begins.clear()
    started = time.perf_counter()
    page = clients[-1][0].get(f"/votations/{votation_id}")
    view_ms = (time.perf_counter() - started) * 1000
    assert page.status_code == 200
    view = (len(statements), len(begins))

    print(
        f"database: {database.split(':')[0]}  {'no-JS form' if args.no_js else 'HTMX'}  "
        f"register before: {args.voted}  votes profiled: {len(times)}"
    )
    print(
        f"time per vote: median {statistics.median(times) * 1000:.1f} ms  "
        f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.1f} ms  "
        f"CPU of this process per vote (app + SQLite, profiler included): "
        f"{cpu * 1000 / len(times):.1f} ms"
    )
    counts = sorted(set(per_vote))
    print(f"(statements, transactions) per vote: {counts}")
    print(f"the votation page (GET, full page, as the voter): {view} in {view_ms:.1f} ms")
    print("statements of the last vote:")
    for line in statements:
        print("   ", line)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    with app.app_context():
        db.engine.dispose()
    if args.database is None:
        import shutil

        shutil.rmtree(instance, ignore_errors=True)
    os._exit(0)


if __name__ == "__main__":
    main()
