"""CPU per page view, in-process: a logged-in resident's and a visitor's views of the
home page, the petition list and a petition's page (issue 19).

    .venv/bin/python bench/bench_page_cpu.py --views 300 [--tree DIR] [--profile PATH]

One SQLite database (``bench_signing.prepare``: a commune, open petitions, residents),
Flask's test client (no network, no server), each page first fetched once (templates
compiled, caches warm), then VIEWS times; the figure is the process's CPU time
(user + system) per view, the median of ROUNDS. ``--profile`` names a page to run under
cProfile and prints its 25 most expensive functions (cumulative); with ``PROFILE_OUT=FILE``
the whole profile is also written there, for ``pstats`` (``print_callers``).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))


def cpu_per_view(client: object, path: str, views: int) -> float:
    get = client.get  # type: ignore[attr-defined]
    started = time.process_time()
    for _ in range(views):
        response = get(path)
        assert response.status_code == 200, (path, response.status_code)  # nosec B101
    return (time.process_time() - started) / views * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--views", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tree", type=Path, default=REPO)
    parser.add_argument("--profile", help="a path to profile, e.g. /petitions/1")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime")
    args = parser.parse_args()
    import bench_signing

    sys.path.insert(0, str(args.tree.resolve()))  # after bench_signing's own REPO

    instance = tempfile.mkdtemp(prefix="civic-cpu-")
    os.environ["CIVIC_INSTANCE_PATH"] = instance
    url = f"sqlite:///{instance}/bench.sqlite3"
    ids = bench_signing.prepare(url, instance, 2, 3)
    from civic import create_app

    app = create_app(bench_signing._config(url))
    resident = app.test_client()
    page = resident.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    resident.post(
        "/auth/login",
        data={
            "csrf_token": token,
            "email": "bench0@example.org",
            "password": bench_signing.PASSWORD,
        },
    )
    assert "Mon compte" in resident.get("/").get_data(as_text=True)  # nosec B101
    visitor = app.test_client()
    paths = ["/", "/petitions/", f"/petitions/{ids[0]}"]
    if args.profile:
        resident.get(args.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        cpu_per_view(resident, args.profile, args.views)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(25)
        if os.environ.get("PROFILE_OUT"):
            profiler.dump_stats(os.environ["PROFILE_OUT"])
        return
    print(f"ms of CPU per view, median of {args.rounds} × {args.views} views")
    print(f"{'page':<16} {'logged in':>10} {'visitor':>10}")
    for path in paths:
        figures = []
        for client in (resident, visitor):
            client.get(path)
            figures.append(
                statistics.median(
                    cpu_per_view(client, path, args.views) for _ in range(args.rounds)
                )
            )
        print(f"{path:<16} {figures[0]:>10.2f} {figures[1]:>10.2f}")
    print("load", " ".join(Path("/proc/loadavg").read_text().split()[:3]))


if __name__ == "__main__":
    main()
