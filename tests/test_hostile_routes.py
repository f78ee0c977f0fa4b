"""No request can produce a 500 from its input: every route of ``app.url_map``, every method, hostile values.

The routes come from ``app.url_map``, and the fields each one reads are found by asking it: a first
pass sends every route a valid request (as an admin, with a valid CSRF token) through a request
class whose query and form dictionaries — and the JSON objects the API parses — record every key
the view reads.  So a route or a field added later is attacked too, without a hand-kept list.

Then each route gets, as anonymous and as each role (sessions with valid CSRF tokens, so the
bodies of state-changing views are reached, not just the CSRF check):

* hostile path arguments (newlines, NUL, 10**30, -1, 10,000 characters, traversal);
* every field it reads made hostile in turn, the others valid: newlines (a header built from the
  value), NUL and other control characters, lone surrogates (through JSON escapes: a form cannot
  carry one), 1 MB strings, 10**30 and -1, markup, repeated keys (a list where one value is read),
  and in JSON bodies wrong types — lists, objects, null, booleans, floats;
* hostile headers (Authorization, X-CSRFToken);
* hypothesis: random mixes of fields, values and identities (derandomized, bounded).

Each answer must be below 500 and carry no traceback, and a JSON 400 says what is wrong in one line.
A view that raises (``TESTING`` propagates exceptions) is reported with the exception.
"""
from __future__ import annotations

import io
import itertools
import json
import re
from urllib.parse import quote

import pytest
from flask import Request
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import ImmutableMultiDict

from werkzeug.security import generate_password_hash

import workbench.web.api as api_module
from test_web import PASSWORD, corpus, csrf_from, find_claim, make_app, text_of, with_db  # noqa: F401
from workbench.model import ROLES
from workbench.review import accounts
from workbench.review import actions as review
from workbench.web import auth

MB = 1024 * 1024
SCRIPT = "<script>alert(1)</script>"
REPORT = ("Gunmen attacked the gendarmerie school in Bamako on Tuesday, residents said. A security source said "
          "that 77 people were killed in the attack. JNIM claimed responsibility in a statement on Wednesday.")
IDENTITIES = (None, *ROLES)  # None: not signed in
TARGET_USER = "walked"
MAX_COOKIE = 16_000  # a session cookie this big holds an echoed value (flash messages of the walk add up to ~4 KB)
PUBLIC_ENDPOINTS = auth.PUBLIC_ENDPOINTS  # what an anonymous request reaches beyond the sign-in check
SESSION_PATHS = ("/login", "/logout", "/users")  # where a request may end or switch the session  # the account <name> routes act on, so no signed-in identity changes its own role
_ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")

# Values a form or a query string can carry (text only: a form cannot hold a lone surrogate).
TEXT_VALUES = ("/queue\r\nLocation: //evil.example", "nul\x00byte", "".join(map(chr, range(1, 32))) + "\x7f\x85",
               "9" * 30, "-1", "", SCRIPT + "名前\u202e\ufffd", "%00%0a%ff/../../etc/passwd", "javascript:alert(1)",
               "x" * MB)
# What JSON adds: lone surrogates through escapes, and every wrong type.
JSON_VALUES = (*TEXT_VALUES, "\udc80", "a\ud800b\udfff", None, [], ["x", "\udc80"], {"a": 1}, 10 ** 30, 2 ** 63,
               True, 1.5)
FEW_VALUES = ("/queue\r\nLocation: //evil.example", "nul\x00byte", "9" * 30, "x" * MB, "\udc80", ["x", "\udc80"], None)
INSIDE = ("/queue\r\nLocation: //evil.example", "nul\x00byte", "".join(map(chr, range(1, 32))) + "\x7f\x85",
          "\udc80", "a\ud800b\udfff")
PATH_INT_VALUES = ("0", "-1", "9" * 30, "1e3", "²", "x")
PATH_TEXT_VALUES = ("a\nb", "a\r\nb", "nul\x00", "..", "../../etc/passwd", "x" * 10_000, "名前", "%", " ", "\udc80")
HEADERS = ({"Authorization": "Bearer " + "x" * 10_000}, {"Authorization": "Bearer \x00\x01"}, {"Authorization": "Basic !!!"},
           {"X-CSRFToken": "\x00" + "x" * 5000, "X-Forwarded-For": "a\x00b"},
           {"Content-Type": "application/json; charset=latin-9"})


# -- finding what each route reads --------------------------------------------------------------
_READ: set[str] = set()


