"""Search benchmark: index-only and end-to-end latency, recall@10, memory per claim, batch throughput.

At each size (default 10k, 100k and 1M stored claims) it measures:

  index   ``workbench.index.VectorIndex`` single-query p50/p99 over --queries queries, for the
          factory the workbench chooses (Flat below EXACT_LIMIT, HNSW32/efSearch 64 above) and
          HNSW32 forced below EXACT_LIMIT (and the automatic one again with FAISS
          limited to one OpenMP thread), against two exact baselines measured on the same
          vectors: FAISS IndexFlatIP and numpy brute force (matrix-vector product + argpartition).
          Also build time (ratio to the Flat build) and index bytes per claim (serialized size
          and RSS growth, ratio to the raw float32 vector).
  recall  recall@10 against exact search, on real all-MiniLM-L6-v2 embeddings of generated,
          varied news-claim sentences (English and French, templates x actors x places x
          figures x verbs x hedges).  --real of them (default 100k) are encoded once and cached
          in bench/cache/ keyed by generator version, seed and count.  Sizes above --real use
          "structured synthetic" vectors: real vector (i mod --real) plus Gaussian noise,
          renormalised; their latency and memory are meaningful, their recall only indicative
          (printed with the label "synthetic").
  e2e     ``Workbench.search(text, k=10)`` p50/p99 over --e2e-queries held-out claim texts on a
          claims.db of that size built through the real schema (rows inserted with SQL in large
          transactions, the index built by the library and saved with ``save_index``), against
          bare ``embedder.encode([text])`` of the same texts, timed interleaved.  Also the first
          (cold) search, claims.db bytes per claim by table, and (up to --rebuild-max)
          ``Workbench.index_rebuild()`` against building the same index from an in-memory array.
  batch   ``Workbench.batch_search`` of --batch-queries held-out texts against the --batch-db
          claims.db, queries/s against bare ``embedder.encode(texts, batch_size=256)`` (and 64,
          the library's default) of the same texts.
  profile cProfile of --profile-queries searches at --profile-size: where one search spends time.

Every figure is printed next to its ratio against a baseline measured in the same run; raw
numbers go to bench/out/search.json, the tables also to bench/out/search.txt (rewritten after each
size, so finished sizes can be read while a long run goes on), the full profile to
bench/out/search-profile.txt.

    .venv/bin/python bench/search.py                       # 10k,100k,1M: ~35 min the first time
    .venv/bin/python bench/search.py --sizes 10000,100000  # skip 1M
    .venv/bin/python bench/search.py --quick               # 10k only, fewer queries: ~2 min

The first run encodes --real sentences (~7 min for 100k at ~250 sentences/s); later runs load
them from bench/cache/.  Databases are built under bench/cache/db-* and deleted afterwards
unless --keep-db.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import io
import json
import os
import pstats
import random
import shutil
import sqlite3
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from common import (CACHE, OUT, CountingEmbedder, fnum, fx, latency, load_model, log, now, per_call,
                    print_table, ratio, rss_bytes, timed, write_json)

K = 10
GENERATOR_VERSION = 1

# --- generated news claims ------------------------------------------------------------------
# Our own vocabulary: invented groups, officials and outlets, real place names.  Each sentence
# is a core clause (by topic) wrapped in an attribution pattern, with a quantifier and a hedge.

PLACES = ("Gao", "Mopti", "Ségou", "Kayes", "Tombouctou", "Niamey", "Tillabéri", "Diffa", "Agadez",
          "Ouahigouya", "Djibo", "Kaya", "Fada N'Gourma", "Maiduguri", "Kano", "Zaria", "Makurdi",
          "Goma", "Bukavu", "Beni", "Butembo", "Uvira", "Bunia", "Kisangani", "Kananga", "El Fasher",
          "Nyala", "Kassala", "Port Sudan", "Omdurman", "Mogadishu", "Kismayo", "Baidoa", "Garissa",
          "Mandera", "Juba", "Malakal", "Bentiu", "Gondar", "Mekelle", "Bahir Dar", "Tripoli",
          "Misrata", "Sabha", "Aden", "Taiz", "Hodeidah", "Marib", "Idlib", "Deir ez-Zor", "Raqqa",
          "Mosul", "Kirkuk", "Kandahar", "Herat", "Jalalabad", "Mandalay", "Sittwe", "Lashio",
          "Cap-Haïtien", "Port-de-Paix", "Cúcuta", "Tumaco", "Culiacán", "Tegucigalpa", "Cabo Delgado",
          "Pemba", "Bangui", "Bambari", "Birao", "N'Djamena", "Abéché", "Maroua", "Bamenda", "Buea")
GROUPS = ("the Sahel Liberation Front", "the Movement for Northern Unity", "the Kivu Patriotic Alliance",
          "the Lakes Defence Forces", "the Eastern Resistance Army", "the Coastal Brigades",
          "the Popular Self-Defence Committees", "the Desert Shield militia", "the Islamic Front of the Plains",
          "the United Revolutionary Council", "the Free Highlands Army", "the Riverine Peoples' Movement",
          "jihadist fighters", "rebel fighters", "armed bandits", "a local militia")
OFFICIALS = ("the army", "the defence ministry", "the interior ministry", "police", "the regional governor",
             "the health ministry", "the electoral commission", "the prime minister's office",
             "the UN refugee agency", "a UN spokesperson", "the Red Crescent", "the mayor",
             "the finance ministry", "the central bank", "the civil protection agency", "the presidency")
NAMED = ("Colonel Moussa Traoré", "General Aline Kabeya", "Governor Ibrahim Sani", "Minister Ruth Achieng",
         "Dr Samuel Okafor", "spokesman Karim Haddad", "Mayor Fatou Ndiaye", "commander Jean-Paul Mbala",
         "senator Grace Mutua", "opposition leader Yusuf Adamu")
ANONYMOUS = ("a security source", "a hospital source", "a local official who asked not to be named",
             "residents", "witnesses", "a diplomat speaking on condition of anonymity", "aid workers",
             "a humanitarian source", "two medical staff", "a military officer who declined to be named")
VERBS = ("said", "told reporters", "said in a statement", "claimed", "reported", "confirmed", "estimated",
         "alleged", "announced", "told local radio")
QUANTIFIERS = ("", "", "at least ", "more than ", "nearly ", "about ", "up to ", "an estimated ")
HEDGES = ("", "", "", "", ", a figure that could not be independently verified", ", though the toll may rise",
          ", without providing evidence", ", according to preliminary figures", ", but this was later disputed")
WHEN = ("on Monday", "on Tuesday night", "early on Wednesday", "on Thursday", "late on Friday", "on Saturday",
        "on Sunday morning", "last week", "overnight", "earlier this month", "on 3 March", "on 14 June",
        "on 22 September", "on 8 November")
PERIOD = ("since January", "in the past week", "over the weekend", "in the last three months", "this year",
          "since the rains began", "in October")
VICTIMS = ("civilians", "soldiers", "police officers", "villagers", "students", "worshippers", "traders",
           "children", "people", "gendarmes", "miners", "farmers")
TARGETS = ("a military base", "the main market", "a police station", "the airport", "a checkpoint",
           "a village", "a mosque", "a church", "a school", "the town hall", "a gold mine", "a convoy",
           "a camp for displaced people", "the prison", "a bridge", "the bus station")
ATTACKS = ("an attack", "an ambush", "a drone strike", "a suicide bombing", "an artillery barrage",
           "a raid", "a roadside bomb", "clashes", "an air strike", "a rocket attack")
DISASTERS = ("floods", "a landslide", "a cyclone", "an earthquake", "a fire", "a storm", "a drought")
DISEASES = ("cholera", "measles", "malaria", "dengue", "mpox", "meningitis", "Lassa fever")
GOODS = ("rice", "millet", "maize flour", "cooking oil", "sugar", "fuel", "cement", "bread")
PARTIES = ("the ruling party", "the main opposition coalition", "independent candidates",
           "the Progressive Alliance", "the National Renewal Party")
OUTLETS = ("Sahel Courier", "Great Rivers Daily", "The Horn Observer", "Coastal Tribune", "Le Quotidien du Nord",
           "La Voix des Lacs", "Plains Radio", "Desert Post", "The Highland Times", "Metro Wire",
           "L'Éclaireur", "Le Matin du Fleuve", "Frontline News", "The Morning Bulletin")

# (claim type, figure kind or None, clause with {q}{n}, {m}, {place}, {place2}, {when}, ...)
EN_CORES = {
    "conflict": (
        ("casualty", "killed", "{q}{n} {victims} were killed in {attack} on {target} in {place} {when}"),
        ("casualty", "injured", "{q}{n} people were wounded when {attack} hit {target} near {place} {when}"),
        ("casualty", "killed", "{attack} on {target} outside {place} left {q}{n} {victims} dead"),
        ("control", None, "{group} had taken control of {target} in {place}"),
        ("control", None, "government forces still held {target} in {place} despite heavy fighting"),
        ("control", None, "{place} fell to {group} after {n} days of fighting"),
        ("responsibility", None, "{group} was behind {attack} on {target} in {place} {when}"),
        ("casualty", "abducted", "{q}{n} {victims} had been abducted from {target} near {place}"),
        ("event", "arrested", "{n} suspects were arrested after {attack} in {place}"),
        ("event", None, "a convoy carrying food aid was ambushed on the road between {place} and {place2}"),
        ("event", None, "troops withdrew from {place} {when} and moved towards {place2}"),
    ),
    "disaster": (
        ("casualty", "killed", "{q}{n} people died when {disaster} struck {place} {when}"),
        ("event", None, "{q}{n} homes were destroyed by {disaster} in {place}"),
        ("event", "displaced", "{disaster} left {q}{n} families without shelter around {place}"),
        ("event", None, "rescue teams pulled {n} survivors from the rubble in {place} {when}"),
    ),
    "election": (
        ("event", None, "turnout in {place} reached {pct} per cent, well below the last vote"),
        ("event", None, "{party} won {n} of the {m} seats in the {place} region"),
        ("event", None, "{n} polling stations around {place} opened late because ballot papers had not arrived"),
        ("statement", None, "the results announced in {place} had been falsified by {party}"),
    ),
    "economy": (
        ("event", None, "the price of {good} in {place} has risen by {pct} per cent {period}"),
        ("event", None, "{q}{n} workers at the port of {place} lost their jobs {period}"),
        ("event", None, "shops in {place} have run out of {good} {period}"),
        ("statement", None, "the government will cut the tax on {good} by {pct} per cent before the end of the year"),
    ),
    "health": (
        ("event", None, "{q}{n} cases of {disease} have been recorded in {place} {period}"),
        ("casualty", "killed", "{q}{n} patients have died of {disease} in {place} {period}"),
        ("event", None, "the main hospital in {place} has run out of medicine to treat {disease}"),
        ("statement", None, "a vaccination campaign against {disease} will reach {n} villages around {place}"),
    ),
    "migration": (
        ("event", "displaced", "{q}{n} people have fled {place} for {place2} {period}"),
        ("event", None, "{n} migrants were rescued off the coast near {place} {when}"),
        ("event", "displaced", "the camp outside {place} now shelters {q}{n} displaced people"),
        ("statement", None, "border crossings near {place} will reopen for returning families {when}"),
    ),
}
FR_CORES = {
    "conflict": (
        ("casualty", "killed", "{q}{n} {victims} ont été tués lors d'une attaque contre {target} à {place} {when}"),
        ("casualty", "injured", "{q}{n} personnes ont été blessées dans une frappe de drone près de {place}"),
        ("control", None, "{group} a pris le contrôle de {target} à {place}"),
        ("control", None, "l'armée tient toujours {target} à {place} malgré des combats intenses"),
        ("responsibility", None, "{group} a revendiqué l'attaque contre {target} à {place} {when}"),
        ("event", "arrested", "{n} suspects ont été interpellés après l'embuscade de {place}"),
    ),
    "disaster": (
        ("casualty", "killed", "{q}{n} personnes sont mortes dans les inondations à {place} {when}"),
        ("event", "displaced", "{q}{n} familles ont perdu leur maison après le glissement de terrain de {place}"),
    ),
    "election": (
        ("event", None, "le taux de participation a atteint {pct} % à {place}"),
        ("event", None, "{n} bureaux de vote de {place} ont ouvert en retard faute de bulletins"),
    ),
    "economy": (
        ("event", None, "le prix du sac de {good} a augmenté de {pct} % à {place} {period}"),
    ),
    "health": (
        ("event", None, "{q}{n} cas de {disease} ont été recensés à {place} {period}"),
        ("casualty", "killed", "{q}{n} malades sont morts de {disease} à {place} {period}"),
    ),
    "migration": (
        ("event", "displaced", "{q}{n} personnes ont fui {place} vers {place2} {period}"),
    ),
}
FR_WORDS = {
    "q": ("", "", "au moins ", "plus de ", "près de ", "environ ", "jusqu'à "),
    "when": ("lundi", "mardi soir", "dans la nuit de mercredi", "jeudi", "vendredi matin", "samedi",
             "dimanche", "la semaine dernière", "le 3 mars", "le 14 juin", "le 22 septembre"),
    "period": ("depuis janvier", "cette semaine", "ce week-end", "depuis trois mois", "cette année"),
    "victims": ("civils", "soldats", "policiers", "villageois", "élèves", "fidèles", "commerçants",
                "gendarmes", "orpailleurs", "agriculteurs"),
    "target": ("une base militaire", "le marché central", "un commissariat", "l'aéroport", "un poste de contrôle",
               "un village", "une mosquée", "une école", "la mairie", "une mine d'or", "un camp de déplacés"),
    "good": ("riz", "mil", "maïs", "sucre", "ciment"),
    "disease": ("choléra", "rougeole", "paludisme", "dengue", "méningite"),
    "source": ("l'armée", "le ministère de la Défense", "le gouverneur", "une source sécuritaire",
               "une source hospitalière", "des habitants", "des témoins", "un responsable local",
               "le porte-parole du gouvernement", "l'ONU"),
}
EN_PATTERNS = ("{Clause}, {source} {verb}{hedge}.", "According to {source}, {clause}{hedge}.",
               "{Source} {verb} that {clause}{hedge}.", "{Clause}{hedge}.")
FR_PATTERNS = ("{Clause}, a déclaré {source}.", "Selon {source}, {clause}.", "{Source} affirme que {clause}.",
               "{Clause}, d'après {source}.", "{Clause}.")
STATUSES = ("unverified",) * 7 + ("in_review", "confirmed", "disputed", "false")


@dataclass
class GeneratedClaim:
    text: str
    article: int  # index into the articles list
    claim_type: str
    speaker: str
    speaker_kind: str
    verb: str | None
    hedges: list
    figure: tuple | None  # (kind, min, max, approximate)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _speaker(rng: random.Random, french: bool) -> tuple[str, str]:
    if french:
        source = rng.choice(FR_WORDS["source"])
        return source, "anonymous" if source.startswith(("une source", "des ", "un resp")) else "official"
    kind = rng.choice(("official", "official", "named", "anonymous", "anonymous", "group"))
    pool = {"official": OFFICIALS, "named": NAMED, "anonymous": ANONYMOUS, "group": GROUPS[:12]}[kind]
    return rng.choice(pool), "named" if kind == "group" else kind


def _sentence(rng: random.Random, article: dict, number: int) -> GeneratedClaim:
    """One claim sentence, mostly about the article's topic and place."""
    french = article["language"] == "fr"
    cores = FR_CORES if french else EN_CORES
    topic = article["topic"] if rng.random() < 0.75 else rng.choice(list(cores))
    claim_type, figure_kind, core = rng.choice(cores[topic])
    words = FR_WORDS if french else {}
    n, m = rng.choice((rng.randint(2, 30), rng.randint(10, 300), rng.randint(100, 5000))), rng.randint(40, 400)
    slots = {
        "q": rng.choice(words.get("q", QUANTIFIERS)), "n": n, "m": m, "pct": rng.randint(3, 95),
        "place": article["place"] if rng.random() < 0.7 else rng.choice(PLACES), "place2": rng.choice(PLACES),
        "when": rng.choice(words.get("when", WHEN)), "period": rng.choice(words.get("period", PERIOD)),
        "victims": rng.choice(words.get("victims", VICTIMS)), "target": rng.choice(words.get("target", TARGETS)),
        "attack": rng.choice(ATTACKS), "group": article["group"] if rng.random() < 0.6 else rng.choice(GROUPS),
        "disaster": rng.choice(DISASTERS), "disease": rng.choice(words.get("disease", DISEASES)),
        "good": rng.choice(words.get("good", GOODS)), "party": rng.choice(PARTIES),
    }
    if "{q}" not in core:
        slots["q"] = ""
    clause = core.format(**slots)
    speaker, kind = _speaker(rng, french)
    pattern = rng.choice(FR_PATTERNS if french else EN_PATTERNS)
    verb = None if french else rng.choice(VERBS)
    hedge = "" if french else rng.choice(HEDGES)
    text = pattern.format(Clause=_cap(clause), clause=clause, source=speaker, Source=_cap(speaker),
                          verb=verb, hedge=hedge)
    if "{source}" not in pattern.lower():
        speaker, kind, verb = article["outlet"], "outlet", None
    hedges = [h.strip(" ,") for h in (slots["q"], hedge) if h.strip() and h.strip() not in ("au moins", "at least")]
    figure = None
    if figure_kind:
        exact = not slots["q"].strip()
        low = n + 1 if slots["q"].strip() in ("more than", "plus de") else n
        figure = (figure_kind, low if not slots["q"].startswith(("up to", "jusqu")) else 0,
                  n if exact or slots["q"].startswith(("up to", "jusqu", "nearly", "près")) else None, not exact)
    return GeneratedClaim(text, number, claim_type, speaker, kind, verb, hedges, figure)


