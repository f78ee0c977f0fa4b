"""Backups taken while the workbench writes, and restores that refuse anything damaged."""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import HashEmbedder
from test_crash import write_reports
from workbench import Workbench
from workbench.review import actions as review
from workbench.exchange.backup import BackupError, backup, restore, verify
from workbench.cli import cli
from workbench.encode.index import VectorIndex

TIMESTAMPS = {"ingested_at", "created_at", "updated_at", "at", "applied_at"}
REVIEW_TABLES = ("users", "status_history", "flags")
STORED_TABLES = ("articles", "claims", "figures", "claim_frames", "embeddings", "events", "relations") + REVIEW_TABLES


def rows(db_path: Path, table: str, skip: set[str] = frozenset(), where: str = "") -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info([{table}])") if row[1] not in skip]
        return sorted(conn.execute(f"SELECT {', '.join(columns)} FROM [{table}] {where}").fetchall(), key=repr)
    finally:
        conn.close()


def digest(*paths: Path) -> list[str | None]:
    return [hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None for path in paths]


def reviewed(workbench: Workbench) -> dict:
    """Two people's work: statuses with notes and evidence, a flag, a relation."""
    db = workbench.db
    amina = review.add_user(db, "amina", "factchecker", "long enough password")
    moussa = review.add_user(db, "moussa", "editor", "another long password")
    toll, other = [claim["id"] for claim in workbench.claims(claim_type="casualty", limit=2)]
    review.set_status(db, toll, "disputed", "the army's own figure is lower", amina,
                      ["https://example.org/a", str(other)])
    review.set_status(db, other, "in_review", "waiting for the hospital", moussa)
    review.add_flag(db, toll, "needs_second_source", moussa, "only one outlet")
    review.set_relation(db, toll, other, "conflicts", amina, "different tolls")
    return {"toll": toll}


def answers(workbench: Workbench, claim_id: int) -> list:
    """What a fact-checker sees: search and similar results (ids, relation, score)."""
    found = []
    for query in ("who controls the military airport", "how many people were killed in Bamako"):
        found.append([(hit["claim"]["id"], hit["relation"], hit["score"]) for hit in workbench.search(query, k=8)])
    found.append([(hit["claim"]["id"], hit["relation"], hit["score"]) for hit in workbench.similar(claim_id, k=8)])
    return found


def assert_same_answers(got: list, want: list) -> None:
    assert [[(i, relation) for i, relation, _ in hits] for hits in got] == \
           [[(i, relation) for i, relation, _ in hits] for hits in want]
    assert [score for hits in got for *_, score in hits] == \
           pytest.approx([score for hits in want for *_, score in hits], abs=1e-4)


def vectors(db_path: Path) -> np.ndarray:
    conn = sqlite3.connect(db_path)
    try:
        return np.vstack([np.frombuffer(blob, np.float32)
                          for (blob,) in conn.execute("SELECT vector FROM embeddings ORDER BY claim_id")])
    finally:
        conn.close()