class _RecordingArgs(ImmutableMultiDict):
    """A query or form dictionary that notes every key a view asks for."""

    def get(self, key, *args, **kwargs):
        _READ.add(key)
        return super().get(key, *args, **kwargs)

    def getlist(self, key, *args, **kwargs):
        _READ.add(key)
        return super().getlist(key, *args, **kwargs)

    def __getitem__(self, key):
        _READ.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _READ.add(key)
        return super().__contains__(key)


class _RecordingRequest(Request):
    parameter_storage_class = _RecordingArgs


class _RecordingObject(dict):
    """A JSON object that notes every key the API reads."""

    def get(self, key, default=None):
        _READ.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        _READ.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _READ.add(key)
        return super().__contains__(key)


class _RecordingJson:
    """``json`` for the API module, parsing objects into ``_RecordingObject``; the rest is json's."""

    def __getattr__(self, name):
        return getattr(json, name)

    @staticmethod
    def loads(text, **kwargs):
        return json.loads(text, object_pairs_hook=_RecordingObject, **kwargs)


# -- the site, its identities and the ids to aim at ---------------------------------------------------
class Identity:
    """One client: anonymous, or signed in as the user named after a role, with its CSRF token."""

    def __init__(self, app, role: str | None):
        self.app, self.role, self.client, self.token = app, role, app.test_client(), None
        self.ensure()

    def __str__(self) -> str:
        return self.role or "anonymous"

    def ensure(self) -> None:
        """Signed in as itself (again, if a walked route ended the session or signed in someone else:
        /login and /users/password can) with a fresh CSRF token; anonymous signed out."""
        page = self.client.get("/exports/")
        if page.status_code == 200 and f'class="user">{self.role} ' not in text_of(page):
            self.client.post("/logout", data={"csrf_token": csrf_from(text_of(page))})
            page = self.client.get("/exports/")
        if self.role and page.status_code != 200:
            login = self.client.get("/login")
            signed = self.client.post("/login", data={"name": self.role, "password": PASSWORD,
                                                      "csrf_token": csrf_from(text_of(login))})
            assert signed.status_code == 302, f"{self.role} could not sign in: {signed.status_code}"
            page = self.client.get("/exports/")
        self.token = csrf_from(text_of(page if self.role else self.client.get("/login")))


class Site:
    def __init__(self, app):
        self.app = app
        self.ids = targets(app)
        self.identities = {role: Identity(app, role) for role in IDENTITIES}
        self.routes = sorted((rule.endpoint, method, rule.rule) for rule in app.url_map.iter_rules()
                             for method in rule.methods)
        self.fields = {route: discover(self, *route) for route in self.routes}


def targets(app) -> dict:
    claim = find_claim(app)

    def prepare(db):
        other = db.execute("SELECT min(id) FROM claims WHERE article_id != ?", [claim["article_id"]]).fetchone()[0]
        event = db.execute("SELECT max(id) FROM events WHERE id != ?", [claim["event_id"]]).fetchone()[0]
        review.add_user(db, TARGET_USER, "viewer", PASSWORD)
        flag = review.add_flag(db, claim["id"], "unconfirmed", review.get_user(db, "editor"))
        return {"claim_id": claim["id"], "other": other, "flag_id": flag["id"], "article_id": claim["article_id"],
                "event_id": claim["event_id"], "other_event": event, "name": TARGET_USER, "filename": "style.css"}
    return with_db(app, prepare)


def base_values(ids: dict) -> dict:
    """A valid value for every field a route may read, so that making one hostile reaches its code
    (None: left out — an ``expected`` status would make every change after the first a stale one)."""
    return {"status": "disputed", "note": "checked twice", "expected": None, "evidence": "12",
            "reason": "unconfirmed", "label": "related", "other": str(ids["other"]), "sources": str(ids["other_event"]),
            "article_ids": str(ids["article_id"]), "claim_ids": str(ids["claim_id"]), "name": "newcomer",
            "role": "viewer", "password": "Tangerine-Quartz-71", "text": REPORT, "suggested": "disputed",
            "outlet": "Sahel Wire", "url": "https://example.org/report", "title": "A report",
            "published": "2024-09-17", "language": "en", "back": "/queue", "q": "airport", "page": "1",
            "since": "2024-09-01", "until": "2024-12-31", "type": "casualty", "speaker": "army", "sort": "newest",
            "limit": "5", "offset": "0", "k": "5", "article_id": str(ids["article_id"]), "next": "/queue"}


