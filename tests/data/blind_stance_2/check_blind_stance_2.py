#!/usr/bin/env python3
"""Sanity checks for the blind_stance_2 data set (run from any directory)."""
import json, os, re, sys, collections
HERE = os.path.dirname(os.path.abspath(__file__))
REP = os.path.join(HERE, "reports")
errors = []
manifest = json.load(open(os.path.join(REP, "manifest.json"), encoding="utf-8"))
byfile = {}
for m in manifest:
    for k in ("file", "outlet", "url", "title", "published", "language", "story"):
        if k not in m: errors.append(f"manifest entry missing {k}: {m}")
    p = os.path.join(REP, m["file"])
    if not os.path.exists(p): errors.append(f"missing report {m['file']}"); continue
    if not re.match(r"^https://[a-z0-9-]+\.example/", m["url"]): errors.append(f"bad url {m['url']}")
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", m["published"]): errors.append(f"bad date {m['published']}")
    if m["language"] not in ("en", "fr"): errors.append(f"bad language {m}")
    text = open(p, encoding="utf-8").read()
    lines = text.splitlines()
    if lines[0].strip() != m["title"]: errors.append(f"title/headline mismatch {m['file']}")
    n = len(text.split())
    if not 250 <= n <= 700: errors.append(f"{m['file']} has {n} words")
    body = "\n".join(lines[1:])          # the headline is not part of the body
    byfile[m["file"]] = (m, body)
if len({m["file"] for m in manifest}) != len(manifest): errors.append("duplicate file in manifest")
if len({m["url"] for m in manifest}) != len(manifest): errors.append("duplicate url in manifest")
extra = set(f for f in os.listdir(REP) if f.endswith(".txt")) - set(byfile)
if extra: errors.append(f"report files not in manifest: {extra}")

pairs = []
for i, line in enumerate(open(os.path.join(HERE, "pairs.jsonl"), encoding="utf-8"), 1):
    try: pairs.append(json.loads(line))
    except Exception as e: errors.append(f"line {i}: {e}")
KINDS = {"toll", "running_count", "time", "place", "responsibility", "denial", "victims", "warning", "blame",
         "finding", "verdict", "quote", "cause", "ransom", "rescue", "recall", "other"}
LABELS = {"corroborates", "conflicts", "related", "unrelated"}
SIDE_KEYS = {"file", "text", "outlet", "published", "language", "story"}
ids = set()
for n, p in enumerate(pairs, 1):
    if set(p) != {"id", "a", "b", "label", "kind", "note"}: errors.append(f"{p.get('id')} bad keys {sorted(p)}")
    if p["id"] in ids: errors.append(f"duplicate id {p['id']}")
    if p["id"] != f"bt{n:03d}": errors.append(f"id {p['id']} out of sequence (expected bt{n:03d})")
    ids.add(p["id"])
    if p["label"] not in LABELS: errors.append(f"{p['id']} bad label")
    if p["kind"] not in KINDS: errors.append(f"{p['id']} bad kind {p['kind']}")
    if not p.get("note"): errors.append(f"{p['id']} no note")
    if p["a"]["file"] == p["b"]["file"]: errors.append(f"{p['id']} both sentences from the same file")
    for side in ("a", "b"):
        s = p[side]
        if set(s) != SIDE_KEYS: errors.append(f"{p['id']}.{side} bad keys {sorted(s)}")
        if s["file"] not in byfile: errors.append(f"{p['id']}.{side} unknown file"); continue
        m, body = byfile[s["file"]]
        if s["text"] not in body: errors.append(f"{p['id']}.{side} text not verbatim in body of {s['file']}: {s['text'][:60]}")
        if "\n" in s["text"] or s["text"] != s["text"].strip(): errors.append(f"{p['id']}.{side} multi-line or untrimmed text")
        for k in ("outlet", "published", "language", "story"):
            if s[k] != m[k]: errors.append(f"{p['id']}.{side} {k} {s[k]!r} != manifest {m[k]!r}")
    same_story = p["a"]["story"] == p["b"]["story"]
    if not same_story and p["label"] != "unrelated": errors.append(f"{p['id']} cross-story but not unrelated")
texts = [(p["a"]["file"], p["a"]["text"], p["b"]["file"], p["b"]["text"]) for p in pairs]
dups = [t for t, c in collections.Counter(tuple(sorted([(a, b), (c, d)])) for a, b, c, d in texts).items() if c > 1]
if dups: errors.append(f"{len(dups)} duplicated sentence pair(s)")

lab = collections.Counter(p["label"] for p in pairs)
cross = sum(p["a"]["language"] != p["b"]["language"] for p in pairs)
stories = collections.Counter(m["story"] for m in manifest)
langs = collections.Counter(m["language"] for m in manifest)
print("reports:", len(manifest), dict(stories), dict(langs))
print("pairs:", len(pairs), dict(lab), {k: f"{v/len(pairs):.0%}" for k, v in lab.items()})
print("cross-lingual pairs:", cross, f"({cross/len(pairs):.0%})")
print("kinds:", dict(collections.Counter(p["kind"] for p in pairs)))
print("conflict kinds:", dict(collections.Counter(p["kind"] for p in pairs if p["label"] == "conflicts")))
print("corroboration kinds:", dict(collections.Counter(p["kind"] for p in pairs if p["label"] == "corroborates")))
tab = collections.Counter()
for p in pairs:
    st = p["a"]["story"] if p["a"]["story"] == p["b"]["story"] else "cross-story"
    lp = "-".join(sorted([p["a"]["language"], p["b"]["language"]])).upper().replace("EN-FR", "EN-FR")
    tab[(st, lp, p["label"])] += 1
for st in sorted({k[0] for k in tab}):
    row = []
    for lp in ("EN-EN", "EN-FR", "FR-FR"):
        row.append(lp + " " + " / ".join(str(tab[(st, lp, l)]) for l in ("conflicts", "corroborates", "related", "unrelated")))
    print(f"  {st}: " + " | ".join(row))
if len(manifest) < 14: errors.append("fewer than 14 reports")
if any(v < 7 for v in stories.values()) or len(stories) < 2: errors.append("fewer than 7 reports per story")
if len(pairs) < 130: errors.append("fewer than 130 pairs")
if cross * 2 < len(pairs): errors.append("fewer than half of pairs are EN-FR")
for e in errors: print("ERROR:", e)
print("OK" if not errors else f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)