def _article(rng: random.Random, number: int) -> dict:
    return {"number": number, "language": "fr" if rng.random() < 0.2 else "en",
            "topic": rng.choice(list(EN_CORES)), "place": rng.choice(PLACES), "group": rng.choice(GROUPS),
            "outlet": rng.choice(OUTLETS), "published": f"20{rng.randint(22, 25)}-{rng.randint(1, 12):02d}-"
                                                        f"{rng.randint(1, 28):02d}", "sentences": rng.randint(6, 30)}


def generate_claims(seed: int, count: int) -> tuple[list[GeneratedClaim], list[dict]]:
    """``count`` claims in articles of 6–30; deterministic, and the first n of a longer run are the same."""
    rng = random.Random(seed)
    claims, articles = [], []
    while len(claims) < count:
        article = _article(rng, len(articles))
        articles.append(article)
        for _ in range(article["sentences"]):
            claims.append(_sentence(rng, article, article["number"]))
    claims = claims[:count]
    return claims, articles[:claims[-1].article + 1] if claims else []


def texts_digest(texts: list[str]) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()


# --- real embeddings, encoded once and cached --------------------------------------------------

def _cache_path(seed: int, count: int) -> Path:
    return CACHE / f"claims-v{GENERATOR_VERSION}-seed{seed}-n{count}.npy"