def test_backup_during_an_ingest_restores_reviews_and_whole_articles(make_workbench, embedder, tmp_path):
    source = make_workbench()
    source.init()
    source.ingest([write_reports(tmp_path / "first", 12)])
    picked = reviewed(source)
    first_articles = source.stats()["articles"]
    reports = write_reports(tmp_path / "reports", 24, first=12)
    writer = make_workbench()  # its own connection, as a second process or a web request would have
    outcome = {}
    ingest = threading.Thread(target=lambda: outcome.update(results=writer.ingest([reports])))
    ingest.start()
    while source.stats()["articles"] == first_articles and ingest.is_alive():  # wait until it is storing
        time.sleep(0.005)
    manifest = source.backup(tmp_path / "backup")
    ingest.join()
    writer.close()
    assert [result.status for result in outcome["results"]] == ["added"] * 24

    db_path, index_dir = tmp_path / "restored" / "claims.db", tmp_path / "restored" / "indexes"
    db_path.parent.mkdir()
    restore(tmp_path / "backup", db_path, index_dir)
    for table in REVIEW_TABLES:
        assert rows(db_path, table) == rows(source.db_path, table)
    kept = ", ".join(str(row[0]) for row in rows(db_path, "articles"))
    assert first_articles < len(rows(db_path, "articles")) == manifest["tables"]["articles"]
    in_kept = f"WHERE article_id IN ({kept})"
    assert rows(db_path, "articles") == rows(source.db_path, "articles", where=f"WHERE id IN ({kept})")
    assert rows(db_path, "claims") == rows(source.db_path, "claims", where=in_kept)
    claim_ids = f"WHERE claim_id IN (SELECT id FROM claims {in_kept})"
    for table in ("figures", "claim_frames", "embeddings"):
        assert rows(db_path, table) == rows(source.db_path, table, where=claim_ids)

    with Workbench(db_path, index_dir, embedder=embedder) as restored:
        restored.index  # the open reconciles an index copied while the ingest went on
        assert restored.index_check() == []
        results = restored.ingest([reports])  # finish what the backup caught half-way: the same database results
        assert sum(result.status == "added" for result in results) == \
            source.stats()["articles"] - manifest["tables"]["articles"]
        for table in STORED_TABLES:
            skip = TIMESTAMPS | {"vector"} | ({"id"} if table == "relations" else set())  # ids follow upsert order
            assert rows(db_path, table, skip) == rows(source.db_path, table, skip), f"{table} differ from the source's"
        assert np.allclose(vectors(db_path), vectors(source.db_path), atol=1e-5)
        assert_same_answers(answers(restored, picked["toll"]), answers(source, picked["toll"]))


def test_index_saved_during_backups_is_copied_whole(wb, tmp_path):
    stop = threading.Event()
    writer = Workbench(wb.db_path, wb.index_dir, embedder=HashEmbedder())

    def keep_ingesting():  # every report saves the index again
        number = 0
        while not stop.is_set():
            writer.ingest([write_reports(tmp_path / f"r{number}", 1, first=number)])
            number += 1

    thread = threading.Thread(target=keep_ingesting)
    thread.start()
    try:
        while not (wb.index_dir / "manifest.json").exists():
            time.sleep(0.01)
        manifests = [backup(wb.db_path, wb.index_dir, tmp_path / f"backup{n}") for n in range(8)]
    finally:
        stop.set()
        thread.join()
        writer.close()
    for number, manifest in enumerate(manifests):
        folder = tmp_path / f"backup{number}"
        verify(folder)
        assert manifest["index"]["copied"] and VectorIndex.load(folder / "indexes").count == manifest["index"]["count"]
        target = tmp_path / f"restored{number}"
        target.mkdir()
        restore(folder, target / "claims.db", target / "indexes")
        with Workbench(target / "claims.db", target / "indexes", embedder=HashEmbedder()) as restored:
            assert restored.index.count == manifest["tables"]["claims"]
            assert restored.index_check() == []


@pytest.fixture
def backed_up(wb, tmp_path):
    """A workbench with a review, its backup, and a change made after the backup."""
    wb.ingest([write_reports(tmp_path / "reports", 4)])
    reviewer = review.add_user(wb.db, "amina", "factchecker", "long enough password")
    review.set_status(wb.db, 1, "disputed", "toll not confirmed", reviewer)
    wb.backup(tmp_path / "backup")
    review.set_status(wb.db, 1, "confirmed", "hospital confirmed it", reviewer)
    wb.ingest([write_reports(tmp_path / "later", 1, first=50)])
    wb.close()
    return tmp_path / "backup"


