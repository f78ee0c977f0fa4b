#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_12/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, undated_ok=True)
s.check_core(words=(240, 800), sents=(15, 35))
s.check_folder("blind_extraction_12")
EXPECTED = {  # event: (reports, en, fr, html, {incident: reports}, minimum span in days)
    "dalakoro-wedding-strike-2026": (6, 3, 3, 3, {"first": 6}, 280),
    "mabanza-bridge-collapse-2026": (6, 3, 3, 3, {"first": 5, "both": 1}, 330),
}
s.check_events(EXPECTED)
s.check_file_dates()
s.check_undated("mabanza-bridge-collapse-2026", "bridge")
s.check_both_report("Nkembo", "the 'both' report has no gold sentence about the second incident (Nkembo fire)", one=False)
s.check_names_both("mabanza-bridge-collapse-2026", "Mabanza", "Lisembé",
                   "no bridge gold sentence names both the bridge (Mabanza) and the city (Lisembé)")
s.check_gold_count(200, 260)
s.check_pair_counts(250, 350, {"conflicts": 70, "corroborates": 70, "related": 30})
s.check_numberless(35)
s.check_cross_event(8)
s.check_cross_language(50)
s.check_numberless_cross({"conflicts": 25, "corroborates": 25})
s.check_cross_incident(EXPECTED)
s.check_no_duplicate_gold()
s.copy_check_all(["blind_extraction"] + [f"blind_extraction_{i}" for i in range(2, 12)])
s.finish(cross_event=True, cross_incident="by_event")
