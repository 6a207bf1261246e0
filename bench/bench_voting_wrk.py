"""Voting load with wrk (a compiled client), side by side for several code trees.

    .venv/bin/python bench/bench_voting_wrk.py --tree before=/tmp/civic-vote-before --tree after=.
    .venv/bin/python bench/bench_voting_wrk.py --database postgresql+psycopg://postgres@127.0.0.1:5432/civic_votebench

Each round builds a fresh database (USERS verified residents and one open
votation), starts gunicorn from each tree in turn, logs every elector in BEFORE
measuring (Argon2 at login is not in the loop), then ``wrk`` keeps CLIENTS
connections busy for DURATION seconds. Each request is one new elector's ballot,
posted with the CSRF token as the page's form does: by default as HTMX does it
(``HX-Request``, a 200 fragment that says "Vous avez voté"), with ``--no-js`` as
a browser without JavaScript (a 302 to the votation page). ``--views N`` adds N
GETs of the full votation page per ballot (people reading the page while others
vote); ``--repeat 2`` sends every elector's ballot twice, back to back on two
connections (a double click, two tabs), to prove one ballot per person under load.

Every elector's answers are a fixed function of their number, in runs of 20
alike, so that afterwards the ballot box can be compared with what the electors
in the register sent, and the order ballots are stored in can be compared with
the order people voted in. The checks after each run (``check``, in a separate
process on the tree's own code):

- ballots per question = register rows = successful answers (+ at most the
  requests in flight when wrk stopped); nobody twice in the register;
- the tally of the ballot rows = the answers of the electors in the register =
  what ``flask civic votations recount`` reports after the votation is closed and
  published (exit 0: the recount matches the published result);
- secrecy as docs/secrecy.md promises it, on the bench's own database: the
  columns and keys of both tables, random ballot ids, no audit entry for an online
  vote, on SQLite ``WITHOUT ROWID`` and storage order = key order; on PostgreSQL
  how many ballots share an ``xmin`` with a register row during the vote (the
  documented residual risk) and after the publication's rewrite (must be none);
  and whether the stored order of the ballots still follows the voting order
  (agreement of the stored choice sequence with the voting-order sequence,
  against what chance gives).

The CPU columns say who used the two cores: gunicorn (user+system seconds of its
workers per ballot) and wrk; ``load`` is /proc/loadavg's 1-minute value at the
start and the end of the run (other work on the machine included).
"""

from __future__ import annotations

import argparse
import bisect
import concurrent.futures
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# The tree whose code prepares and checks a run (the one being served).
TREE = Path(os.environ.get("CIVIC_BENCH_TREE", REPO)).resolve()
sys.path.insert(0, str(HERE))

import bench_signing  # noqa: E402  (puts REPO first on sys.path: TREE goes before it)

sys.path.insert(0, str(TREE))

RUN = 20  # electors in a row who vote alike: makes the voting order visible in a sequence
PATTERNS = (
    ("oui", "non", "oui", "blanc", "non"),
    ("non", "oui", "blanc", "oui", "oui"),
    ("blanc", "oui", "non", "non", "oui"),
)
VOTED = 'class="voted"'
FRAGMENT = '<section id="votation-ballot"'

