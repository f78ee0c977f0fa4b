"""Shared checks for the hand-written blind extraction data sets (tests/data/blind_extraction*/).

Each set's check_blind_set.py builds a BlindSet for its folder and calls, in its own order, the checks
below with that set's expectations. Errors are collected and printed at the end by finish(); the exit
status is 1 on any error. Standard library only. The feature flags record how the format grew:
`strict` (sets 4+: more structural checks, tolerant of unknown files), `incidents` (sets 5+: manifest
"incident"), `undated_ok` (sets 11+: "published" may be null), `approx` (sets 3+: figure "approximate").
"""
import difflib, glob, json, os, re, sys
from collections import Counter, defaultdict
from datetime import date
from html.parser import HTMLParser

TYPES = {"casualty", "statement", "event", "finding", "condition", "other"}
KINDS = {"official", "organisation", "document", "witness_group", "anonymous", "person", "outlet"}
FIG_KINDS = {"killed", "wounded", "missing", "displaced", "bodies_recovered", "buried", "casualties", "cases", "other"}
LABELS = {"corroborates", "conflicts", "related", "unrelated"}
ABBREV = ("Mr", "Dr", "M", "Me", "Mgr", "p.m", "a.m", "St")
GOLD_KEYS = ("sentence", "is_claim", "type", "speaker", "speaker_kind", "aliases_of_speaker", "hedged", "figures")
MONTHS = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
          r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre")
_NUM_WORDS = (r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
              r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|"
              r"millions?|dozens?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
              r"vingts?|trente|quarante|cinquante|soixante|cents?|centaines?|mille|milliers?|dizaines?|douzaines?")
NUM_RE_7 = re.compile(_NUM_WORDS + r")\b", re.I)  # sets 7-9
NUM_RE = re.compile(_NUM_WORDS + r"|quarantaine|centaine|vingtaine|trentaine|cinquantaine)\b", re.I)  # sets 10+
SIGNAL_RE = re.compile(r"\b(second|another|new|deuxième|seconde?|nouveaux?|nouvelles?|nouvel)\b", re.I)


class TextNodes(HTMLParser):
    """Collect text nodes (skipping <script>/<style>): the body text that gold/furniture must cover."""
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


