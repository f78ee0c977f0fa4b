#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_10/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__)
s.check_core(words=(350, 800), sents=(15, 35))
s.check_folder("blind_extraction_10")
EXPECTED = {  # event: (reports, en, fr, html, {incident: reports}, minimum span in days)
    "transvelle-tv417-crash-2025": (10, 5, 5, 5, {"first": 6, "second": 2, "both": 2}, 230),
    "kessoumi-school-kidnapping-2025": (6, 3, 3, 3, {"first": 6}, 180),
}
s.check_events(EXPECTED)
s.check_file_dates()
s.check_unsignalled_seconds(EXPECTED)
s.check_back_references('TV ?417|Maubrac|Crêt-Rouge|Sorne|V-190', (("crash_06_meridian_wire_2025-04-24.html", 0), ("crash_07_observateur_ostravellien_2025-04-28.txt", 1)))
s.check_pair_counts(300, 520, {"conflicts": 60, "corroborates": 60, "related": 50})
s.check_numberless(30)
s.check_cross_event(8)
s.check_cross_language(50)
s.check_numberless_cross({"conflicts": 20, "corroborates": 20})
s.check_cross_incident(EXPECTED)
s.check_no_duplicate_gold()
s.copy_check_all(["blind_extraction"] + [f"blind_extraction_{i}" for i in range(2, 10)])
s.finish(cross_event=True, cross_incident="by_event")