LUA = r"""
local data = dofile("%(data)s")
local threads = {}
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  thread:set("nthreads", %(nthreads)d)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  k = 0
  ballots = 0
  views = 0
  bad = 0
  exhausted = 0
end
local per_elector = %(repeat)d + %(views)d
function request()
  -- Thread tid takes electors tid, tid + nthreads, …; per elector its ballot
  -- (REPEAT times) then VIEWS page views, one request after the other.
  local n = (tid - 1) + math.floor(k / per_elector) * nthreads + 1
  local step = k %% per_elector
  k = k + 1
  if n > #data.users then
    exhausted = exhausted + 1
    return wrk.format("GET", "/healthz")
  end
  local u = data.users[n]
  if step >= %(repeat)d then
    return wrk.format("GET", data.page, {["Cookie"] = u.cookie})
  end
  return wrk.format("POST", data.page .. "/vote", {
    ["Cookie"] = u.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    %(htmx)s
  }, u.body)
end
function response(status, headers, body)
  if status == 302 then
    ballots = ballots + 1
  elseif status == 200 and string.find(body, '%(fragment)s', 1, true) == 1 then
    if string.find(body, '%(voted)s', 1, true) then ballots = ballots + 1 else bad = bad + 1 end
  elseif status == 200 and string.sub(body, 1, 1) == "{" then
    -- /healthz once every elector has voted (counted as exhausted)
  elseif status == 200 then
    views = views + 1
  else
    bad = bad + 1
  end
end
function done(summary, latency, requests)
  local b, v, x, e = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    b = b + t:get("ballots")
    v = v + t:get("views")
    x = x + t:get("bad")
    e = e + t:get("exhausted")
  end
  io.write(string.format(
    'RESULT {"ok": %%d, "views": %%d, "bad": %%d, "exhausted": %%d, "duration_us": %%d, ' ..
    '"requests": %%d, "p50": %%d, "p95": %%d, "p99": %%d, "max": %%d, "socket_errors": %%d}\n',
    b, v, x, e, summary.duration, summary.requests,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout + summary.errors.status))
end
"""


