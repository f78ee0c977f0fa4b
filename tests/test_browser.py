"""The UI in a real browser: headless Debian Chromium driven by Playwright, against a live server.

The server runs the real app over the demo corpus with the real embedding
model, so what the fact-checker sees is what the newsroom would see.
Screenshots land in tests/screenshots/ (git-ignored) for a person to look at.
"""
from __future__ import annotations

import re

import pytest

from browsing import SHOTS, live_demo, log_in, require_chromium, watch_errors
from browsing import browser  # noqa: F401  (a fixture, found by its name)

playwright_api = require_chromium()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, embedder, demo_store):
    with live_demo(tmp_path_factory.mktemp("live"), demo_store, embedder, ("factchecker", "editor"),
                   "browser-tests") as (url, _):
        yield url


@pytest.fixture
def page(browser):
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors = watch_errors(opened)
    yield opened
    context.close()
    assert not errors, f"the browser reported errors (e.g. a CSP violation): {errors}"


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


def test_a_question_is_grouped_without_relations_a_claim_gets_them_and_an_empty_search_says_so(page, live_server):
    """Issue 16: "who controls…" asserts nothing, so no result is labelled as corroborating or conflicting
    with it; "JNIM holds the airport" does; a blank search is a message, not arbitrary results."""
    expect = playwright_api.expect
    log_in(page, live_server, "factchecker")
    page.goto(f"{live_server}/search?q=who+controls+the+military+airport")
    expect(page.locator(".taken-as")).to_have_attribute("data-taken-as", "question")
    assert page.locator("section.story-group").count() >= 1
    assert page.locator(".result .badge[class*='rel-']").count() == 0
    page.screenshot(path=str(SHOTS / "search-question.png"), full_page=True)
    page.goto(f"{live_server}/search?q=JNIM+holds+the+military+airport")
    expect(page.locator(".taken-as")).to_have_attribute("data-taken-as", "claim")
    assert page.locator(".result .badge.rel-conflicts").count() >= 1  # the army and the ministry deny it
    page.goto(f"{live_server}/search")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".flash-error")).to_contain_text("An empty search finds nothing")
    assert page.locator(".result").count() == 0
