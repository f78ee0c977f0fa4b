#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_6/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, cross_banned=("conflicts",))
s.check_core(words=(350, 550), sents=(12, 25))
s.check_folder("blind_extraction_6")
EXPECTED = {  # event: (reports, en, fr, html, {incident: reports}, minimum span in days)
    "lac-noir-dam-failure-2025": (8, 4, 4, 4, {"first": 6, "second": 1, "both": 1}, 210),
    "mbarga-toure-prosecution-2025": (7, 3, 4, 4, {"first": 5, "second": 1, "both": 1}, 270),
}
s.check_events(EXPECTED)
s.check_file_dates()
s.check_syndicated("dam_03_northern_ledger_2025-04-06.txt", "dam_01_meridian_wire_2025-04-06.html")
s.check_no_explicit_date('dam_07_orvanne_herald_2025-11-18.txt')
s.check_pair_counts(200, 320, {"conflicts": 50, "corroborates": 70, "related": 50})
s.check_cross_event(8)
s.check_cross_language()
s.check_cross_incident(EXPECTED, only_with_second=False)
s.check_no_duplicate_gold()
s.copy_check_listed(('blind_extraction_5', 'blind_extraction_4', 'blind_extraction_3', 'blind_extraction_2', "blind_extraction"))
s.finish(cross_event=True, cross_incident="by_event")
