"""The web UI under load while a batch ingest and a batch search share its claims.db.

    .venv/bin/python bench/concurrency.py [--articles 2000] [--threads 8]

The scenario (also run by tests/test_concurrency.py with a cheap stand-in model):
waitress serves the app in its own process; fact-checkers, editors and a reader,
each a logged-in keep-alive client thread, hammer claim pages, search, the queue
and the dashboard and post status changes (with the status the page showed, so
two people changing one claim at once collide), flags, flag resolutions and
relations, every form with its CSRF token; meanwhile one process ingests
``--articles`` unique copies of the demo corpus (``bench/ingest.py``'s
``replicate``, written as JSONL files and ingested as a folder, as
``workbench ingest reports/`` does) and another runs batch searches over and over
(a fresh Workbench each round, as repeated ``workbench batch-search`` runs would).

Afterwards ``verify`` checks what a newsroom would notice: no response was a 500,
a 503 or mentioned a locked database; every status change that was answered with
success is in claims.db and status_history, and each claim's history is an
unbroken chain (no change overwrote one it had not seen); every 409 said why;
each flag was resolved at most once; ``workbench index check`` passes; the
article count is the seed plus every ingested copy.

The benchmark uses the real model in every process and prints requests served,
errors, p50/p99 per kind of request, and ingest throughput under load against the
same ingest alone (measured first, in the same run, on a fresh copy of the seed).

``--scenario upload`` measures what issue 17 was about: a fact-checker and an editor
keep changing statuses and flagging claims through the web UI, first for
``--baseline-s`` seconds with nothing else going on, then while a third person
uploads the largest file the UI accepts (``--upload-mb``, 10 MB: report paragraphs,
each sentence made unique so that every one is a claim) through ``/ingest`` on the
same server.  It prints p50 / p99 / max of those reviewer writes (the POST alone)
in both phases and their ratios to the baseline, and how many took over 2 s, failed
or mentioned a lock; the target is every reviewer write committed within 2 s.
``--cheap-model`` runs every process with the test suite's hashed bag-of-words
stand-in instead of the real model (the write lock is the same; the run is minutes
shorter); ``--scenario all`` (the default) runs both scenarios.

    .venv/bin/python bench/concurrency.py --scenario upload [--upload-mb 10] [--baseline-s 30] [--cheap-model]

``--backends sqlite,postgresql`` runs the batch scenario on both stores in one run
(issue 18): as above on claims.db, then on a throw-away PostgreSQL server
(tests/postgres.py) holding a copy of the same seed (``migrate_db``), served by two
waitress processes with the people dealt round-robin over them, the ingest and the
batch search in their own processes; every process has its own copy of the index
folder, as servers on separate machines would.  The same checks run against each
backend (on PostgreSQL through ``store.connect``), and a last table gives the
PostgreSQL / SQLite ratios of req/s and p99 per kind of request and of the ingest
rate.  The upload scenario stays on SQLite.

    .venv/bin/python bench/concurrency.py --scenario batch --articles 200 --backends sqlite,postgresql
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
from common import (BACKENDS, SERVERS, backends, fnum, fx, latency, load_model, log, postgres_copy,  # noqa: E402
                    print_table, ratio, start_postgres, stop_postgres)
from web import Client, start_servers, stop_servers  # noqa: E402  (bench/web.py)

from workbench import Workbench
from workbench.review import actions as review  # noqa: E402
from workbench.storage import store  # noqa: E402
from workbench.storage.postgres import is_postgres  # noqa: E402

PASSWORD = "concurrency password 1"
USERS = {"checker-1": "factchecker", "checker-2": "factchecker", "checker-3": "factchecker",
         "editor-1": "editor", "editor-2": "editor", "reader": "viewer"}
HOT_CLAIMS = 4  # claims every fact-checker and editor works on, so their changes collide
THINK_S = (0.0, 0.2)  # a person's pause between two actions (uniform)
SEARCH_PAUSE_S = 0.5  # between two batch-search runs
ARTICLES_PER_FILE = 100  # JSONL files stay far below the 10 MB per-file limit
QUERIES = ["death toll in the Bamako attack", "who controls the military airport", "JNIM claimed responsibility",
           "gendarmerie school attacked at dawn", "M23 rebels entered Goma", "soldiers killed in the attack",
           "people wounded taken to hospital", "the army says the situation is under control",
           "fighters held parts of the airport", "curfew imposed in the city", "residents fled the fighting",
           "the government denies the figures", "more than 70 dead", "Goma airport closed", "a security source said"]
LOCKED = ("database is locked", "still locked", "in use by another process")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_EXPECTED = re.compile(r'id="status-form".*?name="expected" value="([^"]*)"', re.S)
_CLAIM_LINK = re.compile(r'href="/claims/(\d+)"')
_RESOLVE = re.compile(r'action="/claims/(\d+)/flags/(\d+)/resolve"')
_RELATION = re.compile(r'name="other" value="(\d+)">\s*<input type="hidden" name="label" value="(\w+)"')


# -- the database, the reports to ingest ------------------------------------------------------
def seed(folder: Path, embedder) -> dict:
    """claims.db with the demo corpus and one account per USERS entry; what the scenario needs of it."""
    folder.mkdir(parents=True, exist_ok=True)
    with Workbench(folder / "claims.db", folder / "indexes", embedder=embedder) as wb:
        wb.init()
        assert all(result.ok for result in wb.load_demo())
        for name, role in USERS.items():
            review.add_user(wb.db, name, role, PASSWORD)
        hot = [row[0] for row in wb.db.execute("SELECT id FROM claims ORDER BY checkworthiness DESC, id LIMIT ?",
                                               [HOT_CLAIMS])]
        info = {"articles": wb.stats()["articles"], "claims": wb.stats()["claims"], "hot": hot,
                "top_claim": wb.db.execute("SELECT max(id) FROM claims").fetchone()[0]}
    (folder / "seed.json").write_text(json.dumps(info))
    return info


def write_reports(folder: Path, count: int) -> Path:
    """``count`` unique copies of the demo corpus as JSONL files (one report per line) in ``folder``."""
    from ingest import demo_inputs, replicate  # bench/ingest.py

    folder.mkdir(parents=True, exist_ok=True)
    items = replicate(demo_inputs(), count)
    for start in range(0, count, ARTICLES_PER_FILE):
        with open(folder / f"reports-{start // ARTICLES_PER_FILE:03d}.jsonl", "w", encoding="utf-8") as out:
            for item in items[start:start + ARTICLES_PER_FILE]:
                out.write(json.dumps({"text": item.text, **item.metadata}, ensure_ascii=False) + "\n")
    return folder


# -- the processes besides the servers (spawned: each its own interpreter, as in production) ------
def _model(embedder):
    return embedder if embedder is not None else load_model()


def ingest_worker(db: str, index_dir: str, embedder, reports: str, report_path: str) -> None:
    """Ingest the folder of reports through the Python API; write what happened and how fast."""
    counts, problems, claims, notices = Counter(), [], 0, []
    with Workbench(db, index_dir, embedder=_model(embedder), log=notices.append) as wb:
        wb.index  # model loaded and index opened before the clock starts
        started = time.perf_counter()
        try:
            for result in wb.iter_ingest([reports]):
                counts[result.status] += 1
                claims += result.claims
                if result.status != "added":
                    problems.append(result.message)
        except Exception as error:  # noqa: BLE001 - the report says what stopped the ingest
            problems.append(f"ingest stopped: {type(error).__name__}: {error}")
        seconds = time.perf_counter() - started
    Path(report_path).write_text(json.dumps({"counts": counts, "problems": problems[:20], "seconds": seconds,
                                             "claims": claims, "repairs": _repairs(notices)}))


def _repairs(notices: list[str]) -> dict:
    """How often this process found the index on disk unusable or behind claims.db and repaired it."""
    kinds = ("corrupt" if "corrupt" in notice else "stale" if "stale" in notice else notice[:40]
             for notice in notices if notice.startswith("index"))
    return dict(Counter(kinds))


def search_worker(db: str, index_dir: str, embedder, stop, report_path: str) -> None:
    """Batch-search QUERIES again and again until ``stop``, a fresh Workbench (and index load) per round."""
    embedder, rounds, empty, problems, seconds, notices = _model(embedder), 0, 0, [], [], []
    while not stop.wait(SEARCH_PAUSE_S):
        started = time.perf_counter()
        try:
            with Workbench(db, index_dir, embedder=embedder, log=notices.append) as wb:
                rows = list(wb.batch_search(QUERIES, k=10))
        except Exception as error:  # noqa: BLE001 - every failure is counted and shown
            problems.append(f"{type(error).__name__}: {error}")
            time.sleep(0.2)
            continue
        seconds.append(time.perf_counter() - started)
        rounds += 1
        empty += sum(not row["results"] for row in rows)
    Path(report_path).write_text(json.dumps({"rounds": rounds, "queries": rounds * len(QUERIES), "empty": empty,
                                             "problems": problems[:20], "seconds": seconds,
                                             "repairs": _repairs(notices)}))


# -- the people at the web UI -------------------------------------------------------------------
@dataclass
class Tally:
    """Everything the clients saw, shared between their threads."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: list = field(default_factory=list)  # (kind, seconds, status)
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # status changes answered with success
    refusals: list = field(default_factory=list)  # status changes answered 409
    flags: list = field(default_factory=list)  # (claim, user, note)
    resolved: list = field(default_factory=list)  # (flag, user): "Flag resolved."
    already: list = field(default_factory=list)  # (flag, user): "was already resolved"
    relations: list = field(default_factory=list)  # (claim, other, label, user)

    def add(self, name: str, item) -> None:
        with self.lock:
            getattr(self, name).append(item)


