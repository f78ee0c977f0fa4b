"""Attacks on the web UI and the JSON API: each one refused cleanly, and nothing changes in claims.db.

Route lists come from ``app.url_map``, not from a hand list, so a route added later is attacked
too: a state-changing route without CSRF protection, one a viewer may use, an API route that
answers malformed JSON with a 500, or a page that prints a stored field unescaped fails here.
"Nothing changes" is checked on a digest of every row of every table.
"""
from __future__ import annotations

import hashlib
import io
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from werkzeug.datastructures import FileStorage

from test_web import PASSWORD, corpus, csrf_from, find_claim, make_app, text_of, with_db  # noqa: F401
from workbench.review import actions as review

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
SESSION_ROUTES = {"auth.login", "auth.logout"}  # change the session, not claims.db
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEXTAREA = "</textarea><script>alert(2)</script>"
PAYLOADS = (SCRIPT, IMG, TEXTAREA, "<svg onload=alert(3)>")
JS_URLS = ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
           "data:text/html,<script>alert(1)</script>")
REPORT = ("Gunmen attacked the gendarmerie school in Bamako on Tuesday, residents said. A security source said "
          "that 77 people were killed in the attack. JNIM claimed responsibility in a statement on Wednesday.")
_ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


# -- helpers ------------------------------------------------------------------------------------------
def db_digest(app) -> str:
    """A digest of every row of every table: equal digests, nothing changed."""
    def dump(db):
        digest = hashlib.sha256()
        for table in sorted(db.table_names()):
            for row in sorted(repr(row) for row in db.execute(f"SELECT * FROM [{table}]")):
                digest.update(f"{table}:{row}\n".encode())
        return digest.hexdigest()
    return with_db(app, dump)


def routes(app, methods: set[str]) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route answering one of ``methods``."""
    return sorted((rule.endpoint, method, rule.rule) for rule in app.url_map.iter_rules()
                  for method in rule.methods & methods)


def fill(rule: str, values: dict) -> str:
    """A concrete path for a rule: known arguments from ``values``, others 1 (numbers) or 'viewer'."""
    def one(match):
        converter, name = match.group(1) or "default", match.group(2)
        return quote(str(values.get(name, 1 if converter == "int" else "viewer")), safe="")
    return _ARG.sub(one, rule)


def login(client, name: str, csrf: bool = False):
    data = {"name": name, "password": PASSWORD}
    if csrf:
        data["csrf_token"] = csrf_from(text_of(client.get("/login")))
    response = client.post("/login", data=data)
    assert response.status_code == 302, f"{name} could not sign in"


def targets(app) -> dict:
    """Ids to aim at: JNIM's airport claim, a claim of another report, an open flag, its article and event."""
    claim = find_claim(app)
    other = with_db(app, lambda db: db.execute("SELECT min(id) FROM claims WHERE article_id != ?",
                                               [claim["article_id"]]).fetchone()[0])
    flag = with_db(app, lambda db: review.add_flag(db, claim["id"], "unconfirmed", review.get_user(db, "editor")))
    return {"claim_id": claim["id"], "other": other, "flag_id": flag["id"], "article_id": claim["article_id"],
            "event_id": claim["event_id"] or 1, "name": "viewer", "filename": "style.css"}


def forged_form(ids: dict) -> dict:
    """Fields every state-changing form might read, each set to do harm if accepted."""
    return {"status": "false", "note": "forged", "expected": "unverified", "reason": "do_not_publish",
            "label": "related", "other": ids["other"], "sources": "2", "article_ids": str(ids["article_id"]),
            "claim_ids": str(ids["claim_id"]), "name": "intruder1", "role": "admin",
            "password": "a long enough password", "text": REPORT + " Forged.", "suggested": "disputed"}


def post(client, method: str, path: str, form: dict, headers: dict | None = None):
    if path.startswith("/api/"):
        return client.open(path, method=method, json=form, headers=headers or {})
    return client.open(path, method=method, data=form, headers=headers or {})


