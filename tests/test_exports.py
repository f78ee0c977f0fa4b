"""Exports: ClaimReview JSON-LD checked against the schema.org vocabulary, CSV a spreadsheet can
open, JSON Lines, the filters, the CLI and the web downloads; and claims.db as Datasette sees it.

The demo corpus is loaded once (cheap HashEmbedder: nothing here is about search) and each test
works on its own copy.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from datetime import date

import pytest

from conftest import HashEmbedder
from test_web import PASSWORD, corpus  # noqa: F401  (the demo corpus with one user per role, built once)
from workbench import Workbench
from workbench.exchange import exports
from workbench.review import actions as review
from workbench.cli import cli
from workbench.exchange.exports import ExportError, set_publisher
from workbench.web import create_app

AIRPORT = "held parts of the military airport"            # JNIM, Sahel Wire
TOLL = "At least 77 people were killed and 255 wounded"     # a security source; Harmattan Herald = Savanna Times
GENERAL_STAFF = 'the military had suffered "a few losses"'  # Malian army; Harmattan Herald = Savanna Times
ORG = ("Sahel Verify", "https://verify.example")

# -- the schema.org vocabulary used, from schema.org's definitions -------------------------------
SUPERTYPE = {"ClaimReview": "Review", "Review": "CreativeWork", "Claim": "CreativeWork", "NewsArticle": "Article",
             "Article": "CreativeWork", "CreativeWork": "Thing", "Rating": "Intangible", "Intangible": "Thing",
             "Organization": "Thing", "Person": "Thing"}
PROPERTIES = {  # type -> property -> expected types ("range" on schema.org)
    "Thing": {"name": {"Text"}, "url": {"URL"}, "alternateName": {"Text"}},
    "CreativeWork": {"author": {"Organization", "Person"}, "datePublished": {"Date", "DateTime"},
                     "headline": {"Text"}, "inLanguage": {"Language", "Text"},
                     "publisher": {"Organization", "Person"}},
    "Review": {"itemReviewed": {"Thing"}, "reviewBody": {"Text"}, "reviewRating": {"Rating"}},
    "ClaimReview": {"claimReviewed": {"Text"}},
    "Claim": {"appearance": {"CreativeWork"}, "firstAppearance": {"CreativeWork"}},
    "Rating": {"ratingValue": {"Number", "Text"}, "bestRating": {"Number", "Text"},
               "worstRating": {"Number", "Text"}, "author": {"Organization", "Person"}},
}


def _is_a(type_name: str, wanted: str) -> bool:
    while type_name:
        if type_name == wanted:
            return True
        type_name = SUPERTYPE.get(type_name)
    return False


def _fits(value, expected: set[str]) -> bool:
    if isinstance(value, dict):
        return any(_is_a(value.get("@type", ""), wanted) for wanted in expected)
    checks = {"Text": lambda v: isinstance(v, str) and v != "",
              "URL": lambda v: isinstance(v, str) and re.match(r"https?://\S+$", v) is not None,
              "Number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
              "Date": lambda v: isinstance(v, str) and date.fromisoformat(v) is not None,
              "DateTime": lambda v: False}
    return any(checks.get(wanted, lambda v: False)(value) for wanted in expected)


def schema_problems(node: dict, path: str = "") -> list[str]:
    """Every property not defined for the node's type (or its supertypes), or of the wrong type."""
    problems = []
    type_name = node.get("@type")
    if type_name not in SUPERTYPE:
        return [f"{path or 'root'}: unknown @type {type_name!r}"]
    for key, value in node.items():
        if key in ("@type", "@context"):
            continue
        defined = next((PROPERTIES[t][key] for t in _lineage(type_name) if key in PROPERTIES.get(t, {})), None)
        if defined is None:
            problems.append(f"{path}{key}: not a property of {type_name}")
            continue
        for item in value if isinstance(value, list) else [value]:
            if not _fits(item, defined):
                problems.append(f"{path}{key}: {item!r} is not {' or '.join(sorted(defined))}")
            elif isinstance(item, dict):
                problems += schema_problems(item, f"{path}{key}.")
    return problems


def _lineage(type_name: str) -> list[str]:
    lineage = []
    while type_name:
        lineage.append(type_name)
        type_name = SUPERTYPE.get(type_name)
    return lineage


