"""Text is valid before it is stored, URLs are http(s), nested routes check their parent, and the
smaller holes of issue 17 stay closed.

* ``text.valid``: lone surrogates (and noncharacters) become U+FFFD, NUL and other control
  characters go, line breaks become ``\\n``; counted, idempotent, and valid UTF-8 whatever comes in.
* Every entry point stores valid text: files (also one named with bytes that are not UTF-8), the
  JSON API (articles, notes, evidence, flags, relations), the paste form, fact-check imports,
  event labels; the ingest result counts what was repaired; the claim page, the article page and
  the CSV export work afterwards.
* ``m008_clean_text`` repairs rows stored before, claims' offsets following their article's text.
* Only http(s) URLs are stored as an article's or an evidence link, with a one-line reason naming
  the field otherwise; a flag is resolved only under its own claim; a newline in ``next`` or in
  the queue's ``back`` is no 500, and the safety net turns such a ValueError into a 400; each
  download has one charset.
"""
from __future__ import annotations

import json
import os
import re

import pytest
from flask import redirect, request
from hypothesis import given, settings
from hypothesis import strategies as st

from test_web import PASSWORD, corpus, find_claim, make_app, text_of, with_db  # noqa: F401
from workbench.cli import cli
from workbench.review import actions as review
from workbench.storage.migrations import apply_migrations
from workbench.text.valid import REPLACEMENT, is_http_url, valid_text

