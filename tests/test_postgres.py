"""PostgreSQL as the shared claims store: what only a server database has to get right — queries in its
spelling, one stale-status rule under real row locks, a change counter any server can read, sessions
several web servers share, ``migrate-db`` both ways — on a real throw-away server (tests/postgres.py).
The rest of the storage, review and search suite runs on both backends (``BOTH_BACKENDS``)."""
from __future__ import annotations

import re
import threading
import time

import psycopg
import pytest

from conftest import HashEmbedder, another_connection
from workbench import Workbench
from workbench.cli import cli
from workbench.review import actions as review
from workbench.storage import store, transfer
from workbench.storage.postgres import display_url, to_postgres
from workbench.web import create_app

PASSWORD = "postgres test passphrase 7"


@pytest.fixture
def pg_url(pg_cluster):
    from workbench.storage.postgres import close_pools

    url = pg_cluster.create_database()
    yield url
    close_pools()
    pg_cluster.drop_database(url)


@pytest.fixture
def pg_wb(pg_url, tmp_path):
    with Workbench(pg_url, tmp_path / "indexes", embedder=HashEmbedder()) as workbench:
        workbench.init()
        assert all(result.ok for result in workbench.load_demo())
        review.add_user(workbench.db, "amina", "factchecker", PASSWORD)
        review.add_user(workbench.db, "ed", "editor", PASSWORD)
        yield workbench


def test_queries_are_spelled_for_postgres_and_literals_are_left_alone():
    assert to_postgres("SELECT id FROM claims WHERE text = '?' AND id = ? AND x LIKE '5%'") == \
        "SELECT id FROM claims WHERE text = '?' AND id = %s AND x LIKE '5%%'"
    assert to_postgres("SELECT CAST(value AS INTEGER) FROM json_each(?)") == \
        "SELECT CAST(value AS INTEGER) FROM json_array_elements_text(%s)"
    assert to_postgres("SELECT a FROM t INDEXED BY idx_t WHERE +model = ?") == "SELECT a FROM t WHERE model = %s"
    assert to_postgres("SELECT :id, x::text", named=True) == "SELECT %(id)s, x::text"
    assert display_url("postgresql://desk:s3cret@db.example/claims") == "postgresql://desk:***@db.example/claims"


def test_an_unreachable_server_is_a_one_line_store_error(tmp_path):
    with pytest.raises(store.StoreError, match=r"^postgresql:///claims\?host=/nonexistent.*cannot connect to "
                                               r"PostgreSQL \(") as raised:
        Workbench("postgresql:///claims?host=/nonexistent&port=1", tmp_path / "indexes").init()
    assert "\n" not in str(raised.value)


def test_a_status_decided_meanwhile_on_another_server_is_stale_not_overwritten(pg_wb, pg_url):
    """Another server's transaction has changed the status but not committed: our change waits for its
    row lock, then sees the new status and refuses (409), where a plain read would have let it overwrite."""
    claim_id, user = pg_wb.claims()[0]["id"], review.get_user(pg_wb.db, "amina")
    other = psycopg.connect(pg_url)
    other.execute("UPDATE claims SET status = 'disputed' WHERE id = %s", [claim_id])
    outcome = {}

    def decide():
        with Workbench(pg_url, pg_wb.index_dir, embedder=HashEmbedder()) as ours:
            try:
                ours.set_status(claim_id, "confirmed", "two sources", user, expected="unverified")
            except review.StaleStatus as error:
                outcome["stale"] = str(error)

    thread = threading.Thread(target=decide)
    thread.start()
    thread.join(0.5)
    assert thread.is_alive(), "the change did not wait for the other server's row lock"
    other.commit()
    other.close()
    thread.join(30)
    assert "now 'disputed'" in outcome.get("stale", "")
    assert pg_wb.claim(claim_id)["status"] == "disputed"
    assert review.history(pg_wb.db, claim_id) == []


def test_the_change_counter_moves_when_another_writer_commits_not_before(pg_wb, pg_url):
    before = store.data_version(pg_wb.db)
    other = psycopg.connect(pg_url)
    other.execute("DELETE FROM embeddings WHERE claim_id = (SELECT min(claim_id) FROM embeddings)")
    assert store.data_version(pg_wb.db) == before  # not committed: nothing to see yet
    other.commit()
    other.close()
    assert store.data_version(pg_wb.db) > before
    assert pg_wb.search("airport", k=3)  # the index notices and repairs itself
    assert pg_wb.index_check() == []


