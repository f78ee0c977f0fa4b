"""Crash safety: kill -9 an ingest, and an index rebuild, at random points (fixed seed).

Each trial runs a real process (a small driver over ``Workbench``, with the
cheap stand-in embedder so a trial takes about a second) and kills it with
SIGKILL at a random moment: during start-up and migrations, between and
inside article transactions, while the index is saved, while an index file
is being written.  Afterwards claims.db holds only whole articles, nothing
orphaned, SQLite and FTS5 report no damage, the index is consistent or the
next open repairs it, and re-running the same ingest gives exactly what one
clean run gives.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import HashEmbedder
from workbench import Workbench
from workbench.ingest import analyse
from workbench.read.sources import read_path

REPORTS = 24
INGEST_TRIALS = 20
REBUILD_TRIALS = 10
SEED = 20240917
TESTS = Path(__file__).parent

OUTLETS = ["Sahel Wire", "Niger River Post", "Bamako Evening Courier", "Continental Dispatch", "Savanna Times",
           "Harmattan Herald", "Djoliba Daily", "West Africa Ledger", "L'Écho sahélien", "Journal du Fleuve"]
SOURCES = ["a security source", "a hospital official", "a senior police officer", "a Western diplomat",
           "a municipal councillor"]
SITES = ["the gendarmerie training school in Faladié", "the military airport", "the Senou air base",
         "a checkpoint on the airport road"]

# The process under test: a Workbench over the given files, with the test suite's stand-in embedder.
DRIVER = """
import sys
sys.path.insert(0, sys.argv[1])
from conftest import HashEmbedder
from workbench import Workbench

mode, db_path, index_dir, argument = sys.argv[2:6]
with Workbench(db_path, index_dir, embedder=HashEmbedder(), log=lambda line: print(line, flush=True)) as wb:
    wb.init()
    print("started", flush=True)
    if mode == "ingest":
        results = wb.ingest([argument])
        print("ingested", sum(result.status == "added" for result in results), flush=True)
    else:
        print("rebuilt", wb.index_rebuild(argument)["count"], flush=True)
"""


def report(number: int) -> dict:
    """One invented wire report on the September 2024 Bamako attack; figures and wording vary by number."""
    rng = random.Random(number)
    killed, injured, arrested = rng.randint(12, 140), rng.randint(20, 260), rng.randint(3, 40)
    outlet = OUTLETS[number % len(OUTLETS)]
    sentences = [
        f"Gunmen attacked {SITES[number % len(SITES)]} in Bamako before dawn on Tuesday, the Malian army said.",
        f"At least {killed} people were killed and {injured} wounded, according to "
        f"{SOURCES[number % len(SOURCES)]}.",
        "JNIM, al-Qaeda's affiliate in the Sahel, claimed responsibility for the attack in a statement.",
        f"The army said {arrested} suspects had been arrested by Tuesday evening.",
        f"A hospital official said {injured - rng.randint(1, 15)} wounded people had been admitted to "
        f"Gabriel Touré hospital.",
        "Witnesses reported thick smoke rising over the airport for several hours.",
        f"JNIM said its fighters had destroyed {rng.randint(2, 9)} aircraft at the base, a claim the army denied.",
        "The government declared three days of national mourning.",
    ]
    chosen = sentences[:2] + rng.sample(sentences[2:], rng.randint(2, 5))
    slug = "".join(ch for ch in outlet.lower() if ch.isalpha())
    return {"text": f"{outlet} correspondent, report {number}. " + " ".join(chosen), "outlet": outlet,
            "title": f"Bamako attack: toll put at {killed} (update {number})", "language": "en",
            "published": f"2024-09-{17 + number % 4:02d}", "url": f"https://{slug}.example/bamako/{number}"}


def write_reports(folder: Path, count: int, first: int = 0) -> Path:
    """``count`` distinct reports as JSON files (one article each) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(first, first + count):
        (folder / f"report_{number:03d}.json").write_text(json.dumps(report(number), ensure_ascii=False),
                                                          encoding="utf-8")
    return folder


def expected_rows(folder: Path) -> dict[str, dict]:
    """What a whole article is, per content hash, from the analysis alone (no database)."""
    expected = {}
    for path in sorted(folder.iterdir()):
        for item in read_path(path, {}):
            analysed = analyse(item)
            expected[analysed.article["content_hash"]] = {
                "claims": len(analysed.claims),
                "figures": sum(len(claim["figures"]) for claim in analysed.claims),
                "frames": sum(len(claim["frames"]) for claim in analysed.claims)}
    return expected


