#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_7/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, cross_banned=("conflicts",))
s.check_core(words=(350, 550), sents=(12, 25))
s.check_folder("blind_extraction_7")
EXPECTED = {  # event: (reports, en, fr, html, {incident: reports}, minimum span in days)
    "toussilene-syrup-poisoning-2024": (8, 4, 4, 4, {"first": 6, "second": 1, "both": 1}, 240),
    "marjana-shipwreck-2025": (7, 3, 4, 4, {"first": 4, "second": 2, "both": 1}, 170),
}
s.check_events(EXPECTED)
s.check_file_dates()
s.check_syndicated("syrup_03_westbrook_gazette_2024-09-04.txt", "syrup_02_vantage_wire_2024-09-04.html")
s.check_no_explicit_date('boat_04_islander_post_2025-07-03.txt')
# (set 7 only) for each event, at least one second-incident report never signals the incident as a later one
for ev in EXPECTED:
    quiet = [m["file"] for m in s.manifest if m["event"] == ev and m.get("incident") == "second"
             and not any(bc.SIGNAL_RE.search(s_) for s_ in s.sents_by_file[m["file"]])]
    if not quiet:
        s.err(f"{ev}: every second-incident report signals the incident with a word like 'second' / 'new' / « nouveau »")
    print(f"{ev}: second-incident reports with no signal word: {quiet}")
s.check_pair_counts(200, 320, {"conflicts": 45, "corroborates": 45, "related": 40})
s.check_numberless(10, bc.NUM_RE_7)
s.check_cross_event(8)
s.check_cross_language(45)
s.check_cross_incident(EXPECTED, only_with_second=False)
s.check_no_duplicate_gold()
s.copy_check_listed(('blind_extraction_6', 'blind_extraction_5', 'blind_extraction_4', 'blind_extraction_3', 'blind_extraction_2', "blind_extraction"))
s.finish(cross_event=True, cross_incident="by_event")