def damage(folder: Path, how: str) -> None:
    database = folder / "claims.db"
    if how == "partial":  # what a backup killed before it finished would lack
        (folder / "backup.json").unlink()
    elif how == "truncated":
        database.write_bytes(database.read_bytes()[: database.stat().st_size // 2])
    elif how == "flipped":
        data = bytearray(database.read_bytes())
        data[len(data) // 2] ^= 0xFF
        database.write_bytes(bytes(data))
    elif how == "no index":
        (folder / "indexes" / "claims.faiss").unlink()
    elif how == "damaged but recorded":  # damaged before its checksum was taken: only SQLite can tell
        data = bytearray(database.read_bytes())
        data[4096 * 2: 4096 * 3] = b"\x0d" * 4096
        database.write_bytes(bytes(data))
        manifest = json.loads((folder / "backup.json").read_text())
        manifest["files"]["claims.db"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        (folder / "backup.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("how, reason", [
    ("partial", "no backup.json, so the backup is incomplete"),
    ("truncated", "the copy is truncated or damaged"),
    ("flipped", "contents differ from the checksum"),
    ("no index", "claims.faiss: missing from the backup"),
    ("damaged but recorded", "claims.db: "),
])
def test_restore_refuses_a_damaged_backup_and_replaces_nothing(backed_up, wb, runner, how, reason):
    damaged = backed_up.parent / "damaged"
    shutil.copytree(backed_up, damaged)
    damage(damaged, how)
    live = [wb.db_path, wb.index_dir / "claims.faiss", wb.index_dir / "manifest.json"]
    before = digest(*live)
    result = runner.invoke(cli, ["restore", str(damaged), "--force", "--db", str(wb.db_path),
                                 "--index-dir", str(wb.index_dir)])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"Error: {damaged}") and reason in line
    if how == "damaged but recorded":
        assert "integrity check" in line or "not a readable SQLite database" in line
    assert digest(*live) == before
    with pytest.raises(BackupError):
        verify(damaged)


def test_restore_needs_force_and_refuses_a_database_in_use(backed_up, wb, runner):
    args = ["--db", str(wb.db_path), "--index-dir", str(wb.index_dir)]
    before = digest(wb.db_path)
    refused = runner.invoke(cli, ["restore", str(backed_up), *args])
    assert refused.exit_code == 1 and "already exists; restore with --force" in refused.output
    holder = subprocess.Popen(  # a web request in the middle of reading claims.db
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                               "c.execute('SELECT count(*) FROM claims').fetchall(); print('open', flush=True); "
                               "sys.stdin.read()", str(wb.db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        in_use = runner.invoke(cli, ["restore", str(backed_up), "--force", *args])
    finally:
        holder.stdin.close()
        holder.wait()
        holder.stdout.close()
    assert in_use.exit_code == 1 and "in use by another process" in in_use.output
    assert digest(wb.db_path) == before

    done = runner.invoke(cli, ["restore", str(backed_up), "--force", *args])
    assert done.exit_code == 0, done.output
    assert "restored 4 articles" in done.output
    with Workbench(wb.db_path, wb.index_dir, embedder=HashEmbedder()) as restored:
        assert restored.claim(1)["status"] == "disputed"  # the change made after the backup is gone
        assert restored.stats()["articles"] == 4
        assert restored.index_check() == []


def test_backup_command_writes_a_new_folder_only(wb, runner, tmp_path):
    wb.ingest([write_reports(tmp_path / "reports", 3)])
    args = ["--db", str(wb.db_path), "--index-dir", str(wb.index_dir)]
    made = runner.invoke(cli, ["backup", str(tmp_path / "b1"), *args])
    assert made.exit_code == 0 and f"3 articles, {wb.stats()['claims']} claims and the index" in made.output
    assert sorted(path.name for path in (tmp_path / "b1").iterdir()) == ["backup.json", "claims.db", "indexes"]
    again = runner.invoke(cli, ["backup", str(tmp_path / "b1"), *args])
    assert again.exit_code == 1 and "already exists; give a new folder" in again.output
    missing = runner.invoke(cli, ["backup", str(tmp_path / "b2"), "--db", str(tmp_path / "nothing.db")])
    assert missing.exit_code == 1 and "nothing.db: no database to back up" in missing.output
    assert not (tmp_path / "b2").exists() and not list(tmp_path.glob(".b2*"))


def test_a_process_holding_the_old_index_rebuilds_it_after_a_restore(backed_up, wb, monkeypatch):
    import workbench.api

    monkeypatch.setattr(workbench.api, "RECHECK_S", 0.0)
    notices: list[str] = []
    server = Workbench(wb.db_path, wb.index_dir, embedder=HashEmbedder(), shared_index=True, log=notices.append)
    before = server.index.count  # loaded in memory, as the web server keeps it between requests
    server.close()
    restore(backed_up, wb.db_path, wb.index_dir, force=True)
    request = Workbench(wb.db_path, wb.index_dir, embedder=HashEmbedder(), shared_index=True, log=notices.append)
    try:
        assert request.index.count == request.stats()["claims"] < before
        assert any("another database" in notice for notice in notices)
        hits = request.search("How many people were killed?", k=50)
        assert hits and all(request.claim(hit["claim"]["id"]) for hit in hits)
    finally:
        request.close()