class Person:
    """One logged-in user clicking through the UI: every request is timed and judged."""

    def __init__(self, port: int, name: str, tally: Tally, seen: dict, rng: random.Random):
        self.client, self.name, self.tally, self.seen, self.rng = Client(port), name, tally, seen, rng
        self.client.login(name, PASSWORD)
        self.counter = 0

    def call(self, kind: str, method: str, path: str, form: dict | None = None, allowed=(200,)):
        """(status, page) of one request; anything but ``allowed``, or a page about a lock, is an error."""
        started = time.perf_counter()
        try:
            status, page = self.client.request(method, path, urlencode(form) if form is not None else None)
        except Exception as error:  # noqa: BLE001 - a dropped connection is an error a user would see
            self.client.reconnect()
            status, page = 0, f"{type(error).__name__}: {error}"
        self.tally.add("timings", (kind, time.perf_counter() - started, status))
        if status not in allowed or any(words in page for words in LOCKED):
            self.tally.add("errors", f"{self.name} {method} {path} -> {status}: {_gist(page)}")
            return None, page
        return status, page

    def note(self, what: str) -> str:
        self.counter += 1
        return f"{what} by {self.name}, #{self.counter}"

    def some_claim(self) -> int:
        return self.rng.choice(self.seen["claims"])

    def search(self) -> None:
        status, page = self.call("search", "GET", f"/search?q={quote(self.rng.choice(QUERIES))}")
        if status and len(self.seen["claims"]) < 5000:  # claims the ingest added, as search finds them
            self.seen["claims"].extend(int(i) for i in _CLAIM_LINK.findall(page)[:5])

    def change_status(self) -> None:
        claim = self.rng.choice(self.seen["hot"])
        status, page = self.call("claim page", "GET", f"/claims/{claim}")
        if not status:
            return
        shown = _EXPECTED.search(page).group(1)
        time.sleep(self.rng.uniform(0, 0.3))  # reading the claim before deciding
        choice = self.rng.choice([s for s in ("in_review", "confirmed", "disputed", "false") if s != shown])
        note = self.note("status")
        status, page = self.call("status change", "POST", f"/claims/{claim}/status",
                                 {"csrf_token": _csrf(page), "status": choice, "note": note, "evidence": "",
                                  "expected": shown}, allowed=(302, 409))
        change = {"claim": claim, "from": shown, "to": choice, "note": note, "user": self.name}
        if status == 302 and self.client.location == f"/claims/{claim}":
            self.tally.add("changes", change)
        elif status == 409 and "changed by someone else since you loaded it" in page and note in page:
            self.tally.add("refusals", change)
        elif status:
            self.tally.add("errors", f"{self.name}: status change answered {status} without saying why: "
                                     f"{self.client.location or _gist(page)}")

    def relate(self) -> None:
        claim = self.some_claim()
        status, page = self.call("claim page", "GET", f"/claims/{claim}")
        found = _RELATION.search(page or "")
        if status and found:
            other, label = found.groups()
            if self.call("relation", "POST", f"/claims/{claim}/relations",
                         {"csrf_token": _csrf(page), "other": other, "label": label}, allowed=(302,))[0]:
                self.tally.add("relations", (claim, int(other), label, self.name))

    def flag(self) -> None:
        self.call("queue", "GET", "/queue")
        claim = self.rng.choice(self.seen["hot"])
        status, page = self.call("claim page", "GET", f"/claims/{claim}")
        if status:
            note = self.note("flag")
            reason = self.rng.choice(review.FLAG_REASONS)
            if self.call("flag", "POST", f"/claims/{claim}/flags",
                         {"csrf_token": _csrf(page), "reason": reason, "note": note}, allowed=(302,))[0]:
                self.tally.add("flags", (claim, self.name, note))

    def resolve(self) -> None:
        claim = self.rng.choice(self.seen["hot"])
        status, page = self.call("claim page", "GET", f"/claims/{claim}")
        actions = _RESOLVE.findall(page or "")
        if not (status and actions):
            return
        time.sleep(self.rng.uniform(0, 0.2))
        flag_id = int(self.rng.choice(actions)[1])
        if not self.call("resolve", "POST", f"/claims/{claim}/flags/{flag_id}/resolve",
                         {"csrf_token": _csrf(page)}, allowed=(302,))[0]:
            return
        status, page = self.call("claim page", "GET", f"/claims/{claim}")  # the redirect, with its message
        if status and "Flag resolved." in page:
            self.tally.add("resolved", (flag_id, self.name))
        elif status and f"flag {flag_id} was already resolved" in page:
            self.tally.add("already", (flag_id, self.name))
        elif status:
            self.tally.add("errors", f"{self.name}: resolving flag {flag_id} said neither done nor refused")

    def browse(self) -> None:
        path = self.rng.choice(["/", "/articles", "/events", f"/claims/{self.some_claim()}"])
        self.call("claim page" if path.startswith("/claims/") else "other page", "GET", path)

    def work(self, stop: threading.Event) -> None:
        role = USERS[self.name]
        actions = {"factchecker": [self.change_status, self.change_status, self.search, self.browse, self.relate],
                   "editor": [self.flag, self.resolve, self.search, self.browse],
                   "viewer": [self.search, self.browse]}[role]
        while not stop.wait(self.rng.uniform(*THINK_S)):
            action = self.rng.choice(actions)
            try:
                action()
            except Exception as error:  # noqa: BLE001 - e.g. a page without the form it should have
                self.tally.add("errors", f"{self.name}: {action.__name__} failed: {type(error).__name__}: {error}")
        self.client.connection.close()


