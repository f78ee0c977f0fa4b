"""The claim page, the article view's relation badges and the ingest result, in a real browser.

Headless Debian Chromium (Playwright, as tests/test_browser.py) against a live server over the demo
corpus with the real model, at a desktop width (1280 px) and a phone's (390 px).  What a desk must
see first — what other reports say — comes first, its counts are the lengths of its lists, no
reason is printed twice, the keys work, and a report that contradicts the corpus says so as soon
as it is ingested.  Screenshots land in tests/screenshots/ (git-ignored).
"""
from __future__ import annotations

import re

import pytest

from browsing import SHOTS, live_demo, no_horizontal_scroll, require_chromium, watch_errors
from browsing import browser  # noqa: F401  (a fixture, found by its name)
from browsing import log_in as sign_in

playwright_api = require_chromium()
expect = playwright_api.expect

AIRPORT = "held parts of the military airport"  # JNIM's claim (Sahel Wire): the army and ministry deny it
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}
# Invented for this test (no real outlet or report): a later toll and a denial that the demo's
# Bamako coverage contradicts — 12 dead against "more than 70", the airport never taken against JNIM.
REPORT = """Bamako toll disputed as army insists airport never fell

BAMAKO, Sept 18 – The Malian army said on Wednesday that 12 people were killed in Tuesday's attack on the \
gendarmerie school in Bamako, far fewer than other tolls.

A spokesman for the general staff said the military airport had remained under army control throughout the \
assault and that no aircraft had been destroyed.

Residents of the Faladié district said they heard gunfire for several hours before dawn.
"""


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, embedder, demo_store):
    """The app over a copy of the demo corpus (real model) at a free port; its URL and the airport claim."""
    folder = tmp_path_factory.mktemp("live-claim")

    def airport_claim(wb):
        [airport] = [claim for claim in wb.claims() if AIRPORT in claim["text"]]
        return airport

    with live_demo(folder, demo_store, embedder, ("factchecker", "viewer"), "browser-claim-tests",
                   airport_claim) as (url, airport):
        yield {"url": url, "claim": airport, "folder": folder}


def _open(browser, viewport: str = "desktop", javascript: bool = True):
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
    page = context.new_page()
    return context, page, watch_errors(page)


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    """A fresh page at each width; any console error (a CSP violation, a script error) fails the test."""
    context, opened, errors = _open(browser, request.param)
    opened.viewport_name = request.param
    yield opened
    context.close()
    assert not errors, f"the browser reported errors: {errors}"


def log_in(page, base: str, name: str = "factchecker") -> None:
    sign_in(page, base, name)


no_horizontal_overflow = no_horizontal_scroll


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def _count_in(text: str) -> int:
    return int(re.search(r"\((\d+)", text).group(1))


def test_claim_page_puts_matches_first_with_counts_that_are_their_lists(page, live_server):
    log_in(page, live_server["url"])
    claim_id = live_server["claim"]["id"]
    page.goto(f"{live_server['url']}/claims/{claim_id}")
    expect(page.locator("h1")).to_contain_text(f"Claim #{claim_id}")

    # conflicting, corroborating, related, in that order, all above the status form, history and flags
    headings = page.locator("section.group h3").evaluate_all("hs => hs.map(h => h.id)")
    assert headings[:3] == ["group-conflicts", "group-corroborates", "group-related"]
    matches_top = _top(page, "#similar")
    for below in ("#review", "#status-form", "#history", "#flags"):
        assert matches_top < _top(page, below), f"{below} is above the matches"
    assert _top(page, "#group-related") < _top(page, "#review")

    for key in ("conflicts", "corroborates", "related"):
        group = page.locator(f"section.group-{key}")
        heading = group.locator("h3").inner_text()
        listed = group.locator("article.match").count()
        assert _count_in(heading) == listed, f"{key}: heading {heading!r} but {listed} listed"
        tally = page.locator(f"a.tally-{key} strong").inner_text()
        assert int(tally) == listed, f"{key}: the summary says {tally}, the list has {listed}"
        common = group.locator("p.common").all_inner_texts()
        for match in group.locator("article.match").all():
            reasons = match.locator("ul.reasons li").all_inner_texts()
            assert len(reasons) == len(set(reasons)), f"a reason repeated in one match: {reasons}"
            assert not any(reason in line for reason in reasons for line in common), "said above and again"

    conflicting = page.locator("section.group-conflicts")
    assert conflicting.locator("article.match").count() >= 2
    heading = conflicting.locator("h3").inner_text()
    assert re.search(r"\(\d+, from \d+ independent sources?\)", heading), heading  # 11 matches, fewer speakers
    expect(conflicting.locator("h3 abbr[title]")).to_have_attribute("title", re.compile("different speaker"))
    expect(conflicting).to_contain_text("JNIM says the attackers hold")
    expect(conflicting.locator("p.common")).to_contain_text("JNIM is a party to the conflict")
    expect(page.locator("#keys")).to_have_text("Keys: j/k next/previous match, s status")

    # one compact control per match: a closed Verdict menu holding the confirm and correct forms
    first = conflicting.locator("article.match").first
    expect(first.locator("details.verdict-menu")).to_have_count(1)
    expect(first.get_by_role("button", name=re.compile("Confirm"))).to_be_hidden()
    first.locator("details.verdict-menu summary").click()
    expect(first.get_by_role("button", name="Confirm “conflicts”")).to_be_visible()
    expect(first.locator('input[name="csrf_token"]')).to_have_count(2)

    assert no_horizontal_overflow(page), "the claim page is wider than the window"
    page.screenshot(path=str(SHOTS / f"claim-{page.viewport_name}.png"), full_page=True)


