"""The web UI and JSON API through Flask's test client, over a copy of the demo corpus.

The demo corpus is loaded once per module (with the cheap HashEmbedder) and
each test gets its own copy of claims.db and the index folder, so tests can
change statuses and flags freely and still run in well under a second each.
"""
from __future__ import annotations

import csv
import io
import re
import shutil

import pytest

from conftest import HashEmbedder
from workbench import Workbench
from workbench.review import actions as review
from workbench.web import create_app
from workbench.web.db import get_wb

PASSWORD = "correct horse battery"
AIRPORT = "held parts of the military airport"  # JNIM's claim, Sahel Wire, 2024-09-17
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The demo corpus and one user per role (named after the role), built once."""
    folder = tmp_path_factory.mktemp("corpus")
    with Workbench(folder / "claims.db", folder / "indexes", embedder=HashEmbedder()) as wb:
        wb.init()
        assert all(result.ok for result in wb.load_demo())
        for role in ("viewer", "factchecker", "editor", "admin"):
            review.add_user(wb.db, role, role, PASSWORD)
    return folder


def make_app(corpus, tmp_path, **config):
    shutil.copy(corpus / "claims.db", tmp_path / "claims.db")
    shutil.copytree(corpus / "indexes", tmp_path / "indexes")
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "claims.db"), "INDEX_DIR": str(tmp_path / "indexes"),
                       "EMBEDDER": HashEmbedder(), "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "PER_PAGE": 5,
                       **config})


@pytest.fixture
def app(corpus, tmp_path):
    return make_app(corpus, tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, name="factchecker", password=PASSWORD):
        return self._client.post("/login", data={"name": name, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def find_claim(app, fragment=AIRPORT) -> dict:
    with app.app_context():
        return next(claim for claim in get_wb().claims() if fragment in claim["text"])


def text_of(response) -> str:
    return response.get_data(as_text=True)


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def with_db(app, call):
    with app.app_context():
        return call(get_wb().db)


# -- signing in and out --------------------------------------------------------
def test_pages_need_a_login(client):
    response = client.get("/claims/1")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=/claims/1")
    assert client.get("/api/claims").get_json() == {"error": "not logged in: send a session cookie or "
                                                             "Authorization: Bearer <token>"}


def test_wrong_password_says_so(client, auth):
    response = auth.login(password="not the password")
    assert response.status_code == 401
    assert "Unknown user name or wrong password." in text_of(response)
    assert client.get("/").status_code == 302  # still signed out


def test_login_shows_user_and_role_then_logout(client, auth):
    response = auth.login("editor")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = text_of(client.get("/"))
    assert 'class="user">editor <span class="role role-editor">editor</span>' in page
    assert "Sign out" in client.get("/logout").get_data(as_text=True)  # GET only asks
    assert client.get("/").status_code == 200
    response = auth.logout()
    assert response.headers["Location"] == "/login"
    assert "Signed out." in text_of(client.get("/login"))
    assert client.get("/").status_code == 302


def test_login_never_redirects_to_another_site(client):
    response = client.post("/login?next=https://evil.example/", data={"name": "viewer", "password": PASSWORD})
    assert response.headers["Location"] == "/"
    response = client.post("/login?next=/events", data={"name": "viewer", "password": PASSWORD})
    assert response.headers["Location"] == "/events"


# -- every page ------------------------------------------------------------------
@pytest.mark.parametrize("path, title", [
    ("/", "Dashboard"), ("/events", "Events"), ("/events/1", "Mali · Bamako · Jnim"), ("/articles", "Articles"),
    ("/articles/1", "Jihadists strike Bamako"), ("/claims/{claim}", "Claim {claim}"), ("/queue", "Queue"),
    ("/search?q=airport", "Search: airport"), ("/search", "Search"), ("/ingest", "Ingest"), ("/users", "Users"),
])
def test_every_page_renders_with_its_title(app, client, auth, path, title):
    claim = find_claim(app)["id"]
    auth.login("admin")
    response = client.get(path.format(claim=claim))
    assert response.status_code == 200
    assert f"<title>{title.format(claim=claim)}" in text_of(response)
    # every action is a plain form; the only script is the claim page's own keys, from the app's static folder
    scripts = re.findall(r"<script[^>]*>", text_of(response))
    assert all(re.fullmatch(r'<script src="/static/[\w-]+\.js" defer>', script) for script in scripts), scripts


def test_dashboard_draws_status_and_type_charts_and_lists_what_needs_attention(app, client, auth):
    claim = find_claim(app)
    with_db(app, lambda db: review.set_status(db, claim["id"], "disputed", "army denies", review.get_user(db, "admin")))
    auth.login("viewer")
    page = text_of(client.get("/"))
    assert page.count('<svg class="chart bars"') == 2
    assert 'class="bar status-disputed"' in page and 'class="bar type-casualty"' in page
    assert "Needs attention" in page and "conflicting figures" in page
    assert f'href="/claims/{claim["id"]}"' in page  # the disputed claim is listed
    assert "Recent articles" in page and "Goma death toll tops 2,000" in page


def test_event_board_puts_disagreeing_figures_side_by_side(client, auth):
    auth.login("viewer")
    page = text_of(client.get("/events/1"))
    assert "killed" in page and "⚠ values disagree" in page
    # 77 is what most independent sources say (the consensus); about 100 from one document alone disagrees
    assert "disagrees: </span>~100<" in page and "disagrees: </span>77<" not in page
    assert '<svg class="chart ranges"' in page and 'class="range status-unverified disagrees"' in page
    assert '<svg class="chart timeline"' in page and "Sahel Wire" in page
    assert "Rename" not in page  # editing is for editors
    assert client.get("/events/999").status_code == 404


def test_article_marks_each_claim_with_speaker_and_status(app, client, auth):
    claim = find_claim(app)
    auth.login("viewer")
    page = text_of(client.get(f"/articles/{claim['article_id']}"))
    mark = re.search(rf'<a class="claim-mark status-unverified" href="/claims/{claim["id"]}" tabindex="0" '
                     rf'title="([^"]+)"', page)
    assert mark and mark.group(1) == "JNIM · unverified"
    assert claim["text"] in page


def test_claim_page_groups_other_reports_with_reasons(app, client, auth):
    claim = find_claim(app)
    auth.login("viewer")
    page = text_of(client.get(f"/claims/{claim['id']}"))
    for heading in ("Corroborating", "Conflicting", "Related"):
        assert f'">{heading} <span class="muted">' in page
    conflicting = page[page.index('id="group-conflicts"'):page.index('id="group-related"')]
    assert "control of military airport: JNIM says the attackers hold" in conflicting
    assert "JNIM is a party to the conflict describing its own operation" in conflicting
    assert "Speaker</dt><dd>JNIM" in page and "claimed" in page
    assert "Save status" not in page and "Confirm" not in page  # viewers read only


# -- review actions ---------------------------------------------------------------
def test_factchecker_sets_status_with_note_and_evidence_and_sees_history(app, client, auth):
    claim = find_claim(app)
    auth.login("factchecker")
    response = client.post(f"/claims/{claim['id']}/status", data={
        "status": "disputed", "note": "The army denies it", "evidence": "12\nhttps://example.org/statement",
        "expected": "unverified"})
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "Status changed from unverified to disputed." in page
    history = page[page.index("<h2>History</h2>"):]
    assert "factchecker" in history and "The army denies it" in history
    assert '<a href="/claims/12">#12</a>' in history and 'href="https://example.org/statement"' in history


def test_status_change_without_a_note_is_refused_and_keeps_the_form(app, client, auth):
    claim = find_claim(app)
    auth.login("factchecker")
    response = client.post(f"/claims/{claim['id']}/status", data={"status": "false", "note": " ", "evidence": "7",
                                                                  "expected": "unverified"})
    assert response.status_code == 400
    assert "a status change needs a note saying why" in text_of(response)
    assert find_claim(app)["status"] == "unverified"


def test_stale_status_form_explains_the_conflict_and_keeps_the_note(app, client, auth):
    claim = find_claim(app)
    with_db(app, lambda db: review.set_status(db, claim["id"], "confirmed", "seen video", review.get_user(db, "admin")))
    auth.login("factchecker")
    response = client.post(f"/claims/{claim['id']}/status", data={
        "status": "false", "note": "my careful note", "evidence": "", "expected": "unverified"})
    assert response.status_code == 409
    page = text_of(response)
    assert "changed by someone else since you loaded it" in page
    assert ">my careful note</textarea>" in page  # nothing typed is lost
    assert '<input type="hidden" name="expected" value="confirmed">' in page  # a resubmit is a new decision
    assert find_claim(app)["status"] == "confirmed"


def test_accepting_the_suggestion_sets_the_status(app, client, auth):
    claim = find_claim(app)
    assert claim["suggested_status"] == "disputed"
    auth.login("factchecker")
    response = client.post(f"/claims/{claim['id']}/accept", data={"suggested": "disputed", "expected": "unverified"})
    assert response.status_code == 302
    assert find_claim(app)["status"] == "disputed"
    assert "accepted the suggestion: disputed" in text_of(client.get(f"/claims/{claim['id']}"))


def test_a_persons_relation_replaces_the_automatic_label(app, client, auth):
    claim = find_claim(app)
    auth.login("factchecker")
    other = next(r for r in client.get(f"/api/claims/{claim['id']}/similar").get_json()["results"]
                 if r["relation"] == "conflicts")["claim"]["id"]
    response = client.post(f"/claims/{claim['id']}/relations", data={"other": other, "label": "related"})
    assert response.status_code == 302
    page = text_of(client.get(f"/claims/{claim['id']}"))
    related = page[page.index('id="group-related"'):]
    assert f'href="/claims/{other}">#{other}</a>' in related and "set by a person (computed: conflicts)" in related
    result = next(r for r in client.get(f"/api/claims/{claim['id']}/similar").get_json()["results"]
                  if r["claim"]["id"] == other)
    assert result["relation"] == "related" and result["person"]["label"] == "related"
    with app.app_context():
        assert get_wb().compare(claim["id"], other).label == "related"


def test_editor_flags_and_resolves(app, client, auth):
    claim = find_claim(app)
    auth.login("editor")
    client.post(f"/claims/{claim['id']}/flags", data={"reason": "needs_second_source", "note": "only JNIM says so"})
    page = text_of(client.get(f"/claims/{claim['id']}"))
    assert "needs second source</strong> by editor" in page and "only JNIM says so" in page
    flag_id = with_db(app, lambda db: review.list_flags(db, claim_id=claim["id"])[0]["id"])
    client.post(f"/claims/{claim['id']}/flags/{flag_id}/resolve")
    assert "resolved by editor" in text_of(client.get(f"/claims/{claim['id']}"))


@pytest.mark.parametrize("role, method, path, data, allowed", [
    ("viewer", "post", "/claims/{claim}/status", {"status": "false", "note": "x", "expected": "unverified"}, False),
    ("factchecker", "post", "/claims/{claim}/status", {"status": "false", "note": "x", "expected": "unverified"}, True),
    ("viewer", "post", "/claims/{claim}/relations", {"other": "1", "label": "related"}, False),
    ("factchecker", "post", "/claims/{claim}/flags", {"reason": "unconfirmed"}, False),
    ("editor", "post", "/claims/{claim}/flags", {"reason": "unconfirmed"}, True),
    ("factchecker", "get", "/queue", None, False),
    ("editor", "get", "/queue", None, True),
    ("factchecker", "post", "/events/1/rename", {"label": "Bamako attack"}, False),
    ("editor", "post", "/events/1/rename", {"label": "Bamako attack"}, True),
    ("viewer", "get", "/ingest", None, False),
    ("factchecker", "get", "/ingest", None, True),
    ("editor", "get", "/users", None, False),
    ("admin", "get", "/users", None, True),
])
def test_each_role_can_do_only_its_own_work(app, client, auth, role, method, path, data, allowed):
    claim = find_claim(app)["id"]
    auth.login(role)
    response = getattr(client, method)(path.format(claim=claim), data=data)
    assert response.status_code in ((200, 302) if allowed else (403,))
    if not allowed:
        assert "This needs the" in text_of(response)


def test_the_nav_only_offers_what_the_role_may_do(client, auth):
    auth.login("viewer")
    page = text_of(client.get("/"))
    assert 'href="/queue"' not in page and 'href="/ingest"' not in page and 'href="/users"' not in page
    auth.logout()
    auth.login("admin")
    page = text_of(client.get("/"))
    assert 'href="/queue"' in page and 'href="/ingest"' in page and 'href="/users"' in page


# -- the queue ------------------------------------------------------------------
def test_queue_filters_sorts_and_pages(client, auth):
    auth.login("editor")
    first, second = text_of(client.get("/queue?type=casualty")), text_of(client.get("/queue?type=casualty&page=2"))
    ids = lambda page: re.findall(r'name="claim_ids" value="(\d+)"', page)  # noqa: E731
    assert len(ids(first)) == 5 and ids(first) != ids(second)
    assert "Page 1 of" in first and "casualty" in first
    assert all(">casualty<" in row for row in first.split('name="claim_ids"')[1:])
    empty = client.get("/queue?page=999")
    assert empty.status_code == 200 and "Nothing in the queue on this page." in text_of(empty)
    assert client.get("/queue?sort=nonsense").status_code == 400
    by_conflicts = ids(text_of(client.get("/queue?sort=conflicts")))
    assert by_conflicts != ids(text_of(client.get("/queue?sort=age")))


def test_queue_bulk_flag(app, client, auth):
    auth.login("editor")
    ids = re.findall(r'name="claim_ids" value="(\d+)"', text_of(client.get("/queue")))[:2]
    response = client.post("/queue/flag", data={"claim_ids": ids, "reason": "do_not_publish", "note": "legal",
                                                "back": "/queue?page=1"})
    assert response.headers["Location"] == "/queue?page=1"
    page = text_of(client.get("/queue?page=1"))
    assert "Flagged 2 claim(s): do not publish." in page and page.count("1 open flag") >= 2
    flagged = with_db(app, lambda db: review.list_flags(db, open_only=True))
    assert sorted(str(flag["claim_id"]) for flag in flagged) == sorted(ids)
    assert all(flag["user"] == "editor" for flag in flagged)


def test_queue_csv_is_the_current_view_properly_quoted(app, client, auth):
    auth.login("editor")
    response = client.get("/queue.csv?type=casualty&page=2")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(text_of(response))))
    page = text_of(client.get("/queue?type=casualty&page=2"))
    assert [row["id"] for row in rows] == re.findall(r'name="claim_ids" value="(\d+)"', page)
    with app.app_context():
        for row in rows:
            assert row["text"].lstrip("'") == get_wb().claim(int(row["id"]))["text"]  # commas, quotes survive
            assert row["claim_type"] == "casualty"


# -- search ------------------------------------------------------------------------
def test_search_shows_relation_to_the_query_and_honours_filters(client, auth):
    auth.login("viewer")
    page = text_of(client.get("/search?q=JNIM+fighters+held+the+military+airport"))
    assert 'data-taken-as="claim"' in page and 'class="badge rel-conflicts"' in page and "score" in page
    filtered = text_of(client.get("/search?q=death+toll&outlet=Sahel+Wire"))
    outlets = re.findall(r"<strong>([^<]+)</strong> · \d{4}-", filtered)
    assert outlets and set(outlets) == {"Sahel Wire"}
    response = client.get("/search?q=toll&since=yesterday")
    assert response.status_code == 400 and "since must be a date like 2024-09-17" in text_of(response)
    listing = text_of(client.get("/search?status=unverified&type=control"))
    assert "Claims · unverified · control" in listing and "Next →</a>" in listing


# -- ingest --------------------------------------------------------------------------
REPORT = ("Gunmen attacked a police post in Gao on Monday, residents said. A security source said that 12 soldiers "
          "were killed in the attack. The army said on Tuesday that 14 attackers were killed.")


def test_pasted_report_is_ingested_and_shown(client, auth):
    auth.login("factchecker")
    response = client.post("/ingest", data={"text": REPORT, "outlet": "Gao Courier", "published": "2024-10-01",
                                            "title": "Police post attacked"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/articles/")
    page = text_of(client.get(response.headers["Location"]))
    assert "Police post attacked" in page and re.search(r"pasted text: article \d+ \(Gao Courier\), 3 claims", page)
    assert 'title="a security source · unverified"' in page
    again = client.post("/ingest", data={"text": REPORT}, follow_redirects=True)
    assert "already stored as article" in text_of(again)


def test_a_claim_with_markup_is_shown_escaped(client, auth):
    auth.login("factchecker")
    response = client.post("/ingest", data={"text": REPORT.replace("in the attack", f"in the attack {XSS}"),
                                            "outlet": "X <b>Wire</b>", "title": XSS})
    article_page = text_of(client.get(response.headers["Location"]))
    claim_id = re.search(r'href="/claims/(\d+)"[^>]*title="a security source', article_page).group(1)
    for page in (article_page, text_of(client.get(f"/claims/{claim_id}")), text_of(client.get("/search?q=soldiers")),
                 text_of(client.get("/"))):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert" not in page and "<b>Wire" not in page


def upload(client, name, data, **form):
    return client.post("/ingest", data={"file": (io.BytesIO(data), name), "text": "", **form},
                       content_type="multipart/form-data")


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "empty.txt: file is empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "photo.txt: binary file"),
    ("bad.jsonl", b'{"text": "x"}\nnot json\n', "bad.jsonl:2: invalid JSON"),
    ("dated.txt", REPORT.encode(), "dated.txt: published date &#39;last week&#39; is not an ISO date"),
])
def test_bad_uploads_get_the_clis_clear_errors(client, auth, name, data, message):
    auth.login("factchecker")
    extra = {"published": "last week"} if name == "dated.txt" else {}
    response = upload(client, name, data, **extra)
    page = text_of(response)
    assert response.status_code == 400
    assert message in page and "workbench-upload-" not in page  # no temporary path leaks


def test_non_utf8_upload_is_decoded_and_says_how(client, auth):
    auth.login("factchecker")
    text = ("The army said on Monday that 14 attackers had been “neutralised” near the café in Gao’s market. "
            "A security source said 12 soldiers were killed – the heaviest toll this year.")
    response = upload(client, "report.txt", text.encode("cp1252"), outlet="Gao Courier")
    page = text_of(client.get(response.headers["Location"]))
    assert re.search(r"report.txt: article \d+ \(Gao Courier\), \d claims \(not UTF-8; decoded as cp125\d\)", page)
    assert "“neutralised” near the café in Gao’s market" in page


def test_upload_names_cannot_escape_the_temp_folder(client, auth, tmp_path):
    auth.login("factchecker")
    response = upload(client, "../../../evil.txt", REPORT.encode(), outlet="Gao Courier")
    assert response.status_code == 302
    assert "evil.txt: article" in text_of(client.get(response.headers["Location"]))
    assert not (tmp_path.parent / "evil.txt").exists()


def test_oversized_upload_gets_a_clean_413(client, auth):
    auth.login("factchecker")
    response = upload(client, "huge.txt", b"a" * (10 * 1024 * 1024 + 1))
    assert response.status_code == 413
    assert "The upload is too large: the limit is 10 MB." in text_of(response)


# -- pagination -----------------------------------------------------------------------
def test_lists_are_paginated_and_an_empty_page_is_not_an_error(client, auth):
    auth.login("viewer")
    first, second = text_of(client.get("/articles")), text_of(client.get("/articles?page=2"))
    titles = lambda page: re.findall(r'<td><a href="/articles/(\d+)">', page)  # noqa: E731
    assert len(titles(first)) == 5 and titles(second) and set(titles(first)).isdisjoint(titles(second))
    assert "Page 1 of 3 · 13 in all" in first
    beyond = client.get("/articles?page=40")
    assert beyond.status_code == 200 and "No articles on this page." in text_of(beyond)
    assert titles(text_of(client.get("/articles?page=abc"))) == titles(first)
    assert client.get("/events?page=9").status_code == 200


# -- the JSON API -----------------------------------------------------------------------
def test_api_claims_filter_and_page(client, auth):
    auth.login("viewer")
    page = client.get("/api/claims?limit=5&type=casualty").get_json()
    assert len(page["claims"]) == 5 and page["next_offset"] == 5
    assert {claim["claim_type"] for claim in page["claims"]} == {"casualty"}
    after = client.get("/api/claims?limit=5&offset=5&type=casualty").get_json()["claims"]
    assert {c["id"] for c in after}.isdisjoint(c["id"] for c in page["claims"])
    assert client.get("/api/claims?offset=100000").get_json()["claims"] == []
    bad = client.get("/api/claims?status=maybe")
    assert bad.status_code == 400 and "status must be one of" in bad.get_json()["error"]
    assert client.get("/api/claims?limit=0").status_code == 400


def test_api_claim_similar_and_search(app, client, auth):
    claim = find_claim(app)
    auth.login("viewer")
    body = client.get(f"/api/claims/{claim['id']}").get_json()
    assert body["speaker"] == "JNIM" and body["history"] == [] and "figures" in body
    results = client.get(f"/api/claims/{claim['id']}/similar").get_json()["results"]
    assert any(r["relation"] == "conflicts" and r["reasons"] for r in results)
    hits = client.get("/api/search?q=military+airport&k=3").get_json()["results"]
    assert len(hits) == 3 and {"claim", "score", "article", "relation", "reasons"} <= set(hits[0])
    asserted = client.get("/api/search?q=JNIM+holds+the+military+airport&k=5").get_json()
    assert asserted["taken_as"] == "claim" and asserted["groups"] == []
    assert any(hit["relation"] == "conflicts" for hit in asserted["results"])
    assert client.get("/api/search").status_code == 400
    missing = client.get("/api/claims/999999")
    assert missing.status_code == 404 and missing.get_json() == {"error": "claim 999999 does not exist"}


def test_api_status_change_records_user_and_refuses_stale(app, client, auth):
    claim = find_claim(app)
    auth.login("factchecker")
    url = f"/api/claims/{claim['id']}/status"
    ok = client.post(url, json={"status": "in_review", "note": "checking", "evidence": ["#3"], "expected": "unverified"})
    assert ok.status_code == 200 and ok.get_json()["user"] == "factchecker"
    stale = client.post(url, json={"status": "false", "note": "no", "expected": "unverified"})
    assert stale.status_code == 409 and "changed by someone else" in stale.get_json()["error"]
    assert client.post(url, json={"status": "sure", "note": "x"}).status_code == 400
    assert client.post(url, json={"status": "false", "note": 5}).get_json() == {"error": "note must be a string"}


def test_api_roles(app, client, auth):
    claim = find_claim(app)
    auth.login("viewer")
    response = client.post(f"/api/claims/{claim['id']}/status", json={"status": "false", "note": "x"})
    assert response.status_code == 403 and "needs the factchecker role" in response.get_json()["error"]
    auth.logout()
    auth.login("factchecker")
    response = client.post(f"/api/claims/{claim['id']}/flags", json={"reason": "unconfirmed"})
    assert response.status_code == 403 and "needs the editor role" in response.get_json()["error"]
    auth.logout()
    auth.login("editor")
    response = client.post(f"/api/claims/{claim['id']}/flags", json={"reason": "unconfirmed", "note": "desk"})
    assert response.status_code == 201 and response.get_json()["user"] == "editor"


def test_api_sets_a_persons_relation(app, client, auth):
    claim = find_claim(app)
    auth.login("factchecker")
    other = client.get(f"/api/claims/{claim['id']}/similar").get_json()["results"][0]["claim"]["id"]
    url = f"/api/claims/{claim['id']}/relations"
    response = client.post(url, json={"other": other, "label": "unrelated", "note": "different town"})
    assert response.status_code == 200 and response.get_json()["user"] == "factchecker"
    page = text_of(client.get(f"/claims/{claim['id']}"))
    unrelated = page[page.index('id="group-unrelated"'):]
    assert f'href="/claims/{other}">#{other}</a>' in unrelated and "set by factchecker: different town" in unrelated
    assert client.post(url, json={"other": "1", "label": "unrelated"}).status_code == 400
    assert client.post(url, json={"other": claim["id"], "label": "related"}).get_json() == {
        "error": "a claim cannot be related to itself"}


@pytest.mark.parametrize("body, message", [
    (b"{not json", "request body is not valid JSON"),
    (b"[1, 2]", "request body must be a JSON object"),
    (b"", "request body is not valid JSON"),
])
def test_api_malformed_json_is_a_400_with_a_reason(app, client, auth, body, message):
    claim = find_claim(app)
    auth.login("editor")
    response = client.post(f"/api/claims/{claim['id']}/flags", data=body, content_type="application/json")
    assert response.status_code == 400 and message in response.get_json()["error"]


def test_api_ingest(client, auth):
    auth.login("factchecker")
    response = client.post("/api/articles", json={"text": REPORT, "outlet": "Gao Courier", "published": "2024-10-01"})
    body = response.get_json()
    assert response.status_code == 201 and body["status"] == "added" and len(body["claim_ids"]) == body["claims"]
    again = client.post("/api/articles", json={"text": REPORT})
    assert again.status_code == 200 and again.get_json()["status"] == "duplicate"
    bad = client.post("/api/articles", json={"text": "  "})
    assert bad.status_code == 400 and 'missing or empty "text"' in bad.get_json()["error"]
    huge = client.post("/api/articles", data=b"x" * (10 * 1024 * 1024 + 1), content_type="application/json")
    assert huge.status_code == 413 and "too large" in huge.get_json()["error"]
    auth.logout()
    auth.login("viewer")
    assert client.post("/api/articles", json={"text": REPORT + " More."}).status_code == 403


def test_api_token_auth(app, client):
    token = with_db(app, lambda db: review.create_token(db, "editor"))
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/claims?limit=1", headers=headers).status_code == 200
    bad = client.get("/api/claims", headers={"Authorization": "Bearer wb_not-a-token"})
    assert bad.status_code == 401 and bad.get_json() == {"error": "invalid API token"}
    assert client.get("/api/claims", headers={"Authorization": "Basic abc"}).status_code == 401
    assert client.get("/", headers=headers).status_code == 302  # tokens are for the API, not pages


def test_token_calls_are_exempt_from_csrf_but_session_calls_are_not(corpus, tmp_path):
    app = make_app(corpus, tmp_path, WTF_CSRF_ENABLED=True)
    claim = find_claim(app)
    client = app.test_client()
    token = with_db(app, lambda db: review.create_token(db, "factchecker"))
    response = client.post(f"/api/claims/{claim['id']}/status", json={"status": "in_review", "note": "script"},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert client.post(f"/api/claims/{claim['id']}/status", json={"status": "false", "note": "x"},
                       headers={"Authorization": "Bearer nope"}).status_code == 401
    login_page = text_of(client.get("/login"))
    client.post("/login", data={"name": "factchecker", "password": PASSWORD, "csrf_token": csrf_from(login_page)})
    url = f"/api/claims/{claim['id']}/status"
    refused = client.post(url, json={"status": "disputed", "note": "x"})
    assert refused.status_code == 400 and "CSRF" in refused.get_json()["error"]
    token_header = {"X-CSRFToken": csrf_from(text_of(client.get(f"/claims/{claim['id']}")))}
    assert client.post(url, json={"status": "disputed", "note": "x"}, headers=token_header).status_code == 200


def test_forms_without_a_csrf_token_are_refused(corpus, tmp_path):
    app = make_app(corpus, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"name": "factchecker", "password": PASSWORD})
    assert response.status_code == 400 and "security token is missing or expired" in text_of(response)
    client.post("/login", data={"name": "factchecker", "password": PASSWORD,
                                "csrf_token": csrf_from(text_of(client.get("/login")))})
    claim = find_claim(app)
    response = client.post(f"/claims/{claim['id']}/status", data={"status": "false", "note": "forged"})
    assert response.status_code == 400 and find_claim(app)["status"] == "unverified"
    page = text_of(client.get(f"/claims/{claim['id']}"))
    response = client.post(f"/claims/{claim['id']}/status", data={"status": "false", "note": "real",
                                                                  "expected": "unverified", "csrf_token": csrf_from(page)})
    assert response.status_code == 302 and find_claim(app)["status"] == "false"


def test_behind_an_https_proxy_a_form_posted_from_another_site_is_refused(corpus, tmp_path):
    """WORKBENCH_BEHIND_PROXY=1 trusts the proxy's X-Forwarded-Proto, so the app knows the page was
    HTTPS and Flask-WTF's same-origin Referer check applies on top of the CSRF token."""
    app = make_app(corpus, tmp_path, WTF_CSRF_ENABLED=True, BEHIND_PROXY=True)
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "desk.example"}
    client = app.test_client()
    token = csrf_from(text_of(client.get("/login", headers=https)))
    refused = client.post("/login", data={"name": "factchecker", "password": PASSWORD, "csrf_token": token},
                          headers={**https, "Referer": "https://attacker.example/page"})
    assert refused.status_code == 400
    accepted = client.post("/login", data={"name": "factchecker", "password": PASSWORD, "csrf_token": token},
                           headers={**https, "Referer": "https://desk.example/login"})
    assert accepted.status_code == 302


