"""Similar-claim search with the real model: ranking, exclusions, repair, batch search."""
import json
import re
import shutil

import pytest

from workbench import Workbench
from workbench.cli import cli
from workbench.encode.embed import DEFAULT_MODEL
from workbench.encode.vectors import ModelMismatch
from workbench.encode.index import INDEX_FILE, MANIFEST_FILE

from conftest import HashEmbedder, another_connection


@pytest.fixture
def demo(demo_copy, make_workbench):
    return make_workbench


def find_claim(workbench, fragment):
    [claim] = [c for c in workbench.claims() if fragment in c["text"]]
    return claim


def test_paraphrase_finds_the_stored_claim_first(demo):
    workbench = demo()
    target = find_claim(workbench, "held parts of the military airport for several hours")
    paraphrase = "The jihadists said their men held part of the military airport for several hours and burned planes"
    results = workbench.search(paraphrase, k=5)
    [found] = [result for result in results[:2] if result["claim"]["id"] == target["id"]]
    assert found["article"]["outlet"] == "Sahel Wire"
    # the default model is multilingual: the French telling of the same claim sits beside it
    assert any("aéroport militaire" in result["claim"]["text"] for result in results[:2])
    assert {"claim", "score", "article", "duplicates", "route"} <= set(found)
    assert set(found["article"]) == {"id", "outlet", "title", "url", "published"}


def test_results_are_best_first_and_filters_apply(demo):
    workbench = demo()
    results = workbench.search("death toll of the attack", k=10, outlet="Continental Dispatch", since="2025-01-01")
    assert results and all(r["article"]["outlet"] == "Continental Dispatch" for r in results)
    assert all(r["article"]["published"] >= "2025-01-01" for r in results)
    assert workbench.search("death toll", k=5, claim_type="control") == [] or all(
        r["claim"]["claim_type"] == "control" for r in workbench.search("death toll", k=5, claim_type="control"))


def test_keyword_route_keeps_exact_figures_and_names(demo):
    workbench = demo()
    results = workbench.search("255", k=5)
    assert any("255" in r["claim"]["text"] and "keyword" in r["route"] for r in results)


def test_similar_excludes_its_own_article_unless_asked(demo):
    workbench = demo()
    claim = find_claim(workbench, "held parts of the military airport for several hours")
    others = workbench.similar(claim["id"], k=10)
    assert others and all(r["claim"]["article_id"] != claim["article_id"] for r in others)
    assert claim["id"] not in [r["claim"]["id"] for r in others]
    assert any("airport" in r["claim"]["text"] for r in others[:3])
    with_own = workbench.similar(claim["id"], k=30, include_same_article=True)
    assert any(r["claim"]["article_id"] == claim["article_id"] for r in with_own)
    assert claim["id"] not in [r["claim"]["id"] for r in with_own]


def test_syndicated_copies_are_grouped(demo):
    workbench = demo()
    results = workbench.search("the government denied that the airport had been taken", k=10)
    grouped = [r for r in results if r["duplicates"]]
    assert grouped, "the two wire copies should fold into one result"
    ids = [r["claim"]["id"] for r in results] + [d for r in results for d in r["duplicates"]]
    assert len(ids) == len(set(ids))


def test_deleted_index_files_are_rebuilt_with_the_same_results(demo, tmp_path):
    notices = []
    first = demo().search("who controls the military airport", k=5)
    (tmp_path / "indexes" / INDEX_FILE).unlink()
    (tmp_path / "indexes" / MANIFEST_FILE).unlink()
    again = demo(log=notices.append).search("who controls the military airport", k=5)
    assert [r["claim"]["id"] for r in again] == [r["claim"]["id"] for r in first]
    assert len(notices) == 1 and "index missing" in notices[0] and "rebuilt" in notices[0]
    assert (tmp_path / "indexes" / INDEX_FILE).exists()


