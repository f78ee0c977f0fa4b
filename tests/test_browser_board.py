"""The frame board as a picture, the dashboard's "Needs attention" and every page at phone widths, in a real
browser: headless Debian Chromium driven by Playwright, against a live server over the demo corpus with the
real model.  Screenshots land in tests/screenshots/ (git-ignored) for a person to look at."""
from __future__ import annotations

import re

import pytest

from browsing import SHOTS, live_demo, log_in, no_horizontal_scroll, require_chromium, watch_errors
from browsing import browser  # noqa: F401  (a fixture, found by its name)

playwright_api = require_chromium()
expect = playwright_api.expect
DESKTOP, PHONE, SMALL_PHONE = 1280, 390, 360


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, embedder, demo_store):
    with live_demo(tmp_path_factory.mktemp("live-board"), demo_store, embedder, ("factchecker", "editor", "admin"),
                   "browser-tests") as (url, _):
        yield url


@pytest.fixture
def open_page(browser):
    """``open_page(width)``: a fresh browser tab that wide; any console error fails the test (a CSP violation)."""
    SHOTS.mkdir(exist_ok=True)
    contexts, errors = [], []

    def make(width: int):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        opened = context.new_page()
        errors.append(watch_errors(opened))
        return opened

    yield make
    for context in contexts:
        context.close()
    reported = [error for found in errors for error in found]
    assert not reported, f"the browser reported errors (e.g. a CSP violation): {reported}"


def frame_section(page, name: str):
    return page.locator("section.frame", has=page.locator("h3", has_text=re.compile(rf"^\s*{name}\b")))


def open_event(page, base: str, label: str) -> None:
    page.goto(f"{base}/events")
    page.get_by_role("link", name=re.compile(label)).first.click()
    expect(page.locator("h1")).to_contain_text(label)




# -- the board ---------------------------------------------------------------------------------------------
def test_the_killed_frame_is_a_timeline_with_a_consensus_band_and_a_named_outlier(open_page, live_server):
    page = open_page(DESKTOP)
    log_in(page, live_server, "editor")
    open_event(page, live_server, "Bamako")
    killed = frame_section(page, "killed")
    chart = killed.locator(".chart-size.wide svg.chart.ranges")
    expect(chart).to_be_visible()
    expect(chart.locator("title").first).to_contain_text("consensus 77")
    assert chart.get_attribute("aria-labelledby") and chart.get_attribute("viewBox")
    expect(chart.locator("rect.band")).to_have_count(1)
    outliers = chart.locator("a.mark.role-outlier")
    assert outliers.count() >= 2 and outliers.locator("polygon.shape").count() == outliers.count()  # diamonds
    assert chart.locator("a.mark.role-agrees circle.shape").count() >= 4  # a different shape, not only a colour
    legend = killed.locator("ul.chart-legend")
    expect(legend).to_contain_text("outlier")
    expect(legend).to_contain_text("consensus band")
    expect(killed.locator(".consensus-text")).to_contain_text("Consensus: 77")
    expect(killed.locator("ul.outliers")).to_contain_text(
        "~100 — a confidential security document seen by Continental Dispatch, alone")
    rows, marked = killed.locator("tbody tr"), killed.locator("tbody tr.disagrees")
    assert 0 < marked.count() < rows.count()
    marked_values = [re.sub(r"^disagrees:\s*", "", text.split("outlier")[0]).strip()
                     for text in marked.locator("td.value").all_inner_texts()]
    assert "~100" in marked_values and not {"77", "at least 77", "at least 71"} & set(marked_values)
    killed.scroll_into_view_if_needed()
    killed.screenshot(path=str(SHOTS / "board-killed-desktop.png"))


def test_a_frame_of_positions_shows_the_sides_with_their_sources_and_marks_only_the_minority(open_page, live_server):
    page = open_page(DESKTOP)
    log_in(page, live_server, "editor")
    open_event(page, live_server, "Bamako")
    control = frame_section(page, "control")
    sides = control.locator(".positions section.position")
    assert sides.count() == 2
    expect(control.locator(".position.minority")).to_have_count(1)
    expect(control.locator(".position.minority .tag")).to_have_text("minority")
    counts = [int(text) for text in control.locator(".position .count strong").all_inner_texts()]
    assert counts[0] > counts[1]  # the majority comes first, with more independent sources
    rows, marked = control.locator("tbody tr"), control.locator("tbody tr.disagrees")
    assert 0 < marked.count() < rows.count()
    assert marked.count() == control.locator("tbody tr.role-minority").count()
    control.screenshot(path=str(SHOTS / "board-control-desktop.png"))


