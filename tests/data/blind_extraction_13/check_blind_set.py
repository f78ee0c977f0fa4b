#!/usr/bin/env python3
"""Self-check for the thirteenth blind extraction data set (tests/data/blind_extraction_13/).

Adapted from the checker of ../blind_extraction_12/ (itself adapted from those of sets 11 and 10). Checks:
every JSON / JSONL file parses; every manifest file exists; every gold "sentence", pair "text" and
furniture "line" occurs verbatim (byte-identical) in its report; gold sentences follow document order;
all body text is covered by either gold sentences or furniture; enum values, figure objects and aliases
are valid; report bodies are 240-800 words and 15-35 gold sentences. Set-specific checks: the folder is
blind_extraction_13; it holds the two expected events (Sarrouge ammonia leak: 6 reports, 3 en + 3 fr,
3 of them .html, incidents "first" x5 + "both" x1; Yamossé pilgrimage crush: 6 reports, 3 en + 3 fr,
3 of them .html, all "first"); publication dates span at least 330 days (leak) and 160 days (crush);
exactly one report (a crush report) has "published": null, its file name ends in "_undated" and its
file gives no date (no year, no day-and-month); the "both" report has a gold sentence about the second,
unrelated incident (the Pontaury level-crossing accident); a leak gold sentence names both the town
(Sarrouge) and the river (Lénat); there are 200-240 gold sentences; there are 250-330 pairs of which at
least 60% are English-French, with at least 90 conflicts (at least half of them with no number in
either text: no digit and no cardinal number word), at least 80 corroborations (at least 40 of them with
no number), at least 40 English-French conflicts and 30 English-French corroborations with no number, at
least 40 related and at least 8 cross-event unrelated pairs; every pair text is a gold claim sentence of
its report; "unrelated" is used only across events or with the "both" report; no gold sentence occurs
twice; and no sentence is shared with any earlier data set: the gold sentences of ../blind_extraction/
... ../blind_extraction_12/ and every string held in ../blind_stance*/ are compared with this set's gold
sentences and reports, and nothing of them is printed but a count. Prints per-event / per-language
counts. Exit status 1 on any error.
"""
import json, os, re, sys
from collections import Counter, defaultdict
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = {"casualty", "statement", "event", "finding", "condition", "other"}
KINDS = {"official", "organisation", "document", "witness_group", "anonymous", "person", "outlet"}
FIG_KINDS = {"killed", "wounded", "missing", "displaced", "bodies_recovered", "buried", "casualties", "cases", "other"}
LABELS = {"corroborates", "conflicts", "related", "unrelated"}
errors = []

def err(msg):
    errors.append(msg)

def load_jsonl(name):
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"{name}:{n}: bad JSON: {e}")
    return rows

