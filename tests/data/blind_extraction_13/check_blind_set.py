#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_13/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, undated_ok=True)
s.check_core(words=(240, 800), sents=(15, 35))
s.check_folder("blind_extraction_13")
EXPECTED = {  # event: (reports, en, fr, html, {incident: reports}, minimum span in days)
    "sarrouge-ammonia-leak-2026": (6, 3, 3, 3, {"first": 5, "both": 1}, 330),
    "yamosse-pilgrimage-crush-2026": (6, 3, 3, 3, {"first": 6}, 160),
}
s.check_events(EXPECTED)
s.check_file_dates()
s.check_undated("yamosse-pilgrimage-crush-2026", "crush")
s.check_both_report("Pontaury", "want one 'both' report with a gold sentence about the second incident (Pontaury level crossing)")
s.check_names_both("sarrouge-ammonia-leak-2026", "Sarrouge", "Lénat",
                   "no leak gold sentence names both the town (Sarrouge) and the river (Lénat)")
s.check_gold_count(200, 240)
s.check_pair_counts(250, 330, {"conflicts": 90, "corroborates": 80, "related": 40})
s.check_numberless(40)
s.check_cross_event(8)
s.check_cross_language(60)
s.check_numberless_cross({"conflicts": 40, "corroborates": 30})
s.check_cross_incident(EXPECTED)
s.check_no_duplicate_gold()
s.copy_check_all(["blind_extraction"] + [f"blind_extraction_{i}" for i in range(2, 13)])
s.finish(cross_event=True, cross_incident="by_event")