def contents(db_path: Path) -> dict[str, list]:
    """Everything an ingest writes, without timestamps, for comparing two databases."""
    conn = sqlite3.connect(db_path)
    queries = {
        "articles": "SELECT id, content_hash, outlet, url, title, published, language, text, event_id FROM articles",
        "claims": "SELECT id, article_id, position, char_start, char_end, text, claim_type, speaker, speaker_kind, "
                  "attribution_verb, hedged, hedges, status FROM claims",
        "figures": "SELECT claim_id, kind, min, max, approximate, text FROM figures",
        "frames": "SELECT claim_id, frame FROM claim_frames",
        "embeddings": "SELECT claim_id, model, text_hash, vector FROM embeddings",
        "events": "SELECT id, label FROM events",
        "relations": "SELECT claim_a, claim_b, label, reasons, source FROM relations",
    }
    try:
        return {name: sorted(conn.execute(sql).fetchall()) for name, sql in queries.items()}
    finally:
        conn.close()


def assert_only_whole_articles(db_path: Path, expected: dict[str, dict]) -> int:
    """SQLite, FTS5 and foreign keys sound; every stored article has all its rows. Returns the article count."""
    if not db_path.exists():
        return 0
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "claim_frames" not in tables:
            return 0  # killed before the schema was complete: the next open finishes the migrations
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")
        for table, column, parent in (("claims", "article_id", "articles"), ("figures", "claim_id", "claims"),
                                      ("claim_frames", "claim_id", "claims"), ("embeddings", "claim_id", "claims"),
                                      ("relations", "claim_a", "claims"), ("relations", "claim_b", "claims")):
            orphans = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} NOT IN (SELECT id FROM {parent})")
            assert orphans.fetchone()[0] == 0, f"orphan rows in {table}"
        rows = conn.execute("""SELECT a.content_hash,
                (SELECT count(*) FROM claims c WHERE c.article_id = a.id),
                (SELECT count(*) FROM figures f JOIN claims c ON c.id = f.claim_id WHERE c.article_id = a.id),
                (SELECT count(*) FROM claim_frames f JOIN claims c ON c.id = f.claim_id WHERE c.article_id = a.id),
                (SELECT count(*) FROM embeddings e JOIN claims c ON c.id = e.claim_id WHERE c.article_id = a.id)
                FROM articles a""").fetchall()
    finally:
        conn.close()
    for content_hash, claims, figures, frames, vectors in rows:
        want = expected[content_hash]
        assert (claims, figures, frames, vectors) == (want["claims"], want["figures"], want["frames"],
                                                       want["claims"]), f"article {content_hash[:12]} is not whole"
    assert len({row[0] for row in rows}) == len(rows)
    return len(rows)