def test_corrupt_index_file_is_reported_and_rebuilt(demo, tmp_path):
    notices = []
    first = demo().search("how many people were killed", k=5)
    (tmp_path / "indexes" / INDEX_FILE).write_bytes(b"\x00garbage" * 100)
    again = demo(log=notices.append).search("how many people were killed", k=5)
    assert [r["claim"]["id"] for r in again] == [r["claim"]["id"] for r in first]
    assert "index corrupt" in notices[0]


NEW_REPORT = ("Drone strike hits fuel depot\n\nA drone strike destroyed a fuel depot on the outskirts of Kidal "
              "on Friday, killing four guards, the regional governor said. The army said the depot had been "
              "used by armed groups to resupply their vehicles.\n")


def test_stale_index_is_detected_and_repaired(demo, tmp_path):
    notices = []
    reader = demo(log=notices.append)
    assert not reader.search("fuel depot drone strike Kidal", k=3)[0]["claim"]["text"].startswith("A drone strike")
    writer = demo()
    writer.ingest_text(NEW_REPORT, outlet="Desert Courier", published="2024-10-04")
    writer.close()
    results = reader.search("fuel depot drone strike Kidal", k=3)
    assert results[0]["claim"]["text"].startswith("A drone strike destroyed a fuel depot")
    assert any("stale" in notice for notice in notices)


def test_stale_index_on_disk_is_repaired_on_open(demo, tmp_path):
    saved = (tmp_path / "indexes" / INDEX_FILE).read_bytes(), (tmp_path / "indexes" / MANIFEST_FILE).read_bytes()
    writer = demo()
    writer.ingest_text(NEW_REPORT, outlet="Desert Courier")
    writer.close()
    (tmp_path / "indexes" / INDEX_FILE).write_bytes(saved[0])
    (tmp_path / "indexes" / MANIFEST_FILE).write_bytes(saved[1])
    assert demo().index_check()  # the old index lags the database
    notices = []
    assert demo(log=notices.append).search("fuel depot Kidal drone", k=1)[0]["claim"]["text"].startswith("A drone")
    assert "stale" in notices[0] and demo().index_check() == []


def test_deleted_claims_are_never_served(demo, database):
    workbench = demo()
    target = find_claim(workbench, "held parts of the military airport for several hours")
    with another_connection(database) as db:
        db.execute("DELETE FROM articles WHERE id = ?", [target["article_id"]])
    results = workbench.search("JNIM fighters held parts of the military airport for several hours", k=10)
    assert all(r["claim"]["article_id"] != target["article_id"] for r in results)
    assert demo().index_check() == []


def test_model_mismatch_is_refused_until_rebuild(demo, tmp_path):
    other = demo(embedder=HashEmbedder())
    with pytest.raises(ModelMismatch, match="index rebuild"):
        other.search("airport", k=3)
    (tmp_path / "indexes" / INDEX_FILE).unlink()
    with pytest.raises(ModelMismatch, match=f"holds vectors from model {DEFAULT_MODEL}"):
        demo(embedder=HashEmbedder()).search("airport", k=3)
    info = other.index_rebuild()
    assert info["model"] == HashEmbedder.name and info["encoded"] > 0
    assert other.search("airport", k=3)


def test_batch_search_reads_three_formats_and_skips_bad_lines(demo, tmp_path, runner):
    demo().close()
    (tmp_path / "q.txt").write_text("who controls the airport\n\nhow many were killed\n", encoding="utf-8")
    (tmp_path / "q.jsonl").write_text('{"id": "a", "text": "who controls the airport"}\n'
                                      '{"id": "b"}\nnot json\n[1]\n{"id": "c", "text": "death toll"}\n')
    (tmp_path / "q.csv").write_text('id,text\nx,"who controls the airport, really"\ny,\n'
                                    'z,"a ""quoted"" toll\nover two lines"\n', encoding="utf-8")
    expected = {"q.txt": (["1", "3"], 0), "q.jsonl": (["a", "c"], 3), "q.csv": (["x", "z"], 1)}
    for name, (ids, bad_lines) in expected.items():
        out = tmp_path / f"{name}.out.jsonl"
        result = runner.invoke(cli, ["batch-search", str(tmp_path / name), "--output", str(out), "--k", "3"])
        assert result.exit_code == (1 if bad_lines else 0), result.output
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [row["query_id"] for row in rows] == ids
        assert all(len(row["results"]) == 3 and {"claim_id", "score", "text", "outlet", "article_id"}
                   <= set(row["results"][0]) for row in rows)
        assert result.output.count("; skipped") == bad_lines
    assert "q.jsonl:2: missing or empty \"text\"; skipped" in runner.invoke(
        cli, ["batch-search", str(tmp_path / "q.jsonl"), "-o", str(tmp_path / "again.jsonl")]).output