_FRESH = itertools.count(1)


def valid_fields(site: Site, endpoint: str, fields: set[str], identity: Identity, is_json: bool = False) -> dict:
    """The valid request for a route: base values, except where a route only goes on with values of
    its own — sign-in with the identity's own password (``next`` is read only then), a new account
    under a name not yet taken, a password set for the walked account (never a signed-in one), and
    in JSON the other claim as a number."""
    own = {"auth.login": {"name": identity.role or TARGET_USER, "password": PASSWORD},
           "users.add": {"name": f"newcomer{next(_FRESH)}"}, "users.set_password": {"name": TARGET_USER}}
    values = {**base_values(site.ids), **own.get(endpoint, {}), **({"other": site.ids["other"]} if is_json else {})}
    return {key: values.get(key, "x") for key in fields - {"csrf_token", "file"}}


def hostile_variants(valid, values) -> list:
    """Each hostile value alone, and the worst of them inside the field's valid value: "a NUL in a
    report" is stored where "only a NUL" is refused as empty."""
    inside = [f"{valid}{value}{valid}" for value in values if value in INSIDE] if isinstance(valid, str) else []
    return [*values, *inside]


def fill(rule: str, values: dict) -> str:
    def one(match):
        converter, name = match.group(1) or "default", match.group(2)
        return quote(str(values.get(name, 1 if converter == "int" else TARGET_USER)), safe="/" if converter == "path" else "")
    return _ARG.sub(one, rule)


def send(site: Site, identity: Identity, method: str, path: str, fields: dict, *, as_json: bool = False,
         headers: dict | None = None):
    """One request: fields in the query string and (unless GET/HEAD) the form or the JSON body, with the
    identity's CSRF token (form field and header) unless the fields say otherwise."""
    headers = {"X-CSRFToken": identity.token, **(headers or {})}
    query = _query({key: value for key, value in fields.items() if key != "file"})  # POST views read args too
    options = {"method": method, "headers": headers, "query_string": query}
    if method not in ("GET", "HEAD", "OPTIONS"):
        if as_json:
            options["data"] = json.dumps(fields)
            options["content_type"] = "application/json"
        else:
            form = {"csrf_token": identity.token,
                    **{key: _form_value(value) for key, value in fields.items() if value is not None}}
            options["data"] = form
    return identity.client.open(path, **options)


def _query(values: dict) -> list[tuple[str, str]]:
    pairs = []
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                pairs.append((key, _sendable(item)))
            elif item is not None and not isinstance(item, (dict, list)):
                pairs.append((key, str(item)))
    return pairs


def _sendable(value) -> str:
    """What a form can carry of a value: its text, with a lone surrogate as UTF-8 shows it (U+FFFD)."""
    return str(value).encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _form_value(value):
    if isinstance(value, tuple):  # an upload: (bytes, file name)
        return (io.BytesIO(value[0]), value[1])
    if isinstance(value, list):
        return [str(item) for item in value]
    return value


def discover(site: Site, endpoint: str, method: str, rule: str) -> set[str]:
    """The keys a route reads, from one valid request (``valid_fields``, every base value) as an admin."""
    if method in ("HEAD", "OPTIONS") or endpoint == "auth.logout":
        return set()
    admin, is_json = site.identities["admin"], rule.startswith("/api/")
    _READ.clear()
    try:
        send(site, admin, method, fill(rule, site.ids), valid_fields(site, endpoint, set(base_values(site.ids)),
                                                                     admin, is_json), as_json=is_json)
    except Exception:  # noqa: BLE001 — reported by the walks below, with the request that raised
        pass
    finally:
        admin.ensure()
    return set(_READ) - {"csrf_token"} | ({"csrf_token"} if method == "POST" else set())


def _fast_hash(password: str) -> str:
    return generate_password_hash(password, method="pbkdf2:sha256:1")


def _fast_passwords(db) -> None:
    with db.conn:
        db.execute("UPDATE users SET password_hash = ?", [_fast_hash(PASSWORD)])