def _strings(obj, out):
    """Every string value held in a JSON object (for the copy check against blind_stance*)."""
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            _strings(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _strings(v, out)


def _json_values(fn, raw, out):
    """Add the string values of a .json file, or of each line of a .jsonl file (unparsable: skipped)."""
    if fn.endswith(".json"):
        docs = [raw]
    elif fn.endswith(".jsonl"):
        docs = [l for l in raw.splitlines() if l.strip()]
    else:
        docs = []
    for doc in docs:
        try:
            _strings(json.loads(doc), out)
        except json.JSONDecodeError:
            pass


def _long(s_):
    """A string long enough that finding it verbatim in a report means it was copied."""
    return len(s_) >= 25 and len(s_.split()) >= 5


class BlindSet:
    """State of one data set being checked: its files, parsed rows and the errors found so far."""

    def __init__(self, here, strict=True, incidents=True, undated_ok=False, approx=True,
                 cross_banned=("conflicts", "corroborates")):
        self.here = os.path.dirname(os.path.abspath(here)) if here.endswith(".py") else here
        self.data = os.path.dirname(self.here)
        self.strict, self.incidents, self.undated_ok, self.approx = strict, incidents, undated_ok, approx
        self.cross_incident_banned = cross_banned  # labels banned across incidents (sets 5-7: "conflicts")
        self.errors = []

    def err(self, msg):
        self.errors.append(msg)

    def load_jsonl(self, name):
        """Parse a JSONL file of this set, reporting each bad line rather than stopping."""
        rows = []
        with open(os.path.join(self.here, name), encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    self.err(f"{name}:{n}: bad JSON: {e}")
        return rows

    def both_known(self, p_):
        """Pair sides both name manifest files (strict sets skip other pairs instead of crashing)."""
        return not self.strict or (p_["a"]["file"] in self.by_file and p_["b"]["file"] in self.by_file)

    # ---------- core checks, common to every set
    def check_core(self, words, sents=None):
        """Run the structural checks every set shares, in the order the checkers always ran them."""
        self.check_manifest()
        self.gold = self.load_jsonl("gold_sentences.jsonl")
        self.furniture = self.load_jsonl("furniture.jsonl")
        self.check_gold()
        self.check_furniture()
        self.check_coverage()
        self.check_lengths(words, sents)
        self.pairs = self.load_jsonl("pairs.jsonl")
        self.check_pairs()

    def check_manifest(self):
        """Manifest entries must be complete and well-formed: everything else is keyed on them."""
        try:
            with open(os.path.join(self.here, "manifest.json"), encoding="utf-8") as fh:
                self.manifest = json.load(fh)
        except Exception as e:
            print("manifest.json does not parse:", e); sys.exit(1)
        self.by_file = {}
        for m in self.manifest:
            self._check_entry(m)
            self.by_file[m["file"]] = m
        self.texts = {f: open(os.path.join(self.here, f), encoding="utf-8").read()
                      for f in self.by_file if os.path.exists(os.path.join(self.here, f))}
        if self.strict:
            on_disk = {f for f in os.listdir(self.here) if f.endswith((".html", ".txt"))}
            for f in sorted(on_disk - set(self.by_file)):
                self.err(f"report file not in manifest: {f}")

    def _check_entry(self, m):
        """One manifest entry: required keys, existing file, fake URL, ISO date, language, incident."""
        keys = ("file", "outlet", "url", "title", "published", "language", "event") + (("incident",) if self.incidents else ())
        for k in keys:
            if k not in m:
                self.err(f"manifest entry {m.get('file')} lacks {k}")
        if not os.path.exists(os.path.join(self.here, m["file"])):
            self.err(f"manifest file missing: {m['file']}")
        if not re.fullmatch(r"https://[a-z0-9-]+\.example/\S+", m["url"]):
            self.err(f"bad url {m['url']}")
        if not (self.undated_ok and m["published"] is None) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m["published"]):
            self.err(f"bad date {m['published']}")
        if m["language"] not in ("en", "fr"):
            self.err(f"bad language {m['language']}")
        if self.incidents and m.get("incident") not in ("first", "second", "both"):
            self.err(f"bad incident {m.get('incident')} for {m['file']}")
        if self.strict and m["file"] in self.by_file:
            self.err(f"manifest lists {m['file']} twice")

    def check_gold(self):
        """Gold sentences must be verbatim, in document order, and carry valid annotations."""
        self.sents_by_file = defaultdict(list)
        last_pos = {}
        for g in self.gold:
            f = g.get("file")
            if f not in self.texts:
                self.err(f"gold row for unknown file {f}"); continue
            if self.strict:
                for k in GOLD_KEYS:
                    if k not in g:
                        self.err(f"{f}: gold row lacks {k}")
            self._check_position(f, g["sentence"], last_pos)
            self.sents_by_file[f].append(g["sentence"])
            self._check_annotation(f, g)

    def _check_position(self, f, s, last_pos):
        """A gold sentence occurs verbatim in its report, after the previous one."""
        t = self.texts[f]
        pos = t.find(s, last_pos.get(f, 0))
        if pos < 0:
            if s in t:
                self.err(f"{f}: sentence out of order: {s[:60]!r}")
            else:
                self.err(f"{f}: sentence not verbatim in file: {s[:60]!r}")
        else:
            last_pos[f] = pos + len(s)
        if self.strict and (s != s.strip() or not s):
            self.err(f"{f}: sentence has surrounding whitespace or is empty: {s[:60]!r}")

    def _check_annotation(self, f, g):
        """Enum values, speaker consistency, boolean flags, aliases, figures and one-sentence rows."""
        s = g["sentence"]
        if g["type"] not in TYPES: self.err(f"{f}: bad type {g['type']}")
        if g["speaker_kind"] not in KINDS: self.err(f"{f}: bad speaker_kind {g['speaker_kind']}")
        if (g["speaker"] is None) != (g["speaker_kind"] == "outlet"):
            self.err(f"{f}: speaker/kind mismatch: {s[:60]!r}")
        if not isinstance(g["is_claim"], bool) or not isinstance(g["hedged"], bool):
            self.err(f"{f}: non-boolean flag: {s[:60]!r}")
        if not g["is_claim"] and (g["type"] != "other" or g["figures"]):
            self.err(f"{f}: non-claim with type/figures: {s[:60]!r}")
        if self.strict and g["is_claim"] and g["type"] == "other":
            self.err(f"{f}: claim with type other: {s[:60]!r}")
        for a in g["aliases_of_speaker"]:
            if a.lower() not in self.texts[f].lower():
                self.err(f"{f}: alias {a!r} not used in report")
        for fig in g["figures"]:
            self._check_figure(f, fig)
        # crude single-sentence check: no ". X" boundary except after known abbreviations
        for m_ in re.finditer(r"(\S+)[.!?]\s+[A-ZÀ-Ý«“]", s):
            if m_.group(1) not in ABBREV:
                self.err(f"{f}: possibly more than one sentence: {s[:80]!r}")

    def _check_figure(self, f, fig):
        """A figure object: known kind, numeric low, high >= low, boolean flags."""
        if fig.get("kind") not in FIG_KINDS: self.err(f"{f}: bad figure kind {fig}")
        if not isinstance(fig.get("low"), (int, float)): self.err(f"{f}: bad low {fig}")
        if fig.get("high") is not None and fig["high"] < fig["low"]: self.err(f"{f}: high<low {fig}")
        if not isinstance(fig.get("revision"), bool): self.err(f"{f}: bad revision {fig}")
        if self.approx:
            if not isinstance(fig.get("approximate"), bool): self.err(f"{f}: bad approximate {fig}")
            if fig.get("approximate") and fig.get("high") != fig.get("low"):
                self.err(f"{f}: approximate figure with low != high {fig}")

    def check_furniture(self):
        """Furniture lines (bylines, captions...) must be verbatim, and whole lines in .txt reports."""
        self.furn_by_file = defaultdict(set)
        for row in self.furniture:
            f = row.get("file")
            if f not in self.texts:
                self.err(f"furniture row for unknown file {f}"); continue
            if row["line"] not in self.texts[f]:
                self.err(f"{f}: furniture line not verbatim: {row['line'][:60]!r}")
            if f.endswith(".txt") and row["line"] not in self.texts[f].splitlines():
                self.err(f"{f}: furniture line is not a whole line: {row['line'][:60]!r}")
            self.furn_by_file[f].add(row["line"])

    def check_coverage(self):
        """Every bit of body text is gold or furniture, so nothing of a report goes unannotated."""
        for f, t in self.texts.items():
            if f.endswith(".html"):
                p = TextNodes(); p.feed(t); segments = p.nodes
            else:
                segments = [l.strip() for l in t.splitlines() if l.strip()]
            for seg in segments:
                if not covered(seg, self.sents_by_file[f], self.furn_by_file[f]):
                    self.err(f"{f}: text neither gold nor furniture: {seg[:70]!r}")

    def check_lengths(self, words, sents=None):
        """Report bodies stay within the word (and gold-sentence) range the set was written for."""
        self.words = {}
        for f in self.texts:
            self.words[f] = sum(len(s.split()) for s in self.sents_by_file[f])
            if not words[0] <= self.words[f] <= words[1]:
                self.err(f"{f}: body has {self.words[f]} words (want {words[0]}-{words[1]})")
            n = len(self.sents_by_file[f])
            if sents and not sents[0] <= n <= sents[1]:
                self.err(f"{f}: body has {n} gold sentences (want {sents[0]}-{sents[1]})")

    def check_pairs(self):
        """Pairs: unique ids (and sentence pairs), valid labels, gold claim texts, across reports."""
        self.gold_idx = {(g["file"], g["sentence"]): g for g in self.gold}
        for i, n in Counter(p_["id"] for p_ in self.pairs).items():
            if n > 1: self.err(f"duplicate pair id {i}")
        if self.strict:
            keys = Counter(frozenset(((p_["a"]["file"], p_["a"]["text"]), (p_["b"]["file"], p_["b"]["text"])))
                           for p_ in self.pairs)
            for k, n in keys.items():
                if n > 1: self.err(f"the same two sentences are paired {n} times")
        for p_ in self.pairs:
            self._check_pair(p_)

    def _check_pair(self, p_):
        """One pair: label, note, both texts gold claims, two different reports, label vs events."""
        if p_["label"] not in LABELS: self.err(f"{p_['id']}: bad label")
        if self.strict and not p_.get("note"): self.err(f"{p_['id']}: empty note")
        for side in ("a", "b"):
            fa, tx = p_[side]["file"], p_[side]["text"]
            if fa not in self.texts or tx not in self.texts[fa]:
                self.err(f"{p_['id']}: {side} text not verbatim in {fa}")
            elif (fa, tx) not in self.gold_idx:
                self.err(f"{p_['id']}: {side} text is not a gold sentence")
            elif not self.gold_idx[(fa, tx)]["is_claim"]:
                self.err(f"{p_['id']}: {side} text is not a claim")
        if p_["a"]["file"] == p_["b"]["file"]:
            self.err(f"{p_['id']}: pair within one report")
        if not self.both_known(p_):
            return
        if self.incidents:
            self._check_pair_incidents(p_)
        else:
            ea, eb = self.by_file[p_["a"]["file"]]["event"], self.by_file[p_["b"]["file"]]["event"]
            if (ea != eb) != (p_["label"] == "unrelated"):
                self.err(f"{p_['id']}: label {p_['label']} but events {ea} / {eb}")

    def _check_pair_incidents(self, p_):
        """"unrelated" only across events or incidents; no conflict (or corroboration) across incidents."""
        ma, mb = self.by_file[p_["a"]["file"]], self.by_file[p_["b"]["file"]]
        ea, eb = ma["event"], mb["event"]
        ia, ib = ma.get("incident"), mb.get("incident")
        if ea != eb:
            if p_["label"] != "unrelated":
                self.err(f"{p_['id']}: label {p_['label']} but events {ea} / {eb}")
        elif ia == ib and ia != "both":
            if p_["label"] == "unrelated":
                self.err(f"{p_['id']}: unrelated within one event and one incident ({ea}, {ia})")
        elif {ia, ib} == {"first", "second"} and p_["label"] in self.cross_incident_banned:
            self.err(f"{p_['id']}: {p_['label']} between a first-incident and a second-incident report")

    # ---------- set-level expectations
    def check_folder(self, name):
        """The script checks the folder it was written for (guards against a stale copy)."""
        if os.path.basename(self.here) != name:
            self.err(f"this script checks {name} but lives in {os.path.basename(self.here)}")

    def check_events(self, expected):
        """The expected events, each with its counts: (reports, en, fr, html[, incidents[, span]])."""
        if {m["event"] for m in self.manifest} != set(expected):
            self.err(f"events {sorted({m['event'] for m in self.manifest})} != {sorted(expected)}")
        for ev, spec in expected.items():
            self._check_event(ev, *spec)

    def _check_event(self, ev, n_rep, n_en, n_fr, n_html, incs=None, span=None):
        """One event: language split, number of .html reports, incident split, date span."""
        ms = [m for m in self.manifest if m["event"] == ev]
        langs = Counter(m["language"] for m in ms)
        if len(ms) != n_rep or langs["en"] != n_en or langs["fr"] != n_fr:
            self.err(f"{ev}: want {n_rep} reports ({n_en} en, {n_fr} fr), got {dict(langs)}")
        if sum(m["file"].endswith(".html") for m in ms) != n_html:
            self.err(f"{ev}: want exactly {n_html} .html reports")
        if incs is not None:
            got = dict(Counter(m.get("incident") for m in ms))
            if got != incs:
                self.err(f"{ev}: want incidents {incs}, got {got}")
        if span is not None:
            days = sorted(date.fromisoformat(m["published"]) for m in ms if m["published"])
            if days and (days[-1] - days[0]).days < span:
                self.err(f"{ev}: publication dates span {(days[-1] - days[0]).days} days (want at least {span})")

    def check_file_dates(self):
        """File names end with the publication date (or "_undated"), so a file's date is visible."""
        for m in self.manifest:
            ext = ".html" if m["file"].endswith(".html") else ".txt"
            if self.undated_ok and m["published"] is None:
                if not m["file"].endswith("_undated" + ext):
                    self.err(f"{m['file']}: undated report whose file name does not end with _undated")
            elif not m["file"].endswith(m["published"] + ext):
                self.err(f"{m['file']}: file name does not end with its publication date {m['published']}")

    def check_syndicated(self, copy_f, orig_f):
        """(sets 6-7) a syndicated near-copy: reworded sentences of another report, none identical."""
        if copy_f in self.by_file and orig_f in self.by_file:
            near = 0
            for s_ in self.sents_by_file[copy_f]:
                if s_ in self.sents_by_file[orig_f]:
                    self.err(f"{copy_f}: sentence identical to one of {orig_f}: {s_[:60]!r}")
                elif max((difflib.SequenceMatcher(None, s_, o).ratio() for o in self.sents_by_file[orig_f]), default=0) >= 0.8:
                    near += 1
            if near < 15:
                self.err(f"{copy_f}: only {near} sentences are near-copies of {orig_f} (want at least 15)")
            print(f"syndicated near-copy: {near} of {len(self.sents_by_file[copy_f])} sentences of {copy_f} are near-identical to {orig_f}")
        else:
            self.err("syndicated pair of reports missing from manifest")

    def check_no_explicit_date(self, fname):
        """(sets 6-7) one dated report carries no explicit date in its text (date must come from metadata)."""
        if fname in self.texts:
            date_re = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december|"
                                 r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                                 r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
                                 r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|yesterday|tomorrow|today|hier|demain)\b"
                                 r"|\b(19|20)\d\d\b|\b\d{1,2}/\d{1,2}\b", re.I)
            hit = date_re.search(self.texts[fname])
            if hit:
                self.err(f"{fname} should carry no explicit date but contains {hit.group(0)!r}")
        else:
            self.err(f"{fname} missing")

    def check_unsignalled_seconds(self, expected):
        """(sets 8-10) no second-incident report flags itself as a later incident ("new", « nouveau »)."""
        for ev in expected:
            seconds = [m["file"] for m in self.manifest if m["event"] == ev and m.get("incident") == "second"]
            loud = [f for f in seconds if any(SIGNAL_RE.search(s_) for s_ in self.sents_by_file[f])]
            for f in loud:
                self.err(f"{f}: a second-incident report signals the incident with a word like 'second' / 'new' / « nouveau »")
            if seconds:
                print(f"{ev}: second-incident reports with no signal word: {[f for f in seconds if f not in loud]}")

    def check_back_references(self, first_re, allowed_by_file):
        """(sets 8-10) how many sentences of given second-incident reports name the first incident."""
        first_re = re.compile(first_re, re.I)
        for f, allowed in allowed_by_file:
            n_back = sum(bool(first_re.search(s_)) for s_ in self.sents_by_file.get(f, []))
            if f not in self.sents_by_file:
                self.err(f"{f} missing")
            elif n_back != allowed:
                self.err(f"{f}: {n_back} sentences name the first incident (want {allowed})")

    def check_undated(self, event, what, no_month=False):
        """(sets 11+) exactly one undated report, of `event`, showing no date that would give it away."""
        undated = [m for m in self.manifest if m["published"] is None]
        if len(undated) != 1 or undated[0]["event"] != event:
            self.err(f"want exactly one undated {what} report, got {[m['file'] for m in undated]}")
        date_re = re.compile(r"\b(19|20)\d\d\b|\b\d{1,2}(er)? (" + MONTHS + r")\b|\b(" + MONTHS + r") \d{1,2}\b")
        for m in undated:
            if m["file"] in self.texts and date_re.search(self.texts[m["file"]]):
                self.err(f"{m['file']}: the undated report shows a date (a year or a day and month)")
            if no_month and m["file"] in self.texts and re.search(r"\b(" + MONTHS + r")\b", self.texts[m["file"]], re.I):
                self.err(f"{m['file']}: the undated report names a month")

    def check_both_report(self, keyword, msg, one=True, event=None, event_msg=None):
        """(sets 12+) the "both" roundup has a gold sentence about the second, unrelated incident."""
        both = [m["file"] for m in self.manifest if m["incident"] == "both"]
        if (one and len(both) != 1) or not any(keyword in s_ for f_ in both for s_ in self.sents_by_file.get(f_, [])):
            self.err(msg)
        if event and both and self.by_file[both[0]]["event"] != event:
            self.err(event_msg)

    def check_names_both(self, event, a, b, msg):
        """(sets 11+) some gold sentence of `event` names both places (a and b) together."""
        if not any(a in s_ and b in s_ for m in self.manifest if m["event"] == event
                   for s_ in self.sents_by_file.get(m["file"], [])):
            self.err(msg)

    def check_gold_count(self, lo, hi=None):
        """(sets 11+) the set's total number of gold sentences."""
        if hi is None:
            if len(self.gold) < lo:
                self.err(f"only {len(self.gold)} gold sentences (want at least {lo})")
        elif not lo <= len(self.gold) <= hi:
            self.err(f"{len(self.gold)} gold sentences (want {lo}-{hi})")

    # ---------- pair statistics
    def count_labels(self):
        self.lab = Counter(p_["label"] for p_ in self.pairs)

    def check_pair_counts(self, lo, hi, minima=None):
        """Enough pairs overall and of each label for the scores on this set to mean something."""
        self.count_labels()
        if not lo <= len(self.pairs) <= hi:
            self.err(f"{len(self.pairs)} pairs (want {lo}-{hi})")
        for label, n in (minima or {}).items():
            if self.lab[label] < n: self.err(f"only {self.lab[label]} {label} pairs (want at least {n})")

    def numberless(self, p_):
        """Neither text of the pair holds a number (digit or cardinal word)."""
        return not self.num_re.search(p_["a"]["text"]) and not self.num_re.search(p_["b"]["text"])

    def check_numberless(self, min_corr, num_re=NUM_RE):
        """(sets 7+) many conflicts/corroborations must be judged without comparing figures."""
        self.num_re = num_re
        conf = sum(self.numberless(p_) for p_ in self.pairs if p_["label"] == "conflicts")
        corr = sum(self.numberless(p_) for p_ in self.pairs if p_["label"] == "corroborates")
        if 2 * conf < self.lab["conflicts"]:
            self.err(f"only {conf} of {self.lab['conflicts']} conflicts pairs have no number (want at least half)")
        if corr < min_corr:
            self.err(f"only {corr} corroborates pairs have no number (want at least {min_corr})")
        print(f"pairs with no number in either text: {conf} of {self.lab['conflicts']} conflicts, {corr} of {self.lab['corroborates']} corroborates")

    def _cross(self, key):
        return sum(self.by_file[p_["a"]["file"]][key] != self.by_file[p_["b"]["file"]][key]
                   for p_ in self.pairs if self.both_known(p_))

    def check_cross_event(self, minimum):
        """(sets 5+) enough cross-event pairs to test that "unrelated" is recognised."""
        self.n_cross_event = self._cross("event")
        if self.n_cross_event < minimum:
            self.err(f"only {self.n_cross_event} cross-event unrelated pairs (want at least {minimum})")

    def check_cross_language(self, pct=None):
        """Enough English-French pairs (at least half, or pct%) to test cross-language matching."""
        self.n_cross = self._cross("language")
        if pct is None:
            if self.pairs and 2 * self.n_cross < len(self.pairs):
                self.err(f"only {self.n_cross} of {len(self.pairs)} pairs are English-French (want at least half)")
        elif self.pairs and 100 * self.n_cross < pct * len(self.pairs):
            self.err(f"only {self.n_cross} of {len(self.pairs)} pairs are English-French (want at least {pct}%)")

    def check_numberless_cross(self, want):
        """(sets 10+) enough English-French conflicts/corroborations with no number to lean on."""
        for lab_ in ("conflicts", "corroborates"):
            n = sum(self.numberless(p_) and self.by_file[p_["a"]["file"]]["language"] != self.by_file[p_["b"]["file"]]["language"]
                    for p_ in self.pairs if p_["label"] == lab_ and self.both_known(p_))
            if n < want[lab_]:
                self.err(f"only {n} English-French {lab_} pairs with no number (want at least {want[lab_]})")

    def count_cross_incident(self):
        """Pairs joining a first-incident and a second-incident report of one event, by label / event."""
        self.cross_inc, self.cross_inc_ev = Counter(), Counter()
        for p_ in self.pairs:
            if self.both_known(p_):
                ma, mb = self.by_file[p_["a"]["file"]], self.by_file[p_["b"]["file"]]
                if ma["event"] == mb["event"] and {ma.get("incident"), mb.get("incident")} == {"first", "second"}:
                    self.cross_inc[p_["label"]] += 1
                    self.cross_inc_ev[ma["event"]] += 1

    def check_cross_incident(self, expected, only_with_second=True):
        """(sets 6+) each event with a second incident has 10+ pairs across its two incidents."""
        self.count_cross_incident()
        for ev, spec in expected.items():
            if (not only_with_second or "second" in spec[4]) and self.cross_inc_ev[ev] < 10:
                self.err(f"{ev}: only {self.cross_inc_ev[ev]} pairs join a first-incident and a second-incident report (want at least 10)")

    def check_no_duplicate_gold(self):
        """(sets 3+) no gold sentence occurs twice (it would be ambiguous as a pair text)."""
        for s, n in Counter(g["sentence"] for g in self.gold).items():
            if n > 1:
                self.err(f"gold sentence occurs {n} times: {s[:60]!r}")

    # ---------- copy checks against other sets
    def _old_gold(self, path, lenient=True):
        """The gold sentences of another set (unparsable rows skipped when lenient)."""
        with open(path, encoding="utf-8") as fh:
            if not lenient:
                return {json.loads(l)["sentence"] for l in fh if l.strip()}
            old = set()
            for l in fh:
                if l.strip():
                    try:
                        old.add(json.loads(l)["sentence"])
                    except (json.JSONDecodeError, KeyError, TypeError):
                        pass
        return old

    def copy_check_listed(self, earlier, required=None, lenient=True, article="a "):
        """(sets 3-9) no gold sentence is copied from the listed earlier sets; only counts are printed."""
        required = earlier if required is None else required
        for name in earlier:
            path = os.path.join(self.data, name, "gold_sentences.jsonl")
            if not os.path.exists(path):
                if name in required:
                    self.err(f"../{name}/gold_sentences.jsonl not found: cannot check for copied sentences")
                continue
            old = self._old_gold(path, lenient)
            n_copied = 0
            for g in self.gold:
                if g["sentence"] in old:
                    n_copied += 1
                    self.err(f"{g['file']}: {article}gold sentence also occurs in ../{name}/")
            print(f"copy check against ../{name}/: {n_copied} shared gold sentences")

    def copy_check_all(self, want_ext, only_wanted=False):
        """(sets 10+) no sentence shared with other extraction sets (all others, or exactly want_ext)
        nor with any string of blind_stance*; nothing of those sets is printed but a count."""
        if only_wanted:
            earlier_ext = [os.path.join(self.data, w) for w in want_ext if os.path.isdir(os.path.join(self.data, w))]
        else:
            earlier_ext = sorted(d for d in glob.glob(os.path.join(self.data, "blind_extraction*"))
                                 if os.path.isdir(d) and os.path.abspath(d) != self.here)
        for w in want_ext:
            if not os.path.isfile(os.path.join(self.data, w, "gold_sentences.jsonl")):
                self.err(f"../{w}/gold_sentences.jsonl not found: cannot check for copied sentences")
        for d in earlier_ext:
            self._copy_check_extraction(d)
        stance_dirs = sorted(d for d in glob.glob(os.path.join(self.data, "blind_stance*")) if os.path.isdir(d))
        if not stance_dirs:
            self.err("no ../blind_stance*/ folder found: cannot check for copied sentences")
        for d in stance_dirs:
            self._copy_check_stance(d)

    def _copy_check_extraction(self, d):
        """Exact gold matches, and earlier gold sentences of 25+ characters found in our reports."""
        name = os.path.basename(d)
        path = os.path.join(d, "gold_sentences.jsonl")
        if not os.path.isfile(path):
            return
        old = self._old_gold(path)
        our_texts = list(self.texts.values())
        n_copied = sum(g["sentence"] in old for g in self.gold)
        n_copied += sum(any(o in t for t in our_texts) for o in old if isinstance(o, str) and len(o) >= 25)
        if n_copied:
            self.err(f"{n_copied} gold sentence(s) shared with ../{name}/")
        print(f"copy check against ../{name}/: {n_copied} shared sentences")

    def _stance_strings(self, d):
        """Every string of a blind_stance* folder: raw file texts plus JSON / JSONL values."""
        strings, n_files = [], 0
        for root, _dirs, files in os.walk(d):
            for fn in files:
                try:
                    raw = open(os.path.join(root, fn), encoding="utf-8").read()
                except (UnicodeDecodeError, OSError):
                    continue
                n_files += 1
                strings.append(raw)
                _json_values(fn, raw, strings)
        return strings, n_files

    def _copy_check_stance(self, d):
        """Our gold sentences inside their strings, or their long strings inside our reports."""
        name = os.path.basename(d)
        strings, n_files = self._stance_strings(d)
        if not n_files:
            self.err(f"../{name}/ holds no readable file: cannot check for copied sentences")
        our_texts = list(self.texts.values())
        n_copied = sum(any(g["sentence"] in st for st in strings) for g in self.gold)
        n_copied += sum(any(st in t for t in our_texts) for st in set(strings) if _long(st) and len(st) < 2000)
        if n_copied:
            self.err(f"{n_copied} sentence(s) shared with ../{name}/")
        print(f"copy check against ../{name}/: {n_copied} shared sentences")

    # ---------- report
    def _stats(self):
        """Per (event, language) counts of reports, words, sentences, claims, hedges, figures, furniture."""
        stats = defaultdict(Counter)
        for f, m in self.by_file.items():
            key = (m["event"], m["language"])
            stats[key]["reports"] += 1
            stats[key]["words"] += self.words.get(f, 0)
        for g in self.gold:
            if self.strict and g.get("file") not in self.by_file:
                continue
            m = self.by_file[g["file"]]; key = (m["event"], m["language"])
            stats[key]["sentences"] += 1
            stats[key]["claims"] += g["is_claim"]
            stats[key]["hedged"] += g["hedged"]
            stats[key]["figures"] += len(g["figures"])
        for row in self.furniture:
            if self.strict and row.get("file") not in self.by_file:
                continue
            m = self.by_file[row["file"]]; stats[(m["event"], m["language"])]["furniture"] += 1
        return stats

    def finish(self, cross_event=False, cross_incident=None):
        """Print the counts table and pair summary, then the errors; exit 1 if there are any.
        cross_incident: None (sets 1-4), "total" (set 5) or "by_event" (sets 6+)."""
        stats = self._stats()
        print(f"{'event':34} {'lang':4} {'rep':>3} {'words':>5} {'sent':>4} {'claim':>5} {'hedge':>5} {'figs':>4} {'furn':>4}")
        for key in sorted(stats):
            c = stats[key]
            print(f"{key[0]:34} {key[1]:4} {c['reports']:3} {c['words']:5} {c['sentences']:4} {c['claims']:5} {c['hedged']:5} {c['figures']:4} {c['furniture']:4}")
        if not hasattr(self, "lab"):
            self.count_labels()
        if not hasattr(self, "n_cross"):
            self.n_cross = self._cross("language")
        tail = f"; cross-event: {self.n_cross_event}" if cross_event else ""
        print(f"pairs: {len(self.pairs)} {dict(self.lab)}; English-French: {self.n_cross}{tail}")
        if cross_incident:
            by_ev = f" by event {dict(self.cross_inc_ev)}" if cross_incident == "by_event" else ""
            print(f"pairs joining a first-incident and a second-incident report: {sum(self.cross_inc.values())} {dict(self.cross_inc)}{by_ev}")
        print("words per report:", ", ".join(f"{f.split('_')[0]}_{f.split('_')[1]}={w}" for f, w in sorted(self.words.items())))
        if self.errors:
            print(f"\n{len(self.errors)} ERROR(S):")
            for e in self.errors:
                print(" -", e)
            sys.exit(1)
        print("OK: all checks passed")