def test_j_and_k_move_between_matches_and_s_goes_to_the_status_form(page, live_server):
    log_in(page, live_server["url"])
    page.goto(f"{live_server['url']}/claims/{live_server['claim']['id']}")
    matches = page.locator("article.match")
    ids = matches.evaluate_all("ms => ms.map(m => m.id)")
    assert len(ids) >= 3
    focused = lambda: page.evaluate("document.activeElement.id")  # noqa: E731
    page.keyboard.press("j")
    assert focused() == ids[0]
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert focused() == ids[2]
    page.keyboard.press("k")
    assert focused() == ids[1]
    expect(matches.nth(1)).to_be_in_viewport()
    page.keyboard.press("s")
    assert focused() == "status"
    page.keyboard.press("j")  # in a form field the keys are the field's: focus stays
    assert focused() == "status"
    page.screenshot(path=str(SHOTS / f"claim-keys-{page.viewport_name}.png"))


def test_without_javascript_a_verdict_is_still_a_form(browser, live_server):
    context, page, errors = _open(browser, javascript=False)
    try:
        log_in(page, live_server["url"])
        claim_id = live_server["claim"]["id"]
        page.goto(f"{live_server['url']}/claims/{claim_id}")
        expect(page.locator("#keys")).to_be_hidden()  # keys are offered only where they work
        related = page.locator("section.group-related article.match").first
        other = related.get_attribute("id").split("-")[1]
        related.locator("details.verdict-menu summary").click()
        related.get_by_label("It actually").select_option("corroborates")
        related.get_by_role("button", name="Correct").click()
        expect(page.locator(".flash-success")).to_contain_text(f"Recorded: claim {other} corroborates this one")
        moved = page.locator(f"section.group-corroborates article#match-{other}")
        expect(moved).to_contain_text("set by a person (computed: related)")
    finally:
        context.close()
    assert not errors, errors


def test_article_view_badges_a_claim_other_reports_contradict(page, live_server):
    log_in(page, live_server["url"], "viewer")
    claim = live_server["claim"]
    page.goto(f"{live_server['url']}/articles/{claim['article_id']}")
    mark = page.locator(f'a.claim-mark[href="/claims/{claim["id"]}"]')
    badge = page.locator(f'a.claim-mark[href="/claims/{claim["id"]}"] + a.rel-count.rel-conflicts')
    expect(mark).to_be_visible()
    expect(badge).to_be_visible()
    conflicts = int(re.search(r"\d+", badge.inner_text()).group())
    expect(badge).to_have_attribute("aria-label", f"{conflicts} claims of other reports conflict with it")
    summary = page.locator("#against li", has=page.locator(f'a[href="/claims/{claim["id"]}"]'))
    expect(summary).to_contain_text(f"contradicts {conflicts}")
    page.screenshot(path=str(SHOTS / f"article-badges-{page.viewport_name}.png"), full_page=True)
    assert no_horizontal_overflow(page), "the article view is wider than the window"
    badge.click()
    expect(page.locator("h1")).to_contain_text(f"Claim #{claim['id']}")
    assert _count_in(page.locator("#group-conflicts").inner_text()) == conflicts


def test_ingest_result_lists_what_a_new_report_contradicts(browser, live_server, tmp_path):
    context, page, errors = _open(browser)
    try:
        log_in(page, live_server["url"])
        report = tmp_path / "bamako-denial.txt"
        report.write_text(REPORT, encoding="utf-8")
        page.goto(f"{live_server['url']}/ingest")
        page.get_by_label("…or upload a file").set_input_files(str(report))
        page.get_by_label("Outlet").fill("Niger Bend Bulletin")
        page.get_by_label("Published").fill("2024-09-18")
        page.get_by_role("button", name="Ingest").click()
        expect(page.locator(".flash-success")).to_contain_text("bamako-denial.txt: article")
        result = page.locator("#against")
        expect(result.locator("h2")).to_have_text("What this report contradicts and corroborates")
        assert _top(page, "#against") < _top(page, "article.article-text"), "the result is below the text"
        toll = result.locator("li", has_text="12 people were killed")
        expect(toll.locator(".badge.rel-conflicts")).to_contain_text("contradicts")
        other = toll.locator(".others a[href^='/claims/']").first
        expect(other).to_be_visible()
        page.screenshot(path=str(SHOTS / "ingest-result.png"), full_page=True)
        other_id = other.get_attribute("href").rsplit("/", 1)[1]
        other.click()
        expect(page.locator("h1")).to_contain_text(f"Claim #{other_id}")
        expect(page.locator("section.group-conflicts")).to_contain_text("Niger Bend Bulletin")
    finally:
        context.close()
    assert not errors, errors
