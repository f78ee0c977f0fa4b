"""claims.db's write lock: ingest holds it only to insert, a bounded batch at a time; a lock that cannot
be had is a clear "busy, try again" (503 / exit 1) with nothing stored; the WAL and the relation work
of an ingest stay bounded however repetitive the report.

Real SQLite files throughout, with the cheap HashEmbedder (conftest.py).  No timing is asserted here
except the generous "a 100,000-paragraph report finishes well within a minute"; how long a reviewer
waits during a 10 MB upload is measured by ``bench/concurrency.py --scenario upload``.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from conftest import HashEmbedder, another_connection
from workbench import Workbench, storing
from workbench.cli import cli
from workbench.relate import mates
from workbench.review import actions as review
from workbench.storage import pending, store
from workbench.web import create_app

PASSWORD = "write lock test passphrase 5"
PARAGRAPH = "At least 70 people were killed in Bamako, the army said."
FIGURES = "The hospital said {n} wounded people had been admitted after the attack on Bamako's airport."


def big_report(paragraphs: int, template: str = FIGURES) -> str:
    """A report of ``paragraphs`` near-identical paragraphs (each names another figure)."""
    return "Gunmen attacked Bamako's airport on Tuesday.\n\n" + "\n\n".join(
        template.format(n=10 + number) for number in range(paragraphs))


@pytest.fixture
def demo(wb):
    """The workbench with the demo corpus (two stories) and one fact-checker and one editor."""
    assert all(result.ok for result in wb.load_demo())
    review.add_user(wb.db, "amina", "factchecker", PASSWORD)
    review.add_user(wb.db, "ed", "editor", PASSWORD)
    return wb


def hold_write_lock(db_path):
    """Another process's writer, mid-transaction: SQLite's write lock, or on PostgreSQL the locks a writer
    of every table a review or an ingest writes would hold (reads still go through)."""
    if isinstance(db_path, Path):
        other = sqlite3.connect(db_path)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE settings SET value = value WHERE key = 'db_id'")
        return other
    import psycopg

    other = psycopg.connect(str(db_path))
    other.execute("LOCK TABLE claims, status_history, flags, relations, settings, articles IN EXCLUSIVE MODE")
    return other


def history_of(db_path, claim_id: int) -> list:
    with another_connection(db_path) as db:
        return [tuple(row) for row in db.execute("SELECT to_status, note FROM status_history WHERE claim_id = ?",
                                                 [claim_id]).fetchall()]


# -- ingest holds the lock only to insert, a chunk at a time ---------------------------------------
def test_reviewers_write_between_the_transactions_of_a_big_ingest(demo):
    """A report of several thousand claims goes in WRITE_CHUNK claims per transaction under a reserved
    id: flags commit in between (they used to wait for the whole article, or fail with 'database is
    locked'), and meanwhile the half-stored article is nowhere to be seen."""
    paragraphs = 3 * storing.WRITE_CHUNK
    articles_before = demo.stats()["articles"]
    editor, claim_id = review.get_user(demo.db, "ed"), demo.claims()[0]["id"]
    done, outcome = threading.Event(), {}

    def ingest():
        try:
            with Workbench(demo.db_path, demo.index_dir, embedder=HashEmbedder()) as other:
                outcome["result"] = other.ingest_text(big_report(paragraphs), outlet="Sahel Wire",
                                                      published="2024-09-18", source="big report")
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            outcome["error"] = error
        finally:
            done.set()

    reviewer = store.connect(demo.db_path)
    thread = threading.Thread(target=ingest)
    thread.start()
    between, seen_articles, deadline = 0, set(), time.monotonic() + 120
    while not done.wait(0.002) and time.monotonic() < deadline:
        review.add_flag(reviewer, claim_id, "needs_second_source", editor, f"flag {between}")
        articles_now = store.count_rows(reviewer, "articles")  # read before the reservation: each read is
        if pending.reservations(reviewer):  # its own snapshot, and the article and the end of its
            between += 1                    # reservation commit together, so this count was half-way
            seen_articles.add(articles_now)
    thread.join(timeout=120)
    reviewer.close()
    assert "error" not in outcome, outcome.get("error")
    result = outcome["result"]
    assert result.status == "added" and result.claims > 2 * storing.WRITE_CHUNK
    assert between > 0, "no flag committed while the article was being stored: the ingest held the lock"
    assert seen_articles == {articles_before}, "the half-stored article was visible"
    assert demo.stats()["claims"] == store.count_rows(demo.db, "embeddings")
    assert len(demo.claims(article_id=result.article_id)) == result.claims
    assert pending.reservations(demo.db) == {}


def test_a_plan_made_before_another_article_arrived_is_made_again(demo, monkeypatch):
    """Ingest decides the event and relations before it takes the lock; an article stored meanwhile
    (another process) changes the story, so the plan is made again holding the lock."""
    planned, real_plan = [], storing.plan

    def plan_then_race(db, article, claims, vectors=None, model=None):
        result = real_plan(db, article, claims, vectors, model)
        planned.append(article["source"])
        if len(planned) == 1:  # another process stores a report of the same story meanwhile
            with Workbench(demo.db_path, demo.index_dir, embedder=HashEmbedder()) as other:
                assert other.ingest_text(PARAGRAPH + " JNIM claimed the attack on Bamako.", outlet="Other",
                                         published="2024-09-18", source="meanwhile").status == "added"
        return result

    monkeypatch.setattr(storing, "plan", plan_then_race)
    result = demo.ingest_text(PARAGRAPH, outlet="Sahel Wire", published="2024-09-18", source="late")
    assert result.status == "added"
    assert planned == ["late", "meanwhile", "late"]
    other_id = demo.db.execute("SELECT id FROM articles WHERE source = 'meanwhile'").fetchone()[0]
    events = dict(demo.db.execute("SELECT id, event_id FROM articles WHERE id IN (?, ?)",
                                  [other_id, result.article_id]).fetchall())
    assert events[other_id] == events[result.article_id]  # the late one saw the other and joined its story


# -- busy: a clear 503 / exit 1, nothing stored --------------------------------------------------------
def test_a_held_lock_is_busy_and_nothing_is_stored(demo, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    claim_id, user = demo.claims()[0]["id"], review.get_user(demo.db, "amina")
    demo.close()
    other = hold_write_lock(demo.db_path)
    try:
        with pytest.raises(store.Busy, match=r"^claims(\.db| database): busy — in use by another process"):
            demo.set_status(claim_id, "disputed", "army denies it", user, expected="unverified")
    finally:
        other.rollback()
        other.close()
    assert history_of(demo.db_path, claim_id) == []


def test_the_api_and_the_form_answer_busy_with_a_503_that_keeps_the_note(demo, monkeypatch):
    claim_id = demo.claims()[0]["id"]
    token = review.create_token(demo.db, "amina")
    demo.close()
    app = create_app({"TESTING": True, "DATABASE": str(demo.db_path), "INDEX_DIR": str(demo.index_dir),
                      "EMBEDDER": HashEmbedder(), "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    assert client.post("/login", data={"name": "amina", "password": PASSWORD}).status_code == 302
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    other = hold_write_lock(demo.db_path)
    try:
        api = client.post(f"/api/claims/{claim_id}/status", headers={"Authorization": f"Bearer {token}"},
                          json={"status": "disputed", "note": "army denies it", "expected": "unverified"})
        form = client.post(f"/claims/{claim_id}/status", data={"status": "disputed", "note": "my careful note",
                                                                "evidence": "", "expected": "unverified"})
    finally:
        other.rollback()
        other.close()
    assert api.status_code == 503 and api.headers["Retry-After"]
    message = api.get_json()["error"]
    assert "busy" in message and ("claims.db" in message or "claims database" in message) and "\n" not in message
    assert form.status_code == 503
    page = form.get_data(as_text=True)
    assert "busy" in page and "my careful note" in page and "Traceback" not in page
    assert history_of(demo.db_path, claim_id) == []


def test_the_cli_says_busy_in_one_line_and_exits_1(runner, monkeypatch, tmp_path, database):
    db_path = database
    with Workbench(db_path, tmp_path / "indexes", embedder=HashEmbedder()) as workbench:
        workbench.init()
        claim_id = workbench.ingest_text(PARAGRAPH, outlet="Sahel Wire", published="2024-09-17").claim_ids[0]
        review.add_user(workbench.db, "amina", "factchecker", PASSWORD)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    other = hold_write_lock(db_path)
    try:
        result = runner.invoke(cli, ["review", str(claim_id), "--status", "disputed", "--note", "army denies it",
                                     "--user", "amina"])
    finally:
        other.rollback()
        other.close()
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "busy" in lines[0] and "try again" in lines[0]
    assert history_of(db_path, claim_id) == []


# -- bounded: WAL and relation work --------------------------------------------------------------------
class WalWatcher(threading.Thread):
    """The largest size claims.db-wal reaches while it runs."""

    def __init__(self, db_path):
        super().__init__(daemon=True)
        self.path, self.largest, self.stop = f"{db_path}-wal", 0, threading.Event()

    def run(self):
        while not self.stop.wait(0.005):
            try:
                self.largest = max(self.largest, os.path.getsize(self.path))
            except OSError:
                pass


def test_100000_repeated_paragraphs_cost_bounded_work_and_a_bounded_wal(demo, backend):
    """The attack from the issue, in plain text: 100,000 copies of one paragraph.  Every copy is a claim
    (the article is stored whole), but relation work is done once per distinct sentence, so the report
    stores at most MAX_MATES + MAX_NAME_MATES + MAX_MEANING_MATES relations per distinct text; and the WAL
    stays bounded throughout (one
    transaction of it all would have made it hundreds of MB)."""
    relations_before = store.count_rows(demo.db, "relations")
    watcher = WalWatcher(demo.db_path)
    watcher.start()
    started = time.monotonic()
    result = demo.ingest_text("\n\n".join([PARAGRAPH] * 100_000), outlet="Sahel Wire", published="2024-09-18",
                              source="repeated")
    seconds = time.monotonic() - started
    watcher.stop.set()
    watcher.join()
    assert result.status == "added" and result.claims == 100_000
    if backend == "sqlite":  # on a server every chunk is a round trip: the relation count below bounds the work
        assert seconds < 60, f"100,000 repeated paragraphs took {seconds:.0f} s"
    added = store.count_rows(demo.db, "relations") - relations_before
    # one distinct sentence: one claim related, to its frame-, name- and meaning-mates at most
    assert 0 < added <= mates.MAX_MATES + mates.MAX_NAME_MATES + mates.MAX_MEANING_MATES
    if backend == "sqlite":  # PostgreSQL's WAL is the server's, recycled at its checkpoints
        assert watcher.largest <= store.WAL_LIMIT_BYTES, f"the WAL reached {watcher.largest / 2**20:.0f} MiB"
        assert os.path.getsize(f"{demo.db_path}-wal") <= store.WAL_LIMIT_BYTES
        assert demo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_story_full_of_repeats_offers_each_text_once(demo):
    """The next report of the story is compared with a pool that holds each distinct text of an article
    once: 5,000 repeats ahead of it in the story do not make 5,000 mates, or 5,000 comparisons."""
    first = demo.ingest_text("\n\n".join([PARAGRAPH] * 5000), outlet="Sahel Wire", published="2024-09-18",
                             source="repeats")
    event_id = demo.db.execute("SELECT event_id FROM articles WHERE id = ?", [first.article_id]).fetchone()[0]
    pool = mates.MatePool.read(demo.db, event_id)
    from_first = [claim_id for claim_id, article in pool.article_of.items() if article == first.article_id]
    assert len(from_first) == 1
    second = demo.ingest_text(PARAGRAPH + " Witnesses said the gendarmerie school burned.", outlet="Bamako Post",
                              published="2024-09-18", source="next")
    assert second.status == "added"
    partners = demo.db.execute("""SELECT count(*) FROM relations r JOIN claims c ON c.id IN (r.claim_a, r.claim_b)
                                  WHERE c.article_id = ?""", [first.article_id]).fetchone()[0]
    assert partners <= 2 * mates.MAX_MATES


def test_near_identical_sentences_are_capped_per_article_and_per_mate(monkeypatch):
    """Distinct but near-identical sentences (each its own figure) are each a representative, up to
    MAX_RELATED; and no stored claim is given more than MAX_PARTNERS of one article's claims."""
    monkeypatch.setattr(mates, "MAX_RELATED", 50)
    claims = [{"text": f"{n} people were killed, the army said.", "frames": ["killed"], "checkworthiness": n % 7}
              for n in range(400)] + [{"text": "400 people were killed, the army said.", "frames": ["killed"],
                                       "checkworthiness": 9}] * 3
    chosen = mates.representatives(claims)
    assert len(chosen) == 50 and 400 in chosen and 401 not in chosen and 402 not in chosen
    pool = mates.MatePool(by_frame={"killed": [9, 8, 7]}, article_of={9: 1, 8: 1, 7: 2})
    taken: dict[int, int] = {}
    for _ in range(mates.MAX_PARTNERS + 5):
        pool.mates(["killed"], None, mates.MAX_MATES, taken)
    assert taken == dict.fromkeys((9, 8, 7), mates.MAX_PARTNERS)
    assert pool.mates(["killed"], 1, mates.MAX_MATES) == [7]


# -- checkpoints only under the write lock (SQLite's WAL-reset race, fixed in 3.51.3) ----------------
def wal_frames(db) -> tuple[int, int]:
    """(frames in the WAL, frames of them copied back into claims.db), by a passive checkpoint."""
    _, frames, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return frames, copied


def test_sqlite_runs_no_checkpoint_of_its_own(tmp_path, monkeypatch):
    """SQLite's automatic checkpoint runs after a commit holding no lock — half of the race — so it is off
    on every connection the workbench opens: 3,000 commits leave at least 3,000 frames in the WAL (with
    it on, the WAL would have started over at every thousand)."""
    monkeypatch.setattr(store, "CHECKPOINT_CHANGES", 10**9)  # and none of the workbench's own
    db = store.connect(tmp_path / "claims.db")
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    for number in range(3000):
        with db.atomic():
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [f"commit {number}", "x"])
    frames, copied = wal_frames(db)
    assert frames >= 3000 and copied == frames
    db.close()


def test_a_checkpoint_waits_for_no_writer_and_runs_under_none(tmp_path):
    """While another connection holds the write lock, ``checkpoint`` copies nothing and says so (the next
    commit tries again); once the lock is free it copies the whole WAL back."""
    db = store.connect(tmp_path / "claims.db")
    with db.atomic():
        db.execute("INSERT INTO settings (key, value) VALUES ('checkpoint test', 'x')")
    other = hold_write_lock(tmp_path / "claims.db")
    try:
        assert store.checkpoint(db) is False
    finally:
        other.rollback()
        other.close()
    assert store.checkpoint(db) is True
    frames, copied = wal_frames(db)
    assert frames > 0 and copied == frames
    db.close()


def test_the_workbench_checkpoints_every_so_many_changed_rows(tmp_path, monkeypatch):
    """With SQLite's checkpoints off, the workbench's own keep the WAL short: past CHECKPOINT_CHANGES rows
    the commit that crosses it copies the WAL back, and the next write starts it over."""
    monkeypatch.setattr(store, "CHECKPOINT_CHANGES", 100)
    db = store.connect(tmp_path / "claims.db")
    for number in range(1000):
        with db.atomic():
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [f"commit {number}", "x"])
    frames, _ = wal_frames(db)
    assert frames < 400  # started over within the last hundred or so commits
    db.close()