def test_batch_search_api_matches_single_search(demo):
    workbench = demo()
    rows = list(workbench.batch_search(["who controls the airport", ("q2", "how many were killed")], k=3))
    assert [row["query_id"] for row in rows] == ["1", "q2"]
    single = workbench.search("how many were killed", k=3)
    assert [r["claim_id"] for r in rows[1]["results"]] == [r["claim"]["id"] for r in single]


def test_cli_search_similar_and_index_commands(demo, tmp_path, runner):
    demo().close()
    found = runner.invoke(cli, ["search", "who controls the military airport", "--k", "3", "--json"])
    assert found.exit_code == 0, found.output
    results = json.loads(found.output)
    assert len(results) == 3 and results[0]["score"] > 0.3
    similar = runner.invoke(cli, ["similar", str(results[0]["claim"]["id"]), "--json", "--k", "2"])
    assert similar.exit_code == 0
    assert len(json.loads(similar.output)["results"]) == 2
    assert runner.invoke(cli, ["similar", "999999"]).output.strip() == "Error: claim 999999 does not exist"
    assert runner.invoke(cli, ["index", "check"]).exit_code == 0
    (tmp_path / "indexes" / INDEX_FILE).unlink()
    check = runner.invoke(cli, ["index", "check"])
    assert check.exit_code == 1 and "index missing" in check.output
    rebuilt = runner.invoke(cli, ["index", "rebuild", "--factory", "HNSW32"])
    assert rebuilt.exit_code == 0 and "HNSW32" in rebuilt.output
    assert runner.invoke(cli, ["index", "check"]).exit_code == 0


def test_multilingual_model_setting_matches_french_reports(tmp_path):
    """all-MiniLM is English-only; the multilingual-e5-small setting finds the French reports."""
    workbench = Workbench(tmp_path / "m.db", tmp_path / "m-index", model="multilingual-e5-small")
    workbench.init()
    workbench.load_demo()
    results = workbench.search("Around twenty suspects were arrested, the army said", k=5)
    assert any(result["claim"]["language"] == "fr" for result in results)
    assert all(result["relation"] == "corroborates" for result in results)
    workbench.close()


def test_keyword_route_keeps_rare_names_and_figures_and_leaves_archive_wide_words_to_the_vectors():
    from workbench.search.rank import fts_query

    counts = {"according": 50_000, "faladié": 3, "77": 12, "airport": 2_000, "gendarmerie": 40}

    def frequency(words):
        return {word: counts.get(word, 0) for word in words}

    query = fts_query("According to the army, 77 people died near the Faladié gendarmerie school airport", frequency)
    assert '"77"' in query and '"faladié"' in query and '"gendarmerie"' in query
    assert "according" not in query and "airport" not in query
    # a short typed query whose every word is common still searches its rarest word
    assert fts_query("airport according", frequency) == '"airport"'