# -- fixtures ----------------------------------------------------------------------------------
@pytest.fixture
def wb(corpus, tmp_path):
    shutil.copy(corpus / "claims.db", tmp_path / "claims.db")
    shutil.copytree(corpus / "indexes", tmp_path / "indexes")
    workbench = Workbench(tmp_path / "claims.db", tmp_path / "indexes", embedder=HashEmbedder())
    yield workbench
    workbench.close()


def claim_id(wb, fragment: str) -> int:
    return min(claim["id"] for claim in wb.claims() if fragment in claim["text"])


def reviewed(wb) -> dict[str, int]:
    """Three claims reviewed by a person (false, confirmed, disputed), one set only to in_review."""
    user = review.get_user(wb.db, "factchecker")
    ids = {"airport": claim_id(wb, AIRPORT), "toll": claim_id(wb, TOLL), "staff": claim_id(wb, GENERAL_STAFF),
           "arrests": claim_id(wb, "About 20 suspects have been arrested")}
    review.set_status(wb.db, ids["airport"], "false", "Two runway workers and satellite images: never held.", user)
    review.set_status(wb.db, ids["toll"], "in_review", "asking the hospitals", user)
    review.set_status(wb.db, ids["toll"], "confirmed", "Hospital lists give 77 dead.", user, ["https://example.org/a"])
    review.set_status(wb.db, ids["staff"], "disputed", "JNIM and hospitals say far more.", user)
    review.set_status(wb.db, ids["arrests"], "in_review", "waiting for the prosecutor", user)
    return ids


def claimreviews(wb, **filters) -> list[dict]:
    out = io.BytesIO()
    wb.export("claimreview", out, **filters)
    return json.loads(out.getvalue())


# -- ClaimReview -----------------------------------------------------------------------------------
def test_claimreview_is_valid_schema_org_and_carries_the_review(wb):
    ids = reviewed(wb)
    set_publisher(wb.db, *ORG)
    items = {item["url"]: item for item in claimreviews(wb)}
    airport = items[f"{ORG[1]}/claims/{ids['airport']}"]
    for item in items.values():
        assert item["@context"] == "https://schema.org" and schema_problems(item) == []
    assert airport["claimReviewed"].startswith("JNIM also claimed that its fighters had held parts")
    assert airport["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                                       "alternateName": "False"}
    assert airport["author"] == {"@type": "Organization", "name": "Sahel Verify", "url": "https://verify.example"}
    assert airport["reviewBody"] == "Two runway workers and satellite images: never held."
    assert airport["datePublished"] == date.today().isoformat()
    claim = airport["itemReviewed"]
    assert claim["author"] == {"@type": "Organization", "name": "JNIM"}
    assert claim["datePublished"] == "2024-09-17"
    assert [work["publisher"]["name"] for work in claim["appearance"]] == ["Sahel Wire"]
    assert claim["firstAppearance"]["url"].startswith("https://sahelwire.example/")


def test_the_validator_catches_wrong_names_and_types():
    good = {"@type": "ClaimReview", "claimReviewed": "x", "datePublished": "2024-09-18",
            "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"}}
    assert schema_problems(good) == []
    assert schema_problems({**good, "claimreviewed": "x"}) == ["claimreviewed: not a property of ClaimReview"]
    assert schema_problems({**good, "reviewRating": "False"}) == ["reviewRating: 'False' is not Rating"]
    assert schema_problems({**good, "itemReviewed": {"@type": "Claim", "appearance": ["https://a.example"]}}) == [
        "itemReviewed.appearance: 'https://a.example' is not CreativeWork"]


def test_only_claims_a_person_reviewed_to_a_verdict_are_published(wb):
    ids = reviewed(wb)
    set_publisher(wb.db, *ORG)
    other = claim_id(wb, "Commercial flights at Modibo")
    with wb.db.atomic():  # a status set without a person (an old import): not a review
        wb.db.execute("UPDATE claims SET status = 'confirmed' WHERE id = ?", [other])
    ratings = {int(item["url"].rsplit("/", 1)[1]): item["reviewRating"] for item in claimreviews(wb)}
    assert set(ratings) == {ids["airport"], ids["toll"], ids["staff"]}  # not in_review, not the unreviewed one
    assert {i: (r["ratingValue"], r["alternateName"]) for i, r in ratings.items()} == {
        ids["airport"]: (1, "False"), ids["toll"]: (5, "Confirmed"), ids["staff"]: (3, "Disputed")}