def _csrf(page: str) -> str:
    return _CSRF.search(page).group(1)


def _gist(page: str) -> str:
    """An error page's title and message (or the start of whatever came back)."""
    text = re.sub(r"<[^>]+>|\s+", " ", re.sub(r"(?s)<head>.*?</head>|<nav.*?</nav>", "", page or ""))
    return text.strip()[:200]


# -- the run ----------------------------------------------------------------------------------
def run(folder: Path, reports: Path, embedder=None, threads: int = 8, database: str | None = None,
        servers: int = 1) -> dict:
    """The scenario over ``folder`` (seeded): returns the tally, the two processes' reports, the load.

    ``database`` (default: ``folder``'s claims.db) may be a PostgreSQL copy of the seed; ``servers``
    waitress processes share it, the people dealt round-robin over them."""
    info = json.loads((folder / "seed.json").read_text())
    spawn = multiprocessing.get_context("spawn")
    db = database or str(folder / "claims.db")
    index = _index_folders(folder, db, [f"server-{number}" for number in range(servers)] + ["search", "ingest"])
    processes, ports = start_servers(db, [index[f"server-{number}"] for number in range(servers)], embedder, threads)
    try:
        tally, stop = Tally(), threading.Event()
        seen = {"hot": info["hot"], "claims": list(range(1, info["top_claim"] + 1))}
        people = [Person(ports[number % len(ports)], name, tally, seen, random.Random(number))
                  for number, name in enumerate(USERS)]
        search_stop = spawn.Event()
        searcher = spawn.Process(target=search_worker, args=(db, index["search"], embedder, search_stop,
                                                              str(folder / "search.json")))
        searcher.start()
        clients = [threading.Thread(target=person.work, args=(stop,)) for person in people]
        for thread in clients:
            thread.start()
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        ingest = spawn.Process(target=ingest_worker, args=(db, index["ingest"], embedder, str(reports),
                                                            str(folder / "ingest.json")))
        ingest.start()
        ingest.join()
        wall, load_after = time.perf_counter() - started, os.getloadavg()[0]
        stop.set()
        search_stop.set()
        for thread in clients:
            thread.join()
        searcher.join(timeout=300)
    finally:
        stop_servers(processes)
    return {"tally": tally, "wall": wall, "load": (load_before, load_after), "ingest_exit": ingest.exitcode,
            "search_exit": searcher.exitcode, "ingest": _report(folder / "ingest.json"),
            "search": _report(folder / "search.json"), "database": db, "index_dir": index["ingest"],
            "servers": len(ports)}


