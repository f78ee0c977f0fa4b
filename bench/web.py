"""Web UI under load at 100k claims: requests/s, p50/p99 latency and error rate with concurrent clients.

    .venv/bin/python bench/web.py [--claims 100000] [--clients 16] [--requests 20] [--threads 8] [--single 100]
    .venv/bin/python bench/web.py --duration 60 --clients 32     # each page for 60 s instead of --requests
    .venv/bin/python bench/web.py --backends sqlite,postgresql   # SQLite against PostgreSQL, in one run

Builds (once; cached under bench/cache/web-<n>/) a database of synthetic
reports — articles, claims, figures, frames, relations and vectors of the
model's dimension inserted directly with SQL, then ``Workbench.index_rebuild()`` — so the
benchmark measures the web layer at newsroom scale without spending half an
hour encoding.  The vectors are synthetic (template + place + noise, stored
under the real model's name) while search queries are encoded by the real
model, so search latency includes the model.  It serves the app with
waitress on 127.0.0.1 in a thread, logs each client in (CSRF token and all),
and times the dashboard, a claim page and search: first from one client alone
(``--single`` requests per page), then from ``--clients`` at once.  Each
request is also timed inside the server (``ServerClock``: the app's own time,
without the network or waitress's queue).  The baseline, measured in the same
run under the same load, is a static file (/static/style.css).

``--backends sqlite,postgresql`` compares the two stores on the same rows
(issue 18): one waitress process on the cached claims.db, then two on one
PostgreSQL database (a throw-away server, tests/postgres.py, the claims.db
copied in with ``migrate_db``; each process with its own copy of the index
folder).  Both backends are served from spawned processes, not a thread of
the bench, so neither server shares a GIL with the clients; the same clients
are dealt round-robin over the servers.  It prints req/s and p50 / p99 per
page for each backend and their PostgreSQL / SQLite ratios (without the
server's own times: those are measured only in the SQLite-only run).
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import logging
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (BACKENDS, CACHE, SERVERS, backends, fnum, fx, latency, load_model, log,  # noqa: E402
                    postgres_copy, print_table, ratio, start_postgres, stop_postgres)

from workbench import Workbench
from workbench.review import actions as review  # noqa: E402
from workbench.encode.embed import DEFAULT_MODEL, MODEL_DIMS, text_hash, to_blob  # noqa: E402
from workbench.storage.postgres import display_url  # noqa: E402

SCHEMA_VERSION = 2  # 2: vectors of the default model's dimension (512 since USE v3)
PASSWORD = "bench password 123"
CLAIMS_PER_ARTICLE, ARTICLES_PER_EVENT = 10, 10
PLACES = """Gao Mopti Kidal Menaka Timbuktu Segou Kayes Sikasso Koulikoro Niono Djenne Bandiagara Douentza Ansongo
Tessalit Goma Bukavu Bunia Butembo Beni Uvira Kalemie Sake Minova Rutshuru Masisi Walikale Kiwanja Niamey Tahoua
Tillaberi Diffa Agadez Zinder Maradi Dosso Ouallam Ayorou Dori Djibo Kaya Fada Ouahigouya Arbinda Gorom Sebba
Titao Kongoussi Tougan Nouna Dedougou Bobo Banfora Kaedi Nema Khartoum Omdurman Nyala Fasher Geneina Kadugli""".split()
OUTLETS = ["Sahel Wire", "Continental Dispatch", "Savanna Times", "Harmattan Herald", "Great Lakes Monitor",
           "Kivu Matin", "The Meridian Post", "Le Journal du Fleuve", "L'Echo du Nord", "Desert Bulletin",
           "River Courier", "Plateau Daily", "Border Star", "Capital Ledger", "Evening Crier", "Morning Record",
           "Regional Review", "Frontline Digest", "Observer Africa", "Daily Signal"]
SPEAKERS = [("JNIM", "named"), ("M23", "named"), ("the army", "official"), ("the ministry of defence", "official"),
            ("a security source", "anonymous"), ("hospital sources", "anonymous"), ("witnesses", "anonymous"),
            ("the governor", "official"), ("Islamic State Sahel", "named"), ("a local official", "anonymous")]
TEMPLATES = [
    ("casualty", "killed", "{speaker} said {n} people were killed in the attack on {place} on {day}."),
    ("casualty", "killed", "At least {n} soldiers died when gunmen stormed a base near {place}, {speaker} said."),
    ("casualty", "injured", "{n} people were wounded in {place} and taken to hospital, according to {speaker}."),
    ("control", None, "{speaker} said its fighters had taken control of the airport in {place} on {day}."),
    ("control", None, "The military camp in {place} remained under government control, {speaker} said."),
    ("responsibility", None, "{speaker} claimed responsibility for the attack on the checkpoint in {place}."),
    ("event", None, "Gunmen on motorbikes attacked a market in {place} on {day}, {speaker} said."),
    ("event", None, "Heavy gunfire was heard near the governor's office in {place} for several hours on {day}."),
    ("statement", None, "{speaker} called for calm and promised an investigation into the violence in {place}."),
    ("background", None, "{place} has seen repeated attacks by armed groups since {year}."),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
QUERIES = ["death toll in the attack", "who controls the airport", "soldiers killed at the base",
           "claimed responsibility for the attack", "people wounded taken to hospital", "gunmen attacked a market",
           "army says the camp is under control", "fighters took control of the airport", "attack on the checkpoint",
           "investigation into the violence", "heavy gunfire near the governor's office", "repeated attacks since"]
CLAIM_PAGE = "claim page /claims/<id>"


# -- the synthetic database ---------------------------------------------------------
def _claim(rng: random.Random, place: str, published: str) -> dict:
    claim_type, kind, template = rng.choice(TEMPLATES)
    speaker, speaker_kind = rng.choice(SPEAKERS)
    n = rng.choice([3, 7, 12, 15, 20, 27, 40, 55, 77, 100, 130, 200])
    text = template.format(speaker=speaker[0].upper() + speaker[1:] if template.startswith("{speaker}") else speaker,
                           n=n, place=place, day=rng.choice(DAYS), year=rng.randint(2012, 2022))
    at_least = text.startswith("At least")
    figures = [(kind, n, None if at_least else n, text[:40])] if kind else []
    frames = [kind] if kind else (["control"] if claim_type == "control" else [])
    return {"text": text, "claim_type": claim_type, "speaker": speaker, "speaker_kind": speaker_kind,
            "template": TEMPLATES.index((claim_type, kind, template)), "figures": figures, "frames": frames,
            "checkworthiness": round(rng.uniform(0.3, 1.0), 2), "published": published,
            "status": rng.choices(["unverified", "in_review", "confirmed", "disputed", "false"], [85, 5, 5, 4, 1])[0]}


def _vectors(claims: list[dict], places: list[str], seed: int) -> np.ndarray:
    """Template + place + noise, normalised: near sentences get near vectors, as with a real model."""
    rng = np.random.default_rng(seed)
    dim = MODEL_DIMS[DEFAULT_MODEL]
    bases = rng.standard_normal((len(TEMPLATES), dim)).astype(np.float32)
    place_vectors = {place: rng.standard_normal(dim).astype(np.float32) for place in PLACES}
    noise = rng.standard_normal((len(claims), dim)).astype(np.float32)
    vectors = np.stack([bases[c["template"]] + 0.6 * place_vectors[p] for c, p in zip(claims, places)]) + 0.5 * noise
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _insert_event(db: sqlite3.Connection, rng: random.Random, event_no: int, stamp: str) -> list[tuple]:
    """One event: its articles and their claims, figures and frames; returns (claim_id, text, place)."""
    place = PLACES[event_no % len(PLACES)]
    day = 1 + event_no % 700
    first = time.strftime("%Y-%m-%d", time.gmtime(1_640_995_200 + day * 86_400))
    event_id = db.execute("INSERT INTO events (label, first_seen, last_seen, edited, created_at, updated_at) "
                          "VALUES (?, ?, ?, 0, ?, ?)", [f"{place} attack ({first})", first, first, stamp, stamp]).lastrowid
    made = []
    for article_no in range(ARTICLES_PER_EVENT):
        published = time.strftime("%Y-%m-%d", time.gmtime(1_640_995_200 + (day + article_no // 4) * 86_400))
        claims = [_claim(rng, place, published) for _ in range(CLAIMS_PER_ARTICLE)]
        text = " ".join(claim["text"] for claim in claims)
        outlet = OUTLETS[(event_no + article_no) % len(OUTLETS)]
        article_id = db.execute(
            "INSERT INTO articles (outlet, url, title, published, language, text, headings, content_hash, source, "
            "ingested_at, event_id, terms) VALUES (?, ?, ?, ?, 'en', ?, '[]', ?, 'bench', ?, ?, '{}')",
            [outlet, f"https://bench.example/{event_no}/{article_no}", f"Attack in {place}: report {article_no + 1}",
             published, text, hashlib.sha256(f"{event_no}/{article_no}/{text}".encode()).hexdigest(), stamp,
             event_id]).lastrowid
        offset = 0
        for position, claim in enumerate(claims):
            claim_id = db.execute(
                "INSERT INTO claims (article_id, position, char_start, char_end, text, claim_type, checkworthiness, "
                "speaker, speaker_kind, attribution_verb, hedged, hedges, status, created_at, updated_at) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'said', 0, '[]', ?, ?, ?)",
                [article_id, position, offset, offset + len(claim["text"]), claim["text"], claim["claim_type"],
                 claim["checkworthiness"], claim["speaker"], claim["speaker_kind"], claim["status"], stamp,
                 stamp]).lastrowid
            offset += len(claim["text"]) + 1
            db.executemany("INSERT INTO figures (claim_id, kind, min, max, approximate, text) VALUES (?, ?, ?, ?, 0, ?)",
                           [(claim_id, *figure) for figure in claim["figures"]])
            db.executemany("INSERT INTO claim_frames (claim_id, frame) VALUES (?, ?)",
                           [(claim_id, frame) for frame in claim["frames"]])
            made.append((claim_id, claim, place, article_id))
    db.execute("UPDATE events SET last_seen = (SELECT max(published) FROM articles WHERE event_id = ?) WHERE id = ?",
               [event_id, event_id])
    _relate(db, made, stamp)
    return made


def _relate(db: sqlite3.Connection, made: list[tuple], stamp: str) -> None:
    """Automatic relations between frame-mates of other articles: same figure corroborates, else conflicts."""
    by_frame: dict[str, list[tuple]] = {}
    for claim_id, claim, _, article_id in made:
        for frame in claim["frames"]:
            by_frame.setdefault(frame, []).append((claim_id, claim, article_id))
    rows = []
    for frame, members in by_frame.items():
        for i, (a, claim_a, article_a) in enumerate(members):
            for b, claim_b, article_b in members[i + 1:i + 4]:
                if article_a == article_b:
                    continue
                same = claim_a["figures"][:1] == claim_b["figures"][:1]
                label = "corroborates" if same else "conflicts"
                reasons = [f"{frame}: values agree" if same else f"{frame}: values differ",
                           f"independent sources: {claim_a['speaker']} and {claim_b['speaker']}"]
                rows.append((min(a, b), max(a, b), label, 0.7, json.dumps(reasons), 1, "auto", stamp))
    db.executemany("INSERT OR IGNORE INTO relations (claim_a, claim_b, label, confidence, reasons, independent, "
                   "source, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


class _NamedOnly:
    """The real model's name and dimension, without loading it: every claim already has a vector."""
    name, dim = DEFAULT_MODEL, MODEL_DIMS[DEFAULT_MODEL]

    def encode(self, texts):
        raise RuntimeError("bench database: every claim should already have a stored vector")


