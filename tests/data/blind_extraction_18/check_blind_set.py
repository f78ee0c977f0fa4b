#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_18/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, undated_ok=True)
s.check_core(words=(250, 450), sents=(15, 25))
s.check_folder("blind_extraction_18")
EXPECTED = {  # event: (reports, en, fr, html, {incident: reports}, minimum span in days)
    "ouarkessa-convoy-ambush-2026": (6, 3, 3, 3, {"first": 6}, 200),
    "orsanne-vaccination-deaths-2026": (6, 3, 3, 3, {"first": 5, "both": 1}, 230),
}
s.check_events(EXPECTED)
s.check_file_dates()
s.check_undated("ouarkessa-convoy-ambush-2026", "convoy ambush")
s.check_both_report("Palmiers", "want one 'both' report with a gold sentence about the second incident (lift fall in the Palmiers tower in Morvanne)",
                    event="orsanne-vaccination-deaths-2026", event_msg="the 'both' report should be a vaccination report")
s.check_names_both("orsanne-vaccination-deaths-2026", "Orsanne", "Kivoulé",
                   "no vaccination gold sentence names both the district (Orsanne) and its main town (Kivoulé)")
s.check_gold_count(200, 240)
s.check_pair_counts(250, 330, {"conflicts": 90, "corroborates": 80, "related": 40})
s.check_numberless(40)
s.check_cross_event(8)
s.check_cross_language(60)
s.check_numberless_cross({"conflicts": 40, "corroborates": 30})
s.check_cross_incident(EXPECTED)
s.check_no_duplicate_gold()
s.copy_check_all(["blind_extraction"] + [f"blind_extraction_{i}" for i in range(2, 18)], only_wanted=True)
s.finish(cross_event=True, cross_incident="by_event")