def test_status_to_rating_mapping_is_complete_and_ordered():
    from workbench.storage.migrations import STATUSES

    assert set(exports.RATINGS) == set(STATUSES) - {"unverified", "in_review"}
    order = ["false", "misleading", "disputed", "confirmed"]
    assert [exports.RATINGS[s][0] for s in order] == sorted(exports.RATINGS[s][0] for s in order)
    assert all(exports.WORST_RATING <= value <= exports.BEST_RATING for value, _ in exports.RATINGS.values())


def test_appearance_lists_every_outlet_carrying_the_claim_first_one_first(wb):
    copy = ('The army\'s general staff said on Tuesday that the military had suffered "a few losses" and that the '
            'situation was now "under control". Jihadists of JNIM attacked the gendarmerie school in Faladié and '
            "the military airport in Bamako, Mali, on Tuesday.")  # a near-identical copy: one word added
    assert wb.ingest_text(copy, outlet="Niger Bend Gazette", published="2024-09-19", url="https://nbg.example/1",
                          title="Army says situation under control").ok
    ids = reviewed(wb)
    set_publisher(wb.db, *ORG)
    item = next(i for i in claimreviews(wb) if i["url"].endswith(f"/{ids['staff']}"))
    works = item["itemReviewed"]["appearance"]
    assert [w["publisher"]["name"] for w in works] == ["Harmattan Herald", "Savanna Times", "Niger Bend Gazette"]
    assert item["itemReviewed"]["firstAppearance"] == works[0]
    assert item["itemReviewed"]["author"] == {"@type": "Organization", "name": "Malian army"}
    toll = next(i for i in claimreviews(wb) if i["url"].endswith(f"/{ids['toll']}"))
    assert toll["itemReviewed"]["author"] == {"@type": "Person", "name": "a security source"}


def test_claimreview_needs_the_organisation_and_takes_env_as_fallback(wb, monkeypatch):
    reviewed(wb)
    monkeypatch.delenv("WORKBENCH_ORGANISATION", raising=False)
    monkeypatch.delenv("WORKBENCH_PUBLIC_URL", raising=False)
    with pytest.raises(ExportError, match="ClaimReview needs the organisation"):
        wb.export("claimreview", io.BytesIO())
    monkeypatch.setenv("WORKBENCH_ORGANISATION", "Desk of the Delta")
    monkeypatch.setenv("WORKBENCH_PUBLIC_URL", "https://delta.example/checks/")
    items = claimreviews(wb)
    assert items[0]["author"]["name"] == "Desk of the Delta"
    assert items[0]["url"].startswith("https://delta.example/checks/claims/")
    with pytest.raises(ExportError, match="must be an http"):
        set_publisher(wb.db, "X", "ftp://nope.example")


def test_claimreview_filters_by_status_and_refuses_statuses_without_rating(wb):
    ids = reviewed(wb)
    set_publisher(wb.db, *ORG)
    only_false = claimreviews(wb, statuses=["false"])
    assert [item["url"] for item in only_false] == [f"{ORG[1]}/claims/{ids['airport']}"]
    with pytest.raises(ExportError, match="status in_review has no ClaimReview rating"):
        wb.export("claimreview", io.BytesIO(), statuses=["in_review"])


# -- CSV and JSON Lines --------------------------------------------------------------------------
TRICKY = 'Officials said "at least 12, maybe 15" died,\nthen "none";\r\nothers: =SUM(A1) and, well, more'


