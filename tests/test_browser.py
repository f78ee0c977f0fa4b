"""The UI in a real browser: headless Debian Chromium driven by Playwright, against a live server.

The server runs the real app over the demo corpus with the real embedding
model, so what the fact-checker sees is what the newsroom would see.
Screenshots land in tests/screenshots/ (git-ignored) for a person to look at.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI") and os.geteuid() == 0:  # CI runs as root: `make test` installs it, so its absence is a bug
        pytest.fail(f"{CHROMIUM} is missing although `make test` runs as root in CI", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed and installing it needs root (apt-get install chromium)",
                allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

from workbench import Workbench
from workbench.review import actions as review  # noqa: E402
from workbench.web import create_app  # noqa: E402

SHOTS = Path(__file__).parent / "screenshots"
PASSWORD = "correct horse battery"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, embedder, demo_store):
    """The app over a copy of the demo corpus (real model) on 127.0.0.1 at a free port, in a thread."""
    from werkzeug.serving import make_server

    folder = tmp_path_factory.mktemp("live")
    shutil.copy(demo_store / "claims.db", folder / "claims.db")
    shutil.copytree(demo_store / "indexes", folder / "indexes")
    with Workbench(folder / "claims.db", folder / "indexes", embedder=embedder) as wb:
        for name in ("factchecker", "editor"):
            review.add_user(wb.db, name, name, PASSWORD)
    app = create_app({"DATABASE": str(folder / "claims.db"), "INDEX_DIR": str(folder / "indexes"),
                      "EMBEDDER": embedder, "SECRET_KEY": "browser-tests"})
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors = []
    opened = context.new_page()
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened
    context.close()
    assert not errors, f"the browser reported errors (e.g. a CSP violation): {errors}"


def log_in(page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    playwright_api.expect(page.locator(".user")).to_contain_text(name)


def test_factchecker_disputes_jnims_airport_claim(page, live_server):
    log_in(page, live_server, "factchecker")
    page.get_by_label("Search claims").fill("JNIM fighters held parts of the military airport")
    page.keyboard.press("Enter")
    page.get_by_role("link", name=re.compile("held parts of the military airport")).first.click()
    playwright_api.expect(page.locator("h1")).to_contain_text("Claim #")
    conflicting = page.locator("section.group-conflicts")
    playwright_api.expect(conflicting.locator("article.result").first).to_be_visible()
    playwright_api.expect(conflicting).to_contain_text("control of military airport: JNIM says the attackers hold")
    page.screenshot(path=str(SHOTS / "claim-before.png"), full_page=True)

    page.get_by_label("New status").select_option("disputed")
    page.get_by_label("Note (required: why)").fill("Army and ministry deny the airport was taken; JNIM is a party.")
    page.get_by_label("Evidence").fill("https://example.org/army-statement")
    page.get_by_role("button", name="Save status").click()
    playwright_api.expect(page.locator(".flash-success")).to_contain_text("from unverified to disputed")
    history = page.locator("section.card", has=page.get_by_role("heading", name="History"))
    playwright_api.expect(history).to_contain_text("Army and ministry deny the airport was taken")
    playwright_api.expect(history).to_contain_text("factchecker")
    playwright_api.expect(page.locator("h1 .badge")).to_have_text("disputed")
    page.screenshot(path=str(SHOTS / "claim-after-review.png"), full_page=True)


def test_editor_flags_the_77_toll_and_finds_it_in_the_queue(page, live_server):
    log_in(page, live_server, "editor")
    page.goto(f"{live_server}/search?q=death+toll+77")
    page.locator("a.claim-text", has_text=re.compile(r"\b77\b")).first.click()
    claim_id = page.locator("h1").inner_text().split("#")[1].split()[0]
    page.get_by_label("Flag as").select_option("needs_second_source")
    page.get_by_label("Note", exact=True).fill("Only one security source for 77")
    page.get_by_role("button", name="Flag", exact=True).click()
    playwright_api.expect(page.locator(".flash-success")).to_contain_text("Flagged: needs second source")

    page.get_by_role("link", name="Queue", exact=True).click()
    page.get_by_label("Sort by").select_option("newest")
    page.get_by_role("button", name="Apply").click()
    row = page.locator("tr", has=page.locator(f'input[value="{claim_id}"]'))
    while not row.count() and page.get_by_role("link", name="Next →").count():
        page.get_by_role("link", name="Next →").click()
    playwright_api.expect(row).to_contain_text("1 open flag")
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "queue-flagged.png"), full_page=True)


def test_board_and_dashboard_render_their_charts(page, live_server):
    log_in(page, live_server, "editor")
    playwright_api.expect(page.locator("svg.chart.bars")).to_have_count(2)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    page.get_by_role("link", name="Events").click()
    page.get_by_role("link", name=re.compile("Bamako")).first.click()
    playwright_api.expect(page.locator("svg.chart.ranges").first).to_be_visible()
    playwright_api.expect(page.locator("tr.disagrees").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "event-board.png"), full_page=True)
    page.locator("a.article-link, table a[href^='/articles/']").first.click()
    mark = page.locator("a.claim-mark").first
    mark.focus()
    playwright_api.expect(mark).to_have_attribute("title", re.compile(r" · unverified$"))
    page.screenshot(path=str(SHOTS / "article.png"))
