"""Screenshots of the pages people see most, on a desktop and on a phone.

They land in pytest's temporary folder, or in the folder named by the
CIVIC_SCREENSHOTS environment variable, for a human to look at:

    CIVIC_SCREENSHOTS=/tmp/shots .venv/bin/python -m pytest tests/browser/test_screenshots.py

The test also fails when a page is wider than the screen (sideways scrolling).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser

from tests.browser.conftest import BROWSER, LiveServer, log_in, new_context, seed_commune
from tests.conftest import People

pytestmark = BROWSER

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    chosen = os.environ.get("CIVIC_SCREENSHOTS")
    path = Path(chosen) if chosen else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("device", WIDTHS)
def test_home_and_verification_queue_screenshots(
    app: Flask,
    browser: Browser,
    live_server: LiveServer,
    people: People,
    folder: Path,
    device: str,
) -> None:
    seed_commune(app)
    people.make("agent", level="resident", roles=("clerk",))
    for name, family in (("camille", "Martin"), ("yanis", "Benali-Rousseau"), ("lea", "Nguyen")):
        people.make(name, level="unverified", family_name=family, neighbourhood="Saint-Pregts")
    # A possible duplicate (same birth date, close name): its side-by-side table
    # must scroll inside its box, not widen the page on a phone.
    people.make("lea-bis", level="unverified", family_name="Nguyenn", given_names="Lea")

    width = WIDTHS[device]
    context = new_context(
        browser,
        base_url=live_server.base,
        viewport={"width": width, "height": 900},
        device_scale_factor=1,
        is_mobile=device == "phone",
        has_touch=device == "phone",
    )
    try:
        page = context.new_page()
        shots = {"home": "/", "verification-queue": "/clerk/residents"}
        for name, path in shots.items():
            if name == "verification-queue":
                log_in(page, "agent")
            page.goto(path)
            page.screenshot(path=folder / f"{name}-{device}.png", full_page=True)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"

        # One row decided through htmx, to see the answered state next to open ones.
        row = page.locator(".queue-row").first
        row.locator("input[value=approve]").check()
        row.locator("button[type=submit]").click()
        row.locator("form").wait_for(state="detached")
        page.screenshot(path=folder / f"verification-queue-decided-{device}.png", full_page=True)
    finally:
        context.close()
    assert len(list(folder.glob(f"*-{device}.png"))) == 3