def test_csv_opens_with_one_header_row_and_survives_commas_quotes_and_newlines(wb, tmp_path):
    ids = reviewed(wb)
    with wb.db.atomic():
        wb.db.execute("UPDATE claims SET text = ? WHERE id = ?", [TRICKY, ids["toll"]])
        wb.db.execute("UPDATE claims SET text = ? WHERE id = ?", ["=HYPERLINK(\"http://evil.example\")", ids["staff"]])
    review.set_status(wb.db, ids["toll"], "misleading", 'Says "12, maybe 15",\nbut the list shows 77.',
                      review.get_user(wb.db, "factchecker"))
    result = wb.export("csv", tmp_path / "claims.csv")
    raw = (tmp_path / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so a spreadsheet reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert header == list(exports.CSV_COLUMNS) and result["count"] == len(body) == wb.stats()["claims"]
    assert all(len(row) == len(header) for row in body)
    by_id = {int(row[0]): dict(zip(header, row)) for row in body}
    assert by_id[ids["toll"]]["text"] == TRICKY
    assert by_id[ids["toll"]]["latest_note"] == 'Says "12, maybe 15",\nbut the list shows 77.'
    assert by_id[ids["toll"]]["status"] == "misleading" and by_id[ids["toll"]]["reviewed_by"] == "factchecker"
    assert by_id[ids["staff"]]["text"] == "'=HYPERLINK(\"http://evil.example\")"  # text, never a formula
    airport = by_id[ids["airport"]]
    assert (airport["outlet"], airport["speaker"], airport["published"]) == ("Sahel Wire", "JNIM", "2024-09-17")
    assert airport["article_title"].startswith("Jihadists strike Bamako")
    sahel_toll = by_id[claim_id(wb, "More than 70 people were killed")]
    assert sahel_toll["figures"] == "killed: at least 71"


def test_jsonl_round_trip_matches_the_claims(wb, tmp_path):
    ids = reviewed(wb)
    editor = review.get_user(wb.db, "editor")
    review.add_flag(wb.db, ids["airport"], "needs_second_source", editor, "only JNIM says so")
    resolved = review.add_flag(wb.db, ids["airport"], "unconfirmed", editor)
    review.resolve_flag(wb.db, resolved["id"], editor)
    wb.export("jsonl", tmp_path / "claims.jsonl")
    lines = (tmp_path / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    rows = {row["claim_id"]: row for row in map(json.loads, lines)}
    assert len(rows) == len(lines) == wb.stats()["claims"]
    for claim in wb.claims():
        row = rows[claim["id"]]
        assert (row["text"], row["speaker"], row["status"], row["figures"]) == (
            claim["text"], claim["speaker"], claim["status"], claim["figures"])
        assert (row["corroborations"], row["conflicts"]) == (claim["corroborations"], claim["conflicts"])
    airport = rows[ids["airport"]]
    assert airport["open_flags"] == 1 and airport["flags"][0]["reason"] == "needs_second_source"
    assert airport["latest_note"] == "Two runway workers and satellite images: never held."
    assert rows[ids["toll"]]["evidence"] == ["https://example.org/a"]
    assert any(row["conflicts"] > 0 for row in rows.values())


def test_rows_stream_in_chunks_without_losing_or_repeating_any(wb, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 7)
    ids = [row["claim_id"] for row in exports.export_rows(wb.db)]
    assert ids == sorted(claim["id"] for claim in wb.claims())


def test_status_and_since_filters(wb):
    ids = reviewed(wb)
    rows = list(exports.export_rows(wb.db, ["false", "confirmed"]))
    assert {row["claim_id"] for row in rows} == {ids["airport"], ids["toll"]}
    goma = list(exports.export_rows(wb.db, since="2025-01-01"))
    assert goma and all(row["published"] >= "2025-01-01" for row in goma)
    assert len(goma) == sum(1 for claim in wb.claims() if claim["published"] >= "2025-01-01")
    with pytest.raises(ExportError, match="since must be a date like 2024-09-17, not 'last week'"):
        exports.export_rows(wb.db, since="last week")
    with pytest.raises(ExportError, match="unknown status 'fake'"):
        exports.export_rows(wb.db, ["fake"])


# -- the CLI --------------------------------------------------------------------------------
def test_cli_export_filters_writes_atomically_and_explains_errors(wb, runner, tmp_path, monkeypatch):
    ids = reviewed(wb)
    wb.close()
    monkeypatch.setenv("WORKBENCH_DB", str(wb.db_path))
    out = tmp_path / "out" / "reviewed.csv"
    result = runner.invoke(cli, ["export", "--format", "csv", "--status", "false", "--status", "confirmed",
                                 "--since", "2024-09-18", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert [int(row["claim_id"]) for row in rows] == [ids["toll"]]  # the airport claim is from 2024-09-17
    assert "1 claim exported as csv" in result.output
    before = out.read_bytes()
    bad = runner.invoke(cli, ["export", "--format", "csv", "--since", "yesterday", "--output", str(out)])
    assert bad.exit_code == 1 and "Error: since must be a date like 2024-09-17, not 'yesterday'" in bad.output
    assert out.read_bytes() == before and list(out.parent.glob(".*.tmp")) == []
    no_org = runner.invoke(cli, ["export", "--format", "claimreview"])
    assert no_org.exit_code == 1 and "ClaimReview needs the organisation" in no_org.output
    assert runner.invoke(cli, ["publisher", "--name", ORG[0], "--url", ORG[1]]).exit_code == 0
    shown = runner.invoke(cli, ["publisher"])
    assert "organisation: Sahel Verify" in shown.output
    jsonld = runner.invoke(cli, ["export", "--format", "claimreview", "--status", "false"])
    assert jsonld.exit_code == 0
    assert json.loads(jsonld.stdout)[0]["reviewRating"]["alternateName"] == "False"


# -- web downloads -------------------------------------------------------------------------
@pytest.fixture
def client(wb):
    app = create_app({"TESTING": True, "DATABASE": str(wb.db_path), "INDEX_DIR": str(wb.index_dir),
                      "EMBEDDER": HashEmbedder(), "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False})
    return app.test_client()


def login(client, name="viewer"):
    assert client.post("/login", data={"name": name, "password": PASSWORD}).status_code == 302


def test_downloads_need_a_login(client):
    for path in ("/exports/", "/exports/claims.csv", "/exports/claims.jsonl", "/exports/claimreview.json"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_csv_and_jsonl_downloads_with_filters(wb, client):
    ids = reviewed(wb)
    login(client)
    page = client.get("/exports/").get_data(as_text=True)
    assert "Download CSV" in page and "not set" in page
    assert "/exports/" in client.get("/").get_data(as_text=True)  # linked from the dashboard
    response = client.get("/exports/claims.csv?status=false&status=disputed")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert re.fullmatch(r"attachment; filename=workbench-claims-\d{4}-\d\d-\d\d\.csv",
                        response.headers["Content-Disposition"])
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"), newline="")))
    assert {int(row["claim_id"]) for row in rows} == {ids["airport"], ids["staff"]}
    lines = client.get("/exports/claims.jsonl?since=2025-01-01").get_data(as_text=True).splitlines()
    assert lines and all(json.loads(line)["published"] >= "2025-01-01" for line in lines)
    bad = client.get("/exports/claims.csv?since=soon")
    assert bad.status_code == 400 and "since must be a date like 2024-09-17" in bad.get_data(as_text=True)
    assert client.post("/exports/claims.csv").status_code == 405  # GET only: downloads change nothing


def test_claimreview_download(wb, client):
    ids = reviewed(wb)
    login(client)
    refused = client.get("/exports/claimreview.json")
    assert refused.status_code == 400 and "ClaimReview needs the organisation" in refused.get_data(as_text=True)
    set_publisher(wb.db, *ORG)
    response = client.get("/exports/claimreview.json?status=false")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    assert response.headers["Content-Disposition"].endswith(".json")
    [item] = json.loads(response.get_data())
    assert item["url"] == f"{ORG[1]}/claims/{ids['airport']}" and schema_problems(item) == []


# -- claims.db in Datasette -------------------------------------------------------------------
def test_database_reads_well_in_datasette(wb):
    reviewed(wb)
    editor = review.get_user(wb.db, "editor")
    open_flag = review.add_flag(wb.db, claim_id(wb, AIRPORT), "needs_second_source", editor, "only JNIM")
    done = review.add_flag(wb.db, claim_id(wb, TOLL), "unconfirmed", editor)
    review.resolve_flag(wb.db, done["id"], editor)
    wb.close()
    conn = sqlite3.connect(wb.db_path)  # what Datasette sees: plain SQLite
    views = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert {"claims_with_article", "open_flags"} <= views
    row = conn.execute("SELECT outlet, article_title, article_url, published, event FROM claims_with_article "
                       "WHERE text LIKE ?", [f"%{AIRPORT}%"]).fetchone()
    assert row[0] == "Sahel Wire" and row[1].startswith("Jihadists") and row[2].startswith("https://")
    assert row[3] == "2024-09-17" and "Bamako" in row[4]
    flags = conn.execute("SELECT flag_id, reason, flagged_by, outlet FROM open_flags").fetchall()
    assert flags == [(open_flag["id"], "needs_second_source", "editor", "Sahel Wire")]
    foreign = {(table, ref[2], ref[3]) for table in ("claims", "figures", "status_history", "flags", "factchecks",
                                                    "factcheck_embeddings")
               for ref in conn.execute(f"PRAGMA foreign_key_list({table})")}
    assert {("claims", "articles", "article_id"), ("figures", "claims", "claim_id"),
            ("status_history", "users", "user_id"), ("flags", "claims", "claim_id"),
            ("factcheck_embeddings", "factchecks", "factcheck_id")} <= foreign
    hits = conn.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'Faladié'").fetchall()
    assert hits and conn.execute("SELECT count(*) FROM factchecks_fts").fetchone()[0] == 0