def _index_folders(folder: Path, db: str, names: list[str]) -> dict[str, str]:
    """Each process's index folder: on SQLite the seed's, shared, as processes on one machine share it; on
    PostgreSQL a copy each, as servers on separate machines in front of one database would have."""
    if not is_postgres(db):
        return {name: str(folder / "indexes") for name in names}
    return {name: str(shutil.copytree(folder / "indexes", folder / f"indexes-{name}")) for name in names}


def _report(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {"problems": [f"{path.name} was never written"]}




# -- what must hold afterwards ------------------------------------------------------------------
def verify(folder: Path, outcome: dict, articles: int, model: str) -> list[str]:
    """Every way the run let a user down, one line each (empty: nothing lost, nothing locked)."""
    tally, info = outcome["tally"], json.loads((folder / "seed.json").read_text())
    problems = [f"web: {error}" for error in tally.errors[:20]]
    problems += process_problems(outcome, articles)
    db = open_for_checks(outcome["database"])
    try:
        stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        if stored != info["articles"] + articles:
            problems.append(f"{stored} articles stored, expected {info['articles']} + {articles}")
        problems += lost_status_changes(db, tally, info["hot"])
        problems += lost_flags(db, tally)
        problems += lost_relations(db, tally)
    finally:
        db.close()
    check = index_check(folder, model, outcome["database"], outcome["index_dir"])
    if check.returncode != 0:
        problems.append(f"workbench index check exited {check.returncode}: {check.stderr.strip()}")
    return problems


def open_for_checks(database: str):
    """sqlite3 straight on claims.db (no migration or recovery touches what is checked), or the store's
    connection to PostgreSQL: both take ``?`` placeholders, give tuples and ``close()``."""
    if is_postgres(database):
        return store.connect(database, migrate=False)
    import sqlite3

    return sqlite3.connect(database)


def process_problems(outcome: dict, articles: int) -> list[str]:
    ingest, search = outcome["ingest"], outcome["search"]
    problems = [f"ingest: {problem}" for problem in ingest["problems"]]
    problems += [f"batch search: {problem}" for problem in search["problems"]]
    if outcome["ingest_exit"] != 0 or outcome["search_exit"] != 0:
        problems.append(f"exit codes: ingest {outcome['ingest_exit']}, batch search {outcome['search_exit']}")
    if ingest.get("counts", {}).get("added") != articles:
        problems.append(f"ingest added {ingest.get('counts')} of {articles} reports")
    if search.get("empty"):
        problems.append(f"batch search: {search['empty']} queries came back with no result")
    if not search.get("rounds"):
        problems.append("batch search never completed a round")
    return problems


def lost_status_changes(db, tally: Tally, hot: list[int]) -> list[str]:
    """Each acknowledged change is in status_history; each claim's history is an unbroken chain ending in
    its current status (a change that overwrote one it had not seen would break the chain)."""
    problems = []
    rows = db.execute("""SELECT h.claim_id, h.from_status, h.to_status, h.note, u.name FROM status_history h
                         JOIN users u ON u.id = h.user_id ORDER BY h.id""").fetchall()
    by_note = {row[3]: row for row in rows}
    for change in tally.changes:
        expected = (change["claim"], change["from"], change["to"], change["note"], change["user"])
        if by_note.get(change["note"]) != expected:
            problems.append(f"status change lost: {change} (stored: {by_note.get(change['note'])})")
    for refusal in tally.refusals:
        if refusal["note"] in by_note:
            problems.append(f"a change refused with 409 was stored anyway: {refusal}")
    if len(rows) != len(tally.changes):
        problems.append(f"status_history holds {len(rows)} changes, the users were told of {len(tally.changes)}")
    for claim_id in hot:
        chain = [row for row in rows if row[0] == claim_id]
        current = db.execute("SELECT status FROM claims WHERE id = ?", [claim_id]).fetchone()[0]
        for before, after in zip(chain, chain[1:]):
            if after[1] != before[2]:
                problems.append(f"claim {claim_id}: {after[4]} changed {after[1]!r} -> {after[2]!r} but it was "
                                f"{before[2]!r} ({before[4]}'s change was overwritten unseen)")
        if chain and chain[-1][2] != current:
            problems.append(f"claim {claim_id} is {current!r}, its history ends at {chain[-1][2]!r}")
    return problems


def lost_flags(db, tally: Tally) -> list[str]:
    problems = []
    flags = {row[2]: row for row in db.execute("""SELECT f.claim_id, u.name, f.note FROM flags f
                                                   JOIN users u ON u.id = f.user_id""")}
    problems += [f"flag lost: {flag}" for flag in tally.flags if flags.get(flag[2]) != flag]
    resolutions = Counter(flag_id for flag_id, _ in tally.resolved)
    problems += [f"flag {flag_id}: {count} people were told they resolved it" for flag_id, count in
                 resolutions.items() if count > 1]
    resolver = dict(db.execute("SELECT f.id, u.name FROM flags f LEFT JOIN users u ON u.id = f.resolved_by"))
    problems += [f"flag {flag_id}: {user} was told it was resolved, claims.db says {resolver.get(flag_id)}"
                 for flag_id, user in tally.resolved if resolver.get(flag_id) != user]
    problems += [f"flag {flag_id}: {user} was told it was already resolved, but it is open"
                 for flag_id, user in tally.already if resolver.get(flag_id) is None]
    return problems


def lost_relations(db, tally: Tally) -> list[str]:
    posted: dict[tuple, set] = {}
    for claim, other, label, _ in tally.relations:
        posted.setdefault(tuple(sorted((claim, other))), set()).add(label)
    stored = {(a, b): label for a, b, label in db.execute("SELECT claim_a, claim_b, label FROM relations "
                                                           "WHERE source = 'person'")}
    return [f"relation {pair} set to {sorted(labels)} is stored as {stored.get(pair)}"
            for pair, labels in posted.items() if stored.get(pair) not in labels]


def index_check(folder: Path, model: str, database: str | None = None,
                index_dir: str | None = None) -> subprocess.CompletedProcess:
    """`workbench index check` on the run's database (default: ``folder``'s claims.db) and index folder
    (default: ``folder``'s), as a person would type it."""
    env = {**os.environ, "WORKBENCH_DB": database or str(folder / "claims.db"),
           "WORKBENCH_INDEX_DIR": index_dir or str(folder / "indexes"), "WORKBENCH_MODEL": model}
    command = Path(sys.executable).with_name("workbench")
    return subprocess.run([str(command), "index", "check"], env=env, capture_output=True, text=True, timeout=300)


# -- reviewer writes during the largest upload -----------------------------------------------------
UPLOAD_MB = 10  # the web UI's limit (MAX_UPLOAD_BYTES)
BASELINE_S = 30.0  # reviewer writes with nothing else going on, measured first
SLOW_S = 2.0  # the target: every reviewer write commits within this
REVIEWERS = ("checker-1", "editor-1")
_WORDS = re.compile(r"\b\d+\b")


def write_upload(path: Path, megabytes: float) -> Path:
    """A text file of just under ``megabytes`` MB (the multipart envelope must fit too): paragraphs of the
    demo's plain-text reports, English and French, each with its own figures and a made-up word, so every
    sentence is a distinct claim (the worst case for ingest, not a repeat it could skip)."""
    from workbench.api import DEMO_DIR

    paragraphs = [block.strip() for name in sorted(DEMO_DIR.glob("*.txt"))
                  for block in name.read_text(encoding="utf-8").split("\n\n") if len(block.strip()) > 120]
    limit, size, number, out = int(megabytes * 1024 * 1024) - 64 * 1024, 0, 0, []
    while size < limit:
        block = _WORDS.sub(lambda m: str(int(m.group()) + number % 97), paragraphs[number % len(paragraphs)])
        block += f" (Ref. {_token(number)}.)"
        out.append(block)
        size += len(block.encode("utf-8")) + 2
        number += 1
    path.write_text("\n\n".join(out)[:limit], encoding="utf-8")
    return path


def _token(number: int) -> str:
    letters = "bcdfghjklmnpqrstvz"
    word = ""
    while True:
        number, digit = divmod(number, len(letters))
        word += letters[digit] + "aeiou"[digit % 5]
        if not number:
            return word.capitalize()


class Reviewer(Person):
    """A fact-checker changing statuses, or an editor flagging, one action after another; each POST is
    timed with the moment it started, so the writes can be split into before and during the upload."""

    def __init__(self, *args, writes: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.writes = writes

    def call(self, kind, method, path, form=None, allowed=(200,)):
        started = time.perf_counter()
        status, page = super().call(kind, method, path, form, allowed)
        if method == "POST":
            ok = status is not None and not any(words in page for words in LOCKED)
            self.writes.append((started, time.perf_counter() - started, kind, ok))
        return status, page

    def work(self, stop: threading.Event) -> None:
        action = self.change_status if USERS[self.name] == "factchecker" else self.flag
        while not stop.wait(self.rng.uniform(*THINK_S)):
            try:
                action()
            except Exception as error:  # noqa: BLE001 - e.g. a page without the form it should have
                self.tally.add("errors", f"{self.name}: {action.__name__} failed: {type(error).__name__}: {error}")
        self.client.connection.close()


def upload(port: int, path: Path) -> dict:
    """Upload ``path`` through /ingest as a logged-in fact-checker, as a browser would; what came back."""
    client = Client(port)
    client.login("checker-2", PASSWORD)
    _, page = client.request("GET", "/ingest")
    boundary = f"----workbench{random.getrandbits(64):x}"
    fields = {"csrf_token": _csrf(page), "outlet": "Sahel Wire", "title": "Every report of the week",
              "published": "2024-09-18"}
    body = b"".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                    .encode() for name, value in fields.items())
    body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
             f"Content-Type: text/plain\r\n\r\n").encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    started = time.perf_counter()
    connection.request("POST", "/ingest", body=body, headers={
        "Cookie": client.cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    response = connection.getresponse()
    answer = response.read().decode("utf-8", "replace")
    ended = time.perf_counter()
    connection.close()
    client.connection.close()
    return {"status": response.status, "location": response.getheader("Location"), "started": started,
            "ended": ended, "gist": _gist(answer) if response.status != 302 else "", "bytes": len(body)}


def upload_run(folder: Path, upload_path: Path, embedder=None, threads: int = 8,
               baseline_s: float = BASELINE_S) -> dict:
    """Reviewers at work for ``baseline_s`` seconds, then on through the upload of ``upload_path``."""
    info = json.loads((folder / "seed.json").read_text())
    processes, (port,) = start_servers(str(folder / "claims.db"), [str(folder / "indexes")], embedder, threads)
    try:
        tally, stop, writes = Tally(), threading.Event(), []
        seen = {"hot": info["hot"], "claims": list(range(1, info["top_claim"] + 1))}
        people = [Reviewer(port, name, tally, seen, random.Random(number), writes=writes)
                  for number, name in enumerate(REVIEWERS)]
        threads_ = [threading.Thread(target=person.work, args=(stop,)) for person in people]
        for thread in threads_:
            thread.start()
        time.sleep(baseline_s)
        uploaded = upload(port, upload_path)
        stop.set()
        for thread in threads_:
            thread.join()
    finally:
        stop_servers(processes)
    return {"tally": tally, "writes": writes, "upload": uploaded}


def split_writes(outcome: dict) -> dict[str, list]:
    """The reviewer writes (start, seconds, kind, ok) before the upload began and while it ran."""
    started, ended = outcome["upload"]["started"], outcome["upload"]["ended"]
    return {"baseline": [w for w in outcome["writes"] if w[0] < started],
            "during upload": [w for w in outcome["writes"] if started <= w[0] < ended]}


def verify_upload(folder: Path, outcome: dict, expected_claims: int | None = None) -> list[str]:
    """Every way the run let a reviewer or the uploader down, one line each."""
    import sqlite3

    tally, uploaded = outcome["tally"], outcome["upload"]
    problems = [f"web: {error}" for error in tally.errors[:20]]
    if uploaded["status"] != 302 or not (uploaded["location"] or "").startswith("/articles/"):
        problems.append(f"the upload answered {uploaded['status']}: {uploaded['gist'][:200]}")
    info = json.loads((folder / "seed.json").read_text())
    db = sqlite3.connect(folder / "claims.db")
    try:
        if db.execute("SELECT count(*) FROM articles").fetchone()[0] != info["articles"] + 1:
            problems.append("the uploaded report is not in claims.db")
        problems += lost_status_changes(db, tally, info["hot"])
        problems += lost_flags(db, tally)
    finally:
        db.close()
    slow = [w for w in split_writes(outcome)["during upload"] if w[1] > SLOW_S]
    if slow:
        problems.append(f"{len(slow)} reviewer writes during the upload took over {SLOW_S:g} s "
                        f"(slowest {max(w[1] for w in slow):.1f} s)")
    return problems


def main_upload(args, root: Path) -> None:
    embedder = _cheap_model() if args.cheap_model else load_model()
    model = "the test suite's hashed stand-in" if args.cheap_model else f"real model {embedder.name}"
    log(f"seeding the demo corpus ({model}) in {root / 'upload'}")
    seed(root / "upload", embedder)
    path = write_upload(root / "upload.txt", args.upload_mb)
    log(f"reviewers for {args.baseline_s:.0f} s, then during the upload of {path.stat().st_size / 2**20:.1f} MB")
    outcome = upload_run(root / "upload", path, embedder if args.cheap_model else None, args.threads,
                         args.baseline_s)
    print_upload_report(args, path, model, outcome, verify_upload(root / "upload", outcome))


def _cheap_model():
    sys.path.insert(0, str(BENCH.parent / "tests"))
    from conftest import HashEmbedder  # tests/conftest.py: the suite's stand-in model

    return HashEmbedder()


def print_upload_report(args, path: Path, model: str, outcome: dict, problems: list[str]) -> None:
    phases = split_writes(outcome)
    figures = {name: _write_figures(writes) for name, writes in phases.items()}
    base = figures["baseline"]
    rows = [[name, str(f["n"]), fnum(f["p50"], 3), fnum(f["p99"], 3), fnum(f["max"], 3),
             fx(ratio(f["p99"], base["p99"])), fx(ratio(f["max"], base["max"])), str(f["slow"]), str(f["failed"])]
            for name, f in figures.items()]
    seconds = outcome["upload"]["ended"] - outcome["upload"]["started"]
    print_table(f"reviewer writes (status changes and flags, the POST alone) before and during the upload of "
                f"{path.stat().st_size / 2**20:.1f} MB through /ingest ({model}; waitress {args.threads} threads; "
                f"upload answered {outcome['upload']['status']} after {seconds:.0f} s)",
                ["phase", "writes", "p50 s", "p99 s", "max s", "p99 vs baseline", "max vs baseline",
                 f"over {SLOW_S:g} s", "failed"], rows)
    print("checks: " + (f"{len(problems)} FAILED" if problems else
                        f"all passed (every reviewer write within {SLOW_S:g} s, nothing lost, upload stored)"))
    for problem in problems:
        print(f"  - {problem}")


def _write_figures(writes: list) -> dict:
    seconds = sorted(w[1] for w in writes)
    if not seconds:
        return {"n": 0, "p50": None, "p99": None, "max": None, "slow": 0, "failed": 0}
    figures = latency(seconds)
    return {"n": len(seconds), "p50": figures["p50_ms"] / 1e3, "p99": figures["p99_ms"] / 1e3, "max": seconds[-1],
            "slow": sum(s > SLOW_S for s in seconds), "failed": sum(not w[3] for w in writes)}


# -- the benchmark ------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads (serve()'s default)")
    parser.add_argument("--keep", type=Path, help="keep the run's folders here instead of a temporary folder")
    parser.add_argument("--scenario", choices=("batch", "upload", "all"), default="all",
                        help="batch: the batch ingest and batch search under web load; upload: reviewer writes "
                             "during a 10 MB upload; all: both")
    parser.add_argument("--upload-mb", type=float, default=UPLOAD_MB, help="size of the uploaded file")
    parser.add_argument("--baseline-s", type=float, default=BASELINE_S, help="reviewer writes with no ingest, first")
    parser.add_argument("--cheap-model", action="store_true", help="the test suite's hashed stand-in model")
    parser.add_argument("--backends", type=backends, default=["sqlite"],
                        help="the batch scenario on sqlite (default) or e.g. sqlite,postgresql: one server on "
                             "claims.db, then two on one PostgreSQL database, the same people; ratios")
    args = parser.parse_args()
    import tempfile

    root = args.keep or Path(tempfile.mkdtemp(prefix="workbench-concurrency-"))
    try:
        if args.scenario in ("upload", "all"):
            main_upload(args, root)
        if args.scenario in ("batch", "all"):
            main_batch(args, root)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def main_batch(args, root: Path) -> None:
    """The batch ingest and batch search under web load (the original scenario), on each backend."""
    log(f"seeding the demo corpus with the real model in {root}")
    embedder = load_model()
    seed(root / "seed", embedder)
    reports = write_reports(root / "reports", args.articles)
    cluster = start_postgres() if "postgresql" in args.backends else None
    try:
        measured = {backend: batch_on(args, root, reports, embedder.name, backend, cluster)
                    for backend in args.backends}
    finally:
        if cluster:
            stop_postgres(cluster)
    for backend, m in measured.items():
        print_report(args, backend, m["alone"], m["load_alone"], m["outcome"], m["problems"])
    if set(BACKENDS) <= set(measured):
        print_ratios(measured["sqlite"], measured["postgresql"])


def batch_on(args, root: Path, reports: Path, model: str, backend: str, cluster) -> dict:
    """The ingest alone, then under load, each into its own copy of the seed: a claims.db, or a PostgreSQL
    database (``cluster``) served by SERVERS[backend] waitress processes; what happened and what failed."""
    folders = {name: root / (name if backend == "sqlite" else f"{backend}-{name}") for name in ("alone", "under-load")}
    databases = {}
    for name, folder in folders.items():
        shutil.copytree(root / "seed", folder)
        db = folder / "claims.db"
        databases[name] = str(db) if backend == "sqlite" else postgres_copy(cluster, db)
    log(f"{backend}: ingesting {args.articles} reports alone")
    load_alone = os.getloadavg()[0]
    alone = ingest_alone(databases["alone"], folders["alone"], reports)
    log(f"{backend}: ingesting {args.articles} reports under web load and batch search")
    outcome = run(folders["under-load"], reports, threads=args.threads, database=databases["under-load"],
                  servers=SERVERS[backend])
    problems = verify(folders["under-load"], outcome, args.articles, model)
    return {"alone": alone, "load_alone": load_alone, "outcome": outcome, "problems": problems}


def ingest_alone(db: str, folder: Path, reports: Path) -> dict:
    """The same ingest with nothing else running: the baseline of the ingest under load."""
    process = multiprocessing.get_context("spawn").Process(
        target=ingest_worker, args=(db, str(folder / "indexes"), None, str(reports), str(folder / "ingest.json")))
    process.start()
    process.join()
    return _report(folder / "ingest.json")


def kind_figures(tally: Tally, wall: float) -> dict[str, dict]:
    """Per kind of request: how many were served (n), req/s over the run, p50 / p99 ms and errors (no
    answer, a 500 or a 503)."""
    figures = {}
    for kind in sorted({kind for kind, _, _ in tally.timings}):
        mine = [(seconds, status) for k, seconds, status in tally.timings if k == kind]
        figures[kind] = {**latency([seconds for seconds, _ in mine]), "rps": len(mine) / wall,
                         "errors": sum(status in (0, 500, 503) for _, status in mine)}
    return figures


def _ingest_rate(report: dict) -> float | None:
    """Articles added per second (None when the ingest never reported)."""
    return (report.get("counts", {}).get("added") or 0) / report["seconds"] if report.get("seconds") else None


def print_report(args, backend: str, alone: dict, load_alone: float, outcome: dict, problems: list[str]) -> None:
    tally, ingest, search, wall = outcome["tally"], outcome["ingest"], outcome["search"], outcome["wall"]
    rows = [[kind, str(f["n"]), fnum(f["rps"], 1), fnum(f["p50_ms"], 1), fnum(f["p99_ms"], 1), str(f["errors"])]
            for kind, f in kind_figures(tally, wall).items()]
    where = ("the same claims.db" if backend == "sqlite" else
             f"one PostgreSQL database ({outcome['servers']} waitress processes, each its own index folder)")
    print_table(f"web UI during an ingest of {args.articles:,} reports and repeated batch searches on {where} "
                f"(real model; waitress {args.threads} threads; {len(USERS)} people; {wall:.0f} s)",
                ["request", "served", "req/s", "p50 ms", "p99 ms", "errors"], rows)
    rates = [_ingest_rate(report) for report in (alone, ingest)]
    print_table(f"ingest throughput ({backend}): the same reports into the same seed",
                ["ingest", "articles", "seconds", "articles/s", "claims/s", "vs alone"],
                [[name, str(report.get("counts", {}).get("added")), fnum(report.get("seconds"), 1), fnum(rate, 2),
                  fnum(report.get("claims", 0) / report["seconds"] if report.get("seconds") else None, 1),
                  fx(ratio(rate, rates[0]))]
                 for name, report, rate in (("alone", alone, rates[0]),
                                            ("under web load + batch search", ingest, rates[1]))])
    print(f"\nrequests served: {len(tally.timings)}; errors: {len(tally.errors)}; status changes saved: "
          f"{len(tally.changes)}, refused as stale (409): {len(tally.refusals)}; flags: {len(tally.flags)}, "
          f"resolved: {len(tally.resolved)}, refused as already resolved: {len(tally.already)}; "
          f"relations set: {len(tally.relations)}")
    rounds = sorted(search.get("seconds") or [0])
    print(f"batch search: {search.get('rounds')} runs of {len(QUERIES)} queries, median run "
          f"{rounds[len(rounds) // 2]:.2f} s; index repairs seen by the batch search: {search.get('repairs')}, "
          f"by the ingest: {ingest.get('repairs')}")
    print(f"load average (1 min; 2 cores shared with other work): {load_alone:.2f} before the ingest alone; "
          f"{outcome['load'][0]:.2f} / {outcome['load'][1]:.2f} at the start / end of the loaded run")
    print(f"checks ({backend}): " + (f"{len(problems)} FAILED" if problems else
                                     "all passed (nothing lost, nothing locked, `workbench index check` exit 0)"))
    for problem in problems:
        print(f"  - {problem}")


def print_ratios(sqlite: dict, postgresql: dict) -> None:
    """PostgreSQL against SQLite: each kind of request's rate and p99, the ingest's rate, the checks."""
    figures = [kind_figures(m["outcome"]["tally"], m["outcome"]["wall"]) for m in (sqlite, postgresql)]
    rows = []
    for kind in sorted(set(figures[0]) | set(figures[1])):
        mine = [f.get(kind, {}) for f in figures]
        rows.append([kind, *(fnum(f.get("rps"), 1) for f in mine), fx(ratio(mine[1].get("rps"), mine[0].get("rps"))),
                     *(fnum(f.get("p99_ms"), 1) for f in mine), fx(ratio(mine[1].get("p99_ms"), mine[0].get("p99_ms"))),
                     *(str(f.get("errors", "-")) for f in mine)])
    ingests = {"alone": (sqlite["alone"], postgresql["alone"]),
               "under load": (sqlite["outcome"]["ingest"], postgresql["outcome"]["ingest"])}
    for name, reports in ingests.items():
        on_sqlite, on_postgresql = (_ingest_rate(report) for report in reports)
        rows.append([f"ingest {name} (articles/s)", fnum(on_sqlite, 2), fnum(on_postgresql, 2),
                     fx(ratio(on_postgresql, on_sqlite)), "", "", "", "", ""])
    print_table(f"postgresql ({postgresql['outcome']['servers']} waitress processes) / sqlite "
                f"({sqlite['outcome']['servers']}): the same {len(USERS)} people during the same ingest, in one run",
                ["request", "sqlite req/s", "postgresql req/s", "req/s ratio", "sqlite p99 ms", "postgresql p99 ms",
                 "p99 ratio", "sqlite errors", "postgresql errors"], rows)
    print("checks: " + "; ".join(f"{name} " + (f"{len(m['problems'])} FAILED" if m["problems"] else "all passed")
                                 for name, m in (("sqlite", sqlite), ("postgresql", postgresql))))


if __name__ == "__main__":
    main()
