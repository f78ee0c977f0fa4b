"""Fault drills: what an unlucky operator meets, on a real waitress server and real SQLite files.

* the server killed with SIGKILL in the middle of status changes: every change is either stored
  with its history row or absent, and the next start serves at once;
* claims.db made read-only while serving: writes get a clear 503, reads go on, no crash loop, and
  writes work again once the file is writable;
* the disk full during an ingest (a simulated SQLITE_FULL: ``PRAGMA max_page_count`` set just above
  the file's size, since mounting a small tmpfs needs root and a real mount): a one-line error
  naming the report, ``integrity_check`` ok, nothing previously stored lost, nothing half stored.

The server is the app under waitress (``web.bind``, as ``workbench serve`` runs it) in a subprocess
on 127.0.0.1 with the cheap HashEmbedder; every wait is bounded.
"""
from __future__ import annotations

import http.client
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import HashEmbedder
from workbench import Workbench, storing
from workbench.review import actions as review
from workbench.storage import pending, store

TESTS = Path(__file__).parent
PASSWORD = "fault drill passphrase 11"
STATUSES = ("in_review", "confirmed", "disputed", "false")
SERVER = """
import sys
sys.path.insert(0, sys.argv[1])
from conftest import HashEmbedder
from workbench.web import bind, create_app
from workbench.web.db import get_wb

app = create_app({"DATABASE": sys.argv[2], "INDEX_DIR": sys.argv[3], "EMBEDDER": HashEmbedder(),
                  "SECRET_KEY": "fault drills"})
with app.app_context():
    get_wb().index
server = bind(app, host="127.0.0.1", port=0, threads=8)
print(server.effective_port, flush=True)
server.run()
"""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """claims.db with the demo corpus and a fact-checker with an API token, built once; copied per test."""
    folder = tmp_path_factory.mktemp("faults")
    with Workbench(folder / "claims.db", folder / "indexes", embedder=HashEmbedder()) as wb:
        wb.init()
        assert all(result.ok for result in wb.load_demo())
        review.add_user(wb.db, "amina", "factchecker", PASSWORD)
        token = review.create_token(wb.db, "amina")
        hot = [row[0] for row in wb.db.execute("SELECT id FROM claims ORDER BY id LIMIT 6")]
    return {"folder": folder, "token": token, "hot": hot}


