#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_11/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, undated_ok=True)
s.check_core(words=(350, 800), sents=(15, 35))
s.check_folder("blind_extraction_11")
EXPECTED = {  # event: (reports, en, fr, html, {incident: reports}, minimum span in days)
    "tinkare-market-killings-2026": (8, 4, 4, 4, {"first": 8}, 400),
    "senoua-floods-2026": (8, 4, 4, 4, {"first": 8}, 280),
}
s.check_events(EXPECTED)
s.check_file_dates()
s.check_undated("senoua-floods-2026", "flood")
s.check_names_both("senoua-floods-2026", "Tessarie", "Maréba",
                   "no flood gold sentence names both the neighbouring country (Tessarie) and the river (Maréba)")
s.check_gold_count(360)
s.check_pair_counts(400, 620, {"conflicts": 130, "corroborates": 130, "related": 50})
s.check_numberless(60)
s.check_cross_event(8)
s.check_cross_language(50)
s.check_numberless_cross({"conflicts": 40, "corroborates": 40})
s.check_cross_incident(EXPECTED)
s.check_no_duplicate_gold()
s.copy_check_all(["blind_extraction"] + [f"blind_extraction_{i}" for i in range(2, 11)])
s.finish(cross_event=True, cross_incident="by_event")
