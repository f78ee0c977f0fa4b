"""What every browser test module shares: Debian's Chromium through Playwright, a live server over a copy
of the demo corpus, signing in, and the phone-width check.

Each module calls ``require_chromium()`` first: without the browser its tests are skipped and say why
(or fail in CI, which runs as root and installs it).  Screenshots land in tests/screenshots/
(git-ignored) for a person to look at.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).parent / "screenshots"
PASSWORD = "correct horse battery"


def require_chromium():
    """The Playwright API, or the calling module skipped (failed in CI) with the reason."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") and os.geteuid() == 0:  # CI runs as root: `make test` installs it, so this is a bug
            pytest.fail(f"{CHROMIUM} is missing although `make test` runs as root in CI", pytrace=False)
        pytest.skip(f"{CHROMIUM} is not installed and installing it needs root (apt-get install chromium)",
                    allow_module_level=True)
    return pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@contextlib.contextmanager
def live_demo(folder: Path, demo_store: Path, embedder, users: tuple[str, ...], secret: str, prepare=None):
    """The app over a copy of the demo corpus (real model) on 127.0.0.1 at a free port, in a thread, with one
    account per name in ``users`` (its role is its name); yields (base URL, ``prepare(wb)`` or None)."""
    from werkzeug.serving import make_server

    from workbench import Workbench
    from workbench.review import actions as review
    from workbench.web import create_app

    shutil.copy(demo_store / "claims.db", folder / "claims.db")
    shutil.copytree(demo_store / "indexes", folder / "indexes")
    with Workbench(folder / "claims.db", folder / "indexes", embedder=embedder) as wb:
        for name in users:
            review.add_user(wb.db, name, name, PASSWORD)
        prepared = prepare(wb) if prepare else None
    app = create_app({"DATABASE": str(folder / "claims.db"), "INDEX_DIR": str(folder / "indexes"),
                      "EMBEDDER": embedder, "SECRET_KEY": secret})
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", prepared
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for a module's tests (a fixture: modules import it by name)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def watch_errors(page) -> list[str]:
    """The browser's console errors and script errors on ``page`` (a CSP violation is one), as they come."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def log_in(page, base: str, name: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".user")).to_contain_text(name)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