def answer(elector: int, position: int) -> str:
    """What bench elector number ``elector`` answers to the question at ``position``."""
    pattern = PATTERNS[position % len(PATTERNS)]
    return pattern[(elector // RUN) % len(pattern)]


def chance_agreement(choices: list[str]) -> float:
    """How often two independent draws from this tally agree: the level a random order gives."""
    counts = Counter(choices)
    total = len(choices) or 1
    return sum((n / total) ** 2 for n in counts.values())


# --- in a subprocess, on the served tree's code ------------------------------------------


def _app(database: str, instance: str):  # type: ignore[no-untyped-def]
    os.environ["CIVIC_INSTANCE_PATH"] = instance
    from civic import create_app

    return create_app(bench_signing._config(database))


def prepare(database: str, instance: str, users: int, questions: int) -> dict:
    """Fresh schema, USERS verified residents (bench0…) and one open votation (the
    tests' factory: a charter consultation, first question oui/non)."""
    bench_signing.prepare(database, instance, users, 0)
    from civic.extensions import db
    from civic.models import Votation, VotationQuestion
    from tests.votations_factory import open_votation

    app = _app(database, instance)
    votation_id = open_votation(app)
    with app.app_context():
        votation = db.session.get(Votation, votation_id)
        votation.questions.extend(
            VotationQuestion(position=n, text=f"Question {n + 1} ?", approve_choice="oui")
            for n in range(1, questions)
        )
        db.session.commit()
        fields = [f"q{q.id}" for q in votation.questions]
        db.engine.dispose()
    return {"votation": votation_id, "fields": fields}


def _tally(rows: list[tuple[int, str]]) -> dict[int, dict[str, int]]:
    tally: dict[int, dict[str, int]] = {}
    for question_id, choice in rows:
        tally.setdefault(question_id, Counter())[choice] += 1  # type: ignore[index]
    return {q: dict(sorted(c.items())) for q, c in tally.items()}


def _xmin_attack(session, votation_id: int, question_id: int, position: int) -> float:  # type: ignore[no-untyped-def]
    """What a database administrator recovers by joining the box to the register on
    PostgreSQL's transaction ids: for each voter, the ballot written by the newest
    transaction not after their register row's (the same one, or its parent when
    the register row was written in a savepoint). The share of voters whose choice
    this gets right; compare with ``chance_agreement``."""
    from sqlalchemy import text

    ballots = sorted(
        (int(x), choice)
        for x, choice in session.execute(
            text("SELECT xmin::text, choice FROM ballots WHERE question_id = :q"),
            {"q": question_id},
        )
    )
    voters = session.execute(
        text(
            "SELECT r.xmin::text, u.email FROM voter_register r JOIN users u ON u.id = r.user_id "
            "WHERE r.votation_id = :v"
        ),
        {"v": votation_id},
    ).all()
    xids = [x for x, _choice in ballots]
    right = 0
    for xmin, email in voters:
        found = bisect.bisect_right(xids, int(xmin)) - 1
        elector = int(re.match(r"bench(\d+)@", email).group(1))  # type: ignore[union-attr]
        if found >= 0 and ballots[found][1] == answer(elector, position):
            right += 1
    return round(right / (len(voters) or 1), 3)


def check(database: str, instance: str, votation_id: int, ok: int, clients: int) -> dict:
    from sqlalchemy import func, inspect, select, text

    from civic.database import write_intent
    from civic.extensions import db
    from civic.models import AuditEntry, Ballot, User, Votation, VotationApproval, VoterRegister
    from civic.votations import results

    app = _app(database, instance)
    report: dict[str, object] = {}
    problems: list[str] = []
    with app.app_context():
        session = db.session
        postgres = db.engine.dialect.name == "postgresql"
        votation = session.get(Votation, votation_id)
        questions = [(q.id, q.position) for q in votation.questions]
        register = session.execute(
            select(VoterRegister.user_id, User.email)
            .join(User, User.id == VoterRegister.user_id)
            .where(VoterRegister.votation_id == votation_id)
        ).all()
        electors = sorted(int(re.match(r"bench(\d+)@", e).group(1)) for _u, e in register)  # type: ignore[union-attr]
        doubled = session.scalar(
            select(func.count()).select_from(
                select(VoterRegister.user_id)
                .where(VoterRegister.votation_id == votation_id)
                .group_by(VoterRegister.user_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
        rows = session.execute(
            select(Ballot.question_id, Ballot.choice).where(Ballot.votation_id == votation_id)
        ).all()
        box = _tally([(q, c) for q, c in rows])
        expected = _tally([(q, answer(n, pos)) for n in electors for q, pos in questions])
        per_question = {q: sum(box.get(q, {}).values()) for q, _pos in questions}
        report.update(register=len(register), ballots=per_question, doubled=doubled)
        if any(n != len(register) for n in per_question.values()):
            problems.append("ballots per question != register rows")
        if doubled:
            problems.append("an elector twice in the register")
        if box != expected:
            problems.append("ballot box != the answers of the electors in the register")
        report["tally"] = {str(q): c for q, c in box.items()}

        # Secrecy, as docs/secrecy.md promises it, on this database.
        inspector = inspect(db.engine)
        ballot_columns = {c["name"]: str(c["type"]) for c in inspector.get_columns("ballots")}
        register_columns = {
            c["name"]: str(c["type"]) for c in inspector.get_columns("voter_register")
        }
        ballot_fks = {fk["referred_table"] for fk in inspector.get_foreign_keys("ballots")}
        if set(ballot_columns) != {
            "id",
            "votation_id",
            "question_id",
            "choice",
            "channel",
            "polling_station",
        }:
            problems.append(f"ballot columns {sorted(ballot_columns)}")
        if "users" in ballot_fks or any(
            "DATE" in t.upper() or "TIME" in t.upper() for t in ballot_columns.values()
        ):
            problems.append("a ballot names a person or carries a time")
        if register_columns.get("voted_on", "").upper() != "DATE" or "id" in register_columns:
            problems.append(f"register columns {register_columns}")
        ids = [i for (i,) in session.execute(select(Ballot.id))]
        if len(set(ids)) != len(ids) or not all(
            re.fullmatch(r"[0-9a-f]{12}4[0-9a-f]{19}", i) for i in ids
        ):
            problems.append("ballot ids are not distinct random UUIDs")
        # The bench database had no audit entry before the run: online votes add none.
        online_audit = session.scalar(select(func.count()).select_from(AuditEntry))
        if online_audit:
            problems.append(f"{online_audit} audit entries after the online votes")

        first_q, first_pos = questions[0]
        report["chance"] = round(chance_agreement([answer(n, first_pos) for n in electors]), 3)
        if postgres:
            report["xmin_attack_during_vote"] = _xmin_attack(
                session, votation_id, first_q, first_pos
            )
        else:
            tables = dict(
                session.execute(
                    text(
                        "SELECT name, sql FROM sqlite_master WHERE name IN "
                        "('ballots', 'voter_register')"
                    )
                ).all()
            )
            if not all("WITHOUT ROWID" in sql.upper() for sql in tables.values()):
                problems.append("a table has a rowid")
            # A full scan, as anyone with the file would read it: storage order.
            stored_ids = [i for (i,) in session.execute(text("SELECT id FROM ballots"))]
            if stored_ids != sorted(stored_ids):
                problems.append("storage order is not key order")
        session.rollback()

        # Close and publish as the clerk would (the publication rewrites the box on PostgreSQL).
        with write_intent():
            votation = session.get(Votation, votation_id)
            now = datetime.now(UTC)
            votation.closes_at = now - timedelta(seconds=1)
            session.commit()
            # Two staff members approved it (the two-person rule); any two accounts do here.
            staff = list(session.scalars(select(User.id).order_by(User.id).limit(2)))
            session.add(
                VotationApproval(
                    votation_id=votation_id,
                    action="publish",
                    requested_by_id=staff[0],
                    requested_at=now,
                    approved_by_id=staff[-1],
                    approved_at=now,
                )
            )
            started = time.perf_counter()
            results.publish_results(votation_id, actor=None, now=now)
            report["publish_s"] = round(time.perf_counter() - started, 3)
        if postgres:
            report["xmin_attack_after_publication"] = _xmin_attack(
                session, votation_id, first_q, first_pos
            )
            ctid_ids = list(
                session.scalars(
                    text("SELECT id FROM ballots WHERE votation_id = :v ORDER BY ctid"),
                    {"v": votation_id},
                )
            )
            if report["xmin_attack_after_publication"] > report["chance"] or ctid_ids != sorted(
                ctid_ids
            ):
                problems.append("after publication the box still follows the register")
        session.rollback()
        db.session.remove()
        db.engine.dispose()

    recount = subprocess.run(
        [sys.executable, "-m", "flask", "civic", "votations", "recount", str(votation_id)],
        cwd=TREE,
        env={
            **os.environ,
            "FLASK_APP": "wsgi:app",
            "CIVIC_INSTANCE_PATH": instance,
            "DATABASE_URL": database,
            "PYTHONPATH": str(TREE),
        },
        capture_output=True,
        text=True,
    )
    report["recount_exit"] = recount.returncode
    recounted = _recounted_counts(recount.stdout)
    for (question_id, _pos), counts in zip(questions, recounted, strict=False):
        if counts != box.get(question_id, {}):
            problems.append(f"recount {counts} != ballot rows {box.get(question_id)}")
    if recount.returncode != 0 or len(recounted) != len(questions):
        problems.append(f"recount exit {recount.returncode}: {recount.stderr[-300:]}")
    report["problems"] = problems
    report["ok"] = not problems
    return report


def _recounted_counts(output: str) -> list[dict[str, int]]:
    """Each question's counts (choices, blank, spoiled) from the recount command's output."""
    found = []
    for block in re.findall(r"^\{\n.*?^\}$", output, flags=re.M | re.S):
        summary = json.loads(block)
        counts = {c: n for c, n in summary["counts"].items() if n}
        if summary["blank"]:
            counts["blanc"] = summary["blank"]
        if summary["null"]:
            counts["nul"] = summary["null"]
        found.append(dict(sorted(counts.items())))
    return found


# --- the driver ---------------------------------------------------------------------------


def in_tree(tree: Path, *arguments: str) -> dict:
    """Run this script's ``prepare``/``check`` on a tree's own code; its last line is JSON."""
    done = subprocess.run(
        [sys.executable, __file__, *arguments],
        cwd=tree,
        env={**os.environ, "CIVIC_BENCH_TREE": str(tree), "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def log_in_all(base: str, users: int, fields: list[str]) -> list[tuple[str, str]]:
    """Every elector logs in (login page, POST) and keeps the cookie and the ballot body."""
    import requests

    def one(number: int) -> tuple[str, str]:
        session = requests.Session()
        page = session.get(f"{base}/auth/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        response = session.post(
            f"{base}/auth/login",
            data={
                "csrf_token": token,
                "email": f"bench{number}@example.org",
                "password": bench_signing.PASSWORD,
            },
            allow_redirects=False,
        )
        assert response.status_code == 302, response.text[:300]
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        answers = "".join(f"&{field}={answer(number, n)}" for n, field in enumerate(fields))
        return cookie, f"csrf_token={token}{answers}"

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        return list(pool.map(one, range(users)))


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def one_run(args: argparse.Namespace, name: str, tree: Path) -> dict:
    import requests
    from bench_signing_wrk import lua_string, tree_cpu

    instance = tempfile.mkdtemp(prefix="civic-vote-")
    url = args.database or f"sqlite:///{instance}/bench.sqlite3"
    prepared = in_tree(tree, "prepare", url, instance, str(args.users), str(args.questions))
    (Path(instance) / "config.py").write_text(
        "SECRET_KEY = 'bench'\nIDENTITY_KEY_SECRET = 'bench-identity'\n"
        "RATELIMIT_ENABLED = False\nSESSION_COOKIE_SECURE = False\n"
        f"ARGON2_PARAMETERS = {bench_signing.ARGON2_BENCH!r}\n"
    )
    env = {
        **os.environ,
        "CIVIC_INSTANCE_PATH": instance,
        "DATABASE_URL": url,
        "PYTHONPATH": str(tree),
    }
    command = [sys.executable, "-m", "gunicorn", "-w", str(args.workers),
               "--threads", str(args.threads), "-b", f"127.0.0.1:{args.port}",
               "--backlog", "2048", "wsgi:app"]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{args.port}"
    page = f"/votations/{prepared['votation']}"
    shuffled = None
    try:
        for _ in range(150):
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        users = log_in_all(base, args.users, prepared["fields"])
        data = Path(instance) / "wrk_data.lua"
        data.write_text(
            f"return {{ page = {lua_string(page)}, users = {{"
            + ",".join(f"{{cookie={lua_string(c)}, body={lua_string(b)}}}" for c, b in users)
            + "} }\n"
        )
        script = Path(instance) / "vote.lua"
        script.write_text(
            LUA
            % {
                "data": data,
                "nthreads": args.wrk_threads,
                "repeat": args.repeat,
                "views": args.views,
                "htmx": "" if args.no_js else '["HX-Request"] = "true",',
                "fragment": FRAGMENT,
                "voted": VOTED,
            }
        )
        load_start = load_average()
        cpu_before = tree_cpu(server.pid)
        before = os.times()
        started = time.perf_counter()
        wrk = subprocess.Popen(
            ["wrk", "-t", str(args.wrk_threads), "-c", str(args.clients),
             "-d", f"{args.duration}s", "--timeout", "30s", "-s", str(script), base],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        if args.shuffle_at is not None:
            # What cron does during a vote (docs/secrecy.md), in the middle of the load.
            time.sleep(args.shuffle_at)
            subprocess.run(
                [sys.executable, "-m", "flask", "civic", "votations", "shuffle"],
                cwd=tree, env={**env, "FLASK_APP": "wsgi:app"}, check=True,
                capture_output=True,
            )  # fmt: skip
            shuffled = round(time.perf_counter() - started, 1)
        out, err = wrk.communicate()
        if wrk.returncode != 0:
            raise RuntimeError(err)
        wall = time.perf_counter() - started
        cpu_server = tree_cpu(server.pid) - cpu_before
        load_end = load_average()
        usage = os.times()
        cpu_wrk = (usage.children_user + usage.children_system) - (
            before.children_user + before.children_system
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    checked = in_tree(
        tree, "check", url, instance, str(prepared["votation"]), str(result["ok"]),
        str(args.clients),
    )  # fmt: skip
    register = checked["register"]
    # Every 2xx/302 answer to a ballot was a vote (or, with --repeat, the same
    # elector's other request); requests still in flight at the stop may have voted too.
    if args.repeat == 1:
        fine = result["ok"] <= register <= result["ok"] + args.clients
    else:
        fine = result["ok"] / args.repeat <= register <= result["ok"] + args.clients
    if not fine:
        checked["problems"].append(f"register {register} vs successful answers {result['ok']}")
        checked["ok"] = False
    result.update(
        name=name,
        wall=wall,
        cpu_server=cpu_server,
        cpu_wrk=cpu_wrk,
        load=(load_start, load_end),
        shuffled=shuffled,
        check=checked,
    )
    result["rate"] = result["ok"] / (result["duration_us"] / 1e6)
    result["register_rate"] = register / (result["duration_us"] / 1e6)
    if args.database is None:
        shutil.rmtree(instance, ignore_errors=True)
    return result


def summary_line(result: dict) -> str:
    check = result["check"]
    secrecy = {k: v for k, v in check.items() if k.startswith(("xmin_", "chance"))}
    return (
        f"{result['rate']:.0f} ballots/s (register {result['register_rate']:.0f}/s) "
        f"views {result['views']} p50 {result['p50'] / 1000:.0f} ms "
        f"p95 {result['p95'] / 1000:.0f} ms p99 {result['p99'] / 1000:.0f} ms "
        f"bad {result['bad']} sock {result['socket_errors']} "
        f"cpu server {result['cpu_server']:.1f} s wrk {result['cpu_wrk']:.1f} s "
        f"load {result['load'][0]:.1f}->{result['load'][1]:.1f} "
        f"exhausted {result['exhausted']} | {'OK' if check['ok'] else 'FAILED'} "
        f"ok={result['ok']} register={check['register']} ballots={check['ballots']} "
        f"doubled={check['doubled']} recount_exit={check['recount_exit']} "
        f"publish {check['publish_s']} s shuffled at {result['shuffled']} s "
        f"{secrecy} {check['problems']}"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "prepare":
        database, instance, users, questions = sys.argv[2:6]
        print(json.dumps(prepare(database, instance, int(users), int(questions))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        database, instance, votation, ok, clients = sys.argv[2:7]
        print(json.dumps(check(database, instance, int(votation), int(ok), int(clients))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", help="name=path of a code tree to serve")
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent connections")
    parser.add_argument("--users", type=int, default=3000, help="electors (one ballot each)")
    parser.add_argument("--questions", type=int, default=1)
    parser.add_argument("--views", type=int, default=0, help="page views per ballot")
    parser.add_argument("--repeat", type=int, default=1, help="times each ballot is sent")
    parser.add_argument("--no-js", action="store_true", help="post like a browser without JS")
    parser.add_argument("--shuffle-at", type=float, help="run the shuffle CLI after S seconds")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()
    trees = [t.split("=", 1) for t in (args.tree or [f"current={REPO}"])]
    results: dict[str, list[dict]] = {name: [] for name, _ in trees}
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    for round_number in range(args.rounds):
        for name, path in trees:
            result = one_run(args, name, Path(path).resolve())
            results[name].append(result)
            print(f"round {round_number + 1} {name}: {summary_line(result)}", flush=True)
    mode = "no-JS form + redirect" if args.no_js else "HTMX"
    print(
        f"\ndatabase: {(args.database or 'sqlite').split(':')[0]}  clients: {args.clients}  "
        f"{mode}, {args.views} views/ballot, each ballot ×{args.repeat}  "
        f"gunicorn {args.workers}×{args.threads}  {args.duration} s × {args.rounds} rounds"
    )
    print(
        "| tree | ballots/s | requests/s | p50 ms | p95 ms | p99 ms | errors "
        "| server CPU ms/ballot | load | checks |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, runs in results.items():

        def med(key: str, runs: list[dict] = runs) -> float:
            return statistics.median(r[key] for r in runs)

        cpu = statistics.median(r["cpu_server"] * 1000 / max(r["ok"], 1) for r in runs)
        rps = statistics.median(r["requests"] / (r["duration_us"] / 1e6) for r in runs)
        errors = sum(r["bad"] + r["socket_errors"] for r in runs)
        loads = [x for r in runs for x in r["load"]]
        checks = sum(r["check"]["ok"] for r in runs)
        rate = "rate" if args.repeat == 1 else "register_rate"
        print(
            f"| {name} | {med(rate):.0f} | {rps:.0f} | {med('p50') / 1000:.0f} "
            f"| {med('p95') / 1000:.0f} | {med('p99') / 1000:.0f} | {errors} | {cpu:.1f} "
            f"| {min(loads):.1f}–{max(loads):.1f} | OK ×{checks}/{len(runs)} |"
        )


if __name__ == "__main__":
    main()