def build(folder: Path, claims: int, seed: int = 7) -> Path:
    """The cached database and index for ``claims`` claims (built once, ~minutes)."""
    marker = folder / "complete.json"
    if marker.exists() and json.loads(marker.read_text())["schema"] == SCHEMA_VERSION:
        log(f"reusing {folder}")
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    log(f"building {claims:,} claims in {folder}")
    with Workbench(folder / "claims.db", folder / "indexes", embedder=_NamedOnly()) as wb:
        wb.init()
        review.add_user(wb.db, "bench", "admin", PASSWORD)
    db = sqlite3.connect(folder / "claims.db")
    rng, stamp, made = random.Random(seed), "2024-01-01T00:00:00+00:00", []
    with db:
        for event_no in range(claims // (CLAIMS_PER_ARTICLE * ARTICLES_PER_EVENT)):
            made += _insert_event(db, rng, event_no, stamp)
        vectors = _vectors([claim for _, claim, _, _ in made], [place for _, _, place, _ in made], seed)
        db.executemany("INSERT INTO embeddings (claim_id, model, text_hash, vector) VALUES (?, ?, ?, ?)",
                       [(claim_id, DEFAULT_MODEL, text_hash(claim["text"]), to_blob(vector))
                        for (claim_id, claim, _, _), vector in zip(made, vectors)])
    db.close()
    log("rebuilding the index from the stored vectors")
    with Workbench(folder / "claims.db", folder / "indexes", embedder=_NamedOnly()) as wb:
        built = wb.index_rebuild()
    marker.write_text(json.dumps({"schema": SCHEMA_VERSION, "claims": claims, "index": built}))
    return folder


# -- the load ------------------------------------------------------------------------
class Client:
    """One logged-in browser-like client: a keep-alive connection and a session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookie = ""
        self.location: str | None = None  # the Location header of the last response (redirects)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read().decode("utf-8", "replace")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        self.location = response.getheader("Location")
        return response.status, data

    def reconnect(self) -> None:
        """A fresh connection (same session) after a failed request left the old one unusable."""
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def login(self, name: str = "bench", password: str = PASSWORD) -> None:
        _, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/login", urlencode({"name": name, "password": password,
                                                             "csrf_token": token}))
        assert status == 302, f"login as {name} failed: {status}"


def run_load(clients: list[Client], paths: list[str], per_client: int, duration: float | None = None) -> dict:
    """Every client requests paths (cycling through ``paths``) at once: ``per_client`` each, or as many as
    it can for ``duration`` seconds; latency, rate and failures (any answer but 200, or no answer)."""
    seconds: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + duration if duration else None

    def more(turn: int) -> bool:
        return time.perf_counter() < deadline if deadline else turn < per_client

    def work(number: int, client: Client):
        mine, failed, turn = [], [], 0
        while more(turn):
            path = paths[(number * 7919 + turn) % len(paths)]
            begun = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
            except Exception as error:  # noqa: BLE001 - a timeout or dropped connection is a failure
                client.reconnect()
                status = f"{type(error).__name__}"
            mine.append(time.perf_counter() - begun)
            if status != 200:
                failed.append(f"{status} {path}")
            turn += 1
        with lock:
            seconds.extend(mine)
            failures.extend(failed)

    threads = [threading.Thread(target=work, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {**latency(seconds), "rps": len(seconds) / wall, "failures": failures[:5], "failed": len(failures),
            "error_rate": len(failures) / max(1, len(seconds))}


class ServerClock:
    """WSGI middleware timing each request inside the server (the app's call and its body), by path
    kind, so a page's own cost is told apart from the clients' and waitress's share of the latency."""

    def __init__(self, app):
        self.app, self.seconds, self.lock = app, {}, threading.Lock()

    def __call__(self, environ, start_response):
        begun = time.perf_counter()
        result = self.app(environ, start_response)
        try:
            body = list(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        spent = time.perf_counter() - begun
        with self.lock:
            self.seconds.setdefault(_kind(environ.get("PATH_INFO", "")), []).append(spent)
        return body

    def take(self, kind: str) -> list[float]:
        with self.lock:
            return self.seconds.pop(kind, [])


def _kind(path: str) -> str:
    """/claims/123 -> /claims/<id>: the key a page's server times are kept under."""
    return re.sub(r"/\d+", "/<id>", path)


def serve_in_thread(app, threads: int) -> tuple[int, object]:
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return server.effective_port, server


def serve_worker(db: str, index_dir: str, embedder, threads: int, port_queue) -> None:
    """The app under waitress, as ``workbench serve`` runs it (``embedder`` None: the real model, loaded
    here); puts the port it bound on ``port_queue``."""
    from waitress.server import create_server

    from workbench.web import create_app
    from workbench.web.db import get_wb

    logging.getLogger("waitress").setLevel(logging.ERROR)  # "task queue depth" is the point here
    app = create_app({"DATABASE": db, "INDEX_DIR": index_dir,
                      "EMBEDDER": embedder if embedder is not None else load_model(), "SECRET_KEY": "bench"})
    with app.app_context():
        get_wb().index  # loaded before the first request, as `workbench serve` does
    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    port_queue.put(server.effective_port)
    server.run()


def start_servers(db: str, index_dirs: list[str], embedder, threads: int) -> tuple[list, list[int]]:
    """One waitress process per index folder, all on ``db``; spawned, so each has its own interpreter, GIL
    and connection pool, as separate ``workbench serve`` processes would.  Their processes and ports."""
    spawn = multiprocessing.get_context("spawn")
    port_queue = spawn.Queue()
    processes = [spawn.Process(target=serve_worker, args=(db, index_dir, embedder, threads, port_queue), daemon=True)
                 for index_dir in index_dirs]
    for process in processes:
        process.start()
    try:
        ports = [port_queue.get(timeout=300) for _ in processes]
    except BaseException:
        stop_servers(processes)
        raise
    port_queue.close()
    return processes, ports


def stop_servers(processes: list) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=30)


def apply_proposed_library_changes() -> None:
    """Measure two library changes proposed with this benchmark (the product code is not touched):

    1. ``count_unembedded`` as a difference of two counts (embeddings rows cascade with their
       claims, so equal counts mean no claim lacks a vector) instead of a 100k-row join, which
       every per-request Workbench runs when it first touches the shared index;
    2. ``PRAGMA mmap_size`` on each connection, so a fresh per-request connection reads pages
       from the shared OS mapping instead of re-reading them into its own cold page cache.
    """
    from workbench.encode import vectors as embeddings
    from workbench.storage import store

    def count_unembedded(db, model):
        claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
        return claims - db.execute("SELECT count(*) FROM embeddings WHERE model = ?", [model]).fetchone()[0]

    original_connect = store.connect

    def connect(db_path, migrate=True):
        db = original_connect(db_path, migrate)
        db.execute("PRAGMA mmap_size = 1073741824")
        return db

    embeddings.count_unembedded = count_unembedded
    store.connect = connect


def sample_paths(folder: Path, count: int, seed: int) -> tuple[list[str], list[str]]:
    db = sqlite3.connect(folder / "claims.db")
    top = db.execute("SELECT max(id) FROM claims").fetchone()[0]
    db.close()
    rng = random.Random(seed)
    claims = [f"/claims/{rng.randint(1, top)}" for _ in range(count)]
    searches = [f"/search?{urlencode({'q': rng.choice(QUERIES) + ' ' + rng.choice(PLACES)})}" for _ in range(count)]
    return claims, searches


def page_paths(folder: Path) -> dict[str, list[str]]:
    """The pages timed, each with the paths its requests cycle through; the static file is the baseline."""
    claims, searches = sample_paths(folder, 400, 11)
    return {"static /static/style.css (baseline)": ["/static/style.css"], "dashboard /": ["/"],
            CLAIM_PAGE: claims, "search /search?q=": searches}


def log_in(ports: list[int], count: int) -> list[Client]:
    """``count`` logged-in clients, dealt round-robin over the servers at ``ports``."""
    clients = [Client(ports[number % len(ports)]) for number in range(count)]
    for client in clients:
        client.login()
    return clients


def measure(clients: list[Client], pages: dict, args, clock: ServerClock | None = None) -> tuple[dict, dict]:
    """Each page from the first client alone (its own cost, without queueing), then from every client at
    once; with ``clock`` (a server in this process) each result also gets the server's own times."""
    single, results = {}, {}
    for name, paths in pages.items():
        log(f"{name}: 1 client x {args.single} requests")
        single[name] = run_load(clients[:1], paths, args.single)
        if clock:
            single[name]["server"] = latency(clock.take(_kind(paths[0].split("?")[0])))
    for name, paths in pages.items():
        log(f"{name}: {len(clients)} clients x " + (f"{args.duration:g} s" if args.duration
                                                     else f"{args.requests} requests"))
        results[name] = run_load(clients, paths, args.requests, args.duration)
        if clock:
            results[name]["server"] = latency(clock.take(_kind(paths[0].split("?")[0])))
    return single, results


def _load(args) -> str:
    return f"{args.duration:g} s per page" if args.duration else f"{args.requests} requests per client per page"


def measure_in_thread(args, folder: Path, pages: dict) -> None:
    """The SQLite-only run: waitress in a thread of this process, so ServerClock can time each request
    inside the server too."""
    from workbench.web import create_app

    log("loading the model")
    embedder = load_model()
    app = create_app({"DATABASE": str(folder / "claims.db"), "INDEX_DIR": str(folder / "indexes"),
                      "EMBEDDER": embedder, "SECRET_KEY": "bench"})
    clock = ServerClock(app.wsgi_app)
    app.wsgi_app = clock
    port, server = serve_in_thread(app, args.threads)
    clients = log_in([port], args.clients)
    clients[0].request("GET", pages[CLAIM_PAGE][0])  # load the index before timing
    clock.seconds.clear()
    single, results = measure(clients, pages, args, clock)
    for client in clients:
        client.connection.close()
    logging.getLogger("waitress").setLevel(logging.CRITICAL)  # a worker finishing after close is not news
    time.sleep(0.5)
    server.close()
    print_in_thread(args, single, results)


def print_in_thread(args, single: dict, results: dict) -> None:
    variant = " (with the proposed library changes)" if args.proposed else ""
    import workbench

    log(f"measured {Path(workbench.__file__).parent}")
    baseline = single["static /static/style.css (baseline)"]
    rows = [[name, fnum(r["rps"], 1), fnum(r["p50_ms"], 1), fnum(r["server"]["p50_ms"], 2),
             fnum(r["server"]["p99_ms"], 2), fx(ratio(r["server"]["p50_ms"], baseline["server"]["p50_ms"])),
             str(r["n"]), str(r["failed"])] for name, r in single.items()]
    print_table(f"web UI at {args.claims:,} claims{variant}: one client alone, {args.single} requests per page",
                ["page", "req/s", "p50 ms", "server p50 ms", "server p99 ms", "server p50 vs static", "requests",
                 "failed"], rows)
    baseline = results["static /static/style.css (baseline)"]
    rows = [[name, fnum(r["rps"], 1), fx(ratio(r["rps"], baseline["rps"]), 3), fnum(r["p50_ms"], 1),
             fnum(r["p99_ms"], 1), fx(ratio(r["p50_ms"], baseline["p50_ms"])), fnum(r["server"]["p50_ms"], 2),
             str(r["n"]), str(r["failed"]), f"{100 * r['error_rate']:.2f}%"] for name, r in results.items()]
    print_table(f"web UI at {args.claims:,} claims{variant}: {args.clients} concurrent clients, {_load(args)}, "
                f"waitress {args.threads} threads",
                ["page", "req/s", "req/s vs static", "p50 ms", "p99 ms", "p50 vs static", "server p50 ms", "requests",
                 "failed", "error rate"], rows)
    _print_footer(results)


def _print_footer(results: dict) -> None:
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores shared with other work")
    for name, r in results.items():
        if r["failures"]:
            print(f"  {name}: e.g. {', '.join(r['failures'])}")


# -- the backends compared (--backends sqlite,postgresql) -------------------------------------------
def measure_backend(args, folder: Path, pages: dict, backend: str) -> dict:
    """``pages`` against SERVERS[backend] waitress processes: on the cached claims.db, or on a PostgreSQL
    copy of it with a copy of the index folder per process (as servers on separate machines would have)."""
    if backend == "sqlite":
        return measure_servers(args, str(folder / "claims.db"), [str(folder / "indexes")] * SERVERS[backend], pages)
    cluster = start_postgres()
    scratch = Path(tempfile.mkdtemp(prefix="workbench-bench-web-"))
    try:
        url = postgres_copy(cluster, folder / "claims.db")
        index_dirs = [str(shutil.copytree(folder / "indexes", scratch / f"indexes-{number}"))
                      for number in range(SERVERS[backend])]
        return measure_servers(args, url, index_dirs, pages)
    finally:
        stop_postgres(cluster)
        shutil.rmtree(scratch, ignore_errors=True)


def measure_servers(args, db: str, index_dirs: list[str], pages: dict) -> dict:
    """The same clients and pages as the SQLite-only run, dealt over one server process per index folder."""
    log(f"starting {len(index_dirs)} waitress process(es) on {display_url(db)}")
    processes, ports = start_servers(db, index_dirs, None, args.threads)
    try:
        clients = log_in(ports, args.clients)
        for client in clients[:len(ports)]:  # each server's first claim page before timing
            client.request("GET", pages[CLAIM_PAGE][0])
        single, results = measure(clients, pages, args)
        for client in clients:
            client.connection.close()
    finally:
        stop_servers(processes)
    return {"servers": len(ports), "single": single, "load": results}


def print_comparison(args, measured: dict) -> None:
    rows = []
    for name in measured[args.backends[0]]["load"]:
        for backend, m in measured.items():
            single, r = m["single"][name], m["load"][name]
            rows.append([name, backend, str(m["servers"]), fnum(single["p50_ms"], 1), fnum(r["rps"], 1),
                         fnum(r["p50_ms"], 1), fnum(r["p99_ms"], 1), str(r["n"]), str(r["failed"] + single["failed"]),
                         f"{100 * r['error_rate']:.2f}%"])
    print_table(f"web UI at {args.claims:,} claims by backend: {args.clients} concurrent clients dealt round-robin "
                f"over the servers, {_load(args)}, waitress {args.threads} threads per process (sqlite: claims.db; "
                f"postgresql: one database, fsync off)",
                ["page", "backend", "servers", "1 client p50 ms", "req/s", "p50 ms", "p99 ms", "requests",
                 "failed (both phases)", "error rate"], rows)
    if set(BACKENDS) <= set(measured):
        print_ratios(args, measured["sqlite"], measured["postgresql"])
    _print_footer({f"{backend} {name}": r for backend, m in measured.items() for name, r in m["load"].items()})


def print_ratios(args, sqlite: dict, postgresql: dict) -> None:
    def versus(phase: str, name: str, key: str) -> str:
        return fx(ratio(postgresql[phase][name][key], sqlite[phase][name][key]))

    rows = [[name, versus("single", name, "p50_ms"), versus("load", name, "rps"), versus("load", name, "p50_ms"),
             versus("load", name, "p99_ms")] for name in sqlite["load"]]
    print_table(f"postgresql ({postgresql['servers']} processes) / sqlite ({sqlite['servers']}), the same "
                f"{args.clients} clients in one run (req/s over 1x: PostgreSQL serves more; latency over 1x: "
                f"PostgreSQL is slower)", ["page", "1 client p50", "req/s", "p50", "p99"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=20, help="requests per client per page")
    parser.add_argument("--duration", type=float, help="seconds of load per page instead of --requests "
                        "(e.g. --duration 60 --clients 32)")
    parser.add_argument("--single", type=int, default=100, help="requests per page from one client alone first")
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads (serve()'s default)")
    parser.add_argument("--proposed", action="store_true", help="measure with the proposed library changes "
                        "(see apply_proposed_library_changes)")
    parser.add_argument("--backends", type=backends, default=["sqlite"],
                        help="sqlite (default: one server in this process) or e.g. sqlite,postgresql: each backend "
                             "served by its own waitress processes (sqlite 1, postgresql 2 on one database), "
                             "the same clients, ratios")
    args = parser.parse_args()
    if args.proposed and args.backends != ["sqlite"]:
        parser.error("--proposed patches this process's library: only with --backends sqlite")
    if args.proposed:
        apply_proposed_library_changes()

    folder = build(CACHE / f"web-{args.claims}", args.claims)
    logging.getLogger("waitress").setLevel(logging.ERROR)  # "task queue depth" is the point of the test
    pages = page_paths(folder)
    if args.backends == ["sqlite"]:
        measure_in_thread(args, folder, pages)
    else:
        print_comparison(args, {backend: measure_backend(args, folder, pages, backend) for backend in args.backends})


if __name__ == "__main__":
    main()