# -- accounts and safety --------------------------------------------------------------------
def test_admin_manages_users_without_ever_seeing_hashes(client, auth):
    auth.login("admin")
    response = client.post("/users", data={"name": "reporter1", "role": "viewer", "password": "long enough pw"})
    assert response.status_code == 302
    page = text_of(client.get("/users"))
    assert "Added reporter1 as viewer." in page and "reporter1" in page
    assert "scrypt:" not in page and "pbkdf2:" not in page
    client.post("/users/reporter1/role", data={"role": "editor"})
    assert "reporter1 is now editor." in text_of(client.get("/users"))
    short = client.post("/users", data={"name": "x2", "role": "viewer", "password": "short"})
    assert short.status_code == 400 and "at least 10 characters" in text_of(short)
    issued = text_of(client.post("/users/reporter1/token"))
    token = re.search(r'<code class="token">(wb_[^<]+)</code>', issued).group(1)
    assert client.get("/api/claims?limit=1", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert token not in text_of(client.get("/users"))  # shown once


def test_a_role_change_applies_at_once(app, client, auth):
    auth.login("editor")
    assert client.get("/queue").status_code == 200
    with_db(app, lambda db: review.set_role(db, "editor", "viewer", review.get_user(db, "admin")))
    response = client.get("/queue")  # a role change ends the user's sessions: sign in again, with the new role
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    auth.login("editor")
    assert client.get("/queue").status_code == 403


def test_editor_renames_splits_and_merges_events(app, client, auth):
    auth.login("editor")
    client.post("/events/1/rename", data={"label": "Bamako attack <2024>"})
    assert "<title>Bamako attack &lt;2024&gt;" in text_of(client.get("/events/1"))
    article_ids = with_db(app, lambda db: [r[0] for r in db.execute("SELECT id FROM articles WHERE event_id = 1")])
    response = client.post("/events/1/split", data={"article_ids": article_ids[:1], "label": "Side story"})
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert "<title>Side story" in text_of(client.get(f"/events/{new_id}"))
    client.post("/events/1/merge", data={"sources": str(new_id)})
    assert client.get(f"/events/{new_id}").status_code == 404
    refused = client.post("/events/1/split", data={"article_ids": article_ids}, follow_redirects=True)
    assert "must leave at least one article" in text_of(refused)


def test_security_headers_and_cookie_flags(client, auth):
    response = auth.login("viewer")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff" and page.headers["X-Frame-Options"] == "DENY"
    assert client.get("/static/style.css").status_code == 200


def test_secret_key_comes_from_env_or_a_persisted_random_file(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_SECRET_KEY", raising=False)
    config = {"DATABASE": str(tmp_path / "claims.db"), "INDEX_DIR": str(tmp_path / "indexes"),
              "EMBEDDER": HashEmbedder()}
    first, second = create_app(dict(config)), create_app(dict(config))
    assert len(first.secret_key) == 64 and first.secret_key == second.secret_key  # sessions survive restarts
    assert (tmp_path / ".claims.db.secret_key").stat().st_mode & 0o777 == 0o600  # beside claims.db, not the cache
    monkeypatch.setenv("WORKBENCH_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("WORKBENCH_SECURE_COOKIES", "1")
    app = create_app(dict(config))
    assert app.secret_key == "from-the-environment" and app.config["SESSION_COOKIE_SECURE"] is True


def test_env_configures_database_and_index(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("WORKBENCH_INDEX_DIR", str(tmp_path / "env-indexes"))
    app = create_app({"EMBEDDER": HashEmbedder(), "SECRET_KEY": "x"})
    assert app.config["DATABASE"] == str(tmp_path / "env.db") and (tmp_path / "env.db").exists()
    assert app.config["INDEX_DIR"] == str(tmp_path / "env-indexes") and (tmp_path / "env-indexes").is_dir()


def test_api_ingest_without_html_cleaning_is_a_503_environment_problem(client, auth, monkeypatch, data_dir):
    """A module the server lacks is the operator's problem: 503 naming it, not a 400 about the page."""
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.")
        return real_import(name, *args, **kwargs)

    auth.login("factchecker")
    page = (data_dir / "french_report.html").read_text(encoding="utf-8")
    monkeypatch.setattr(builtins, "__import__", fake_import)
    response = client.post("/api/articles", json={"text": page, "outlet": "Le Test"})
    monkeypatch.undo()
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert "environment problem" in error and "lxml_html_clean" in error and "unreadable" not in error


@pytest.mark.parametrize("query, kind", [("who controls the military airport", "question"),
                                         ("Qui contrôle l'aéroport militaire ?", "question"), ("death toll", "topic")])
def test_a_question_or_a_topic_gets_no_relations_but_groups_by_story(client, auth, query, kind):
    """A question cannot be contradicted: no result is labelled against it; they come grouped."""
    auth.login("viewer")
    body = client.get("/api/search", query_string={"q": query, "k": 8}).get_json()
    assert body["taken_as"] == kind and body["results"]
    assert all(hit["relation"] is None and hit["reasons"] == [] for hit in body["results"])
    grouped = [claim_id for group in body["groups"] for claim_id in group["results"]]
    assert sorted(grouped) == sorted(hit["claim"]["id"] for hit in body["results"])
    page = text_of(client.get("/search", query_string={"q": query}))
    assert f'data-taken-as="{kind}"' in page and 'class="badge rel-' not in page and 'class="story-group"' in page


# -- the claim page reads stored relations; the article view and the ingest result show them ---------
DENIAL = ("BAMAKO, Sept 18 – The Malian army said on Wednesday that 12 people were killed in Tuesday's attack on "
          "the gendarmerie school in Bamako. A spokesman for the general staff said the military airport had "
          "remained under army control throughout the assault.")  # invented: contradicts the demo's Bamako reports


def _groups(page: str) -> dict[str, str]:
    return {found.group(1): found.group(2) for found in
            re.finditer(r'<section class="group group-(\w+)"(.*?)</section>', page, re.S)}


def test_claim_page_lists_conflicts_first_with_counts_that_are_its_lists(app, client, auth):
    claim = find_claim(app)
    auth.login("factchecker")
    page = text_of(client.get(f"/claims/{claim['id']}"))
    order = [page.index(f'id="{anchor}"') for anchor in ("group-conflicts", "group-corroborates", "group-related",
                                                          "review", "history", "flags")]
    assert order == sorted(order)  # what other reports say, then the status form, history and flags
    groups = _groups(page)
    for key in ("conflicts", "corroborates", "related"):
        listed = groups[key].count('<article class="result match"')
        assert re.search(rf'id="group-{key}">\w+ <span class="muted">\({listed}[,)]', groups[key]), key
        assert re.search(rf'href="#group-{key}"><strong>{listed}</strong>', page), key
        for reasons in re.findall(r'<ul class="reasons">(.*?)</ul>', groups[key]):
            items = re.findall(r"<li>(.*?)</li>", reasons)
            assert len(items) == len(set(items))
    sources = claim["conflicts"]
    assert sources < groups["conflicts"].count('<article class="result match"')  # 11 reports, 6 speakers
    assert f"from {sources} <abbr title=\"An independent source is a different speaker" in groups["conflicts"]
    assert groups["conflicts"].count("JNIM is a party to the conflict") == 1  # said once, above the group
    assert page.count('<details class="verdict-menu">') == page.count('<article class="result match"')
    assert re.search(r'<script src="/static/claim.js" defer></script>', page) and "<script>" not in page
    assert 'id="keys" hidden>Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous match, <kbd>s</kbd> status' in page


def test_claim_page_needs_neither_the_index_nor_the_model(app, client, auth, monkeypatch):
    """The page's cost must not grow with the archive: stored relations only, no ranking per request."""
    def refuse(*args, **kwargs):
        raise AssertionError("the claim page ranked or encoded")

    monkeypatch.setattr(Workbench, "index", property(refuse))
    monkeypatch.setattr(Workbench, "similar", refuse)
    monkeypatch.setattr(Workbench, "embedder", property(refuse))
    claim = find_claim(app)
    auth.login("viewer")
    response = client.get(f"/claims/{claim['id']}")
    assert response.status_code == 200 and 'class="result match"' in text_of(response)
    assert '<details class="verdict-menu">' not in text_of(response)  # viewers read only


def test_article_view_badges_claims_other_reports_contradict(app, client, auth):
    claim = find_claim(app)
    auth.login("viewer")
    page = text_of(client.get(f"/articles/{claim['article_id']}"))
    badge = re.search(rf'href="/claims/{claim["id"]}" tabindex="0"[^>]*>[^<]*</a><a class="rel-count rel-conflicts" '
                      rf'href="/claims/{claim["id"]}#group-conflicts" title="(\d+) claims of other reports', page)
    assert badge, "no conflict badge after the airport claim"
    with app.app_context():
        assert int(badge.group(1)) == get_wb().matches(claim["id"])["conflicts"]["total"]
    assert page.index('id="against"') > page.index('class="card article-text"')  # an ordinary view: text first


def test_ingest_result_lists_what_the_new_report_contradicts(client, auth):
    auth.login("factchecker")
    response = client.post("/ingest", data={"text": DENIAL, "outlet": "Niger Bend Bulletin", "published": "2024-09-18",
                                            "title": "Army disputes the Bamako toll"})
    assert response.status_code == 302 and re.fullmatch(r"/articles/\d+", response.headers["Location"])
    page = text_of(client.get(response.headers["Location"]))
    assert page.index('id="against"') < page.index('class="card article-text"')  # the answer first
    again = text_of(client.get(response.headers["Location"]))
    assert again.index('id="against"') > again.index('class="card article-text"')  # once: then it is an article
    against = page[page.index('id="against"'):page.index('class="card article-text"')]
    assert "What this report contradicts and corroborates" in against
    toll = re.search(r"<li>.*?12 people were killed.*?</li>", against, re.S).group(0)
    assert 'class="badge rel-conflicts">contradicts' in toll
    others = re.findall(r'<a href="/claims/(\d+)" title=', toll)
    assert others and all(int(other) < int(re.search(r'href="/claims/(\d+)">#', toll).group(1)) for other in others)
