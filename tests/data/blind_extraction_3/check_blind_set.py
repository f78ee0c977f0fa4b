#!/usr/bin/env python3
"""Self-check for tests/data/blind_extraction_3/ (the shared checks live in ../blind_checks.py)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import blind_checks as bc

s = bc.BlindSet(__file__, strict=False, incidents=False)
s.check_core(words=(300, 700))
s.check_folder("blind_extraction_3")
s.check_events({"haut-sirou-earthquake-2025": (6, 3, 3, 3), "sindore-mutiny-2025": (6, 3, 3, 3)})
s.check_pair_counts(40, 80)
s.check_cross_language()
s.check_no_duplicate_gold()
s.copy_check_listed(("blind_extraction_2", "blind_extraction"), required=("blind_extraction_2",), lenient=False, article="")
s.finish()