REPORT = ("Gunmen attacked the gendarmerie school in Bamako on Tuesday, residents said. A security source said "
          "that 77 people were killed in the attack. JNIM claimed responsibility in a statement on Wednesday.")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_valid(text: str) -> bool:
    """Encodes as UTF-8 and holds no control character but tab and newline."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not CONTROLS.search(text)


# -- the function --------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, cleaned, count", [
    ("plain text", "plain text", 0),
    ("a\udc80b", f"a{REPLACEMENT}b", 1),
    ("\ud83d\ude00", "\U0001f600", 1),  # a surrogate pair is the character it encodes
    ("x\x00y\x07z\x7f\x9b", "xyz", 4),
    ("one\r\ntwo\rthree\x0bfour\x0cfive\x85six", "one\ntwo\nthree\nfour\nfive\nsix", 0),  # breaks, not repairs
    ("tab\tand\nnewline", "tab\tand\nnewline", 0),
    ("\ufffe\uffff\ufdd0\U0001fffe\U0010ffff", REPLACEMENT * 5, 5),
    ("é\u202e名\U0001f600\ufffd", "é\u202e名\U0001f600\ufffd", 0),
])
def test_valid_text_repairs_and_counts(raw, cleaned, count):
    assert valid_text(raw) == (cleaned, count)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF)))
def test_valid_text_always_gives_valid_text_and_is_idempotent(raw):
    cleaned, count = valid_text(raw)
    assert is_valid(cleaned) and valid_text(cleaned) == (cleaned, 0)
    assert (count == 0) == (cleaned == raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
                            .replace("\x0c", "\n").replace("\x85", "\n"))


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?b=c", True), ("HTTP://EXAMPLE.ORG", True), ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False), ("data:text/html,x", False),
    ("https://", False), ("https:example.org", False), ("//example.org", False), ("ftp://example.org", False),
    ("https://example.org/a b", False), ("https://example.org/\x00", False), ("https://[x", False),
    ("https://example.org/" + "a" * 2000, False), (None, False), (["https://example.org"], False),
])
def test_only_http_urls_with_a_host_pass(url, ok):
    assert is_http_url(url) is ok


# -- files and the library -----------------------------------------------------------------------
def test_a_file_with_controls_and_json_escapes_is_stored_valid_and_the_repairs_counted(wb, tmp_path):
    record = {"text": REPORT.replace("Tuesday", "Tues\u0000day\udc80") + " More\x07 text.",
              "title": "Bad\udc80 title\x00", "outlet": "Sahel\x1b Wire", "url": "https://example.org/x"}
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(record), encoding="utf-8")  # json.dumps writes the surrogate as "\udc80"
    [result] = wb.ingest([path])
    assert result.status == "added" and result.replaced == 6 and result.to_dict()["replaced"] == 6
    assert "6 invalid characters replaced or removed" in result.message
    article = wb.article(result.article_id)
    assert all(is_valid(article[key]) for key in ("text", "title", "outlet"))
    assert f"Tuesday{REPLACEMENT}" in article["text"] and article["title"] == f"Bad{REPLACEMENT} title"
    assert all(is_valid(claim["text"]) and article["text"][claim["char_start"]:claim["char_end"]] == claim["text"]
               for claim in wb.claims(article_id=result.article_id))


def test_a_nul_past_the_binary_check_is_removed_not_stored(wb, tmp_path):
    path = tmp_path / "long.txt"
    path.write_bytes((REPORT + "\n\n") .encode() * 60 + b"The army said\x00 that 12 soldiers died.")
    [result] = wb.ingest([path])
    assert result.status == "added" and result.replaced == 1
    assert "\x00" not in wb.article(result.article_id)["text"]


def test_a_file_named_in_bytes_that_are_not_utf8_is_stored_under_a_valid_name(wb, tmp_path):
    """The CLI hands paths over as Python decodes them (surrogateescape), and the defaults as typed."""
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"r\xe9port.txt"), "wb") as out:
        out.write(REPORT.encode())
    [result] = wb.ingest([tmp_path], defaults={"outlet": "Sahel\udcff Wire"})
    assert result.status == "added" and "\udce9" not in result.source and REPLACEMENT in result.source
    article = wb.article(result.article_id)
    assert is_valid(article["source"]) and article["outlet"] == f"Sahel{REPLACEMENT} Wire"


def test_a_utf16_file_with_a_lone_surrogate_is_read_not_crashed_on(wb, tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(b"\xff\xfe" + REPORT.encode("utf-16-le") + b"\x00\xd8" + " Again.".encode("utf-16-le"))
    [result] = wb.ingest([path])
    assert result.status == "added" and is_valid(wb.article(result.article_id)["text"])


def test_fact_check_imports_store_valid_text_and_count_the_repairs(wb, tmp_path):
    path = tmp_path / "checks.json"
    path.write_text(json.dumps({"@type": "ClaimReview", "claimReviewed": "77 people were\u0000 killed\udc80",
                                "reviewRating": {"alternateName": "False\x07"}, "author": {"name": "Desk\udc80"},
                                "url": "https://example.org/check\udc80"}), encoding="utf-8")
    report = wb.import_factchecks(path)
    assert (report["added"], report["replaced"]) == (1, 5)
    row = wb.db.execute("SELECT claim_text, rating, publisher, url FROM factchecks").fetchone()
    assert all(is_valid(value) for value in row) and row[0] == f"77 people were killed{REPLACEMENT}"


def test_review_notes_evidence_and_labels_are_stored_valid(wb):
    [result] = wb.ingest([]) or [wb.ingest_text(REPORT, source="t", outlet="Sahel Wire")]
    claim_id, other = result.claim_ids[:2]
    review.add_user(wb.db, "desk", "admin", "Tangerine-Quartz-71")
    desk = wb.user("desk")
    entry = wb.set_status(claim_id, "disputed", "army\x00 denies\udc80", desk, ["https://example.org/\udc80", "#7"])
    assert entry["note"] == f"army denies{REPLACEMENT}" and entry["evidence"] == [f"https://example.org/{REPLACEMENT}", "#7"]
    assert wb.add_flag(claim_id, "unconfirmed", desk, "only\x1b one\udc80")["note"] == f"only one{REPLACEMENT}"
    assert wb.set_relation(claim_id, other, "related", desk, "same\x00 toll")["note"] == "same toll"
    event_id = wb.claim(claim_id)["event_id"]
    wb.rename_event(event_id, "Bamako\x00 attack\udc80")
    assert wb.db.execute("SELECT label FROM events WHERE id = ?", [event_id]).fetchone()[0] == f"Bamako attack{REPLACEMENT}"


# -- the web entry points ----------------------------------------------------------------------------
@pytest.fixture
def app(corpus, tmp_path):  # noqa: F811
    return make_app(corpus, tmp_path)


def signed_in(app, name: str = "admin"):
    client = app.test_client()
    assert client.post("/login", data={"name": name, "password": PASSWORD}).status_code == 302
    return client


def post_json(client, path: str, body: dict):
    """A JSON body as a script would send it: json.dumps writes a lone surrogate as the escape "\\udc80"."""
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_surrogates_and_nuls_through_the_api_leave_every_page_and_the_export_working(app):
    client = signed_in(app)
    created = post_json(client, "/api/articles", {"text": REPORT.replace("Tuesday", "Tues\x00day\udc80"),
                                                  "title": "T\udc80\x00", "outlet": "Sahel Wire"})
    assert created.status_code == 201, created.get_data()
    body = created.get_json()
    assert body["replaced"] == 4 and "4 invalid characters replaced" in body["message"]
    claim_id = body["claim_ids"][0]
    assert post_json(client, f"/api/claims/{claim_id}/status", {"status": "disputed", "note": "army\udc80 denies\x00",
                                                                "evidence": ["https://example.org/\udc80"]}).status_code == 200
    assert post_json(client, f"/api/claims/{claim_id}/flags", {"reason": "unconfirmed", "note": "n\udc80"}).status_code == 201
    other = find_claim(app)["id"]
    assert post_json(client, f"/api/claims/{claim_id}/relations", {"other": other, "label": "related",
                                                                   "note": "x\udc80\x00"}).status_code == 200
    for path in (f"/claims/{claim_id}", f"/articles/{body['article_id']}", "/exports/claims.csv",
                 "/exports/claims.jsonl", f"/api/claims/{claim_id}", "/queue", "/queue.csv", "/"):
        response = client.get(path)
        data = response.get_data()  # a stream is encoded here, piece by piece
        assert response.status_code == 200 and b"\x00" not in data, path
    for path in (f"/claims/{claim_id}", "/exports/claims.csv"):  # the repaired text is there, U+FFFD marking it
        assert f"Tuesday{REPLACEMENT}" in client.get(path).get_data(as_text=True), path


def test_a_pasted_report_with_control_characters_is_stored_clean(app):
    client = signed_in(app, "factchecker")
    response = client.post("/ingest", data={"text": REPORT.replace("Tuesday", "Tues\x00day\x1b") + "\r\nMore.",
                                            "outlet": "Sahel\x07 Wire"})
    assert response.status_code == 302
    article_id = int(response.headers["Location"].rsplit("/", 1)[1])
    stored = with_db(app, lambda db: db.execute("SELECT text, outlet FROM articles WHERE id = ?", [article_id]).fetchone())
    assert all(is_valid(value) for value in stored) and stored[1] == "Sahel Wire" and "Tuesday" in stored[0]
    assert "\x00" not in text_of(client.get(f"/articles/{article_id}"))


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
                                 "https://exa mple.org", "ftp://example.org/x"])
def test_article_urls_must_be_http_and_the_reason_names_the_field(app, url):
    client = signed_in(app, "factchecker")
    before = with_db(app, lambda db: db.execute("SELECT count(*) FROM articles").fetchone()[0])
    api = post_json(client, "/api/articles", {"text": REPORT + " Copy.", "url": url})
    assert api.status_code == 400 and re.fullmatch(r"api: url '.+' is not an http\(s\) address", api.get_json()["error"])
    form = client.post("/ingest", data={"text": REPORT + " Form.", "url": url})
    assert form.status_code == 400 and "is not an http(s) address" in text_of(form)
    assert REPORT[:40] in text_of(form)  # the pasted text is kept in the form
    assert with_db(app, lambda db: db.execute("SELECT count(*) FROM articles").fetchone()[0]) == before


def test_evidence_must_be_a_claim_number_or_an_http_url(app):
    client = signed_in(app, "factchecker")
    claim_id = find_claim(app)["id"]
    for evidence in ("javascript:alert(1)", "data:text/html,x", "²", "9" * 30, "https://exa mple.org"):
        response = post_json(client, f"/api/claims/{claim_id}/status", {"status": "disputed", "note": "n",
                                                                        "evidence": [evidence]})
        assert response.status_code == 400 and "neither a claim id nor an http(s) URL" in response.get_json()["error"]
    assert with_db(app, lambda db: db.execute("SELECT count(*) FROM status_history").fetchone()[0]) == 0


def test_json_records_with_a_script_url_are_refused_in_one_line(wb, tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"text": REPORT, "url": "javascript:alert(1)"}) + "\n"
                    + json.dumps({"text": REPORT, "url": ["https://example.org"]}) + "\n", encoding="utf-8")
    results = wb.ingest([path])
    assert [result.message for result in results] == [f"{path}:1: url 'javascript:alert(1)' is not an http(s) address",
                                                      f"{path}:2: url must be text, not list"]


def test_the_cli_refuses_a_script_url_in_one_line(tmp_path, runner):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    refused = runner.invoke(cli, ["ingest", str(report), "--url", "javascript:alert(1)"])
    assert refused.exit_code == 1 and f"{report}: url 'javascript:alert(1)' is not an http(s) address" in refused.output


def test_a_flag_is_resolved_only_under_its_own_claim(app):
    mine, theirs = find_claim(app)["id"], with_db(app, lambda db: db.execute("SELECT max(id) FROM claims").fetchone()[0])
    flag = with_db(app, lambda db: review.add_flag(db, theirs, "unconfirmed", review.get_user(db, "editor")))
    client = signed_in(app, "editor")
    response = client.post(f"/claims/{mine}/flags/{flag['id']}/resolve")
    assert response.status_code == 404 and f"flag {flag['id']} does not exist on claim {mine}" in text_of(response)
    assert with_db(app, lambda db: review.list_flags(db, flag_id=flag["id"]))[0]["resolved_at"] is None
    assert client.post(f"/claims/{theirs}/flags/{flag['id']}/resolve").status_code == 302
    assert with_db(app, lambda db: review.list_flags(db, flag_id=flag["id"]))[0]["resolved_at"] is not None


@pytest.mark.parametrize("path", ["/exports/claims.csv", "/exports/claims.jsonl", "/queue.csv"])
def test_each_download_names_one_charset(app, path):
    response = signed_in(app).get(path)
    assert response.status_code == 200 and response.headers["Content-Type"].lower().count("charset") == 1


def test_a_newline_in_next_or_back_is_no_500(app):
    client = app.test_client()
    response = client.post("/login?next=/queue%0d%0aSet-Cookie:%20x=1", data={"name": "viewer", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"  # signed in, sent home
    editor = signed_in(app, "editor")
    claim_id = find_claim(app)["id"]
    response = editor.post("/queue/flag", data={"claim_ids": str(claim_id), "reason": "unconfirmed",
                                                "back": "/queue?page=2\r\nSet-Cookie: x=1"})
    assert response.status_code == 302 and response.headers["Location"] == "/queue"
    assert editor.post("/queue/flag", data={"claim_ids": str(claim_id), "reason": "unconfirmed",
                                            "back": "/queue?sort=newest"}).headers["Location"] == "/queue?sort=newest"


def test_the_safety_net_makes_unusable_request_values_a_400_and_leaves_bugs_a_500(corpus, tmp_path):  # noqa: F811
    app = make_app(corpus, tmp_path, TESTING=False)

    @app.route("/echo")
    def echo():  # a view that trusts its input: the header Werkzeug refuses to build
        return redirect(request.args["to"])

    @app.route("/encode")
    def encode():
        return request.args["text"].encode("ascii")

    @app.route("/bug")
    def bug():
        return str(int("not a number"))

    client = signed_in(app, "viewer")
    newline = client.get("/echo?to=/x%0d%0aSet-Cookie:%20a=1")
    assert newline.status_code == 400 and "a line break where none can go" in text_of(newline)
    unencodable = client.get("/encode?text=%C3%A9")
    assert unencodable.status_code == 400 and "text that is not valid Unicode" in text_of(unencodable)
    assert client.get("/bug").status_code == 500


# -- repairing what is stored: m008 -------------------------------------------------------------------
def _plant_dirty_rows(db, article_id: int) -> dict:
    """Rows as they could be stored before every entry point made text valid (and by other tools)."""
    text = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
    claims = db.execute("SELECT id, char_start, char_end FROM claims WHERE article_id = ? ORDER BY char_start",
                        [article_id]).fetchall()
    cut = claims[0][2]  # NULs after the first claim move the others' offsets
    dirty = text[:cut] + "\x00\x00" + text[cut:]
    with db.conn:
        db.execute("UPDATE articles SET text = ? WHERE id = ?", [dirty, article_id])
        for claim_id, start, end in claims[1:]:
            db.execute("UPDATE claims SET char_start = ?, char_end = ?, text = ? WHERE id = ?",
                       [start + 2, end + 2, dirty[start + 2:end + 2], claim_id])
        db.execute("UPDATE claims SET speaker = 'army' || char(7) WHERE id = ?", [claims[0][0]])
        db.execute("UPDATE articles SET title = CAST(x'4261645fff5469746c65' AS TEXT) WHERE id = ?", [article_id])
        user_id = db.execute("SELECT id FROM users LIMIT 1").fetchone()[0]
        db.execute("INSERT INTO status_history (claim_id, user_id, from_status, to_status, note, evidence, at) "
                   "VALUES (?, ?, 'unverified', 'disputed', 'n' || char(0), ?, '2024-09-18')",
                   [claims[0][0], user_id, '["https://example.org/\\udc80"]'])
    return {"claims": [claim_id for claim_id, _, _ in claims], "text": text}


def test_m008_repairs_stored_rows_and_keeps_claims_pointing_into_their_text(wb):
    result = wb.ingest_text(REPORT, source="t", outlet="Sahel Wire")
    review.add_user(wb.db, "desk", "editor", "Tangerine-Quartz-71")
    planted = _plant_dirty_rows(wb.db, result.article_id)
    claim_id = planted["claims"][0]
    with pytest.raises(UnicodeEncodeError):  # what the claim page and the export met
        json.dumps(wb.history(claim_id), ensure_ascii=False).encode("utf-8")
    with wb.db.conn:
        wb.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_clean_text'")
    assert "m008_clean_text" in apply_migrations(wb.db)
    article = wb.article(result.article_id)
    assert article["text"] == planted["text"] and article["title"] == f"Bad_{REPLACEMENT}Title"
    assert article["content_hash"] == wb.db.execute("SELECT content_hash FROM articles WHERE id = ?",
                                                    [result.article_id]).fetchone()[0]
    for claim in wb.claims(article_id=result.article_id):
        assert article["text"][claim["char_start"]:claim["char_end"]] == claim["text"] and is_valid(claim["speaker"])
    [entry] = wb.history(claim_id)
    assert entry["note"] == "n" and entry["evidence"] == [f"https://example.org/{REPLACEMENT}"]
    again = wb.ingest_text(REPORT, source="t", outlet="Sahel Wire")  # the repaired article is found again
    assert again.status == "duplicate"
    assert wb.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
