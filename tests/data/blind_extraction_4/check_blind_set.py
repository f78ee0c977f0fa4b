#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_4/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, incidents=False)
s.check_core(words=(300, 700), sents=(12, 25))
s.check_folder("blind_extraction_4")
s.check_events({"ferrabou-mine-collapse-2025": (7, 4, 3, 4), "lumbara-election-2025": (7, 3, 4, 3)})
s.check_pair_counts(120, 220, {"conflicts": 35, "corroborates": 35, "unrelated": 4})
s.check_cross_language()
s.check_no_duplicate_gold()
s.copy_check_listed(('blind_extraction_3', 'blind_extraction_2', "blind_extraction"))
s.finish()