def error_of(response) -> str:
    return response.get_json()["error"] if response.is_json else text_of(response)


# -- CSRF -------------------------------------------------------------------------------------------------
def test_every_state_changing_route_refuses_a_request_without_a_valid_csrf_token(corpus, tmp_path):  # noqa: F811
    app = make_app(corpus, tmp_path, WTF_CSRF_ENABLED=True)
    ids = targets(app)
    changing = routes(app, STATE_CHANGING)
    assert ("claims.set_status", "POST", "/claims/<int:claim_id>/status") in changing  # the list is real
    assert ("api.status", "POST", "/api/claims/<int:claim_id>/status") in changing
    attacker = app.test_client()
    login(attacker, "viewer", csrf=True)
    stolen = csrf_from(text_of(attacker.get("/")))  # valid, but for another session
    victim = app.test_client()
    login(victim, "admin", csrf=True)
    before, unprotected = db_digest(app), []
    for endpoint, method, rule in changing:
        path = fill(rule, ids)
        for token in (None, "forged", stolen):
            form = forged_form(ids) | ({"csrf_token": token} if token else {})
            headers = {"X-CSRFToken": token} if token else {}
            response = post(victim, method, path, form, headers)
            if response.status_code != 400 or "CSRF" not in error_of(response):
                unprotected.append(f"{method} {path} with token {token!r}: {response.status_code}")
    assert unprotected == []
    assert db_digest(app) == before
    assert 'class="user">admin' in text_of(victim.get("/"))  # the forged logout did not sign out


def test_api_routes_need_a_token_or_a_csrf_protected_session(corpus, tmp_path):  # noqa: F811
    """A bearer token is exempt from CSRF (another site cannot send one); a cookie alone changes nothing."""
    app = make_app(corpus, tmp_path, WTF_CSRF_ENABLED=True)
    ids = targets(app)
    client = app.test_client()
    before = db_digest(app)
    api_routes = [(method, fill(rule, ids)) for _, method, rule in routes(app, STATE_CHANGING) if rule.startswith("/api/")]
    assert len(api_routes) >= 4
    for method, path in api_routes:  # signed out: 401, whatever the body says
        assert post(client, method, path, forged_form(ids)).status_code == 401, path
    login(client, "admin", csrf=True)
    for method, path in api_routes:  # a session cookie plus a bogus bearer header is not a way around CSRF
        for header in ("Bearer ", "Bearer wb_forged", "Basic YWRtaW46eA=="):
            response = post(client, method, path, forged_form(ids), {"Authorization": header})
            assert response.status_code == 401 and response.is_json, (path, header)
    assert db_digest(app) == before


# -- roles ------------------------------------------------------------------------------------------------
@pytest.fixture
def app(corpus, tmp_path):  # noqa: F811
    return make_app(corpus, tmp_path)


def test_a_viewer_can_change_nothing_on_any_route(app):
    ids = targets(app)
    client = app.test_client()
    login(client, "viewer")
    before, allowed = db_digest(app), []
    for endpoint, method, rule in routes(app, STATE_CHANGING):
        if endpoint in SESSION_ROUTES:
            continue
        response = post(client, method, fill(rule, ids), forged_form(ids))
        if response.status_code != 403:
            allowed.append(f"{method} {rule}: {response.status_code}")
    assert allowed == []
    assert db_digest(app) == before