def copy_of(seeded, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(seeded["folder"] / "claims.db")
    destination = sqlite3.connect(target / "claims.db")
    source.backup(destination)
    source.close()
    destination.close()
    return target


class Server:
    """The app under waitress in a subprocess; ``kill`` is SIGKILL."""

    def __init__(self, folder: Path, token: str):
        self.token = token
        self.process = subprocess.Popen([sys.executable, "-c", SERVER, str(TESTS), str(folder / "claims.db"),
                                         str(folder / "indexes")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, cwd=TESTS.parent)
        line = self.process.stdout.readline().strip()
        assert line.isdigit(), f"the server did not start: {line} {self.process.stderr.read()[-2000:]}"
        self.port = int(line)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict | str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {"Authorization": f"Bearer {self.token}"}
            if body is not None:
                headers["Content-Type"] = "application/json"
            connection.request(method, path, json.dumps(body) if body is not None else None, headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
        finally:
            connection.close()
        is_json = text.startswith("{")
        return response.status, json.loads(text) if is_json else text

    def set_status(self, claim_id: int, status: str, note: str, expected: str):
        return self.request("POST", f"/api/claims/{claim_id}/status",
                            {"status": status, "note": note, "evidence": [], "expected": expected})

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()
        self.process.stderr.close()


def rows(db_path: Path, sql: str, params=()) -> list:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def integrity(db_path: Path) -> str:
    return rows(db_path, "PRAGMA integrity_check")[0][0]


# -- kill -9 in the middle of status changes ---------------------------------------------------------
class Reviewer(threading.Thread):
    """Changes statuses through the API until the server goes away; records what it was told and sent."""

    def __init__(self, server: Server, claims: list[int], name: str, sent: list, acked: list):
        super().__init__(daemon=True)
        self.server, self.claims, self.name, self.sent, self.acked = server, claims, name, sent, acked

    def run(self) -> None:
        rng, number = random.Random(self.name), 0
        while True:
            claim_id = rng.choice(self.claims)
            try:
                code, claim = self.server.request("GET", f"/api/claims/{claim_id}")
                status = rng.choice([s for s in STATUSES if s != claim["status"]])
                note = f"{self.name} #{number}"
                self.sent.append(note)
                code, _ = self.server.set_status(claim_id, status, note, claim["status"])
            except (OSError, http.client.HTTPException, ValueError, TypeError):
                return  # the server is gone
            if code == 200:
                self.acked.append((claim_id, status, note))
            number += 1


def assert_changes_whole(db_path: Path, hot: list[int], sent: list, acked: list) -> None:
    """Each acknowledged change stored with its history row; each claim's status is where its history
    ends (a status without its history row, or the reverse, would break this); nothing stored unsent."""
    assert integrity(db_path) == "ok"
    history = rows(db_path, "SELECT claim_id, from_status, to_status, note FROM status_history ORDER BY id")
    by_note = {note: (claim_id, to_status) for claim_id, _, to_status, note in history}
    for claim_id, status, note in acked:
        assert by_note.get(note) == (claim_id, status), f"acknowledged change lost: {note}"
    assert set(by_note) <= set(sent)
    for claim_id in hot:
        chain = [row for row in history if row[0] == claim_id]
        current = rows(db_path, "SELECT status FROM claims WHERE id = ?", [claim_id])[0][0]
        assert all(after[1] == before[2] for before, after in zip(chain, chain[1:])), f"claim {claim_id}"
        assert current == (chain[-1][2] if chain else "unverified"), f"claim {claim_id}: status without history"


def test_server_killed_mid_status_changes_keeps_each_change_whole(seeded, tmp_path):
    rng = random.Random(17)
    for trial in range(3):
        folder = copy_of(seeded, tmp_path / f"kill{trial}")
        server, sent, acked = Server(folder, seeded["token"]), [], []
        reviewers = [Reviewer(server, seeded["hot"], f"t{trial}r{n}", sent, acked) for n in range(4)]
        for reviewer in reviewers:
            reviewer.start()
        deadline = time.monotonic() + 60
        while len(acked) < 20 + 10 * trial and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.05))
        server.kill()
        for reviewer in reviewers:
            reviewer.join(timeout=60)
        assert len(acked) >= 20, "too few changes went through before the kill"
        assert_changes_whole(folder / "claims.db", seeded["hot"], sent, acked)

        again = Server(folder, seeded["token"])  # the next start serves at once
        try:
            code, claim = again.request("GET", f"/api/claims/{seeded['hot'][0]}")
            assert code == 200
            status = next(s for s in STATUSES if s != claim["status"])
            assert again.set_status(seeded["hot"][0], status, "after the restart", claim["status"])[0] == 200
        finally:
            again.stop()


# -- claims.db read-only while serving ------------------------------------------------------------------
def make_read_only(path: Path) -> None:
    """Read-only even for root (chattr +i) when running as root, else by its mode."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make {path.name} read-only for root here: {done.stderr.strip()}")


def make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o644)


def test_read_only_claims_db_while_serving_is_a_503_and_reads_go_on(seeded, tmp_path):
    folder = copy_of(seeded, tmp_path / "readonly")
    db_path, claim_id = folder / "claims.db", seeded["hot"][0]
    server = Server(folder, seeded["token"])
    try:
        assert server.set_status(claim_id, "in_review", "before", "unverified")[0] == 200
        make_read_only(db_path)
        try:
            for attempt in range(5):
                code, answer = server.set_status(claim_id, "disputed", f"while read-only {attempt}", "in_review")
                assert code == 503, answer
                assert "read-only" in answer["error"] and "\n" not in answer["error"]
                assert server.request("GET", f"/api/claims/{claim_id}")[0] == 200
                assert server.request("GET", "/api/claims?limit=5")[0] == 200
            assert server.process.poll() is None, "the server died"
        finally:
            make_writable(db_path)
        assert server.set_status(claim_id, "disputed", "writable again", "in_review")[0] == 200
    finally:
        server.stop()
    notes = [row[0] for row in rows(db_path, "SELECT note FROM status_history WHERE claim_id = ? ORDER BY id",
                                    [claim_id])]
    assert notes == ["before", "writable again"]
    assert integrity(db_path) == "ok"


# -- the disk full during an ingest ---------------------------------------------------------------------
def everything(db_path: Path) -> dict[str, list]:
    """What was stored before the drill, table by table (without the reservations in settings)."""
    tables = ("articles", "claims", "figures", "claim_frames", "embeddings", "relations", "events",
              "status_history", "users")
    found = {table: rows(db_path, f"SELECT * FROM {table} ORDER BY rowid") for table in tables}
    found["settings"] = rows(db_path, "SELECT * FROM settings WHERE key NOT LIKE 'pending_article:%' ORDER BY key")
    return found


def fill_the_disk(wb: Workbench, spare_pages: int) -> None:
    """SQLITE_FULL once claims.db grows by ``spare_pages`` pages (on this connection: the ingest's)."""
    pages = wb.db.execute("PRAGMA page_count").fetchone()[0]
    wb.db.execute(f"PRAGMA max_page_count = {pages + spare_pages}")


@pytest.mark.parametrize("paragraphs, spare_pages, chunks", [(3, 0, 0), (4 * storing.WRITE_CHUNK, 600, 2)],
                         ids=["one transaction", "in chunks"])
def test_disk_full_during_an_ingest_is_a_clear_error_and_loses_nothing(seeded, tmp_path, monkeypatch, paragraphs,
                                                                       spare_pages, chunks):
    """A small report fails in its one transaction; a big one after ``chunks`` of its transactions have
    committed (under a reservation), so the drill also covers taking those back out."""
    folder = copy_of(seeded, tmp_path / "full")
    db_path = folder / "claims.db"
    before = everything(db_path)
    committed, insert_claims = [], store.insert_claims
    monkeypatch.setattr(store, "insert_claims", lambda *args: committed.append(1) or insert_claims(*args))
    report = "\n\n".join(f"The hospital said {10 + n} wounded people had been admitted after the attack on "
                         f"Bamako's airport, a doctor said." for n in range(paragraphs))
    with Workbench(db_path, folder / "indexes", embedder=HashEmbedder()) as wb:
        fill_the_disk(wb, spare_pages)
        with pytest.raises(store.StoreError) as raised:
            wb.ingest_text(report, outlet="Sahel Wire", published="2024-09-18", source="full.txt")
    message = str(raised.value)
    assert message.startswith("full.txt not stored: the disk is full") and "\n" not in message
    assert len(committed) > chunks or not chunks  # that many chunks had committed before one failed
    assert integrity(db_path) == "ok"

    with Workbench(db_path, folder / "indexes", embedder=HashEmbedder()) as wb:
        wb.init()  # the next open cleans up whatever a failed clean-up left under a reservation
        assert pending.reservations(wb.db) == {}
        assert everything(db_path) == before, "something stored before the drill changed"
        result = wb.ingest_text(report, outlet="Sahel Wire", published="2024-09-18", source="full.txt")
        assert result.status == "added" and result.claims == paragraphs
    assert integrity(db_path) == "ok"
