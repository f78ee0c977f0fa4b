#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_8/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__)
s.check_core(words=(350, 800), sents=(15, 35))
s.check_folder("blind_extraction_8")
EXPECTED = {  # event: (reports, en, fr, html, {incident: reports}, minimum span in days)
    "vaudrenne-derailment-2025": (8, 4, 4, 4, {"first": 5, "second": 2, "both": 1}, 130),
    "valdores-protest-crackdown-2025": (7, 3, 4, 4, {"first": 7}, 170),
}
s.check_events(EXPECTED)
s.check_file_dates()
s.check_unsignalled_seconds(EXPECTED)
s.check_back_references('Vaudrenne|Combe-Noire|Lurac|Vasseron', (("rail_06_meridian_wire_2025-04-27.html", 0), ("rail_07_courrier_brevonne_2025-04-28.txt", 1)))
s.check_pair_counts(220, 340, {"conflicts": 45, "corroborates": 45, "related": 40})
s.check_numberless(10, bc.NUM_RE_7)
s.check_cross_event(8)
s.check_cross_language(45)
s.check_cross_incident(EXPECTED)
s.check_no_duplicate_gold()
s.copy_check_listed(('blind_extraction_7', 'blind_extraction_6', 'blind_extraction_5', 'blind_extraction_4', 'blind_extraction_3', 'blind_extraction_2', "blind_extraction"))
s.finish(cross_event=True, cross_incident="by_event")