@pytest.fixture(scope="module")
def site(corpus, tmp_path_factory):  # noqa: F811
    """The walked site: CSRF on, sign-in limits out of the way (a thousand wrong passwords are part of
    the walk), and passwords hashed cheaply: scrypt is slow on purpose, and this walk is about input."""
    app = make_app(corpus, tmp_path_factory.mktemp("walk"), WTF_CSRF_ENABLED=True, PER_PAGE=50,
                   LOGIN_LIMITS={"per_address": 10 ** 9, "per_account": 10 ** 9})
    app.request_class = _RecordingRequest
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api_module, "json", _RecordingJson())
        patch.setattr(accounts, "generate_password_hash", _fast_hash, raising=False)
        patch.setattr(accounts, "_dummy_hash", lambda: _fast_hash("no such user"), raising=False)
        with_db(app, _fast_passwords)
        yield Site(app)


# -- checking an answer -------------------------------------------------------------------------
def problem(site: Site, identity: Identity, method: str, path: str, fields: dict, **options) -> str | None:
    """What is wrong with the answer to one request (None: nothing): a 5xx, a traceback, an exception,
    or a JSON 400 whose error is not one line."""
    shown = {key: (repr(value)[:40] if not isinstance(value, tuple) else f"<file {value[1]!r}>")
             for key, value in fields.items()}
    where = f"{method} {path[:80]!r} as {identity} with {shown}"
    try:
        response = send(site, identity, method, path, fields, **options)
        body = response.get_data()  # streams (exports) run to the end here
    except Exception as error:  # noqa: BLE001 — any exception is the finding
        return f"{where}: raised {type(error).__name__}: {str(error)[:120]}"
    finally:
        if path.startswith(SESSION_PATHS):
            identity.ensure()
    if response.status_code >= 500:
        return f"{where}: {response.status_code} {body[:120]!r}"
    if b"Traceback (most recent call last)" in body:
        return f"{where}: a traceback in the body"
    if any(len(cookie) > MAX_COOKIE for cookie in response.headers.getlist("Set-Cookie")):
        return f"{where}: the value was echoed into the session cookie (browsers drop one over 4 KB)"
    if response.status_code == 400 and response.is_json and method != "HEAD":
        error = (response.get_json(silent=True) or {}).get("error")
        if not isinstance(error, str) or "\n" in error:
            return f"{where}: 400 without a one-line error: {body[:120]!r}"
    return None


def report(problems: list[str]) -> str:
    return f"{len(problems)} requests failed, for example:\n" + "\n".join(problems[:25])


# -- the walks ----------------------------------------------------------------------------------
def test_the_walk_reaches_every_route_and_the_fields_they_read(site):
    """The discovery pass is real: it found the routes and the fields whose hostile values follow."""
    endpoints = {endpoint for endpoint, _, _ in site.routes}
    assert {"claims.set_status", "claims.resolve", "api.articles", "api.status", "ingest.index", "desk.bulk_flag",
            "auth.login", "exports.claims_csv", "users.change_role"} <= endpoints
    fields = {endpoint: found for (endpoint, _, _), found in site.fields.items() if found}
    assert {"status", "note", "evidence", "expected"} <= fields["api.status"]  # JSON keys are found too
    assert {"text", "url", "outlet"} <= fields["api.articles"]
    assert {"text", "file", "url", "csrf_token"} <= fields["ingest.index"]
    assert {"back", "claim_ids", "reason"} <= fields["desk.bulk_flag"]
    assert {"other", "label", "note"} <= fields["api.relations"]
    assert "next" in site.fields[("auth.login", "POST", "/login")]


def test_every_route_answers_hostile_path_arguments_without_a_500(site):
    problems = []
    for endpoint, method, rule in site.routes:
        arguments = _ARG.findall(rule)
        for converter, name in arguments:
            values = PATH_INT_VALUES if converter == "int" else PATH_TEXT_VALUES
            for value in values:
                path = fill(rule, {**site.ids, name: _sendable(value)})
                for identity in (site.identities[role] for role in (None, "viewer", "admin")):
                    if endpoint == "auth.logout" and identity.role:
                        continue
                    problems.append(problem(site, identity, method, path, {}))
    problems = [found for found in problems if found]
    assert not problems, report(problems)