@pytest.mark.parametrize("role, method, path, form", [
    ("factchecker", "POST", "/claims/{claim_id}/flags", {"reason": "do_not_publish"}),
    ("factchecker", "POST", "/claims/{claim_id}/flags/{flag_id}/resolve", {}),
    ("factchecker", "POST", "/queue/flag", {"claim_ids": "{claim_id}", "reason": "do_not_publish"}),
    ("factchecker", "POST", "/events/{event_id}/rename", {"label": "hijacked"}),
    ("factchecker", "POST", "/events/{event_id}/merge", {"sources": "2"}),
    ("factchecker", "POST", "/events/{event_id}/split", {"article_ids": "{article_id}"}),
    ("factchecker", "POST", "/api/claims/{claim_id}/flags", {"reason": "do_not_publish"}),
    ("factchecker", "GET", "/queue", None),
    ("factchecker", "GET", "/queue.csv", None),
    ("editor", "POST", "/users", {"name": "intruder1", "role": "admin", "password": "a long enough password"}),
    ("editor", "POST", "/users/viewer/role", {"role": "admin"}),
    ("editor", "POST", "/users/editor/role", {"role": "admin"}),
    ("editor", "POST", "/users/admin/role", {"role": "viewer"}),
    ("editor", "POST", "/users/viewer/token", {}),
    ("editor", "GET", "/users", None),
])
def test_a_lower_role_gets_403_for_every_higher_role_action(app, role, method, path, form):
    ids = targets(app)
    client = app.test_client()
    login(client, role)
    before = db_digest(app)
    fields = {key: value.format(**ids) for key, value in (form or {}).items()}
    response = client.open(path.format(**ids), method=method, **({"json": fields} if "/api/" in path
                                                                  else {"data": fields}))
    assert response.status_code == 403
    assert "needs the" in error_of(response) and "Traceback" not in error_of(response)
    assert db_digest(app) == before