def test_term_counts_come_from_the_archive_and_fold_accents_like_the_index(wb, data_dir):
    from workbench.search.rank import TermFrequency

    wb.ingest_text("Gunmen attacked the gendarmerie school in Faladié, the army said on Tuesday. At least 77 "
                   "people were killed in Faladié, according to a hospital source.", outlet="Sahel Wire",
                   published="2024-09-17")
    counts = TermFrequency.of(wb.db)(["faladié", "faladie", "77", "nowhere"])
    assert counts["faladié"] == counts["faladie"] >= 1 and counts["77"] >= 1 and counts["nowhere"] == 0


def _frame_heavy_claim(workbench) -> int:
    """A stored claim with more frame-mates (same event, same frame) than a small k holds."""
    from workbench.relate.per_event import frame_mates

    return next(claim["id"] for claim in workbench.claims() if len(frame_mates(workbench.db, claim["id"])) > 5)


def test_similar_judges_every_candidate_then_k_cuts_the_least_telling(demo):
    workbench = demo()
    claim_id = _frame_heavy_claim(workbench)
    everything = workbench.similar(claim_id, k=0)
    framed = [r for r in everything if "frame" in r["route"]]
    assert len(framed) > 5 and len(everything) > len(framed), "k=0 returns every candidate"
    assert any("story" in r["route"] for r in everything), "claims of the same story are candidates"
    order = ["conflicts", "corroborates", "related", "unrelated"]
    assert [order.index(r["relation"]) for r in everything] == sorted(order.index(r["relation"]) for r in everything)
    three = workbench.similar(claim_id, k=3)
    assert len(three) == 3 and [r["claim"]["id"] for r in three] == [r["claim"]["id"] for r in everything[:3]]
    assert three.more_frame_mates == len(framed) - sum("frame" in r["route"] for r in three)
    assert everything.more_frame_mates == 0


def test_search_and_batch_search_return_at_most_k(demo):
    workbench = demo()
    for k in (1, 3, 7):
        assert len(workbench.search("killed in the attack", k=k)) == k
        [row] = workbench.batch_search(["killed in the attack"], k=k)
        assert len(row["results"]) == k
    assert len(workbench.search("killed in the attack", k=0)) > 10


def test_cli_similar_k_and_its_json_count_of_frame_mates(demo, runner):
    workbench = demo()
    claim_id = _frame_heavy_claim(workbench)
    workbench.close()
    shown = runner.invoke(cli, ["similar", str(claim_id), "-k", "3", "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert len(data["results"]) == 3 and data["k"] == 3 and data["more_frame_mates"] > 0
    text = runner.invoke(cli, ["similar", str(claim_id), "-k", "3"])
    assert text.exit_code == 0 and re.findall(r"(?m)^ ?(\d+)\. ", text.output) == ["1", "2", "3"]
    assert f"+{data['more_frame_mates']} more claims of the same event and frame" in text.output
    assert runner.invoke(cli, ["similar", str(claim_id), "-k", "-1"]).exit_code == 2


@pytest.mark.parametrize("text, kind", [
    ("who controls the military airport", "question"), ("Is the airport still closed?", "question"),
    ("Combien de morts à Bamako ?", "question"), ("death toll", "topic"), ("armed groups in Bamako", "topic"),
    ("bilan des victimes", "topic"), ("JNIM holds the airport", "claim"), ("77 killed", "claim"),
    ("Le JNIM a revendiqué l'attaque", "claim")])
def test_a_typed_query_is_read_as_a_claim_a_question_or_a_topic(text, kind):
    from workbench.analyse.figures import extract_figures
    from workbench.analyse.queries import query_kind

    assert query_kind(text, extract_figures(text)) == kind


def test_cli_search_groups_a_question_and_refuses_an_empty_query(demo, runner):
    demo()
    asked = runner.invoke(cli, ["search", "who controls the military airport", "-k", "5"])
    assert asked.exit_code == 0, asked.output
    assert asked.output.startswith("taken as a question") and "== " in asked.output
    assert "CONFLICTS" not in asked.output and "CORROBORATES" not in asked.output
    empty = runner.invoke(cli, ["search", "   "])
    assert empty.exit_code == 2 and "TEXT is empty" in empty.output
