"""The web UI under load while a batch ingest of 2,000 reports and a batch search share its claims.db.

This test is about locking and lost updates, not search quality: every process
uses the cheap HashEmbedder stand-in (conftest.py), so the ingest costs what the
pipeline costs rather than what the model costs.  The scenario — waitress serving
the app in its own process, fact-checkers, editors and a reader as logged-in
client threads posting real forms with CSRF tokens, one process ingesting 2,000
unique copies of the demo corpus through the Python API, another running batch
searches — and its checks live in bench/concurrency.py, which runs the same
scenario with the real model as a benchmark.  The run happens once per module;
each test reads a different part of what it left behind.
"""
from __future__ import annotations

import json
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

from conftest import HashEmbedder
from workbench.review import actions as review
from workbench.storage import store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import concurrency  # noqa: E402  (bench/concurrency.py)

ARTICLES = 2000
REPORT = ("Gunmen attacked a gendarmerie school in Bamako on Tuesday, the army said. "
          "At least 70 people were killed, according to a security source.")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """(folder, outcome) of one run of the scenario over the seeded demo corpus."""
    root = tmp_path_factory.mktemp("concurrency")
    concurrency.seed(root / "run", HashEmbedder())
    reports = concurrency.write_reports(root / "reports", ARTICLES)
    outcome = concurrency.run(root / "run", reports, HashEmbedder())
    tally, ingest = outcome["tally"], outcome["ingest"]
    print(f"\nrequests served {len(tally.timings)}, errors {len(tally.errors)}; ingest under load "
          f"{ingest.get('counts', {}).get('added', 0) / max(ingest.get('seconds') or 1, 1e-9):.1f} articles/s "
          f"({ingest.get('seconds', 0):.0f} s); batch-search rounds {outcome['search'].get('rounds')}; "
          f"status changes {len(tally.changes)} saved / {len(tally.refusals)} refused as stale")
    return root / "run", outcome


@pytest.fixture
def db(run):
    connection = sqlite3.connect(run[0] / "claims.db")
    yield connection
    connection.close()


def test_no_user_sees_a_server_error_or_a_locked_database(run):
    tally = run[1]["tally"]
    assert tally.errors == []  # every answer 200 / 302 / 409 as the action calls for, none mentions a lock
    kinds = {kind for kind, _, _ in tally.timings}
    assert {"claim page", "search", "queue", "status change", "flag", "resolve"} <= kinds
    assert len(tally.timings) > 200  # the UI really was under load for the whole ingest


def test_the_ingest_and_the_batch_search_finish_without_a_failure(run, db):
    folder, outcome = run
    assert concurrency.process_problems(outcome, ARTICLES) == []
    seeded = json.loads((folder / "seed.json").read_text())["articles"]
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == seeded + ARTICLES


def test_every_acknowledged_status_change_is_stored_in_order(run, db):
    """Stored with its note, user and the status it replaced; each claim's history an unbroken chain
    ending in its current status; a 409 (which said why, or the client counted an error) stored nothing."""
    folder, outcome = run
    tally = outcome["tally"]
    assert tally.changes, "no status change went through: the test exercised nothing"
    hot = json.loads((folder / "seed.json").read_text())["hot"]
    assert concurrency.lost_status_changes(db, tally, hot) == []


def test_flags_are_kept_and_resolved_once_and_relations_kept(run, db):
    tally = run[1]["tally"]
    assert tally.flags and tally.resolved
    assert concurrency.lost_flags(db, tally) == []
    assert concurrency.lost_relations(db, tally) == []


def test_claims_db_is_whole_after_the_run(db):
    """Every page and index of claims.db reads back whole: a lost write that left no trace in what the
    users were told would show here as a damaged b-tree (SQLite's WAL-reset race, for one)."""
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_index_ends_consistent_with_claims_db(run):
    check = concurrency.index_check(run[0], HashEmbedder.name)
    assert check.returncode == 0, check.stderr
    assert "index consistent with" in check.stdout


def test_a_review_action_waits_for_another_writer_instead_of_failing(wb):
    """While another connection (an ingest) holds the write lock, a status change and a flag wait for it.

    They used to read first in a deferred transaction, and SQLite refuses to upgrade such a transaction
    while another connection writes: "database is locked" at once, whatever the busy timeout (a 500)."""
    claim_id = wb.ingest_text(REPORT, outlet="Sahel Wire", published="2024-09-17").claim_ids[0]
    editor = review.add_user(wb.db, "amina", "editor", "a long enough password")
    for action in (lambda: review.set_status(wb.db, claim_id, "disputed", "army denies it", editor,
                                             expected="unverified"),
                   lambda: review.add_flag(wb.db, claim_id, "needs_second_source", editor, "only one source")):
        ingest = store.connect(wb.db_path)
        if store.dialect(ingest) == "sqlite":
            ingest.execute("BEGIN IMMEDIATE")
            ingest.execute("UPDATE articles SET title = 'being written' WHERE id = 1")
        else:  # what an ingest's transaction holds there: its rows, and the tables it writes
            ingest.execute("BEGIN")
            ingest.execute("UPDATE articles SET title = 'being written' WHERE id = 1")
            ingest.execute("LOCK TABLE claims, flags, status_history IN EXCLUSIVE MODE")
        release = threading.Timer(0.3, ingest.conn.commit)
        release.start()
        action()
        release.join()
        ingest.close()
    assert [entry["to_status"] for entry in review.history(wb.db, claim_id)] == ["disputed"]
    assert [flag["reason"] for flag in review.list_flags(wb.db, claim_id=claim_id)] == ["needs_second_source"]