def start(mode: str, db_path: Path, index_dir: Path, argument: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", DRIVER, str(TESTS), mode, str(db_path), str(index_dir), argument],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=TESTS.parent)


def kill(process: subprocess.Popen) -> bool:
    """SIGKILL; True if the process was still running (so the kill interrupted it)."""
    running = process.poll() is None
    if running:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    process.stderr.close()
    return running


def stored_articles(db_path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return -1  # not created yet, or mid-migration


def ingest_until(process: subprocess.Popen, db_path: Path, articles: int, extra_s: float) -> None:
    """Wait until ``articles`` are stored (or the process ends), then ``extra_s`` more."""
    if process.stdout.readline().strip() != "started":
        return
    while process.poll() is None and stored_articles(db_path) < articles:
        time.sleep(0.002)
    time.sleep(extra_s)


def reopen_and_repair(db_path: Path, index_dir: Path) -> Workbench:
    """Open as the next process would: the index is consistent, or the open repairs it and says so."""
    notices: list[str] = []
    workbench = Workbench(db_path, index_dir, embedder=HashEmbedder(), log=notices.append)
    workbench.init()
    problems = workbench.index_check()
    index = workbench.index
    assert workbench.index_check() == []
    claims = workbench.stats()["claims"]
    assert index.count == claims
    if problems and claims:
        assert notices, f"index was inconsistent ({problems}) but the open said nothing"
    return workbench


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The reports, what each whole article holds, one clean run of them, and (for the rebuild trials)
    a database with six more reports whose saved index lags behind it."""
    root = tmp_path_factory.mktemp("crash")
    folder = write_reports(root / "reports", REPORTS)
    clean = root / "clean"
    with Workbench(clean / "claims.db", clean / "indexes", embedder=HashEmbedder()) as workbench:
        workbench.init()
        assert all(result.status == "added" for result in workbench.ingest([folder]))
        single_run = contents(clean / "claims.db")
        shutil.copytree(clean / "indexes", root / "lagging-index")
        late = workbench.ingest([write_reports(root / "late", 6, first=REPORTS)])
        assert all(result.status == "added" for result in late)
    return {"folder": folder, "expected": expected_rows(folder), "single_run": single_run,
            "db": clean / "claims.db", "lagging_index": root / "lagging-index"}


def test_ingest_killed_at_random_points_leaves_whole_articles_and_reruns_cleanly(corpus, tmp_path):
    rng = random.Random(SEED)
    interrupted, partial = 0, 0
    for trial in range(INGEST_TRIALS):
        db_path, index_dir = tmp_path / f"t{trial}" / "claims.db", tmp_path / f"t{trial}" / "indexes"
        db_path.parent.mkdir()
        process = start("ingest", db_path, index_dir, str(corpus["folder"]))
        if trial % 5 == 0:  # start-up, migrations, analysis
            time.sleep(rng.uniform(0.05, 0.9))
        elif trial % 5 == 4:  # last articles, events, saving the index
            ingest_until(process, db_path, REPORTS, rng.uniform(0.0, 0.08))
        else:  # between or inside article transactions
            ingest_until(process, db_path, rng.randint(0, REPORTS - 1), rng.uniform(0.0, 0.02))
        interrupted += kill(process)
        stored = assert_only_whole_articles(db_path, corpus["expected"])
        partial += 0 < stored < REPORTS

        with reopen_and_repair(db_path, index_dir) as workbench:
            results = workbench.ingest([corpus["folder"]])
            assert [result.message for result in results if result.status == "error"] == []
            assert sum(result.status == "added" for result in results) == REPORTS - stored
            assert workbench.index_check() == []
        rerun = contents(db_path)
        for table, single_run in corpus["single_run"].items():
            assert rerun[table] == single_run, f"trial {trial}: {table} differ from one clean run's"
    assert interrupted >= INGEST_TRIALS * 3 // 4, "most kills must land while the ingest runs"
    assert partial >= INGEST_TRIALS // 3, "many kills must land between the first and the last article"


def new_temp_file(index_dir: Path, before: set[str], target: str) -> bool:
    return any(name.startswith(f".{target}.") and name not in before for name in os.listdir(index_dir))


def test_index_rebuild_killed_mid_write_never_serves_a_half_written_index(corpus, tmp_path):
    import faiss

    rng = random.Random(SEED + 1)
    mid_write = 0
    for trial in range(REBUILD_TRIALS):
        db_path, index_dir = tmp_path / f"r{trial}" / "claims.db", tmp_path / f"r{trial}" / "indexes"
        db_path.parent.mkdir()
        shutil.copyfile(corpus["db"], db_path)
        shutil.copytree(corpus["lagging_index"], index_dir)
        before = set(os.listdir(index_dir))
        process = start("rebuild", db_path, index_dir, "Flat")
        assert process.stdout.readline().strip() == "started"
        if trial % 3 == 0:  # at a random moment of the rebuild
            time.sleep(rng.uniform(0.0, 0.2))
        else:  # as soon as the index file (or the manifest) is being written
            target = rng.choice(["claims.faiss", "manifest.json"])
            while process.poll() is None and not new_temp_file(index_dir, before, target):
                pass
        kill(process)
        leftovers = [name for name in os.listdir(index_dir) if name.endswith(".tmp")]
        mid_write += bool(leftovers)

        # what a reader finds at the real names is a whole file, old or new, never half of one
        faiss.read_index(str(index_dir / "claims.faiss"))
        json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
        with reopen_and_repair(db_path, index_dir) as workbench:
            hits = workbench.search("How many people were killed in the Bamako attack?", k=5)
            assert len(hits) == 5 and all(workbench.claim(hit["claim"]["id"]) for hit in hits)
            workbench.index_rebuild()  # the next save clears what the killed writer left behind
        assert [name for name in os.listdir(index_dir) if name.endswith(".tmp")] == []
        assert all(name in {"claims.faiss", "manifest.json", ".lock"} for name in os.listdir(index_dir))
    assert mid_write >= 2, "kills must land while an index file is being written"


# -- a report too big for one transaction ---------------------------------------------------------------
BIG_TRIALS = 6


def write_big_report(folder: Path, paragraphs: int) -> Path:
    """One report of ``paragraphs`` near-identical paragraphs (stored over several transactions), and two
    ordinary ones, as JSON files."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n\n".join(f"The hospital said {10 + n} wounded people had been admitted after the attack on "
                       f"Bamako's airport, a doctor said." for n in range(paragraphs))
    big = {"text": text, "outlet": "Sahel Wire", "title": "Every count", "language": "en", "published": "2024-09-18"}
    (folder / "report_big.json").write_text(json.dumps(big), encoding="utf-8")
    for number in range(2):
        (folder / f"report_{number:03d}.json").write_text(json.dumps(report(number)), encoding="utf-8")
    return folder


def half_stored(db_path: Path) -> int | None:
    """Claims stored so far of an article being stored over several transactions (None: no such article)."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            keys = conn.execute("SELECT key FROM settings WHERE key LIKE 'pending_article:%'").fetchall()
            return conn.execute("SELECT count(*) FROM claims WHERE article_id = ?",
                                [int(keys[0][0].split(":")[1])]).fetchone()[0] if keys else None
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def assert_visible_articles_whole(db_path: Path, expected: dict[str, dict]) -> None:
    """Before any clean-up: SQLite sound, and every article that can be seen has all its rows (claims
    of a half-stored report wait, out of sight, under a reserved id with no article row)."""
    if not db_path.exists():
        return
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if "settings" not in {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}:
            return
        stored = conn.execute("""SELECT a.content_hash, (SELECT count(*) FROM claims c WHERE c.article_id = a.id)
                                 FROM articles a""").fetchall()
        reservations = {int(key.split(":")[1]) for (key,) in conn.execute(
            "SELECT key FROM settings WHERE key LIKE 'pending_article:%'")}
        orphans = {row[0] for row in conn.execute(
            "SELECT DISTINCT article_id FROM claims WHERE article_id NOT IN (SELECT id FROM articles)")}
    finally:
        conn.close()
    assert all(claims == expected[content_hash]["claims"] for content_hash, claims in stored)
    assert orphans <= reservations, "claims without an article and without a reservation"


def test_big_report_killed_mid_ingest_is_whole_or_absent(tmp_path):
    from workbench.storing import WRITE_CHUNK

    folder = write_big_report(tmp_path / "reports", 3 * WRITE_CHUNK + 10)
    expected = expected_rows(folder)
    clean = tmp_path / "clean"
    with Workbench(clean / "claims.db", clean / "indexes", embedder=HashEmbedder()) as workbench:
        workbench.init()
        assert all(result.status == "added" for result in workbench.ingest([folder]))
    single_run = contents(clean / "claims.db")
    rng, mid_article = random.Random(SEED + 2), 0
    for trial in range(BIG_TRIALS):
        db_path, index_dir = tmp_path / f"b{trial}" / "claims.db", tmp_path / f"b{trial}" / "indexes"
        db_path.parent.mkdir()
        process = start("ingest", db_path, index_dir, str(folder))
        assert process.stdout.readline().strip() == "started"
        target, deadline = rng.randint(0, 2 * WRITE_CHUNK), time.monotonic() + 120
        while process.poll() is None and (half_stored(db_path) or -1) < target and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0.0, 0.01))
        mid_article += kill(process) and half_stored(db_path) is not None
        assert_visible_articles_whole(db_path, expected)

        with reopen_and_repair(db_path, index_dir) as workbench:  # the open removes the half-stored report
            assert assert_only_whole_articles(db_path, expected) <= len(expected)
            results = workbench.ingest([folder])
            assert [result.message for result in results if result.status == "error"] == []
            assert workbench.index_check() == []
        rerun = contents(db_path)
        for table, rows in single_run.items():
            assert rerun[table] == rows, f"trial {trial}: {table} differ from one clean run's"
    assert mid_article >= BIG_TRIALS // 2, "most kills must land while the big report is half stored"