def _cached(seed: int, count: int) -> np.ndarray | None:
    """The first ``count`` rows of a cached matrix for this seed, if its texts still match the generator."""
    for path in sorted(CACHE.glob(f"claims-v{GENERATOR_VERSION}-seed{seed}-n*.npy")):
        have, meta = int(path.stem.rsplit("-n", 1)[1]), path.with_suffix(".json")
        if have < count or not meta.exists():
            continue
        texts = [claim.text for claim in generate_claims(seed, have)[0]]
        if json.loads(meta.read_text()).get("digest") == texts_digest(texts):
            return np.load(path, mmap_mode="r")[:count].copy()
    return None


def real_vectors(embedder, seed: int, texts: list[str]) -> tuple[np.ndarray, dict]:
    """Embeddings of ``texts`` (the generator's first len(texts) claims for ``seed``), cached as .npy."""
    CACHE.mkdir(parents=True, exist_ok=True)
    count = len(texts)
    found = _cached(seed, count)
    if found is not None:
        log(f"loaded {count} cached embeddings (seed {seed})")
        return found, {"cached": True}
    log(f"encoding {count} generated claims once (seed {seed}); cached for later runs")
    started, parts = now(), []
    for start in range(0, count, 5000):
        parts.append(embedder.encode(texts[start:start + 5000]))
        done = start + len(parts[-1])
        log(f"  encoded {done}/{count} ({done / (now() - started):.0f} sentences/s)")
    vectors = np.vstack(parts).astype(np.float32)
    seconds = now() - started
    path = _cache_path(seed, count)
    np.save(path, vectors)
    path.with_suffix(".json").write_text(json.dumps({"digest": texts_digest(texts), "count": count,
                                                     "encode_s": seconds}))
    return vectors, {"cached": False, "encode_s": seconds, "sentences_per_s": count / seconds}