class TextNodes(HTMLParser):
    """Collect text nodes (skipping <script>/<style>)."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes, self.skip = [], 0
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
    def handle_data(self, data):
        if not self.skip and data.strip():
            self.nodes.append(data.strip())

def covered(segment, sents, furn):
    """True if segment == furniture line, or a space-joined run of gold sentences."""
    if segment in furn:
        return True
    rest = segment
    while rest:
        for s in sorted(sents, key=len, reverse=True):
            if rest.startswith(s):
                rest = rest[len(s):].lstrip()
                break
        else:
            return False
    return True

# ---------- manifest
try:
    with open(os.path.join(HERE, "manifest.json"), encoding="utf-8") as fh:
        manifest = json.load(fh)
except Exception as e:
    print("manifest.json does not parse:", e); sys.exit(1)
by_file = {}
for m in manifest:
    for k in ("file", "outlet", "url", "title", "published", "language", "event", "incident"):
        if k not in m:
            err(f"manifest entry {m.get('file')} lacks {k}")
    if not os.path.exists(os.path.join(HERE, m["file"])):
        err(f"manifest file missing: {m['file']}")
    if not re.fullmatch(r"https://[a-z0-9-]+\.example/\S+", m["url"]):
        err(f"bad url {m['url']}")
    if m["published"] is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m["published"]):
        err(f"bad date {m['published']}")
    if m["language"] not in ("en", "fr"):
        err(f"bad language {m['language']}")
    if m.get("incident") not in ("first", "second", "both"):
        err(f"bad incident {m.get('incident')} for {m['file']}")
    if m["file"] in by_file:
        err(f"manifest lists {m['file']} twice")
    by_file[m["file"]] = m
texts = {f: open(os.path.join(HERE, f), encoding="utf-8").read() for f in by_file if os.path.exists(os.path.join(HERE, f))}
on_disk = {f for f in os.listdir(HERE) if f.endswith((".html", ".txt"))}
for f in sorted(on_disk - set(by_file)):
    err(f"report file not in manifest: {f}")

# ---------- gold sentences
gold = load_jsonl("gold_sentences.jsonl")
furniture = load_jsonl("furniture.jsonl")
sents_by_file = defaultdict(list)
last_pos = {}
for g in gold:
    f = g.get("file")
    if f not in texts:
        err(f"gold row for unknown file {f}"); continue
    for k in ("sentence", "is_claim", "type", "speaker", "speaker_kind", "aliases_of_speaker", "hedged", "figures"):
        if k not in g:
            err(f"{f}: gold row lacks {k}")
    s = g["sentence"]
    pos = texts[f].find(s, last_pos.get(f, 0))
    if pos < 0:
        if s in texts[f]:
            err(f"{f}: sentence out of order: {s[:60]!r}")
        else:
            err(f"{f}: sentence not verbatim in file: {s[:60]!r}")
    else:
        last_pos[f] = pos + len(s)
    if s != s.strip() or not s:
        err(f"{f}: sentence has surrounding whitespace or is empty: {s[:60]!r}")
    sents_by_file[f].append(s)
    if g["type"] not in TYPES: err(f"{f}: bad type {g['type']}")
    if g["speaker_kind"] not in KINDS: err(f"{f}: bad speaker_kind {g['speaker_kind']}")
    if (g["speaker"] is None) != (g["speaker_kind"] == "outlet"):
        err(f"{f}: speaker/kind mismatch: {s[:60]!r}")
    if not isinstance(g["is_claim"], bool) or not isinstance(g["hedged"], bool):
        err(f"{f}: non-boolean flag: {s[:60]!r}")
    if not g["is_claim"] and (g["type"] != "other" or g["figures"]):
        err(f"{f}: non-claim with type/figures: {s[:60]!r}")
    if g["is_claim"] and g["type"] == "other":
        err(f"{f}: claim with type other: {s[:60]!r}")
    for a in g["aliases_of_speaker"]:
        if a.lower() not in texts[f].lower():
            err(f"{f}: alias {a!r} not used in report")
    for fig in g["figures"]:
        if fig.get("kind") not in FIG_KINDS: err(f"{f}: bad figure kind {fig}")
        if not isinstance(fig.get("low"), (int, float)): err(f"{f}: bad low {fig}")
        if fig.get("high") is not None and fig["high"] < fig["low"]: err(f"{f}: high<low {fig}")
        if not isinstance(fig.get("revision"), bool): err(f"{f}: bad revision {fig}")
        if not isinstance(fig.get("approximate"), bool): err(f"{f}: bad approximate {fig}")
        if fig.get("approximate") and fig.get("high") != fig.get("low"): err(f"{f}: approximate figure with low != high {fig}")
    # crude single-sentence check: no ". X" boundary except after known abbreviations
    for m_ in re.finditer(r"(\S+)[.!?]\s+[A-ZÀ-Ý«“]", s):
        if m_.group(1) not in ("Mr", "Dr", "M", "Me", "Mgr", "p.m", "a.m", "St"):
            err(f"{f}: possibly more than one sentence: {s[:80]!r}")

# ---------- furniture
furn_by_file = defaultdict(set)
for row in furniture:
    f = row.get("file")
    if f not in texts:
        err(f"furniture row for unknown file {f}"); continue
    if row["line"] not in texts[f]:
        err(f"{f}: furniture line not verbatim: {row['line'][:60]!r}")
    if f.endswith(".txt") and row["line"] not in texts[f].splitlines():
        err(f"{f}: furniture line is not a whole line: {row['line'][:60]!r}")
    furn_by_file[f].add(row["line"])

# ---------- coverage: every bit of body text is gold or furniture
for f, t in texts.items():
    if f.endswith(".html"):
        p = TextNodes(); p.feed(t); segments = p.nodes
    else:
        segments = [l.strip() for l in t.splitlines() if l.strip()]
    for seg in segments:
        if not covered(seg, sents_by_file[f], furn_by_file[f]):
            err(f"{f}: text neither gold nor furniture: {seg[:70]!r}")

# ---------- word and sentence counts
words = {}
for f in texts:
    words[f] = sum(len(s.split()) for s in sents_by_file[f])
    if not 240 <= words[f] <= 800:  # (sets 12-13) shorter reports: 240-800 words
        err(f"{f}: body has {words[f]} words (want 240-800)")
    if not 15 <= len(sents_by_file[f]) <= 35:
        err(f"{f}: body has {len(sents_by_file[f])} gold sentences (want 15-35)")

# ---------- pairs
pairs = load_jsonl("pairs.jsonl")
gold_idx = {(g["file"], g["sentence"]): g for g in gold}
ids = Counter(p_["id"] for p_ in pairs)
for i, n in ids.items():
    if n > 1: err(f"duplicate pair id {i}")
pair_keys = Counter(frozenset(((p_["a"]["file"], p_["a"]["text"]), (p_["b"]["file"], p_["b"]["text"]))) for p_ in pairs)
for k, n in pair_keys.items():
    if n > 1: err(f"the same two sentences are paired {n} times")
for p_ in pairs:
    if p_["label"] not in LABELS: err(f"{p_['id']}: bad label")
    if not p_.get("note"): err(f"{p_['id']}: empty note")
    for side in ("a", "b"):
        fa, tx = p_[side]["file"], p_[side]["text"]
        if fa not in texts or tx not in texts[fa]:
            err(f"{p_['id']}: {side} text not verbatim in {fa}")
        elif (fa, tx) not in gold_idx:
            err(f"{p_['id']}: {side} text is not a gold sentence")
        elif not gold_idx[(fa, tx)]["is_claim"]:
            err(f"{p_['id']}: {side} text is not a claim")
    if p_["a"]["file"] == p_["b"]["file"]:
        err(f"{p_['id']}: pair within one report")
    if p_["a"]["file"] in by_file and p_["b"]["file"] in by_file:
        ma, mb = by_file[p_["a"]["file"]], by_file[p_["b"]["file"]]
        ea, eb = ma["event"], mb["event"]
        ia, ib = ma.get("incident"), mb.get("incident")
        if ea != eb:
            if p_["label"] != "unrelated":
                err(f"{p_['id']}: label {p_['label']} but events {ea} / {eb}")
        elif ia == ib and ia != "both":
            if p_["label"] == "unrelated":
                err(f"{p_['id']}: unrelated within one event and one incident ({ea}, {ia})")
        elif {ia, ib} == {"first", "second"} and p_["label"] in ("conflicts", "corroborates"):
            err(f"{p_['id']}: {p_['label']} between a first-incident and a second-incident report")


# ---------- set-specific checks (blind_extraction_13)
EXPECTED = {  # event: (reports, en, fr, html, {incident: reports}, minimum span in days)
    "sarrouge-ammonia-leak-2026": (6, 3, 3, 3, {"first": 5, "both": 1}, 330),
    "yamosse-pilgrimage-crush-2026": (6, 3, 3, 3, {"first": 6}, 160),
}
if os.path.basename(HERE) != "blind_extraction_13":
    err(f"this script checks blind_extraction_13 but lives in {os.path.basename(HERE)}")
if {m["event"] for m in manifest} != set(EXPECTED):
    err(f"events {sorted({m['event'] for m in manifest})} != {sorted(EXPECTED)}")
from datetime import date
for ev, (n_rep, n_en, n_fr, n_html, incs, span) in EXPECTED.items():
    ms = [m for m in manifest if m["event"] == ev]
    langs = Counter(m["language"] for m in ms)
    if len(ms) != n_rep or langs["en"] != n_en or langs["fr"] != n_fr:
        err(f"{ev}: want {n_rep} reports ({n_en} en, {n_fr} fr), got {dict(langs)}")
    if sum(m["file"].endswith(".html") for m in ms) != n_html:
        err(f"{ev}: want exactly {n_html} .html reports")
    got = dict(Counter(m.get("incident") for m in ms))
    if got != incs:
        err(f"{ev}: want incidents {incs}, got {got}")
    days = sorted(date.fromisoformat(m["published"]) for m in ms if m["published"])
    if days and (days[-1] - days[0]).days < span:
        err(f"{ev}: publication dates span {(days[-1] - days[0]).days} days (want at least {span})")
for m in manifest:
    ext = ".html" if m["file"].endswith(".html") else ".txt"
    if m["published"] is None:
        if not m["file"].endswith("_undated" + ext):
            err(f"{m['file']}: undated report whose file name does not end with _undated")
    elif not m["file"].endswith(m["published"] + ext):
        err(f"{m['file']}: file name does not end with its publication date {m['published']}")
# (set 13) exactly one undated report (a crush report), with no date anywhere in its file
undated = [m for m in manifest if m["published"] is None]
if len(undated) != 1 or undated[0]["event"] != "yamosse-pilgrimage-crush-2026":
    err(f"want exactly one undated crush report, got {[m['file'] for m in undated]}")
MONTHS = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
          r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre")
DATE_RE = re.compile(r"\b(19|20)\d\d\b|\b\d{1,2}(er)? (" + MONTHS + r")\b|\b(" + MONTHS + r") \d{1,2}\b")
for m in undated:
    if m["file"] in texts and DATE_RE.search(texts[m["file"]]):
        err(f"{m['file']}: the undated report shows a date (a year or a day and month)")
# (set 13) the evening roundup (incident "both") mentions the second, unrelated incident (the Pontaury
# level-crossing accident) in its body
both = [m["file"] for m in manifest if m["incident"] == "both"]
if len(both) != 1 or not any("Pontaury" in s_ for f_ in both for s_ in sents_by_file.get(f_, [])):
    err("want one 'both' report with a gold sentence about the second incident (Pontaury level crossing)")
if not any("Sarrouge" in s_ and "Lénat" in s_ for m in manifest if m["event"] == "sarrouge-ammonia-leak-2026"
           for s_ in sents_by_file.get(m["file"], [])):
    err("no leak gold sentence names both the town (Sarrouge) and the river (Lénat)")
if not 200 <= len(gold) <= 240:
    err(f"{len(gold)} gold sentences (want 200-240)")
lab = Counter(p_["label"] for p_ in pairs)
if not 250 <= len(pairs) <= 330:
    err(f"{len(pairs)} pairs (want 250-330)")
if lab["conflicts"] < 90: err(f"only {lab['conflicts']} conflicts pairs (want at least 90)")
if lab["corroborates"] < 80: err(f"only {lab['corroborates']} corroborates pairs (want at least 80)")
if lab["related"] < 40: err(f"only {lab['related']} related pairs (want at least 40)")
# pairs without any number: no digit and no cardinal number word in either text
NUM_RE = re.compile(r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|"
                    r"millions?|dozens?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
                    r"vingts?|trente|quarante|cinquante|soixante|cents?|centaines?|mille|milliers?|dizaines?|douzaines?|"
                    r"quarantaine|centaine|vingtaine|trentaine|cinquantaine)\b", re.I)
def numberless(p_):
    return not NUM_RE.search(p_["a"]["text"]) and not NUM_RE.search(p_["b"]["text"])
n_conf_nonum = sum(numberless(p_) for p_ in pairs if p_["label"] == "conflicts")
n_corr_nonum = sum(numberless(p_) for p_ in pairs if p_["label"] == "corroborates")
if 2 * n_conf_nonum < lab["conflicts"]:
    err(f"only {n_conf_nonum} of {lab['conflicts']} conflicts pairs have no number (want at least half)")
if n_corr_nonum < 40:
    err(f"only {n_corr_nonum} corroborates pairs have no number (want at least 40)")
print(f"pairs with no number in either text: {n_conf_nonum} of {lab['conflicts']} conflicts, {n_corr_nonum} of {lab['corroborates']} corroborates")
n_cross_event = sum(by_file[p_["a"]["file"]]["event"] != by_file[p_["b"]["file"]]["event"]
                    for p_ in pairs if p_["a"]["file"] in by_file and p_["b"]["file"] in by_file)
if n_cross_event < 8: err(f"only {n_cross_event} cross-event unrelated pairs (want at least 8)")
n_cross = sum(by_file[p_["a"]["file"]]["language"] != by_file[p_["b"]["file"]]["language"]
              for p_ in pairs if p_["a"]["file"] in by_file and p_["b"]["file"] in by_file)
if pairs and 100 * n_cross < 60 * len(pairs):
    err(f"only {n_cross} of {len(pairs)} pairs are English-French (want at least 60%)")
for lab_ in ("conflicts", "corroborates"):
    n_nonum_x = sum(numberless(p_) and by_file[p_["a"]["file"]]["language"] != by_file[p_["b"]["file"]]["language"]
                    for p_ in pairs if p_["label"] == lab_ and p_["a"]["file"] in by_file and p_["b"]["file"] in by_file)
    want_x = {"conflicts": 40, "corroborates": 30}[lab_]
    if n_nonum_x < want_x:
        err(f"only {n_nonum_x} English-French {lab_} pairs with no number (want at least {want_x})")
cross_inc = Counter()
cross_inc_ev = Counter()
for p_ in pairs:
    if p_["a"]["file"] in by_file and p_["b"]["file"] in by_file:
        ma, mb = by_file[p_["a"]["file"]], by_file[p_["b"]["file"]]
        if ma["event"] == mb["event"] and {ma.get("incident"), mb.get("incident")} == {"first", "second"}:
            cross_inc[p_["label"]] += 1
            cross_inc_ev[ma["event"]] += 1
for ev, spec in EXPECTED.items():
    if "second" in spec[4] and cross_inc_ev[ev] < 10:
        err(f"{ev}: only {cross_inc_ev[ev]} pairs join a first-incident and a second-incident report (want at least 10)")
dup = Counter(g["sentence"] for g in gold)
for s, n in dup.items():
    if n > 1:
        err(f"gold sentence occurs {n} times: {s[:60]!r}")

# (sets 10-13) copy check against every earlier data set. Only sentences are compared and only counts are
# printed: nothing of the earlier sets is shown. The blind_extraction* sets are compared through their
# gold_sentences.jsonl (exact match of a gold sentence, and any earlier gold sentence of 25+ characters
# occurring verbatim in one of our reports); the blind_stance* sets, whose format this writer never
# looked at, through every string they hold (JSON/JSONL values, or the raw text of any other file):
# one of our gold sentences must not equal or occur inside any of them, and no string of theirs of
# 25+ characters and 5+ words may occur verbatim in one of our reports.
import glob
DATA = os.path.dirname(HERE)
our_sents = [g["sentence"] for g in gold]
our_texts = list(texts.values())

def _strings(obj, out):
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            _strings(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _strings(v, out)

def _long(s_):
    return len(s_) >= 25 and len(s_.split()) >= 5

earlier_ext = sorted(d for d in glob.glob(os.path.join(DATA, "blind_extraction*"))
                     if os.path.isdir(d) and os.path.abspath(d) != HERE)
want_ext = ["blind_extraction"] + [f"blind_extraction_{i}" for i in range(2, 13)]
for w in want_ext:
    if not os.path.isfile(os.path.join(DATA, w, "gold_sentences.jsonl")):
        err(f"../{w}/gold_sentences.jsonl not found: cannot check for copied sentences")
for d in earlier_ext:
    name = os.path.basename(d)
    path = os.path.join(d, "gold_sentences.jsonl")
    if not os.path.isfile(path):
        continue
    old = set()
    with open(path, encoding="utf-8") as fh:
        for l in fh:
            if l.strip():
                try:
                    old.add(json.loads(l)["sentence"])
                except (json.JSONDecodeError, KeyError, TypeError):
                    pass
    n_copied = sum(s_ in old for s_ in our_sents)
    n_copied += sum(any(o in t for t in our_texts) for o in old if isinstance(o, str) and len(o) >= 25)
    if n_copied:
        err(f"{n_copied} gold sentence(s) shared with ../{name}/")
    print(f"copy check against ../{name}/: {n_copied} shared sentences")
stance_dirs = sorted(d for d in glob.glob(os.path.join(DATA, "blind_stance*")) if os.path.isdir(d))
if not stance_dirs:
    err("no ../blind_stance*/ folder found: cannot check for copied sentences")
for d in stance_dirs:
    name = os.path.basename(d)
    strings = []
    n_files = 0
    for root, _dirs, files in os.walk(d):
        for fn in files:
            fp = os.path.join(root, fn)
            try:
                raw = open(fp, encoding="utf-8").read()
            except (UnicodeDecodeError, OSError):
                continue
            n_files += 1
            strings.append(raw)
            if fn.endswith(".json"):
                try:
                    _strings(json.loads(raw), strings)
                except json.JSONDecodeError:
                    pass
            elif fn.endswith(".jsonl"):
                for l in raw.splitlines():
                    if l.strip():
                        try:
                            _strings(json.loads(l), strings)
                        except json.JSONDecodeError:
                            pass
    if not n_files:
        err(f"../{name}/ holds no readable file: cannot check for copied sentences")
    n_copied = sum(any(s_ in st for st in strings) for s_ in our_sents)
    n_copied += sum(any(st in t for t in our_texts) for st in set(strings) if _long(st) and len(st) < 2000)
    if n_copied:
        err(f"{n_copied} sentence(s) shared with ../{name}/")
    print(f"copy check against ../{name}/: {n_copied} shared sentences")

# ---------- report
stats = defaultdict(Counter)
for f, m in by_file.items():
    key = (m["event"], m["language"])
    stats[key]["reports"] += 1
    stats[key]["words"] += words.get(f, 0)
for g in gold:
    if g.get("file") not in by_file:
        continue
    m = by_file[g["file"]]; key = (m["event"], m["language"])
    stats[key]["sentences"] += 1
    stats[key]["claims"] += g["is_claim"]
    stats[key]["hedged"] += g["hedged"]
    stats[key]["figures"] += len(g["figures"])
for row in furniture:
    if row.get("file") not in by_file:
        continue
    m = by_file[row["file"]]; stats[(m["event"], m["language"])]["furniture"] += 1
print(f"{'event':34} {'lang':4} {'rep':>3} {'words':>5} {'sent':>4} {'claim':>5} {'hedge':>5} {'figs':>4} {'furn':>4}")
for key in sorted(stats):
    c = stats[key]
    print(f"{key[0]:34} {key[1]:4} {c['reports']:3} {c['words']:5} {c['sentences']:4} {c['claims']:5} {c['hedged']:5} {c['figures']:4} {c['furniture']:4}")
print(f"pairs: {len(pairs)} {dict(lab)}; English-French: {n_cross}; cross-event: {n_cross_event}")
print(f"pairs joining a first-incident and a second-incident report: {sum(cross_inc.values())} {dict(cross_inc)} by event {dict(cross_inc_ev)}")
print("words per report:", ", ".join(f"{f.split('_')[0]}_{f.split('_')[1]}={w}" for f, w in sorted(words.items())))
if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("OK: all checks passed")
