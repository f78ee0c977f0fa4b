#!/usr/bin/env python3
"""Sanity checks for the blind_stance data set (run from any directory)."""
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
    if text.splitlines()[0].strip() != m["title"]: errors.append(f"title/headline mismatch {m['file']}")
    n = len(text.split())
    if not 250 <= n <= 600: errors.append(f"{m['file']} has {n} words")
    byfile[m["file"]] = (m, text)
extra = set(f for f in os.listdir(REP) if f.endswith(".txt")) - set(byfile)
if extra: errors.append(f"report files not in manifest: {extra}")

pairs = []
for i, line in enumerate(open(os.path.join(HERE, "pairs.jsonl"), encoding="utf-8"), 1):
    try: pairs.append(json.loads(line))
    except Exception as e: errors.append(f"line {i}: {e}")
KINDS = {"figures","denial","victims","responsibility","warning","blame","findings","result","time","place","verdict","quote","running_count","other"}
LABELS = {"corroborates","conflicts","related","unrelated"}
ids = set()
for p in pairs:
    if p["id"] in ids: errors.append(f"duplicate id {p['id']}")
    ids.add(p["id"])
    if p["label"] not in LABELS: errors.append(f"{p['id']} bad label")
    if p["kind"] not in KINDS: errors.append(f"{p['id']} bad kind")
    if not p.get("note"): errors.append(f"{p['id']} no note")
    if p["a"] == p["b"] and p["a"]["file"] == p["b"]["file"]: errors.append(f"{p['id']} a == b")
    for side in ("a", "b"):
        s = p[side]
        if s["file"] not in byfile: errors.append(f"{p['id']}.{side} unknown file"); continue
        m, text = byfile[s["file"]]
        if s["text"] not in text: errors.append(f"{p['id']}.{side} text not verbatim in {s['file']}: {s['text'][:60]}")
        if "\n" in s["text"]: errors.append(f"{p['id']}.{side} multi-line text")
        for k in ("outlet", "published", "language", "story"):
            if s[k] != m[k]: errors.append(f"{p['id']}.{side} {k} {s[k]!r} != manifest {m[k]!r}")
    same_story = p["a"]["story"] == p["b"]["story"]
    if not same_story and p["label"] != "unrelated": errors.append(f"{p['id']} cross-story but not unrelated")

lab = collections.Counter(p["label"] for p in pairs)
cross = sum(p["a"]["language"] != p["b"]["language"] for p in pairs)
stories = collections.Counter(m["story"] for m in manifest)
langs = collections.Counter(m["language"] for m in manifest)
print("reports:", len(manifest), dict(stories), dict(langs))
print("pairs:", len(pairs), dict(lab), {k: f"{v/len(pairs):.0%}" for k, v in lab.items()})
print("cross-lingual pairs:", cross, f"({cross/len(pairs):.0%})")
print("kinds:", dict(collections.Counter(p["kind"] for p in pairs)))
print("conflict kinds:", dict(collections.Counter(p["kind"] for p in pairs if p["label"] == "conflicts")))
if len(manifest) < 14: errors.append("fewer than 14 reports")
if any(v < 7 for v in stories.values()) or len(stories) < 2: errors.append("fewer than 7 reports per story")
if len(pairs) < 130: errors.append("fewer than 130 pairs")
if cross * 2 < len(pairs): errors.append("fewer than half of pairs are EN-FR")
for e in errors: print("ERROR:", e)
print("OK" if not errors else f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)