def structured_vectors(base: np.ndarray, count: int, seed: int, noise: float) -> np.ndarray:
    """``count`` vectors: the real ones first, then real[i mod len] + noise (norm ~``noise``), renormalised."""
    out = np.empty((count, base.shape[1]), dtype=np.float32)
    real = min(count, len(base))
    out[:real] = base[:real]
    rng = np.random.default_rng(seed)
    for start in range(real, count, 100_000):
        stop = min(count, start + 100_000)
        rows = base[np.arange(start, stop) % len(base)]
        rows = rows + rng.standard_normal(rows.shape, dtype=np.float32) * (noise / np.sqrt(base.shape[1]))
        out[start:stop] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return out


# --- index only ---------------------------------------------------------------------------------

def exact_neighbours(vectors: np.ndarray, queries: np.ndarray, k: int = K) -> np.ndarray:
    """Row positions of the exact top-k by inner product (FAISS Flat, batched)."""
    return _flat_index(vectors).search(queries, k)[1]


def recall_at_k(found: np.ndarray, truth: np.ndarray) -> float:
    hits = sum(len(set(f.tolist()) & set(t.tolist())) for f, t in zip(found, truth))
    return hits / truth.size


def numpy_search(vectors: np.ndarray, query: np.ndarray, k: int = K) -> np.ndarray:
    scores = vectors @ query
    top = np.argpartition(-scores, k)[:k]
    return top[np.argsort(-scores[top])]


