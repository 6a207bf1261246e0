"""Take the guides' screenshots from the demo commune, in Debian's chromium.

Run by hand after a change the guides show (it is not a test):

    .venv/bin/python docs/screenshots.py            # writes docs/img/*.png

It builds a fresh SQLite database in a temporary folder, migrates it, seeds the demo
commune (``flask civic seed-demo``), serves it on a free local port and visits each
page as the demo account a guide speaks of, at phone width (390 px) and, for staff
pages, at desk width (1280 px). Nothing is downloaded: Playwright drives the system's
chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "img"
PASSWORD = "civic-demo"  # nosec B105  # the published demo password (README)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PHONE, DESK = 390, 1280


def _first_link(page, pattern: str) -> str:
    """The first link on the current page whose address matches ``pattern``."""
    for href in page.eval_on_selector_all(
        "main a[href]", "els => els.map(e => e.getAttribute('href'))"
    ):
        if re.fullmatch(pattern, href or ""):
            return href
    raise SystemExit(f"no link matching {pattern} on {page.url}")


def main() -> None:
    sys.path.insert(0, str(REPO))
    instance = tempfile.mkdtemp(prefix="civic-shots-")
    os.environ["CIVIC_INSTANCE_PATH"] = instance
    os.environ["DATABASE_URL"] = f"sqlite:///{instance}/civic.sqlite3"
    os.environ.setdefault("SESSION_COOKIE_SECURE", "0")

    from flask_migrate import upgrade
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from civic import create_app

    app = create_app({"SESSION_COOKIE_SECURE": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade(directory=str(REPO / "migrations"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["civic", "seed-demo"])
    if result.exit_code != 0:
        raise SystemExit(result.output)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("Debian's chromium is needed: apt-get install -y chromium")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )

        def session(account: str | None, width: int):
            context = browser.new_context(
                base_url=base, viewport={"width": width, "height": 900}, locale="fr-FR"
            )
            page = context.new_page()
            if account:
                page.goto("/auth/login")
                page.fill("#email", account)
                page.fill("#password", PASSWORD)
                page.click("main form button[type=submit]")
                page.wait_for_load_state()
                if "/auth/second-factor" in page.url:  # staff: the demo's authenticator
                    import pyotp

                    from civic.demo import DEMO_TOTP_SECRETS

                    page.fill("#code", pyotp.TOTP(DEMO_TOTP_SECRETS[account]).now())
                    page.click("main form button[type=submit]")
                    page.wait_for_load_state()
            return context, page

        def shot(page, name: str, full: bool = False) -> None:
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
            print(f"docs/img/{name}.png  {page.url.removeprefix(base)}")

        # Residents, on a phone.
        context, page = session(None, PHONE)
        page.goto("/")
        shot(page, "habitant-accueil")
        page.goto("/petitions/")
        shot(page, "habitant-petitions")
        context.close()

        context, page = session("electeur@demo.civic.fr", PHONE)
        page.goto("/petitions/")
        page.goto(_first_link(page, r"/petitions/\d+"))
        page.locator("#petition-sign").scroll_into_view_if_needed()
        shot(page, "habitant-signer")
        page.goto("/votations/")
        shot(page, "habitant-votations")
        page.goto("/budgets/")
        shot(page, "habitant-budget")
        page.goto("/meetings")
        shot(page, "habitant-conseil")
        page.goto("/account/")
        shot(page, "habitant-compte")
        context.close()

        # Clerks, at the desk.
        context, page = session("agent@demo.civic.fr", DESK)
        page.goto("/clerk/residents")
        shot(page, "agent-residents")
        page.goto("/petitions/review")
        shot(page, "agent-petitions")
        page.goto("/petitions/signatures")
        shot(page, "agent-signatures")
        page.goto("/clerk/votations/")
        shot(page, "agent-votations")
        context.close()

        # Administrators, at the desk.
        context, page = session("admin@demo.civic.fr", DESK)
        page.goto("/admin/")
        shot(page, "admin-accueil")
        page.goto("/admin/figures")
        shot(page, "admin-chiffres")
        page.goto("/admin/staff")
        shot(page, "admin-personnel")
        context.close()
        browser.close()
    server.shutdown()
    shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
