#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_9/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__)
s.check_core(words=(350, 800), sents=(15, 35))
s.check_folder("blind_extraction_9")
EXPECTED = {  # event: (reports, en, fr, html, {incident: reports}, minimum span in days)
    "ysaline-cyclone-2025": (9, 4, 5, 4, {"first": 5, "second": 2, "both": 2}, 140),
    "acacias-hotel-siege-2025": (6, 3, 3, 3, {"first": 6}, 200),
}
s.check_events(EXPECTED)
s.check_file_dates()
s.check_unsignalled_seconds(EXPECTED)
s.check_back_references('Ysaline|Sainte-Rosalie|Bellefontaine|Cap-Marin', (("cyclone_06_tidewater_press_2025-03-21.html", 0), ("cyclone_07_journal_port_severin_2025-03-24.txt", 1)))
s.check_pair_counts(220, 340, {"conflicts": 45, "corroborates": 45, "related": 40})
s.check_numberless(10, bc.NUM_RE_7)
s.check_cross_event(8)
s.check_cross_language(45)
s.check_cross_incident(EXPECTED)
s.check_no_duplicate_gold()
s.copy_check_listed(('blind_extraction_8', 'blind_extraction_7', 'blind_extraction_6', 'blind_extraction_5', 'blind_extraction_4', 'blind_extraction_3', 'blind_extraction_2', "blind_extraction"))
s.finish(cross_event=True, cross_incident="by_event")