def test_two_web_servers_share_sessions_csrf_and_claims(pg_wb, pg_url, tmp_path):
    """Behind a load balancer a browser's requests land on either server: a session signed by one is
    valid on the other (the key lives in the database), and each sees what the other stored."""
    servers = [create_app({"TESTING": True, "DATABASE": pg_url, "INDEX_DIR": str(tmp_path / f"indexes-{n}"),
                           "EMBEDDER": HashEmbedder()}) for n in (1, 2)]
    assert servers[0].config["SECRET_KEY"] == servers[1].config["SECRET_KEY"]
    first, second = (server.test_client() for server in servers)
    page = first.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert first.post("/login", data={"name": "amina", "password": PASSWORD, "csrf_token": token}).status_code == 302
    cookie = first.get_cookie("session")
    second.set_cookie("session", cookie.value)
    claim_id = pg_wb.claims()[0]["id"]
    form = second.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "amina" in form
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert second.post(f"/claims/{claim_id}/status", data={"status": "disputed", "note": "army denies it",
                                                            "evidence": "", "expected": "unverified"}
                       ).status_code == 400  # no CSRF token: refused on either server
    done = second.post(f"/claims/{claim_id}/status", data={"status": "disputed", "note": "army denies it",
                                                            "evidence": "", "expected": "unverified",
                                                            "csrf_token": csrf})
    assert done.status_code == 302
    stale_form = first.get(f"/claims/{claim_id}").get_data(as_text=True)
    again = first.post(f"/claims/{claim_id}/status", data={
        "status": "confirmed", "note": "stale form", "evidence": "", "expected": "unverified",
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', stale_form).group(1)})
    assert again.status_code == 409
    assert "disputed" in first.get(f"/claims/{claim_id}").get_data(as_text=True)


def test_migrate_db_copies_sqlite_into_postgres_and_back_verified_and_resumes(tmp_path, pg_url, pg_cluster,
                                                                             monkeypatch):
    source = tmp_path / "claims.db"
    with Workbench(source, tmp_path / "indexes", embedder=HashEmbedder()) as workbench:
        workbench.init()
        assert all(result.ok for result in workbench.load_demo())
        user = review.add_user(workbench.db, "ed", "editor", PASSWORD)
        claim = workbench.claims()[3]
        workbench.set_status(claim["id"], "disputed", "the army denies it", user, expected="unverified")
        review.add_flag(workbench.db, claim["id"], "needs_second_source", user, "one source")
        claims_before = workbench.claims()
    # a copy that stops half way (a lost connection), then is run again
    monkeypatch.setattr(transfer, "COPY_CHUNK", 50)
    real_chunk, calls = transfer._chunk, {"n": 0}

    def failing_chunk(*args):
        calls["n"] += 1
        if calls["n"] == 6:
            raise store.StoreError("connection lost (simulated)")
        return real_chunk(*args)

    monkeypatch.setattr(transfer, "_chunk", failing_chunk)
    with pytest.raises(store.StoreError, match="simulated"):
        transfer.migrate_db(source, pg_url)
    monkeypatch.setattr(transfer, "_chunk", real_chunk)
    report = transfer.migrate_db(source, pg_url)
    assert report["claims"]["rows"] == len(claims_before) and report["status_history"]["rows"] == 1
    with Workbench(pg_url, tmp_path / "indexes", embedder=HashEmbedder()) as on_server:
        assert on_server.claims() == claims_before
        assert on_server.index_check() == []  # same ids, same vectors, same identity: the index still fits
        later = on_server.ingest_text("Gunmen attacked the airport of Bamako on Tuesday, the army said.",
                                      outlet="Sahel Wire", published="2024-09-18")
        assert later.status == "added" and min(later.claim_ids) > max(c["id"] for c in claims_before)
    back = tmp_path / "back.db"
    result = transfer.migrate_db(pg_url, back)
    assert result["claims"]["rows"] == len(claims_before) + len(later.claim_ids)
    with another_connection(back) as db:
        assert db.execute("SELECT count(*) FROM flags").fetchone()[0] == 1


def test_migrate_db_from_the_command_line_and_a_bad_destination(tmp_path, pg_url, runner):
    source = tmp_path / "claims.db"
    with Workbench(source, tmp_path / "indexes", embedder=HashEmbedder()) as workbench:
        workbench.init()
        workbench.ingest_text("At least 70 people were killed in Bamako, the army said.", outlet="Sahel Wire",
                              published="2024-09-17")
    result = runner.invoke(cli, ["migrate-db", str(source), pg_url])
    assert result.exit_code == 0, result.output
    assert "copied and verified 13 tables" in result.output and "1 articles" in result.output
    bad = runner.invoke(cli, ["migrate-db", str(source), "postgresql:///nowhere?host=/nonexistent&port=1"])
    assert bad.exit_code != 0 and "cannot connect to PostgreSQL" in bad.output
    assert len([line for line in bad.output.splitlines() if line.startswith("Error")]) == 1


def test_backups_of_a_server_database_point_to_pg_dump(pg_wb, tmp_path):
    with pytest.raises(Exception, match="pg_dump"):
        pg_wb.backup(tmp_path / "backup")


def test_every_page_and_export_serves_from_postgres(pg_wb, pg_url, tmp_path):
    """No face knows which engine it talks to: each page, export and API list answers 200 on PostgreSQL."""
    review.add_user(pg_wb.db, "root", "admin", PASSWORD)
    app = create_app({"TESTING": True, "DATABASE": pg_url, "INDEX_DIR": str(tmp_path / "indexes"),
                      "EMBEDDER": HashEmbedder(), "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    assert client.post("/login", data={"name": "root", "password": PASSWORD}).status_code == 302
    claim = pg_wb.claims()[0]
    event_id = pg_wb.db.execute("SELECT min(id) FROM events").fetchone()[0]
    pages = ["/", "/?attention=1", "/queue", "/queue?attention=1", "/queue.csv", "/articles",
             f"/articles/{claim['article_id']}", f"/claims/{claim['id']}", "/events", f"/events/{event_id}",
             "/search?q=airport", "/search?q=combien+de+morts", "/ingest", "/users", "/exports/",
             "/exports/claims.csv", "/exports/claims.jsonl",
             "/api/claims?limit=5", f"/api/claims/{claim['id']}", f"/api/claims/{claim['id']}/similar",
             "/api/search?q=airport"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code, response.get_data(as_text=True)[:300])
    stored = client.post("/ingest", data={"text": "Gunmen attacked the airport of Bamako on Tuesday, the army said.",
                                          "outlet": "Sahel Wire", "published": "2024-09-18"})
    assert stored.status_code in (200, 302)
    assert pg_wb.stats()["articles"] == len(pg_wb.articles()) and len(pg_wb.articles()) > 13


def test_no_status_change_is_lost_with_two_servers_and_an_ingest_writing_at_once(pg_wb, pg_url, tmp_path):
    """Two web servers change statuses (each on its own claims, then both on shared ones) while a third
    process ingests: every change a server acknowledged is in the history, exactly once, and the ones
    it refused as stale were decided by the other server."""
    from workbench.web import create_app

    review.add_user(pg_wb.db, "root", "admin", PASSWORD)
    claims = [claim["id"] for claim in pg_wb.claims()[:24]]
    servers = [create_app({"TESTING": True, "DATABASE": pg_url, "INDEX_DIR": str(tmp_path / f"indexes-{n}"),
                           "EMBEDDER": HashEmbedder(), "WTF_CSRF_ENABLED": False}) for n in (1, 2)]
    acknowledged, refused, errors = [], [], []

    def decide(server, mine: list[int], status: str):
        client = server.test_client()
        client.post("/login", data={"name": "root", "password": PASSWORD})
        for claim_id in mine:
            response = client.post(f"/claims/{claim_id}/status", data={
                "status": status, "note": f"{status} by {server.name}", "evidence": "", "expected": "unverified"})
            (acknowledged if response.status_code == 302 else refused if response.status_code == 409
             else errors).append((claim_id, status, response.status_code))

    def ingest():
        with Workbench(pg_url, tmp_path / "indexes-ingest", embedder=HashEmbedder()) as other:
            for number in range(6):
                other.ingest_text(f"Gunmen attacked the airport of Bamako on Tuesday, killing {20 + number} "
                                  f"people, the army said.\n\nWitnesses said {number + 3} trucks burned.",
                                  outlet=f"Wire {number}", published="2024-09-18")

    shared = claims[16:]
    workers = [threading.Thread(target=decide, args=(servers[0], claims[:8] + shared, "disputed")),
               threading.Thread(target=decide, args=(servers[1], claims[8:16] + shared, "confirmed")),
               threading.Thread(target=ingest)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert errors == [] and not any(worker.is_alive() for worker in workers)
    assert len(acknowledged) == 16 + len(shared) and len(refused) == len(shared)
    for claim_id, status, _ in acknowledged:
        assert [entry["to_status"] for entry in review.history(pg_wb.db, claim_id)] == [status]
        assert pg_wb.claim(claim_id)["status"] == status
    assert pg_wb.stats()["articles"] == 13 + 6


def _raw(url: str):
    """A plain connection, as a reader on another machine: no workbench open (which would clean up)."""
    return psycopg.connect(url, autocommit=True)


def _half_stored(url: str) -> int | None:
    """Claims stored so far under a reservation (an article being stored over several transactions)."""
    try:
        with _raw(url) as db:
            keys = db.execute("SELECT key FROM settings WHERE key LIKE 'pending_article:%'").fetchall()
            return db.execute("SELECT count(*) FROM claims WHERE article_id = %s",
                              [int(keys[0][0].split(":")[1])]).fetchone()[0] if keys else None
    except psycopg.Error:
        return None  # the schema is still being made


def _whole_articles(url: str, expected: dict) -> int:
    """Every visible article has all its claims, figures and vectors; claims outside an article are only
    those of a live reservation.  Returns how many articles are stored."""
    with _raw(url) as db:
        rows = db.execute("""SELECT a.content_hash, (SELECT count(*) FROM claims c WHERE c.article_id = a.id),
            (SELECT count(*) FROM figures f JOIN claims c ON c.id = f.claim_id WHERE c.article_id = a.id),
            (SELECT count(*) FROM embeddings e JOIN claims c ON c.id = e.claim_id WHERE c.article_id = a.id)
            FROM articles a""").fetchall()
        reserved = {int(key.split(":")[1]) for (key,) in db.execute(
            "SELECT key FROM settings WHERE key LIKE 'pending_article:%'").fetchall()}
        orphans = {row[0] for row in db.execute(
            "SELECT DISTINCT article_id FROM claims WHERE article_id NOT IN (SELECT id FROM articles)").fetchall()}
    for content_hash, claims, figures, vectors in rows:
        want = expected[content_hash]
        assert (claims, figures, vectors) == (want["claims"], want["figures"], want["claims"])
    assert orphans <= reserved, "claims without an article and without a reservation"
    return len(rows)


def test_a_big_report_killed_mid_ingest_is_whole_or_absent_on_postgres(tmp_path, pg_cluster):
    """SIGKILL while a big report is half stored (its claims committed under a reserved id): other
    connections never see a part of it, the next open removes it, and a re-run stores everything whole."""
    from test_crash import expected_rows, kill, reopen_and_repair, start, write_big_report
    from workbench.storage.postgres import close_pools
    from workbench.storing import WRITE_CHUNK

    folder = write_big_report(tmp_path / "reports", 3 * WRITE_CHUNK + 10)
    expected, mid_article = expected_rows(folder), 0
    for trial, target in enumerate((WRITE_CHUNK // 2, WRITE_CHUNK + 5, 2 * WRITE_CHUNK + 5)):
        url, index_dir = pg_cluster.create_database(), tmp_path / f"p{trial}" / "indexes"
        process = start("ingest", url, index_dir, str(folder))
        assert process.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 120
        while process.poll() is None and (_half_stored(url) or -1) < target and time.monotonic() < deadline:
            time.sleep(0.002)
        mid_article += kill(process) and _half_stored(url) is not None
        _whole_articles(url, expected)
        with reopen_and_repair(url, index_dir) as workbench:  # the open removes the half-stored report
            assert _half_stored(url) is None
            results = workbench.ingest([folder])
            assert [result.message for result in results if result.status == "error"] == []
            assert workbench.index_check() == []
        assert _whole_articles(url, expected) == len(expected)
        close_pools()
        pg_cluster.drop_database(url)
    assert mid_article >= 2, "most kills must land while the big report is half stored"
