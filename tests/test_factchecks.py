"""Published fact-checks: both input formats, bad records, re-import, the separate index, the
match threshold on our labelled pairs, and the round trip with the real model (export our own
reviews as ClaimReview, import them elsewhere, recognise a paraphrase as already fact-checked).
"""
from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import DATA, HashEmbedder
from workbench import Workbench
from workbench.review import actions as review
from workbench.cli import cli
from workbench.exchange.exports import set_publisher
from workbench.exchange.factchecks import MATCH_THRESHOLD, match_kind, parse_factchecks, read_factchecks, without_dateline
from workbench.web import create_app

PASSWORD = "correct horse battery"
CLAIMREVIEW = {
    "@context": "https://schema.org", "@type": "ClaimReview",
    "url": "https://deltafactdesk.example/checks/bamako-airport", "name": "Did JNIM hold Bamako's airport?",
    "claimReviewed": "JNIM fighters held the military airport in Bamako for several hours.",
    "author": {"@type": "Organization", "name": "Delta Fact Desk", "url": "https://deltafactdesk.example"},
    "datePublished": "2024-09-21", "inLanguage": "en",
    "reviewRating": {"@type": "Rating", "ratingValue": "2", "bestRating": "5", "worstRating": "1",
                     "alternateName": "Mostly false"},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Organization", "name": "JNIM"},
                     "datePublished": "2024-09-17T16:00:00Z",
                     "appearance": [{"@type": "CreativeWork", "url": "https://sahelwire.example/x"}]},
}
EXPECTED = {"claim_text": "JNIM fighters held the military airport in Bamako for several hours.", "claimant": "JNIM",
            "claim_date": "2024-09-17", "rating": "Mostly false", "rating_value": 2.0, "best_rating": 5.0,
            "worst_rating": 1.0, "publisher": "Delta Fact Desk",
            "url": "https://deltafactdesk.example/checks/bamako-airport", "title": "Did JNIM hold Bamako's airport?",
            "review_date": "2024-09-21", "language": "en"}
SEARCH = {"claims": [{
    "text": "M23 rebels seized Goma international airport on Monday.", "claimant": "M23",
    "claimDate": "2025-01-27T00:00:00Z",
    "claimReview": [
        {"publisher": {"name": "Kivu Check", "site": "kivucheck.example"}, "url": "https://kivucheck.example/m23",
         "title": "Yes, M23 took Goma airport", "reviewDate": "2025-01-29T10:00:00Z", "textualRating": "True",
         "languageCode": "en"},
        {"publisher": {"name": "Vérif Grands Lacs"}, "url": "https://verifgl.example/aeroport",
         "title": "L'aéroport de Goma aux mains du M23", "reviewDate": "2025-01-30", "textualRating": "Vrai",
         "languageCode": "fr"}]}], "nextPageToken": "CAE"}