def test_a_split_toll_and_an_earlier_count_are_drawn_but_not_highlighted(open_page, live_server):
    page = open_page(DESKTOP)
    log_in(page, live_server, "factchecker")
    open_event(page, live_server, "Goma")
    killed = frame_section(page, "killed")
    expect(killed.locator("h3")).to_contain_text("sources split")
    chart = killed.locator(".chart-size.wide svg.chart.ranges")
    expect(chart.locator("rect.band.split")).to_have_count(2)
    assert chart.locator("a.mark.role-earlier polygon.shape").count() == 2  # hollow squares: "had reported 100"
    expect(killed.locator("ul.chart-legend")).to_contain_text("earlier count, since superseded")
    expect(killed.locator("tbody tr.disagrees")).to_have_count(0)
    killed.screenshot(path=str(SHOTS / "board-goma-killed-desktop.png"))


@pytest.mark.parametrize("width", [PHONE, SMALL_PHONE])
def test_the_board_chart_is_drawn_for_the_narrow_screen(open_page, live_server, width):
    page = open_page(width)
    log_in(page, live_server, "editor")
    open_event(page, live_server, "Bamako")
    killed = frame_section(page, "killed")
    expect(killed.locator(".chart-size.wide svg")).to_be_hidden()
    narrow = killed.locator(".chart-size.narrow svg.chart.ranges")
    expect(narrow).to_be_visible()
    box = narrow.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert narrow.locator("a.mark.role-outlier").count() >= 2 and narrow.locator("rect.band").count() == 1
    assert no_horizontal_scroll(page)
    killed.screenshot(path=str(SHOTS / f"board-killed-{width}.png"))


# -- the dashboard ------------------------------------------------------------------------------------------
def test_needs_attention_lists_each_claim_once_by_story_and_see_all_opens_the_same_claims(open_page, live_server):
    page = open_page(DESKTOP)
    log_in(page, live_server, "editor")
    items = page.locator("li.attention-item")
    ids = [int(value) for value in items.evaluate_all("rows => rows.map(row => row.dataset.claimId)")]
    assert ids and len(ids) == len(set(ids))
    stories = page.locator("section.attention section.story h3").all_inner_texts()
    assert len(stories) == len(set(stories)) and any("Bamako" in story for story in stories)
    page.screenshot(path=str(SHOTS / "dashboard-attention.png"), full_page=True)
    see_all = page.get_by_role("link", name=re.compile(r"See all \d+ in the queue"))
    total = int(re.search(r"\d+", see_all.inner_text()).group())
    see_all.click()
    expect(page.locator("h1")).to_have_text("Review queue")
    expect(page.locator(".attention-filter")).to_be_visible()
    queued = []
    while True:
        queued += [int(value) for value in page.locator("input[name=claim_ids]").evaluate_all(
            "boxes => boxes.map(box => box.value)")]
        following = page.get_by_role("link", name="Next →")
        if not following.count():
            break
        following.click()
    assert len(queued) == len(set(queued)) == total and set(ids) <= set(queued)
    page.screenshot(path=str(SHOTS / "queue-attention.png"), full_page=True)


# -- every page at phone widths ------------------------------------------------------------------------------
PAGES = ["/", "/events", "/events/1", "/events/2", "/articles", "/articles/1", "/search?q=death+toll",
         "/search?q=JNIM+fighters+held+the+military+airport", "/search?status=unverified", "/queue",
         "/queue?attention=1", "/exports", "/users", "/claims/{claim}"]


@pytest.mark.parametrize("width", [PHONE, SMALL_PHONE])
def test_no_page_scrolls_sideways_on_a_phone(open_page, live_server, width):
    page = open_page(width)
    page.goto(f"{live_server}/login")
    assert no_horizontal_scroll(page), "/login"
    page.screenshot(path=str(SHOTS / f"narrow-{width}-login.png"), full_page=True)
    log_in(page, live_server, "admin")
    page.goto(f"{live_server}/events/1")
    claim = page.locator("a.mark.role-outlier").first.get_attribute("href").rsplit("/", 1)[1]
    wide = []
    for path in PAGES:
        page.goto(live_server + path.format(claim=claim))
        expect(page.locator("main h1").first).to_be_visible()
        if not no_horizontal_scroll(page):
            wide.append(path)
        name = re.sub(r"\W+", "-", path.format(claim=claim)).strip("-") or "dashboard"
        page.screenshot(path=str(SHOTS / f"narrow-{width}-{name}.png"), full_page=True)
    assert wide == [], f"wider than {width} px: {wide}"


@pytest.mark.parametrize("width", [PHONE, SMALL_PHONE])
def test_the_search_box_stays_in_the_header_on_a_phone(open_page, live_server, width):
    page = open_page(width)
    log_in(page, live_server, "factchecker")
    box = page.get_by_label("Search claims")
    expect(box).to_be_visible()
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= width and bounds["width"] >= 150
    box.fill("death toll")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Search claims")
    expect(page.locator("section.card h2").first).to_contain_text("Results for “death toll”")
    page.screenshot(path=str(SHOTS / f"search-{width}.png"))
