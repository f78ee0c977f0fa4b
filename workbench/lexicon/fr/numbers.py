"""French number words ("vingt-cinq", "deux cents"; "quatre-vingts" is read as 4 × 20 by the parser)."""
from __future__ import annotations

NUMBER_WORDS = {
    **dict(zip("un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split(),
               range(1, 17))),
    "une": 1, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}
MULTIPLIERS = {"cent": 100, "cents": 100}
SCALES = {"mille": 10**3, "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9}

# Vague plurals that are counts (see ``lexicon.en.numbers``); « plusieurs », « quelques »,
# « de nombreux » give no figure.
VAGUE = {"une douzaine": (11, 13, 12), "une centaine": (90, 110, 100), "un millier": (900, 1100, 1000),
         "des dizaines": (20, 99, None), "des centaines": (200, 999, None), "des milliers": (2000, 9999, None),
         "des millions": (2_000_000, 9_999_999, None), "des dizaines de milliers": (20000, 99999, None),
         "des centaines de milliers": (200000, 999999, None), "dizaines de milliers": (20000, 99999, None),
         "centaines de milliers": (200000, 999999, None), "dizaines": (20, 99, None), "centaines": (200, 999, None),
         "milliers": (2000, 9999, None)}
# "une vingtaine": about twenty, read as three quarters to five quarters of it
ABOUT = {"dizaine": 10, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40, "cinquantaine": 50,
         "soixantaine": 60}