def bench_numpy(vectors: np.ndarray, queries: np.ndarray) -> dict:
    return {"name": "numpy brute force", "latency": latency(per_call(lambda q: numpy_search(vectors, q), queries))}


def _flat_index(vectors: np.ndarray):
    import faiss

    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    return flat


def bench_faiss_flat(vectors: np.ndarray, queries: np.ndarray) -> dict:
    import faiss

    rss = rss_bytes()
    build_s, flat = timed(_flat_index, vectors)
    rss_delta = rss_bytes() - rss
    seconds = per_call(lambda q: flat.search(q[None, :], K), queries)
    return {"name": "FAISS IndexFlatIP", "build_s": build_s, "latency": latency(seconds),
            "bytes_per_claim": len(faiss.serialize_index(flat)) / len(vectors), "rss_per_claim": rss_delta / len(vectors)}


def build_vector_index(vectors: np.ndarray, factory: str, model: str):
    """A workbench VectorIndex over ``vectors`` with ids 1..n (the claims.db ids), and its cost."""
    from workbench.encode.index import VectorIndex

    rss = rss_bytes()
    started = now()
    index = VectorIndex.create(model, vectors.shape[1], factory)
    index.train_if_needed(vectors)
    index.add(np.arange(1, len(vectors) + 1), vectors)
    return index, {"build_s": now() - started, "rss_per_claim": (rss_bytes() - rss) / len(vectors)}


def bench_vector_index(vectors, queries, recall_queries, truth, factory: str, label: str, model: str):
    """Latency, recall@10, build time and size of one VectorIndex; returns (index, figures)."""
    import faiss

    index, cost = build_vector_index(vectors, factory, model)
    seconds = per_call(lambda q: index.search(q, K), queries)
    found = index.search(recall_queries, K)[1] - 1  # ids are positions + 1
    size = len(faiss.serialize_index(index.index))
    return index, {"name": label, "factory": factory, **cost, "latency": latency(seconds),
                   "recall_at_10": recall_at_k(found, truth), "bytes_per_claim": size / len(vectors)}


def single_thread_latency(index, queries, label: str) -> dict:
    """The same index searched with FAISS limited to one OpenMP thread (the library leaves the default)."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        return {"name": label, "latency": latency(per_call(lambda q: index.search(q, K), queries))}
    finally:
        faiss.omp_set_num_threads(threads)


def bench_index_only(vectors, queries, recall_queries, model: str):
    """Baselines, the automatic factory (kept for e2e) and HNSW forced below EXACT_LIMIT."""
    from workbench.encode.index import HNSW_FACTORY, choose_factory

    n = len(vectors)
    log(f"{n}: exact baselines ({len(queries)} single queries each)")
    truth = exact_neighbours(vectors, recall_queries)
    rows = [bench_numpy(vectors, queries), bench_faiss_flat(vectors, queries)]
    auto = choose_factory(n)
    log(f"{n}: building the automatic index ({auto})")
    index, figures = bench_vector_index(vectors, queries, recall_queries, truth, auto, f"auto: {auto}", model)
    rows.append(figures)
    rows.append(single_thread_latency(index, queries, f"auto: {auto}, 1 OpenMP thread"))
    if auto != HNSW_FACTORY:
        log(f"{n}: building {HNSW_FACTORY} (forced)")
        forced, figures = bench_vector_index(vectors, queries, recall_queries, truth, HNSW_FACTORY,
                                             f"forced: {HNSW_FACTORY}", model)
        rows.append(figures)
        del forced
    return index, rows


# --- a claims.db of N claims through the real schema --------------------------------------------

def _article_rows(claims: list[GeneratedClaim], articles: list[dict], stamp: str):
    """articles rows, and each claim's (char_start, char_end) in its article's text."""
    from workbench.storage import store

    texts: dict[int, list[str]] = {}
    offsets = []
    for claim in claims:
        parts = texts.setdefault(claim.article, [])
        start = sum(len(p) + 1 for p in parts)
        parts.append(claim.text)
        offsets.append((start, start + len(claim.text)))
    rows = []
    for number, parts in texts.items():
        article, text = articles[number], " ".join(parts)
        rows.append((number + 1, article["outlet"], f"https://example.org/{number + 1}", f"Report {number + 1}",
                     article["published"], article["language"], text, store.content_hash(text),
                     f"bench#{number + 1}", stamp))
    return rows, offsets


def _claim_rows(claims, offsets, stamp: str):
    for number, (claim, (start, end)) in enumerate(zip(claims, offsets)):
        hedged = int(bool(claim.hedges))
        yield (number + 1, claim.article + 1, number, start, end, claim.text, claim.claim_type,
               0.5 + (number % 50) / 100, claim.speaker, claim.speaker_kind, claim.verb, hedged,
               json.dumps(claim.hedges, ensure_ascii=False), STATUSES[number % len(STATUSES)], stamp, stamp)


def _insert(conn: sqlite3.Connection, sql: str, rows, chunk: int = 50_000) -> None:
    """executemany in transactions of ``chunk`` rows."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == chunk:
            conn.executemany(sql, batch)
            conn.commit()
            batch = []
    if batch:
        conn.executemany(sql, batch)
        conn.commit()