def write(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- reading both formats -------------------------------------------------------------------
@pytest.mark.parametrize("shape", ["object", "list", "graph", "page", "jsonl"])
def test_claimreview_in_every_json_ld_shape(tmp_path, shape):
    page_node = {"@type": "WebPage", "name": "Fact-checks"}
    data = {"object": CLAIMREVIEW, "list": [CLAIMREVIEW],
            "graph": {"@context": "https://schema.org", "@graph": [page_node, CLAIMREVIEW]},
            "page": f'<html><head><script type="application/ld+json">{json.dumps(page_node)}</script>'
                    f'<script type="application/ld+json">{json.dumps(CLAIMREVIEW)}</script></head>'
                    f"<body><p>Our verdict</p></body></html>",
            "jsonl": json.dumps(CLAIMREVIEW) + "\n" + json.dumps({**CLAIMREVIEW, "url": "https://d.example/2"}) + "\n",
            }[shape]
    records, problems = read_factchecks(write(tmp_path / f"checks.{shape}", data))
    assert problems == [] and records[0] == EXPECTED


def test_fact_check_search_json_gives_one_record_per_review():
    records, problems = parse_factchecks(SEARCH)
    assert problems == []
    assert [(r["publisher"], r["rating"], r["language"], r["review_date"]) for r in records] == [
        ("Kivu Check", "True", "en", "2025-01-29"), ("Vérif Grands Lacs", "Vrai", "fr", "2025-01-30")]
    assert all(r["claim_text"] == SEARCH["claims"][0]["text"] and r["claimant"] == "M23"
               and r["claim_date"] == "2025-01-27" for r in records)
    assert parse_factchecks(SEARCH["claims"]) == (records, [])  # a bare list of claims


def test_bad_records_are_reported_with_their_index_and_skipped(wb, tmp_path):
    bad = [CLAIMREVIEW,
           {**CLAIMREVIEW, "claimReviewed": "", "url": "https://d.example/1"},
           {**CLAIMREVIEW, "reviewRating": {"@type": "Rating", "ratingValue": 1}, "url": "https://d.example/2"},
           {**CLAIMREVIEW, "datePublished": "21/09/2024", "url": "https://d.example/3"},
           {**CLAIMREVIEW, "url": "javascript:alert(1)"},
           42,
           {"@type": "NewsArticle", "headline": "not a fact-check"},
           {**CLAIMREVIEW, "author": None, "url": "https://d.example/4"}]
    path = write(tmp_path / "bad.json", bad)
    report = wb.import_factchecks(path)
    assert report["problems"] == [
        "bad.json: record 2: no claim text", "bad.json: record 3: no rating",
        "bad.json: record 4: datePublished '21/09/2024' is not an ISO date",
        "bad.json: record 5: review url 'javascript:alert(1)' is not an http(s) address",
        "bad.json: record 6: not an object but int",
        "bad.json: record 7: neither a ClaimReview nor a fact-check search claim (@type NewsArticle)",
        "bad.json: record 8: no publisher"]
    assert (report["added"], report["skipped"]) == (1, 7)
    search = copy.deepcopy(SEARCH)
    search["claims"][0]["claimReview"][1]["publisher"] = {}
    search["claims"].append({"text": "Goma has fallen.", "claimReview": []})
    report = wb.import_factchecks(write(tmp_path / "search.json", search))
    assert report["problems"] == ["search.json: claim 1, review 2: no publisher",
                                  "search.json: claim 2: no claimReview"]
    assert report["added"] == 1
    assert wb.db.execute("SELECT count(*) FROM factchecks").fetchone()[0] == 2


@pytest.mark.parametrize("content, message", [
    ("", "empty"), ("{not json", "not JSON, JSON Lines or an HTML page with JSON-LD"),
    ("<html><body><p>No markup here</p></body></html>", "an HTML page without JSON-LD"),
    ('{"@type": "WebPage", "@graph": []}', "no ClaimReview or fact-check claims found"),
])
def test_unusable_files_get_one_clear_line(tmp_path, content, message):
    path = write(tmp_path / "in.json", content)
    with pytest.raises(ValueError) as error:
        read_factchecks(path)
    assert str(error.value).startswith(f"{path}: ") and message in str(error.value)


def test_cli_import_reports_skips_goes_on_and_exits_1(runner, tmp_path, monkeypatch):
    monkeypatch.setattr("workbench.encode.embed.get_embedder", lambda name=None: HashEmbedder())  # not about matching
    good = write(tmp_path / "good.json", CLAIMREVIEW)
    broken = write(tmp_path / "broken.json", "{nope")
    partial = write(tmp_path / "partial.json", [{**CLAIMREVIEW, "url": "https://d.example/9"},
                                                {**CLAIMREVIEW, "reviewRating": {}}])
    result = runner.invoke(cli, ["import-factchecks", str(good), str(broken), str(partial)])
    assert result.exit_code == 1
    assert f"error: {broken}: not JSON" in result.stderr
    assert "skipped partial.json: record 2: no rating" in result.stderr
    assert f"{good}: 1 added, 0 updated, 0 already stored, 0 skipped" in result.stdout
    assert f"{partial}: 1 added, 0 updated, 0 already stored, 1 skipped" in result.stdout
    again = runner.invoke(cli, ["import-factchecks", str(good)])
    assert again.exit_code == 0 and "0 added, 0 updated, 1 already stored" in again.stdout


def test_reimport_adds_nothing_and_a_changed_rating_updates(wb, tmp_path):
    path = write(tmp_path / "checks.json", SEARCH)
    first = wb.import_factchecks(path)
    second = wb.import_factchecks(path)
    assert (first["added"], second["added"], second["unchanged"], second["encoded"]) == (2, 0, 2, 0)
    changed = copy.deepcopy(SEARCH)
    changed["claims"][0]["claimReview"][0]["textualRating"] = "Partly true"
    third = wb.import_factchecks(write(tmp_path / "checks.json", changed))
    assert (third["added"], third["updated"], third["unchanged"]) == (0, 1, 1)
    ratings = [row[0] for row in wb.db.execute("SELECT rating FROM factchecks ORDER BY id")]
    assert ratings == ["Partly true", "Vrai"]


class CountingEmbedder(HashEmbedder):
    def __init__(self):
        self.encoded: list[str] = []

    def encode(self, texts):
        self.encoded += list(texts)
        return super().encode(texts)


def test_vectors_are_reused_and_the_claims_index_never_holds_a_fact_check(tmp_path):
    embedder = CountingEmbedder()
    with Workbench(tmp_path / "claims.db", tmp_path / "indexes", embedder=embedder) as wb:
        wb.init()
        wb.load_demo()
        claim = next(c for c in wb.claims() if "held parts of the military airport" in c["text"])
        index_before, embedder.encoded = wb.index.count, []
        report = wb.import_factchecks(write(tmp_path / "ours.json", {**CLAIMREVIEW, "claimReviewed": claim["text"]}))
        assert report["encoded"] == 1 and embedder.encoded == []  # the claim's stored vector was reused
        assert wb.index.count == index_before == wb.stats()["claims"] and wb.index_check() == []
        [match] = wb.fact_checks_for(claim_id=claim["id"])
        assert (match["publisher"], match["kind"], match["score"]) == ("Delta Fact Desk", "same", 1.0)
        wb.import_factchecks(write(tmp_path / "more.json", {**CLAIMREVIEW, "claimReviewed": claim["text"],
                                                            "url": "https://other.example/1",
                                                            "author": {"name": "Second Desk"}}))
        assert {m["publisher"] for m in wb.fact_checks_for(claim_id=claim["id"])} == {"Delta Fact Desk",
                                                                                      "Second Desk"}
        assert wb.index.count == index_before  # the fact-check index grew, the claims index did not


def test_datelines_are_not_part_of_the_claim():
    assert without_dateline("BAMAKO, Sept 18 (PAN) – At least 77 people were killed.") == \
        "At least 77 people were killed."
    assert without_dateline("GOMA, Congo (Reuters) - Rebels said.") == "Rebels said."
    for text in ("JNIM – the al-Qaeda affiliate – said it held the airport.", "UN officials said 700 died."):
        assert without_dateline(text) == text


# -- the threshold, with the real model ----------------------------------------------------
def test_threshold_separates_our_paraphrases_from_other_claims(embedder):
    """bench/factchecks.py prints the full table; this pins the chosen operating point."""
    from workbench.ingest import analyse_sentence
    from workbench.relate.stance import compare

    pairs = [json.loads(line) for line in (DATA / "factcheck_pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    scores = np.einsum("ij,ij->i", embedder.encode([p["factcheck"] for p in pairs]),
                       embedder.encode([p["claim"] for p in pairs]))
    same = [score >= MATCH_THRESHOLD and match_kind(compare(analyse_sentence(p["claim"]),
                                                            analyse_sentence(p["factcheck"]), float(score)).label,
                                                    float(score)) == "same" for p, score in zip(pairs, scores)]
    gold = [p["match"] for p in pairs]
    assert all(score >= MATCH_THRESHOLD for score, match in zip(scores, gold) if match)  # every paraphrase shown
    assert not any(guess and not match for guess, match in zip(same, gold))  # no false "already fact-checked"
    assert sum(guess and match for guess, match in zip(same, gold)) >= 0.9 * sum(gold)


# -- the round trip, with the real model ----------------------------------------------------
LEDGER = ("Three days after the assault on Bamako, accounts of what happened still diverge. "
          "The jihadist group JNIM says its men occupied sections of the military airport for hours and torched "
          "planes parked on the tarmac. "
          "JNIM also said its fighters killed hundreds of Malian troops and Russian mercenaries in the raid on the "
          "capital. "
          "A security source put the toll from Tuesday's attacks on the gendarmerie school and the military airport "
          "at at least 77 dead and 255 injured. "
          "Around 100 people died in the attacks on the gendarmerie school and the airport, according to a "
          "confidential security document. "
          "Schools in the Faladié district stayed closed on Thursday, residents said.")


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory, embedder):
    """Review three demo claims, export ClaimReview, import it into a fresh database that then
    ingests a paraphrasing report (written by us) from another outlet."""
    folder = tmp_path_factory.mktemp("roundtrip")
    with Workbench(folder / "demo.db", folder / "demo-indexes", embedder=embedder) as demo:
        demo.init()
        assert all(result.ok for result in demo.load_demo())
        amina = review.add_user(demo.db, "amina", "factchecker", PASSWORD)
        reviewed = {}
        for fragment, status, note in (
                ("held parts of the military airport", "false", "Runway staff and satellite images: never held."),
                ('killed "hundreds" of Malian soldiers', "misleading", "Hospitals count 77 dead, not hundreds."),
                ("At least 77 people were killed and 255 wounded", "confirmed", "Hospital lists give 77 dead.")):
            claim_id = min(c["id"] for c in demo.claims() if fragment in c["text"])
            review.set_status(demo.db, claim_id, status, note, amina)
            reviewed[status] = claim_id
        set_publisher(demo.db, "Sahel Verify", "https://verify.example")
        assert demo.export("claimreview", folder / "reviews.json")["count"] == 3
    with Workbench(folder / "claims.db", folder / "indexes", embedder=embedder) as fresh:
        fresh.init()
        report = fresh.import_factchecks(folder / "reviews.json")
        assert (report["added"], report["skipped"]) == (3, 0)
        assert fresh.ingest_text(LEDGER, outlet="Sahel Morning Ledger", published="2024-09-20",
                                 url="https://morningledger.example/bamako", title="Bamako, three days on").ok
        review.add_user(fresh.db, "viewer", "viewer", PASSWORD)
    return folder, reviewed


@pytest.fixture
def fresh(round_trip, tmp_path, make_workbench):
    folder, reviewed = round_trip
    shutil.copy(folder / "claims.db", tmp_path / "claims.db")
    shutil.copytree(folder / "indexes", tmp_path / "indexes")
    return make_workbench(), reviewed


def ledger_claim(wb, fragment: str) -> int:
    return next(c["id"] for c in wb.claims() if fragment in c["text"])


def test_a_paraphrase_is_recognised_as_already_fact_checked(fresh):
    wb, reviewed = fresh
    expected = {"occupied sections of the military airport": ("False", 1.0, reviewed["false"]),
                "killed hundreds of Malian troops": ("Misleading", 2.0, reviewed["misleading"]),
                "at at least 77 dead and 255 injured": ("Confirmed", 5.0, reviewed["confirmed"])}
    for fragment, (rating, value, source_id) in expected.items():
        best = wb.fact_checks_for(claim_id=ledger_claim(wb, fragment))[0]
        assert (best["kind"], best["rating"], best["rating_value"], best["publisher"]) == (
            "same", rating, value, "Sahel Verify"), fragment
        assert best["url"] == f"https://verify.example/claims/{source_id}" and best["score"] >= MATCH_THRESHOLD
    other_toll = wb.fact_checks_for(claim_id=ledger_claim(wb, "Around 100 people died"))
    assert other_toll and all(match["kind"] == "conflicting" for match in other_toll)
    assert other_toll[0]["reasons"][0] == "killed: ~100 vs at least 77"
    assert wb.fact_checks_for(claim_id=ledger_claim(wb, "Schools in the Faladié district")) == []
    by_text = wb.fact_checks_for(text="JNIM says its fighters held part of Bamako's military airport for hours")[0]
    assert (by_text["rating"], by_text["kind"]) == ("False", "same")


def test_cli_similar_says_already_fact_checked(fresh, runner, embedder, monkeypatch):
    monkeypatch.setattr("workbench.encode.embed.get_embedder", lambda name=None: embedder)  # the same model, loaded once
    wb, reviewed = fresh
    claim_id = ledger_claim(wb, "occupied sections of the military airport")
    wb.close()
    result = runner.invoke(cli, ["similar", str(claim_id), "-k", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (f"already fact-checked: False by Sahel Verify — "
                                             f"https://verify.example/claims/{reviewed['false']}")
    conflicting = runner.invoke(cli, ["similar", str(ledger_claim(wb, "Around 100 people died")), "-k", "1"])
    assert conflicting.output.startswith("fact-check of a conflicting claim: Confirmed by Sahel Verify "
                                         "(killed: ~100 vs at least 77)")


def test_claim_page_shows_the_fact_check_escaped(fresh, embedder, tmp_path):
    wb, reviewed = fresh
    claim_id = ledger_claim(wb, "occupied sections of the military airport")
    text = wb.claim(claim_id)["text"]
    wb.import_factchecks(write(tmp_path / "evil.json", {"claims": [{
        "text": text, "claimant": "<script>alert(1)</script>",
        "claimReview": [{"publisher": {"name": "<b>Desk</b>"}, "url": "https://evil.example/a?x=1&y=2",
                         "textualRating": "False <img src=x>"}]}]}))
    wb.close()
    app = create_app({"TESTING": True, "DATABASE": str(wb.db_path), "INDEX_DIR": str(wb.index_dir),
                      "EMBEDDER": embedder, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post("/login", data={"name": "viewer", "password": PASSWORD})
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "already fact-checked: False by Sahel Verify" in page
    assert f'href="https://verify.example/claims/{reviewed["false"]}"' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "already fact-checked: False &lt;img src=x&gt; by &lt;b&gt;Desk&lt;/b&gt;" in page
    assert 'href="https://evil.example/a?x=1&amp;y=2"' in page
    unrelated = ledger_claim(wb, "Schools in the Faladié district")
    assert "Published fact-checks" not in client.get(f"/claims/{unrelated}").get_data(as_text=True)
