#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_5/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, cross_banned=("conflicts",))
s.check_core(words=(300, 700), sents=(12, 25))
s.check_folder("blind_extraction_5")
s.check_events({
    "port-aubin-plant-explosion-2025": (6, 3, 3, 3, {"first": 6}),
    "kessoum-prison-breaks-2025": (8, 4, 4, 4, {"first": 4, "second": 2, "both": 2}),
})
s.check_pair_counts(120, 240, {"conflicts": 35, "corroborates": 35})
s.check_cross_event(4)
s.check_cross_language()
# (set 5 only) at least 10 pairs across the two incidents, over the whole set
s.count_cross_incident()
if sum(s.cross_inc.values()) < 10:
    s.err(f"only {sum(s.cross_inc.values())} pairs join a first-incident and a second-incident report (want at least 10)")
s.check_no_duplicate_gold()
s.copy_check_listed(('blind_extraction_4', 'blind_extraction_3', 'blind_extraction_2', "blind_extraction"))
s.finish(cross_event=True, cross_incident="total")