def build_claims_db(folder: Path, claims, articles, vectors: np.ndarray, embedder) -> dict:
    """A migrated claims.db holding ``claims`` (ids 1..n) with their vectors; returns its build time."""
    from workbench import Workbench
    from workbench.storage import store
    from workbench.encode.embed import text_hash, to_blob

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    workbench = Workbench(folder / "claims.db", folder / "indexes", embedder=embedder)
    workbench.init()
    conn, stamp, started = workbench.db.conn, store.now(), now()
    article_rows, offsets = _article_rows(claims, articles, stamp)
    _insert(conn, "INSERT INTO articles (id, outlet, url, title, published, language, text, content_hash, source, "
                  "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
    _insert(conn, "INSERT INTO claims (id, article_id, position, char_start, char_end, text, claim_type, "
                  "checkworthiness, speaker, speaker_kind, attribution_verb, hedged, hedges, status, created_at, "
                  "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _claim_rows(claims, offsets, stamp))
    _insert(conn, "INSERT INTO figures (claim_id, kind, min, max, approximate, text) VALUES (?, ?, ?, ?, ?, ?)",
            ((number + 1, *claim.figure, claim.text[:40]) for number, claim in enumerate(claims) if claim.figure))
    _insert(conn, "INSERT INTO embeddings (claim_id, model, text_hash, vector) VALUES (?, ?, ?, ?)",
            ((number + 1, embedder.name, text_hash(claim.text), to_blob(vectors[number]))
             for number, claim in enumerate(claims)))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = now() - started
    workbench.close()
    return {"build_s": seconds, "claims_per_s": len(claims) / seconds}


def db_bytes(path: Path, count: int) -> dict:
    """claims.db bytes per claim, total and by table group (dbstat)."""
    conn = sqlite3.connect(path)
    groups: dict[str, int] = {}
    for name, size in conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        key = ("fts" if name.startswith("claims_fts") else
               next((t for t in ("embeddings", "claims", "articles", "figures") if t in name), "other"))
        groups[key] = groups.get(key, 0) + size
    conn.close()
    return {"file_per_claim": path.stat().st_size / count, **{f"{k}_per_claim": v / count for k, v in groups.items()}}


# --- end to end ---------------------------------------------------------------------------------

def open_workbench(folder: Path, embedder):
    from workbench import Workbench

    return Workbench(folder / "claims.db", folder / "indexes", embedder=CountingEmbedder(embedder),
                     log=lambda line: log(f"workbench: {line}"))


def bench_e2e(folder: Path, embedder, texts: list[str]) -> dict:
    """Workbench.search p50/p99 vs bare encode of the same text, interleaved; first search apart."""
    workbench = open_workbench(folder, embedder)
    cold_s, _ = timed(workbench.search, texts[0], k=K)
    search_s, encode_s, inside_s = [], [], []
    for text in texts:
        encode_s.append(timed(embedder.encode, [text])[0])
        before = workbench.embedder.seconds
        search_s.append(timed(workbench.search, text, k=K)[0])
        inside_s.append(workbench.embedder.seconds - before)
    workbench.close()
    rank_s = np.array(search_s) - np.array(inside_s)
    return {"cold_first_search_s": cold_s, "search": latency(search_s), "bare_encode": latency(encode_s),
            "search_minus_encode": latency(rank_s)}


def bench_batch(folder: Path, embedder, texts: list[str]) -> dict:
    """Workbench.batch_search queries/s vs bare encode of the same texts (batch 256, and the default 64)."""
    workbench = open_workbench(folder, embedder)
    workbench.index  # load outside the timing, as a long-running batch job would have it
    bare256_s, _ = timed(embedder.encode, texts, batch_size=256)
    bare64_s, _ = timed(embedder.encode, texts, batch_size=64)
    batch_s, rows = timed(lambda: list(workbench.batch_search(texts, k=K)))
    inside_s = workbench.embedder.seconds
    workbench.close()
    count = len(texts)
    return {"queries": count, "results": sum(len(row["results"]) for row in rows),
            "bare_encode_256_qps": count / bare256_s, "bare_encode_64_qps": count / bare64_s,
            "batch_search_qps": count / batch_s, "batch_search_encode_share": inside_s / batch_s}


def bench_rebuild(folder: Path, embedder, build_s: float) -> dict:
    """Workbench.index_rebuild() (read every stored vector, build, save) vs building from an in-memory array."""
    from workbench import Workbench

    with Workbench(folder / "claims.db", folder / "indexes", embedder=embedder) as workbench:
        seconds, info = timed(workbench.index_rebuild)
    return {"seconds": seconds, "factory": info["factory"], "in_memory_build_s": build_s}


def profile_search(folder: Path, embedder, texts: list[str], top: int = 14) -> dict:
    """cProfile of searches: the heaviest functions by cumulative time, per query."""
    workbench = open_workbench(folder, embedder)
    workbench.search(texts[0], k=K)
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        workbench.search(text, k=K)
    profiler.disable()
    workbench.close()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(40)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "search-profile.txt").write_text(stream.getvalue(), encoding="utf-8")
    total = max(row[3] for row in stats.stats.values())
    entries = sorted(((row[3], f"{Path(file).parent.name}/{Path(file).name}:{line}({name})" if line else name)
                      for (file, line, name), row in stats.stats.items()), reverse=True)
    wanted = [(cum, label) for cum, label in entries if label.startswith("workbench/") or any(
        key in label for key in ("'execute' of", "difflib", "IndexIDMap_search"))]
    return {"queries": len(texts), "total_s": total,
            "top": [{"function": label, "ms_per_query": cum / len(texts) * 1e3, "share": cum / total}
                    for cum, label in wanted[:top]]}


# --- one size, and the whole run ------------------------------------------------------------------

def vectors_for_size(real: np.ndarray, n: int, args) -> tuple[np.ndarray, str]:
    if n <= len(real):
        return np.ascontiguousarray(real[:n]), "real"
    return structured_vectors(real, n, args.seed, args.noise), f"real {len(real)} + synthetic"


def run_size(n: int, claims, articles, real, queries, query_texts, batch_texts, embedder, args) -> dict:
    """Index-only figures at size n, then (up to --e2e-max) everything that needs a claims.db."""
    vectors, kind = vectors_for_size(real, n, args)
    result = {"size": n, "vectors": kind}
    index, result["index"] = bench_index_only(vectors, queries[:args.queries], queries, embedder.name)
    if n > args.e2e_max:
        result["e2e_skipped"] = f"size above --e2e-max {args.e2e_max}"
        return result
    folder = CACHE / f"db-{n}"
    log(f"{n}: building claims.db")
    result["db_build"] = build_claims_db(folder, claims[:n], articles, vectors, embedder)
    result["db"] = db_bytes(folder / "claims.db", n)
    from workbench import Workbench
    from workbench.encode.vectors import save_index

    with Workbench(folder / "claims.db", folder / "indexes", embedder=embedder) as workbench:
        save_index(workbench.db, index, folder / "indexes")  # what index_rebuild() would build and save
    del index, vectors
    gc.collect()
    result.update(run_with_db(n, folder, query_texts, batch_texts, embedder, args, result["index"]))
    if not args.keep_db:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def run_with_db(n: int, folder: Path, query_texts, batch_texts, embedder, args, index_rows) -> dict:
    """End-to-end search, and at the chosen sizes batch search, profile and index rebuild."""
    log(f"{n}: end-to-end search ({len(query_texts)} queries)")
    result = {"e2e": bench_e2e(folder, embedder, query_texts)}
    if n == args.batch_db:
        log(f"{n}: batch search ({len(batch_texts)} queries)")
        result["batch"] = bench_batch(folder, embedder, batch_texts)
    if n == args.profile_size:
        log(f"{n}: profiling {args.profile_queries} searches")
        result["profile"] = profile_search(folder, embedder, query_texts[:args.profile_queries])
    if n <= args.rebuild_max:
        log(f"{n}: Workbench.index_rebuild()")
        auto = next(row for row in index_rows if row["name"].startswith("auto") and "build_s" in row)
        result["rebuild"] = bench_rebuild(folder, embedder, auto["build_s"])
    return result


def print_index_table(results: list[dict]) -> None:
    rows = []
    for result in results:
        numpy_row, flat = result["index"][0], result["index"][1]
        raw = 4 * DIM
        for row in result["index"]:
            lat = row["latency"]
            recall = row.get("recall_at_10")
            synthetic = result["vectors"] != "real"
            rows.append([f"{result['size']:,}", row["name"], fnum(lat["p50_ms"], 3), fnum(lat["p99_ms"], 3),
                         fx(ratio(lat["p50_ms"], flat["latency"]["p50_ms"]), 3),
                         fx(ratio(lat["p50_ms"], numpy_row["latency"]["p50_ms"]), 3),
                         "-" if recall is None else f"{recall:.4f}" + ("*" if synthetic else ""),
                         fnum(row.get("build_s"), 1), fx(ratio(row.get("build_s"), flat.get("build_s")), 0),
                         fnum(row.get("bytes_per_claim"), 0), fx(ratio(row.get("bytes_per_claim"), raw)),
                         fx(ratio(row.get("rss_per_claim"), raw))])
    print_table("Index only: single-query k=10 (ms), ratios vs exact FAISS Flat and numpy brute force "
                "in the same run; recall@10 vs exact (* = synthetic vectors)",
                ["claims", "index", "p50", "p99", "p50/Flat", "p50/numpy", "recall@10", "build s", "build/Flat",
                 "B/claim", "B/raw", "RSS/raw"], rows)


def print_e2e_table(results: list[dict]) -> None:
    rows = []
    for result in results:
        if "e2e" not in result:
            rows.append([f"{result['size']:,}", "skipped: " + result.get("e2e_skipped", "")] + [""] * 10)
            continue
        e2e, db = result["e2e"], result["db"]
        enc, search = e2e["bare_encode"], e2e["search"]
        rows.append([f"{result['size']:,}", fnum(enc["p50_ms"]), fnum(search["p50_ms"]), fnum(search["p99_ms"]),
                     fx(ratio(search["p50_ms"], enc["p50_ms"])), fx(ratio(search["p99_ms"], enc["p50_ms"])),
                     fx(ratio(e2e["search_minus_encode"]["p50_ms"], enc["p50_ms"])),
                     fx(ratio(e2e["search_minus_encode"]["p99_ms"], enc["p50_ms"])),
                     fx(ratio(e2e["cold_first_search_s"] * 1e3, search["p50_ms"]), 1),
                     fnum(db["file_per_claim"], 0), fx(ratio(db["file_per_claim"], 4 * DIM)),
                     fx(ratio(result["rebuild"]["seconds"], result["rebuild"]["in_memory_build_s"]))
                     if "rebuild" in result else "-"])
    print_table("End to end: Workbench.search(text, k=10) (ms) vs bare embedder.encode([text]) of the same "
                "queries, interleaved; rank = search minus its own encode; cold = first search (opens the index); "
                "rebuild = Workbench.index_rebuild() vs building the same index from an in-memory array",
                ["claims", "encode p50", "search p50", "p99", "p50/enc", "p99/enc", "rank p50/enc", "rank p99/enc",
                 "cold/p50", "db B/claim", "db/raw vec", "rebuild/build"], rows)


def print_db_table(results: list[dict]) -> None:
    rows = []
    for result in results:
        if "db" in result:
            db = result["db"]
            parts = [k[:-len("_per_claim")] for k in db if k != "file_per_claim"]
            rows.append([f"{result['size']:,}", fnum(result["db_build"]["claims_per_s"], 0)] +
                        [f"{k}={db[k + '_per_claim'] / db['file_per_claim']:.0%}" for k in sorted(parts)])
    if rows:
        width = max(len(r) for r in rows)
        print_table("claims.db: bulk-insert rate and share of the file by table",
                    ["claims", "insert/s"] + [""] * (width - 2), [r + [""] * (width - len(r)) for r in rows])


def print_batch_and_profile(results: list[dict]) -> None:
    for result in results:
        if "batch" in result:
            b = result["batch"]
            print_table(f"Batch: {b['queries']:,} queries against {result['size']:,} claims (queries/s)",
                        ["what", "queries/s", "vs bare encode bs=256"],
                        [["bare encode, batch_size=256 (baseline)", fnum(b["bare_encode_256_qps"], 1), fx(1.0)],
                         ["bare encode, batch_size=64", fnum(b["bare_encode_64_qps"], 1),
                          fx(ratio(b["bare_encode_64_qps"], b["bare_encode_256_qps"]))],
                         ["Workbench.batch_search", fnum(b["batch_search_qps"], 1),
                          fx(ratio(b["batch_search_qps"], b["bare_encode_256_qps"]))]])
            print(f"  (share of batch_search time spent encoding: {b['batch_search_encode_share']:.0%})")
        if "profile" in result:
            p = result["profile"]
            print_table(f"Profile: {p['queries']} searches at {result['size']:,} claims, cumulative ms/query "
                        f"(full listing in bench/out/search-profile.txt)",
                        ["function", "ms/query", "share"],
                        [[t["function"], fnum(t["ms_per_query"]), f"{t['share']:.0%}"] for t in p["top"]])


DIM = 384


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="stored claims per run (comma-separated)")
    parser.add_argument("--real", type=int, default=100_000, help="real embeddings to encode/cache")
    parser.add_argument("--seed", type=int, default=1, help="generator seed for stored claims (queries: seed+1)")
    parser.add_argument("--queries", type=int, default=500, help="single queries timed per index")
    parser.add_argument("--recall-queries", type=int, default=1000, help="held-out queries for recall@10")
    parser.add_argument("--e2e-queries", type=int, default=200, help="Workbench.search calls timed per size")
    parser.add_argument("--e2e-max", type=int, default=1_000_000, help="largest size given an end-to-end run")
    parser.add_argument("--batch-queries", type=int, default=10_000)
    parser.add_argument("--batch-db", type=int, default=100_000, help="size whose claims.db gets the batch run")
    parser.add_argument("--rebuild-max", type=int, default=100_000, help="largest size whose index_rebuild is timed")
    parser.add_argument("--profile-size", type=int, default=100_000)
    parser.add_argument("--profile-queries", type=int, default=50)
    parser.add_argument("--noise", type=float, default=0.5, help="noise norm for synthetic vectors above --real")
    parser.add_argument("--keep-db", action="store_true", help="keep bench/cache/db-N/ afterwards")
    parser.add_argument("--out", type=Path, default=OUT / "search.json")
    parser.add_argument("--quick", action="store_true", help="10k only, 10k real, few queries (~2 min)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.real, args.queries, args.recall_queries = "10000", 10_000, 200, 200
        args.e2e_queries, args.batch_queries, args.batch_db, args.profile_size = 100, 1000, 10_000, 10_000
        args.profile_queries = 20
    args.sizes = [int(size) for size in args.sizes.split(",")]
    return args


def print_report(args, embedder, real_count: int, results: list[dict], library: dict) -> None:
    print(f"search benchmark on workbench {library['commit']} ({library['workbench']}): sizes "
          f"{', '.join(f'{n:,}' for n in args.sizes)}; {real_count:,} real {embedder.name} embeddings of generated "
          f"claims (seed {args.seed}); queries: held-out generated claims (seed {args.seed + 1}); sizes above "
          f"{real_count:,} use real+noise vectors (noise {args.noise}), so their recall is marked synthetic.  "
          f"Raw vector = {4 * DIM} B.")
    print(f"Load average (2 cores) at start {library['load_start']}, at end {os.getloadavg()[0]:.1f}: "
          f"other processes share this machine, so absolute times vary; ratios are measured interleaved "
          f"or back to back.")
    print_index_table(results)
    print_e2e_table(results)
    print_db_table(results)
    print_batch_and_profile(results)


def main(argv=None) -> None:
    from common import library_state

    args = parse_args(argv)
    started, library = now(), {**library_state(), "load_start": round(os.getloadavg()[0], 1)}
    embedder = load_model()
    claims, articles = generate_claims(args.seed, max(args.sizes))
    real, real_info = real_vectors(embedder, args.seed, [c.text for c in claims[:min(args.real, max(args.sizes))]])
    held_out = [c.text for c in generate_claims(args.seed + 1, max(args.recall_queries, args.batch_queries))[0]]
    queries, _ = real_vectors(embedder, args.seed + 1, held_out[:args.recall_queries])
    results = []
    for n in args.sizes:
        results.append(run_size(n, claims, articles, real, queries, held_out[:args.e2e_queries],
                                held_out[:args.batch_queries], embedder, args))
        gc.collect()
        write_json(args.out, {"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                              "library": library, "model": embedder.name, "real_embeddings": real_info,
                              "results": results, "total_s": now() - started, "complete": n == args.sizes[-1]})
        with open(args.out.with_suffix(".txt"), "w", encoding="utf-8") as handle, redirect_stdout(handle):
            print_report(args, embedder, len(real), results, library)  # readable while later sizes run
    print_report(args, embedder, len(real), results, library)
    print(f"\nraw numbers: {args.out}   total {now() - started:.0f} s")


if __name__ == "__main__":
    main()