@pytest.mark.parametrize("role", IDENTITIES, ids=lambda role: role or "anonymous")
def test_every_field_of_every_route_takes_every_hostile_value_without_a_500(site, role):
    """One field hostile at a time, the others valid: the view's own handling of that field is reached.
    Every field as an admin (who reaches every view's body) and anonymously where the view is public;
    elsewhere each identity gets every value in one field (the role and sign-in checks under attack)."""
    identity, problems = site.identities[role], []
    for (endpoint, method, rule), fields in site.fields.items():
        if method in ("HEAD", "OPTIONS") or endpoint == "auth.logout" and role:
            continue
        is_json, path = rule.startswith("/api/") and method != "GET", fill(rule, site.ids)
        values = JSON_VALUES if is_json else TEXT_VALUES
        names = sorted(fields | {"unexpected"})
        if role != "admin" and not (role is None and endpoint in PUBLIC_ENDPOINTS):
            names, values = names[:1], [value for value in values if value in FEW_VALUES]
        for name in names:
            valid = valid_fields(site, endpoint, fields, identity, is_json)
            for value in hostile_variants(valid.get(name), values):
                hostile = value if is_json or name != "file" else (str(value).encode("utf-8"), "upload.txt")
                sent = {**valid_fields(site, endpoint, fields, identity, is_json), name: hostile}
                problems.append(problem(site, identity, method, path, sent, as_json=is_json))
            if not is_json and name != "file":  # a list where the view reads one value
                sent = {**valid_fields(site, endpoint, fields, identity), name: ["1", "\n"]}
                problems.append(problem(site, identity, method, path, sent))
    problems = [found for found in problems if found]
    assert not problems, report(problems)


def test_uploads_with_hostile_names_and_contents_never_give_a_500(site):
    identity = site.identities["factchecker"]
    contents = (b"\x00" * 100 + REPORT.encode(), REPORT.encode() + b"\xed\xb2\x80 \xff\xfe", b"\xff\xfe" + b"\x00\xd8" * 50,
                REPORT.encode("utf-16"), b'{"text": "' + REPORT.encode() + b'\\udc80\\u0000", "url": "javascript:x"}',
                b"\xef\xbb\xbf", b"x" * MB)
    names = ("a\r\nb.txt", "nul\x00.txt", "x.json", "x.jsonl", "..\\..\\x.html", "名前.txt", "x" * 400 + ".txt")
    problems = [problem(site, identity, "POST", "/ingest", {"file": (data, name), "text": ""})
                for data in contents for name in names]
    problems = [found for found in problems if found]
    assert not problems, report(problems)


def test_hostile_headers_never_give_a_500(site):
    problems = []
    for endpoint, method, rule in site.routes:
        if endpoint == "auth.logout" or method in ("HEAD", "OPTIONS"):
            continue
        for headers in HEADERS:
            for role in (None, "admin"):
                problems.append(problem(site, site.identities[role], method, fill(rule, site.ids), {}, headers=headers,
                                        as_json=rule.startswith("/api/")))
    problems = [found for found in problems if found]
    assert not problems, report(problems)


_VALUE = st.one_of(st.sampled_from(JSON_VALUES), st.text(max_size=60), st.integers(min_value=-10 ** 40, max_value=10 ** 40),
                   st.lists(st.text(max_size=10), max_size=3))


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_mixes_of_hostile_values_never_give_a_500(site, data):
    """Several fields hostile at once (and fields no view reads), over a valid request, as anyone."""
    route = data.draw(st.sampled_from([route for route in site.routes if route[1] not in ("HEAD", "OPTIONS")
                                       and route[0] != "auth.logout"]))
    endpoint, method, rule = route
    identity = site.identities[data.draw(st.sampled_from(IDENTITIES))]
    names = st.sampled_from(sorted(site.fields[route] - {"file"}) or ["unexpected"]) | st.text(min_size=1, max_size=8)
    is_json = rule.startswith("/api/") and method != "GET"
    drawn = data.draw(st.dictionaries(names, _VALUE, max_size=6))
    if not is_json:  # a form holds text (lists become repeated keys); UTF-8 cannot carry a surrogate
        drawn = {key: [_sendable(item) for item in value] if isinstance(value, list) else _sendable(value)
                 for key, value in drawn.items()}
    fields = {**valid_fields(site, endpoint, site.fields[route], identity, is_json), **drawn}
    assert problem(site, identity, method, fill(rule, site.ids), fields, as_json=is_json) is None


def test_after_the_walk_the_database_is_sound_and_every_page_still_renders(site):
    admin = site.identities["admin"]
    assert with_db(site.app, lambda db: db.execute("PRAGMA integrity_check").fetchone()[0]) == "ok"
    for path in ("/", f"/claims/{site.ids['claim_id']}", f"/articles/{site.ids['article_id']}", "/queue",
                 "/exports/claims.csv", "/exports/claims.jsonl", "/api/claims?limit=500"):
        response = admin.client.get(path)
        response.get_data()
        assert response.status_code == 200, path
