"""Web UI under load at 100k claims: requests/s, p50/p99 latency and error rate with concurrent clients.

    .venv/bin/python bench/web.py [--claims 100000] [--clients 16] [--requests 20] [--threads 8] [--single 100]
    .venv/bin/python bench/web.py --duration 60 --clients 32     # each page for 60 s instead of --requests

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
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import sqlite3
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, fnum, fx, latency, log, print_table, ratio  # noqa: E402

from workbench import Workbench
from workbench.review import actions as review  # noqa: E402
from workbench.encode.embed import DEFAULT_MODEL, MODEL_DIMS, text_hash, to_blob  # noqa: E402

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
    args = parser.parse_args()
    if args.proposed:
        apply_proposed_library_changes()

    folder = build(CACHE / f"web-{args.claims}", args.claims)
    from common import load_model
    from workbench.web import create_app

    import logging

    logging.getLogger("waitress").setLevel(logging.ERROR)  # "task queue depth" is the point of the test
    log("loading the model")
    embedder = load_model()
    app = create_app({"DATABASE": str(folder / "claims.db"), "INDEX_DIR": str(folder / "indexes"),
                      "EMBEDDER": embedder, "SECRET_KEY": "bench"})
    clock = ServerClock(app.wsgi_app)
    app.wsgi_app = clock
    port, server = serve_in_thread(app, args.threads)
    clients = [Client(port) for _ in range(args.clients)]
    for client in clients:
        client.login()
    claims, searches = sample_paths(folder, 400, 11)
    pages = {"static /static/style.css (baseline)": ["/static/style.css"], "dashboard /": ["/"],
             "claim page /claims/<id>": claims, "search /search?q=": searches}
    clients[0].request("GET", claims[0])  # load the index before timing
    clock.seconds.clear()
    single = {}
    for name, paths in pages.items():  # one client alone: a page's own cost, without queueing
        log(f"{name}: 1 client x {args.single} requests")
        single[name] = run_load(clients[:1], paths, args.single)
        single[name]["server"] = latency(clock.take(_kind(paths[0].split("?")[0])))
    results = {}
    for name, paths in pages.items():
        log(f"{name}: {args.clients} clients x " + (f"{args.duration:g} s" if args.duration
                                                       else f"{args.requests} requests"))
        results[name] = run_load(clients, paths, args.requests, args.duration)
        results[name]["server"] = latency(clock.take(_kind(paths[0].split("?")[0])))
    for client in clients:
        client.connection.close()
    logging.getLogger("waitress").setLevel(logging.CRITICAL)  # a worker finishing after close is not news
    time.sleep(0.5)
    server.close()
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
    load = f"{args.duration:g} s per page" if args.duration else f"{args.requests} requests per client per page"
    print_table(f"web UI at {args.claims:,} claims{variant}: {args.clients} concurrent clients, {load}, waitress "
                f"{args.threads} threads",
                ["page", "req/s", "req/s vs static", "p50 ms", "p99 ms", "p50 vs static", "server p50 ms", "requests",
                 "failed", "error rate"], rows)
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores shared with other work")
    for name, r in results.items():
        if r["failures"]:
            print(f"  {name}: e.g. {', '.join(r['failures'])}")


if __name__ == "__main__":
    main()