def test_a_token_acts_only_as_its_own_user(app):
    ids = targets(app)
    viewer_token, old_token = (with_db(app, lambda db: review.create_token(db, name)) for name in ("viewer", "editor"))
    with_db(app, lambda db: review.create_token(db, "editor"))  # the editor's old token is now void
    client = app.test_client()
    login(client, "factchecker")  # a fact-checker's session does not lend its role to a viewer's token
    status = f"/api/claims/{ids['claim_id']}/status"
    body = {"status": "false", "note": "escalation", "expected": "unverified"}
    before = db_digest(app)
    response = client.post(status, json=body, headers={"Authorization": f"Bearer {viewer_token}"})
    assert response.status_code == 403 and "viewer" in response.get_json()["error"]
    for token in (old_token, viewer_token[:-1] + ("A" if viewer_token[-1] != "A" else "B"), viewer_token.upper()):
        response = client.post(f"/api/claims/{ids['claim_id']}/flags", json={"reason": "do_not_publish"},
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401 and response.get_json() == {"error": "invalid API token"}
    assert db_digest(app) == before


def test_admins_cannot_demote_themselves_or_invent_roles(app):
    client = app.test_client()
    login(client, "admin")
    before = db_digest(app)
    client.post("/users/admin/role", data={"role": "viewer"})
    assert "You cannot take the admin role from yourself" in text_of(client.get("/users"))
    client.post("/users/viewer/role", data={"role": "root"})
    assert "Role not changed: role must be one of" in text_of(client.get("/users"))
    assert db_digest(app) == before


# -- XSS ------------------------------------------------------------------------------------------------------
def plant_payloads(app) -> dict:
    """Store a payload in every field a user or an article can set, through the UI and the API,
    and in the fields the pipeline fills (speaker, hedges, frames, figure text), as any other
    tool writing claims.db might."""
    client = app.test_client()
    login(client, "admin")
    text = (f"Gunmen attacked the gendarmerie school in Bamako on Tuesday {SCRIPT}, residents said. A security "
            f"source said that 77 people {IMG} were killed in the attack. The army said that {TEXTAREA} 12 "
            f"soldiers were wounded on Wednesday.")
    form = {"text": text, "title": SCRIPT, "outlet": IMG, "url": JS_URLS[0], "language": "<svg onload=alert(3)>",
            "published": "2024-09-17"}
    refused = client.post("/ingest", data=form)  # a script URL is never stored as an article's link
    assert refused.status_code == 400 and "url &#39;javascript:alert(1)&#39; is not an http(s) address" in text_of(refused)
    response = client.post("/ingest", data={**form, "url": "https://example.org/report"})
    article_id = int(response.headers["Location"].rsplit("/", 1)[1])
    copies = []
    for number, url in enumerate(JS_URLS[1:], 2):
        body = {"text": f"{REPORT} Copy {number}.", "url": url, "title": IMG, "outlet": TEXTAREA}
        refused = client.post("/api/articles", json=body)
        assert refused.status_code == 400 and "is not an http(s) address" in refused.get_json()["error"], url
        created = client.post("/api/articles", json={**body, "url": "https://example.org/copy"})
        assert created.status_code == 201
        copies.append((url, created.get_json()["article_id"]))
    claims = with_db(app, lambda db: [row[0] for row in db.execute(
        "SELECT id FROM claims WHERE article_id = ? ORDER BY id", [article_id])])
    claim_id, other_id = claims[0], find_claim(app)["id"]
    evidence = "12\nhttps://example.org/\"><script>alert(5)</script>"
    assert client.post(f"/claims/{claim_id}/status", data={"status": "disputed", "note": TEXTAREA + IMG,
                                                           "evidence": evidence, "expected": "unverified"}).status_code == 302
    refused = client.post(f"/claims/{claim_id}/status", data={"status": "false", "note": "x", "evidence": JS_URLS[0],
                                                              "expected": "disputed"})
    assert refused.status_code == 400  # a javascript: URL is never stored as evidence
    client.post(f"/claims/{claim_id}/flags", data={"reason": "do_not_publish", "note": SCRIPT})
    client.post(f"/claims/{claim_id}/relations", data={"other": other_id, "label": "conflicts", "note": IMG})
    event_id = with_db(app, lambda db: db.execute("SELECT event_id FROM articles WHERE id = ?", [article_id]).fetchone()[0])
    client.post(f"/events/{event_id}/rename", data={"label": SCRIPT + IMG})

    def plant(db):
        with db.conn:
            for url, copy_id in [(JS_URLS[0], article_id), *copies]:  # as stored before URLs were checked
                db.execute("UPDATE articles SET url = ? WHERE id = ?", [url, copy_id])
            db.execute("UPDATE claims SET speaker = ?, hedges = ? WHERE id = ?", [IMG, f'["{SCRIPT}"]', claim_id])
            db.execute("UPDATE figures SET text = ? WHERE claim_id IN (SELECT id FROM claims WHERE article_id = ?)",
                       [TEXTAREA, article_id])
            db.execute("INSERT OR IGNORE INTO claim_frames (claim_id, frame) VALUES (?, ?)", [claim_id, SCRIPT])
    with_db(app, plant)
    return {"claim_id": claim_id, "article_id": article_id, "event_id": event_id, "other": other_id,
            "name": "viewer", "filename": "style.css", "flag_id": 1}


class _ActiveMarkup(HTMLParser):
    """Collects what a browser would run: script-like tags, event-handler attributes, script URLs."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        own_script = tag == "script" and re.fullmatch(r"/static/[\w-]+\.js", dict(attrs).get("src") or "")
        if tag in ("script", "iframe", "object", "embed", "base", "meta") and not own_script and not (
                tag == "meta" and dict(attrs).keys() <= {"charset", "name", "content"}):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on") or (name in self.URL_ATTRIBUTES
                                         and url.startswith(("javascript:", "vbscript:", "data:"))):
                self.found.append(f"<{tag} {name}={value!r}>")


def unsafe_markup(page: str) -> list[str]:
    """Payloads that arrived unescaped, and any markup on the page that a browser would execute."""
    parser = _ActiveMarkup()
    parser.feed(page)
    parser.close()
    return [payload for payload in PAYLOADS if payload in page] + parser.found


def test_stored_and_reflected_payloads_are_shown_escaped_on_every_page(app):
    ids = plant_payloads(app)
    client = app.test_client()
    login(client, "admin")
    pages = [fill(rule, ids) for _, _, rule in routes(app, {"GET"})]
    payload = quote(SCRIPT + IMG)
    pages += [f"/search?q={payload}", "/search?q=soldiers+wounded", f"/search?speaker={payload}",
              f"/search?q=x&outlet={payload}", f"/queue?speaker={payload}&outlet={payload}",
              f"/queue?since={payload}", f"/articles?page={payload}", f"/users/{payload}/token",
              f"/queue?speaker={quote(IMG)}", f"/search?speaker={quote(IMG)}"]  # the planted claim's speaker
    problems, seen = [], {}
    for path in pages:
        method = "POST" if path.endswith("/token") else "GET"
        response = client.open(path, method=method)
        body = text_of(response)
        seen[path] = body
        if response.status_code >= 500:
            problems.append(f"{path}: {response.status_code}")
        if response.mimetype == "text/html":
            problems += [f"{path}: {found!r}" for found in unsafe_markup(body)]
            csp = response.headers.get("Content-Security-Policy", "")
            if "script-src 'self'" not in csp or "unsafe-inline" in csp:
                problems.append(f"{path}: Content-Security-Policy {csp!r}")
        elif response.mimetype not in ("application/json", "text/csv", "application/x-ndjson", "text/css",
                                       "application/ld+json", "image/svg+xml", "text/plain"):
            problems.append(f"{path}: served as {response.mimetype}")
        if response.headers.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{path}: no nosniff")
    assert problems == []
    escaped = {f"/claims/{ids['claim_id']}": ["&lt;/textarea&gt;&lt;script&gt;", "&#34;&gt;&lt;img src=x onerror"],
               f"/articles/{ids['article_id']}": ["&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;&gt;&lt;img"],
               f"/events/{ids['event_id']}": ["&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img"],
               f"/search?q={payload}": ["&lt;script&gt;alert(1)&lt;/script&gt;"], "/": ["&lt;script&gt;"],
               f"/queue?speaker={quote(IMG)}": ["<td>&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</td>"]}
    for path, fragments in escaped.items():  # the payloads did reach the pages, escaped
        assert all(fragment in seen[path] for fragment in fragments), path


@pytest.mark.parametrize("path, form, field", [
    ("/claims/{claim_id}/status", {"status": "bogus", "note": TEXTAREA, "expected": "unverified"}, "note"),
    ("/ingest", {"text": TEXTAREA + " " + REPORT, "published": "last week", "outlet": IMG}, "text"),
    ("/users", {"name": IMG, "role": "viewer", "password": "a long enough password"}, "name"),
    ("/login", {"name": IMG, "password": "wrong"}, "name"),
])
def test_a_form_shown_again_after_an_error_keeps_the_payload_inert(app, path, form, field):
    client = app.test_client()
    if path != "/login":
        login(client, "admin")
    response = client.post(path.format(claim_id=find_claim(app)["id"]), data=form)
    assert response.status_code in (400, 401)
    assert unsafe_markup(text_of(response)) == []
    assert "&lt;/textarea&gt;" in text_of(response) or "&#34;&gt;&lt;img" in text_of(response)


def test_user_names_cannot_carry_markup(app):
    for name in (SCRIPT, IMG, "a b", "x" * 65, ""):
        with pytest.raises(review.ReviewError, match="a user name is"):
            with_db(app, lambda db: review.add_user(db, name, "viewer", "a long enough password"))


def test_login_never_redirects_off_site(app):
    for target in ("//evil.example", "/\\evil.example", "/%5Cevil.example", "https://evil.example", "/\t/evil.example",
                   "javascript:alert(1)", "\\\\evil.example", "/%2F/evil.example"):
        client = app.test_client()
        response = client.post(f"/login?next={quote(target, safe='')}", data={"name": "viewer", "password": PASSWORD})
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith("//") and "\\" not in location
        assert urlsplit(location).netloc == "" and urlsplit(location).scheme == "", (target, location)


# -- uploads --------------------------------------------------------------------------------------------------
def test_oversized_requests_get_a_clean_413_and_store_nothing(app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    client = app.test_client()
    login(client, "admin")
    before = db_digest(app)
    upload = client.post("/ingest", data={"file": (io.BytesIO(b"a" * (limit + 1)), "huge.txt"), "text": ""},
                         content_type="multipart/form-data")
    pasted = client.post("/ingest", data={"text": "b" * (limit + 1)})
    api = client.post("/api/articles", data=b'{"text": "' + b"c" * (limit + 1) + b'"}',
                      content_type="application/json")
    for response in (upload, pasted):
        assert response.status_code == 413 and response.mimetype == "text/html"
        assert f"The upload is too large: the limit is {limit / 1e6:.0f} MB." in text_of(response)
    assert api.status_code == 413 and "too large" in api.get_json()["error"]
    assert db_digest(app) == before


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\x.txt", "/etc/passwd", "C:\\Windows\\win.ini",
                                  "a\x00b.txt", "..", "...", "~/.bashrc", "%2e%2e%2fx.txt", "x" * 5000 + ".txt",
                                  "é" * 300 + ".txt", "report.txt\x00.html", " ", "../" * 50 + "deep.json"])
def test_upload_names_cannot_escape_the_temp_folder_and_are_stored_sanitised(app, tmp_path, monkeypatch, name):
    uploads = tmp_path / "upload-tmp"
    uploads.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(uploads))
    written, save = [], FileStorage.save
    monkeypatch.setattr(FileStorage, "save", lambda self, dst, *a, **k: (written.append(Path(dst)), save(self, dst, *a, **k))[1])
    files_before = sorted(p for p in tmp_path.rglob("*") if "indexes" not in p.parts and "claims.db" not in p.name)
    client = app.test_client()
    login(client, "factchecker")
    body = (f'{{"text": "{REPORT} Upload {len(name)}."}}' if name.endswith(".json") else f"{REPORT} Upload {len(name)}.")
    response = client.post("/ingest", data={"file": (io.BytesIO(body.encode()), name), "text": ""},
                           content_type="multipart/form-data")
    assert response.status_code in (302, 400) and "Traceback" not in text_of(response)
    assert "upload-tmp" not in text_of(client.get("/"))  # the temporary path never leaks into a message
    assert len(written) == 1 and written[0].resolve().parent.parent == uploads.resolve()
    files_after = sorted(p for p in tmp_path.rglob("*") if "indexes" not in p.parts and "claims.db" not in p.name)
    assert files_after == files_before  # nothing written anywhere, the temporary folder is gone
    if response.status_code == 302:  # stored: the article's source names the upload
        article_id = int(response.headers["Location"].rsplit("/", 1)[1])
        source = with_db(app, lambda db: db.execute("SELECT source FROM articles WHERE id = ?",
                                                    [article_id]).fetchone()[0])
    else:  # refused (e.g. "x.txt\x00.html" is read as HTML): the one-line reason names it
        source = re.search(r'class="flash flash-error">(upload:[^<]*?): ', text_of(response)).group(1)
    label = source.removeprefix("upload:")
    assert source.startswith("upload:") and label and len(label) <= 120
    assert not set(label) & set("/\\\x00~%") and ".." not in label and not label.startswith(".")


# -- malformed JSON ------------------------------------------------------------------------------------------
BAD_BODIES = [b"{not json", b"", b"[1, 2]", b"null", b"3", b'"text"', b"\xff\xfe\x00", b"{" * 100_000,
              b"[" * 100_000 + b"]" * 100_000, b'{"a": ' + b"9" * 5000 + b"}", b'{"a": NaN}', b"{}"]
BAD_VALUES = [None, [], ["x"], {"a": 1}, 10 ** 30, -1, True, 1.5, "", "x" * 100]
FIELDS = {"api.articles": {"text": REPORT + " API.", "outlet": "Sahel Wire", "published": "2024-09-17"},
          "api.status": {"status": "false", "note": "checked", "expected": "unverified", "evidence": ["12"]},
          "api.flags": {"reason": "do_not_publish", "note": "desk"},
          "api.relations": {"other": "{other}", "label": "conflicts", "note": "desk"}}
OPTIONAL = {"outlet", "published", "expected", "evidence", "note"}


def bad_field_bodies(endpoint: str, ids: dict) -> list[dict]:
    """A valid body with one field broken (wrong type, huge, empty) or missing, for each field."""
    base = {key: ids["other"] if value == "{other}" else value for key, value in FIELDS.get(endpoint, {}).items()}
    bodies = []
    for key in base:
        for value in BAD_VALUES:
            if key in OPTIONAL and value in (None, "", [], "x" * 100, -1, 1.5):
                continue  # absent or plain values are fine for optional fields
            if key in ("text", "note") and value == "x" * 100:
                continue
            bodies.append({**base, key: value})
        if key not in OPTIONAL:
            bodies.append({k: v for k, v in base.items() if k != key})
    return bodies


def test_every_api_route_answers_malformed_json_with_a_400_and_a_reason(app):
    ids = targets(app)
    client = app.test_client()
    login(client, "admin")
    before, problems = db_digest(app), []
    for endpoint, method, rule in routes(app, STATE_CHANGING):
        if not rule.startswith("/api/"):
            continue
        path = fill(rule, ids)
        cases = [("raw", body) for body in BAD_BODIES] + [("json", body) for body in bad_field_bodies(endpoint, ids)]
        for kind, body in cases:
            response = (client.open(path, method=method, data=body, content_type="application/json") if kind == "raw"
                        else client.open(path, method=method, json=body))
            error = response.get_json(silent=True) if response.is_json else None
            if response.status_code != 400 or not isinstance(error, dict) or not isinstance(error.get("error"), str) \
                    or "\n" in error["error"]:
                problems.append(f"{method} {path} {str(body)[:60]}: {response.status_code} {text_of(response)[:80]!r}")
    assert problems == []
    assert db_digest(app) == before


def test_every_api_read_route_refuses_malformed_parameters_without_a_500(app):
    ids = targets(app)
    client = app.test_client()
    login(client, "admin")
    hostile = ["limit=²", "limit=" + "9" * 5000, "page=99999999999999999999999", "offset=-1", "k=1e3", "k=0",
               "article_id=abc", "status=%3Cscript%3E", "type=[]", "q=", "q=%00", "since=yesterday"]
    problems = []
    for endpoint, _, rule in routes(app, {"GET"}):
        if not rule.startswith("/api/"):
            continue
        for query in hostile:
            response = client.get(f"{fill(rule, ids)}?{query}", data=b"{not json", content_type="application/json")
            if response.status_code >= 500 or not response.is_json:
                problems.append(f"{rule}?{query}: {response.status_code}")
    for query in ("limit=²", "limit=" + "9" * 5000, "page=99999999999999999999999", "offset=-1"):
        response = client.get(f"/api/claims?{query}")
        assert response.status_code == 400 and "must be a whole number" in response.get_json()["error"], query
    for path in ("/api/claims/99999999999999999999999999", "/claims/99999999999999999999999999",
                 "/articles/99999999999999999999999999", "/events/99999999999999999999999999"):
        assert client.get(path).status_code == 404, path  # too big for SQLite: no such row, not an OverflowError
    assert problems == []


@pytest.mark.parametrize("path, form", [
    ("/events/{event_id}/split", {"article_ids": "²"}),
    ("/events/{event_id}/split", {"article_ids": "9" * 30}),
    ("/events/{event_id}/merge", {"sources": "9" * 30}),
    ("/queue/flag", {"claim_ids": "²", "reason": "do_not_publish"}),
    ("/queue/flag", {"claim_ids": "9" * 30, "reason": "do_not_publish"}),
    ("/claims/{claim_id}/relations", {"other": "²", "label": "related"}),
    ("/claims/{claim_id}/relations", {"other": "9" * 30, "label": "related"}),
    ("/claims/{claim_id}/flags/99999999999999999999999/resolve", {}),
])
def test_hostile_numbers_in_forms_are_refused_not_crashed_on(app, path, form):
    ids = targets(app)
    client = app.test_client()
    login(client, "admin")
    before = db_digest(app)
    response = client.post(path.format(**ids), data=form, follow_redirects=True)
    assert response.status_code in (200, 400, 404) and "Something went wrong" not in text_of(response)
    assert db_digest(app) == before
