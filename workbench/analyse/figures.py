"""Extract the human-toll figures a news sentence states, in English and French.

A figure is a count of people with a *kind* (killed, injured, ...) and an interval [min, max].
Intervals, not point values, make conflict detection honest: "77 killed" and "more than 70 dead"
agree (77 is in [71, +inf)); "77 killed" and "about 100 killed" ([90, 110]) conflict.  Decisions:

* Only a single stated value ("77 killed", "no one was killed") is exact; every bound, range,
  hedge and word quantity is approximate.  "up to N"/"fewer than N" leave min None (unknown).
* "about/around/some/environ N" get +-10% (at least +-1): reporters hedge a round number, not a
  wildly different one.  "nearly/almost/près de N" means just under N: [round(0.9N), N].
* French "-aine" words (une vingtaine...) are looser than "environ", so +-25%; une douzaine
  (11-13), une centaine (90-110) and un millier (900-1100) are used as rounded counts (+-10%).
* "heavy casualties", "lourdes pertes", "many/de nombreux ... killed" mean at least 10, open:
  low enough not to contradict a real toll of a dozen, yet in conflict with "no casualties" or
  "one killed", the contradiction a fact-checker cares about.  A bare "many" is ignored.
* "casualties/victims/victimes/pertes" map to killed: wire copy uses them for death tolls and
  names wounded counts explicitly.  They are weak cues; a precise word in the clause wins.
* "one/un/une" count only before a person or toll word ("one soldier", "un mort"): as pronouns
  and articles they are far more common than as counts.
* At most _MAX_CANDIDATES numbers are examined per sentence, bounding the work on pathological
  input (a 1 MB line of digits).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import takewhile

from ..lexicon.en import figures as en_figures, numbers as en_numbers
from ..lexicon.fr import figures as fr_figures, numbers as fr_numbers
from ..model import Figure
from ..text.patterns import Caseless, by_first_character

KINDS = ("killed", "injured", "missing", "abducted", "displaced", "bodies_recovered", "buried", "casualties", "cases",
         "arrested", "escaped", "attackers_killed", "other")
_MAX_DIGITS = 15         # longer digit runs are IDs or garbage (and int() on them is slow)
_MAX_WORDS = 12          # longest plausible written-out number
_MAX_CANDIDATES = 2000
_WIN = 160               # characters of context either side of a number


def bounds_compatible(a: Figure, b: Figure) -> bool:
    """True when the intervals overlap (None min = 0, None max = +inf).
    Kinds are not compared: callers pair figures of the same kind first."""
    inf = float("inf")
    a_hi = inf if a.max is None else a.max
    b_hi = inf if b.max is None else b.max
    return (a.min or 0) <= b_hi and (b.min or 0) <= a_hi


# --- numbers ------------------------------------------------------------------------------
_SMALL = {**en_numbers.NUMBER_WORDS, **fr_numbers.NUMBER_WORDS}
_MULT = {**en_numbers.MULTIPLIERS, **fr_numbers.MULTIPLIERS}
_SCALE = {**en_numbers.SCALES, **fr_numbers.SCALES}
_DIGIT_FULL = re.compile(r"(\d[\d,. ]*?)\s*([^\W\d_]+)?")


def parse_number(words: str) -> int | None:
    """Digits ("1,200", "1 200", French "1.200", "2.5 million") or English/French
    number words ("twenty-five", "quatre-vingt-dix", "deux cents").  None for
    anything that is not a whole head-count (bare decimals, over-long input)."""
    if not isinstance(words, str):
        return None
    s = " ".join(words.lower().replace("\u2019", "'").split())
    if not s or len(s) > 100:
        return None
    m = _DIGIT_FULL.fullmatch(s)
    return _parse_digits(m.group(1).strip(), m.group(2)) if m else _parse_words(s)


def _parse_digits(body: str, unit: str | None) -> int | None:
    mult, digits = (_SCALE.get(unit, 0) if unit else 1), re.sub(r"\D", "", body)
    if not mult or not digits or len(digits) > _MAX_DIGITS:
        return None
    if mult > 1 and re.fullmatch(r"\d+[.,]\d+", body):     # "2.5 million", "2,5 millions"
        return int(round(float(body.replace(",", ".")) * mult))
    if re.fullmatch(r"\d+|\d{1,3}(?:[,. ]\d{3})+", body):  # "1,200", "1 200", "1.200"
        return int(digits) * mult
    return None


def _parse_words(s: str) -> int | None:
    toks = [t for t in re.split(r"[\s-]+", s) if t not in ("and", "et", "")]
    if not toks or len(toks) > _MAX_WORDS:
        return None
    if toks[0] in ("a", "an") and len(toks) > 1:
        toks[0] = "one"
    total = cur = 0
    for prev, t in zip([None] + toks, toks):
        if t in _SMALL:  # "quatre-vingts" is 4 x 20, not 4 + 20
            cur += 76 if t.startswith("vingt") and prev == "quatre" else _SMALL[t]
        elif t in _MULT:
            cur = max(cur, 1) * _MULT[t]
        elif t in _SCALE:
            total, cur = total + max(cur, 1) * _SCALE[t], 0
        else:
            return None
    return total + cur


# --- vocabulary (space-separated regex alternatives) ---------------------------------------
def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


def _alt(words: str) -> str:
    return "|".join(words.split())


def _words(table: str) -> str:
    """One table of ``lexicon.en.figures`` and ``lexicon.fr.figures`` as one alternation, English first."""
    return _alt(f"{getattr(en_figures, table)} {getattr(fr_figures, table)}")


_KW = [(kind, _rx(_alt(f"{en_figures.KIND_WORDS[kind]} {fr_figures.KIND_WORDS.get(kind, '')}")))
       for kind in en_figures.KIND_WORDS]
_PHRASES = [(kind, _rx("|".join(filter(None, (en_figures.KIND_PHRASES.get(kind), fr_figures.KIND_PHRASES.get(kind))))))
            for kind in dict.fromkeys([*en_figures.KIND_PHRASES, *fr_figures.KIND_PHRASES])]
_WEAK = [(kind, _rx(_alt(f"{en_figures.VICTIMS.get(kind, '')} {fr_figures.VICTIMS.get(kind, '')}")))
         for kind in dict.fromkeys([*en_figures.VICTIMS, *fr_figures.VICTIMS])]
_ATTACKER = _rx(_words("ATTACKERS"))
_PERSON = _rx(_words("PEOPLE"))
_NONPERSON = _rx(_words("THINGS"))
_NOUN_STOP = set("including among dont parmi with avec and et or ou in at à from on dans".split())
_VERBISH = _rx(r".{2,}(?:ed|ing|[ée]e?s?|ant)")  # a participle or gerund, not "de" or "the"
_TOLL_VERB = _rx(_words("TOLL_VERBS"))
_MONTHS = _words("MONTHS")
_UNITS = _words("UNITS") + "|" + _MONTHS
_REFS = _words("REFERENCES")
_AFTER_X = _rx(rf"[^\W\d_]|\s*-?\s*(?:(?:de|d['’]|of)\s*)?(?:{_UNITS})\b|\s*(?:%|[/:]\d|a\.m\.|p\.m\.)"
               rf"|\s*(?:,|-|et|and|to|à|au)\s*\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{_MONTHS})\b")  # "20 et 21 janvier"
# … and the minutes of a French clock time, « à 14 h 47 », « vers 4 h 10 »
_BEFORE_X = _rx(rf"(?:[$€£¥#+/]|n[°º]|\b(?:no|p|art|nos)\.|\b(?:{_REFS}|{_MONTHS})\.?|\b\d{{1,2}}\s?h)\s*$")
_YEAR_PREP = _rx(r"\b(?:in|since|until|till|by|of|from|during|en|depuis|de|du|ann[ée]e|year|et|and|to|à|au"
                 r"|fin|d[ée]but|mid|early|late)\s*$")
_ONE_OF = _rx(r"\b(?:one|l['’]une?|un|une)\s+(?:of|des|d['’]entre)\s+(?:the\s+|les\s+|these\s+|ces\s+)?$")
_FROM = _rx(r"(?:\bfrom|\bpass[ée]e?s?\s+de|\bpassant\s+de)\s*$")
# "19 injured, four of whom…", "43, up from 27": a part of the count before, or its earlier value
_AMONG = r"of whom|of them|including|among them|dont|parmi (?:eux|elles|lesquels|lesquelles)"
_PART_OF = _rx(rf"(?:{_AMONG}|of which|(?:up|down) from|compared with|against|contre|au lieu de|,)\s*$")
# "71 dead, including at least 19 children": the people named are part of the count before
_SUBGROUP = _rx(rf"(?:{_AMONG}|y compris)\s*(?:at least\s+|au moins\s+)?$")
_VAGUE_BEFORE = _rx(r"\b(?:several|a few|many|numerous|plusieurs|quelques|de nombreux|de nombreuses)\s+$")
_REVISED_TO = Caseless("|".join((*en_figures.REVISED_TO, *fr_figures.REVISED_TO)))
_EARLIER_THAN = _rx(f"^[^.;:]{{0,50}}?(?:{en_figures.EARLIER_THAN}|{fr_figures.EARLIER_THAN})$")

# --- vague quantities: text -> (lo, hi, centre) ---------------------------------------------
_VAGUE = {**en_numbers.VAGUE, **fr_numbers.VAGUE}
_VAGUE.update({f"une {word}": ((3 * n) // 4, -((-5 * n) // 4), n) for word, n in fr_numbers.ABOUT.items()})

# --- candidate regexes ------------------------------------------------------------------------
_DE = r"d(?:e|['’])"
_QUALS = (
    ("ge", rf"at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of|au\s+moins|pas\s+moins\s+{_DE}|au\s+minimum"),
    ("le", rf"up\s+to|as\s+many\s+as|(?:no|not)\s+more\s+than|at\s+most|jusqu['’]\s*(?:à|a)|au\s+plus"
           rf"|au\s+maximum|pas\s+plus\s+{_DE}"),
    ("gt", rf"more\s+than|over|in\s+excess\s+of|upwards\s+of|plus\s+{_DE}"),
    ("lt", rf"fewer\s+than|less\s+than|under|moins\s+{_DE}"),
    ("near", rf"nearly|almost|close\s+to|pr[èe]s\s+{_DE}|presque|pas\s+loin\s+{_DE}"),
    ("about", rf"around|about|approximately|approx\.|roughly|some|an\s+estimated|estimated|environ|quelque"
              rf"|autour\s+{_DE}"))
_QUAL_RX = [(k, _rx(p)) for k, p in _QUALS]
_WORDS = sorted(set(_SMALL) - {"zero"} | set(_MULT) | set(_SCALE) - {"bn"}, key=len, reverse=True)
_W = "(?:" + by_first_character(_WORDS) + r")\b"
_W0 = "(?:" + by_first_character([w for w in _WORDS if not w.startswith(("milli", "billi", "dozen"))]) + r")\b"
_AND = r"(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|(?:\s+et\s+|-et-)(?=(?:un|une|onze)\b)|[\s-]+)"
_WORDNUM = rf"\b(?:an?\s+(?=(?:hundred|thousand|million)\b))?{_W0}(?:{_AND}{_W})*"
_DIGITNUM = (r"(?<![\w.,/:])(?:\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?!\d)|\d+(?:[.,]\d+)?)"
             r"(?:\s*(?:millions?|milliards?|billions?|thousand|mille|bn)\b)?")
_NUM = rf"(?>{_DIGITNUM}|{_WORDNUM})"   # atomic: "twenty-five" must not split into a range
_VAGUE_RX = r"\b(?:" + by_first_character([r"\s+".join(k.split())
                                             for k in sorted(_VAGUE, key=len, reverse=True)]) + r")\b"
# Every candidate starts a word, so the leading (?<!\w) changes no match; it only lets the
# search skip the inside of words.  Caseless: see workbench.actors (use offsets, not group text).
_MASTER = Caseless(
    r"(?<!\w)(?:(?P<qual>\b(?:" + "|".join(p for _, p in _QUALS) + r"))(?:\s+|(?<=['’])))?"
    rf"(?:\b(?P<btw>between|entre)\s+(?P<a>{_NUM})\s+(?:and|et)\s+(?P<b>{_NUM})"
    rf"|(?P<lo>{_NUM})(?:\s*[-–—]\s*|\s+(?:to|à|or|ou)\s+)(?P<hi>{_NUM})"
    rf"|(?P<vague>{_VAGUE_RX})"
    rf"|(?P<num>{_NUM})(?P<post>\s+(?:or\s+more|ou\s+plus|et\s+plus)\b|\+(?!\d))?)")
_ZERO = Caseless(r"\b(?:no|zero|z[ée]ro|aucune?|pas\s+de|sans\s+(?:faire\s+)?de)\s+(?:[^\W\d_]+\s+)?(?P<kw>"
            + _alt(r"""casualt(?:y|ies) deaths? dead fatalit(?:y|ies) victims? injur(?:y|ies) arrests? victimes?
                   morts? bless[ée]e?s? d[ée]c[èe]s pertes?""")
            + r")\b(?!\s+(?:tolls?|figures?|counts?|numbers?|tall(?:y|ies)|reports?|bilans?|chiffres?|data))"
            + r"|\b(?:no[\s-]one|nobody|none|personne\s+n['’](?:a|ont))(?:\s+[^\W\d_]+){0,3}?\s+(?P<kv>"
            + _alt(r"""killed died dead injured wounded hurt arrested detained tu[ée]e?s? bless[ée]e?s?
                   arr[êe]t[ée]e?s? interpell[ée]e?s?""") + r")\b"
            # "no prison guard was killed", « aucun gardien n'a été tué »: none of the people named
            + r"|\b(?:no|aucune?|not (?:one|a single)|pas un(?:e)?(?: seule?)?)\s+(?:[^\W\d_]+\s+){0,2}?(?:"
            + _words("PEOPLE") + r")[”\"»]?\s+(?:(?:was|were|has|have|had)"
            + r"\s+(?:been\s+)?|n['’](?:a|ont)\s+(?:été\s+)?)(?P<kp>"
            + _alt(r"killed died injured wounded hurt tu[ée]e?s? bless[ée]e?s? morte?s?") + r")\b")
_TOK = re.compile(r"[^\W\d_]+")
_COMBINED = _rx(r"\s+(?:or|and/or|ou|et/ou)\s+(?:(?:were|ont été|été)\s+)?([^\W\d_]+)")
_HARD = r"[.;:!?()\[\]«»\"“”\n—]"
_SOFT_STOP = Caseless(rf"{_HARD}|,|\b\d|\b(?:" + _alt("""and et but mais while whereas or ou tandis before after when
    as since until because then avant apr[èe]s lorsque quand puis pendant during""") + r")\b")
_HARD_STOP, _BACK_STOP, _WS = _rx(_HARD), _rx(rf"{_HARD}|,"), re.compile(r"\s*")


# --- kind -----------------------------------------------------------------------------------
@lru_cache(maxsize=4096)  # the same few words recur around every number
def _kw_kind(word: str) -> tuple[str, bool] | None:
    """(kind, strong) for a toll word; the generic casualty nouns are weak cues."""
    for kind, rx in _KW:
        if rx.fullmatch(word):
            return kind, True
    return next(((kind, False) for kind, rx in _WEAK if rx.fullmatch(word)), None)


def _phrase_kind(s: str, tok: re.Match) -> tuple[str, bool] | None:
    """(kind, strong) for a phrase starting at this word ("lost their homes", « état critique »)."""
    return next(((kind, True) for kind, rx in _PHRASES if rx.match(s, tok.start())), None)


def _governs(s: str, tok: re.Match) -> bool:
    """An active verb directly before another number counts *that* number:
    in "20 gunmen killed 3 soldiers", "killed" says nothing about the 20."""
    return bool(_VERBISH.fullmatch(tok.group())) and bool(_MASTER.match(s, _WS.match(s, tok.end()).end()))


_TAKEN_ELSEWHERE = _rx(r"taken\s+(?:to|into|away|ill|over|in|by|part|up|out|off|from|control|hostage|captive|"
                      r"prisoner|place|on|aback|seriously)\b")  # hostage/captive: their own word counts them


def _pick(s: str, toks: list, after: bool):
    """First strong toll word or phrase among toks (else first weak word) as (kind, token)."""
    weak = None
    for i, t in enumerate(toks):
        hit = _phrase_kind(s, t) or _kw_kind(t.group())  # "lost their homes" before "lost"
        if hit and _TAKEN_ELSEWHERE.match(s, t.start()):
            continue  # "taken to hospital", "taken over", "taken ill": nobody abducted
        if hit and after and _governs(s, t):
            break  # the rest of the clause is about the next number
        if not (hit or after or i) and _VERBISH.fullmatch(t.group()) and not _TOLL_VERB.fullmatch(t.group()):
            break  # "abducted 30 women": another verb owns this number
        if hit and hit[1]:
            return hit[0], t
        weak = weak or (hit and (hit[0], t))
    return weak


def _after(s: str, end: int, stop: re.Pattern, limit: int) -> list:
    b = min(len(s), end + _WIN)
    cut = stop.search(s, end, b)
    return list(_TOK.finditer(s, end, cut.start() if cut else b))[:limit]


def _before(s: str, start: int) -> list:
    a = max(0, start - _WIN)
    for m in _BACK_STOP.finditer(s, a, start):
        a = m.end()
    return list(_TOK.finditer(s, a, start))[::-1][:8]


_QUOTES = "\"“”«»'‘’ \u00a0\u202f"


def _unquote(s: str, start: int, end: int) -> tuple[int, int]:
    """Widen a quoted number ('killed “hundreds” of soldiers') past its quote marks, so the
    quotes do not cut it off from the words that say what it counts."""
    while start > 0 and s[start - 1] in _QUOTES:
        start -= 1
    while end < len(s) and s[end] in _QUOTES:
        end += 1
    return start, end


_OF = _rx(r"of|des|d['’]entre")
_THEM = _rx(r"them|whom|those|us|eux|elles|ceux|celles")
_DETERMINER = _rx(r"the|its|their|these|those|les|ses|leurs|ces|s")  # "s": of "the school's"


def _of_things(short: list) -> bool:
    """ "two of the hospital's dialysis machines": a number of things, whatever dies later in the sentence."""
    if not short or not _OF.fullmatch(short[0].group()):
        return False
    words = [token.group() for token in short[1:] if not _DETERMINER.fullmatch(token.group())]
    if len(words) < 2 and len(short) < 5:
        return False  # "287 of the school's 612 boarders": the clause stops at the total, which says whom
    if not words or _THEM.fullmatch(words[0]) or any(
            _PERSON.fullmatch(word) or _ATTACKER.fullmatch(word) or _kw_kind(word) for word in words):
        return False  # "12 of the soldiers", "five of the dead", "two of them", "three of the six had been arrested"
    return True


# a death toll whose verb leads to the number, however far the toll word: "the death toll from the
# failure of the Lac-Noir dam has risen to 31", « le bilan des morts est passé à 18 »
_DEATH_TOLL_TO = _rx(r"\b(?:death\s+toll|toll\s+of\s+(?:the\s+)?dead|bilan\s+des\s+morts|nombre\s+(?:de|des)\s+morts)\b"
                     r"[^.;:!?]{0,90}?\b(?:to|at|à|a)\s*$")


def _classify(s: str, start: int, end: int):
    """(kind, end of the toll word when it follows the number, counted-noun words).

    Looks at the words right after the number in its clause ("77 people were
    killed"), then before it ("killing 77"), then further on across commas
    ("77 people, including 20 children, were killed")."""
    start, end = _unquote(s, start, end)
    short = _after(s, end, _SOFT_STOP, 6)
    noun = [t.group() for t in takewhile(lambda t: t.group().lower() not in _NOUN_STOP, short[:3])]
    if any(_NONPERSON.fullmatch(w) for w in noun[:2]) or _of_things(short):
        return "_thing", None, noun
    hit = _pick(s, short, True)
    kw_end = hit[1].end() if hit else None
    hit = hit or _pick(s, _before(s, start), False)
    if hit is None and _DEATH_TOLL_TO.search(s, max(0, start - 120), start):
        return "killed", None, noun  # "the death toll … has risen to 31, with four people still missing"
    hit = hit or _pick(s, _after(s, end, _HARD_STOP, 12), True)
    kind = hit[0] if hit else "other"
    if kind == "other" and _SUBGROUP.search(s, max(0, start - 24), start):
        return "_part", None, noun  # "71 dead, including 19 children": children of the 71, so of their kind
    if kind == "other" and not any(_PERSON.fullmatch(w) or _ATTACKER.fullmatch(w) for w in noun[:2]):
        return ("_part" if _PART_OF.search(s, max(0, start - 24), start) else "_thing"), None, noun
    if kind == "killed" and any(_ATTACKER.fullmatch(w) for w in noun):
        kind = "attackers_killed"
    combined = _COMBINED.match(s, hit[1].end()) if hit and kind in ("killed", "injured") else None
    if combined and {kind, (_kw_kind(combined.group(1)) or ("",))[0]} == {"killed", "injured"}:
        return "casualties", combined.end(), noun  # "killed or wounded": the text does not separate them
    return kind, kw_end, noun


# --- bounds ---------------------------------------------------------------------------------
def _apply(q: str | None, lo: int, hi: int | None, n: int | None, exact: bool):
    """(min, max, approximate) for a quantity lo..hi around centre n and its qualifier."""
    if q in ("gt", "ge"):
        return (lo if n is None else n + (q == "gt")), None, True
    if q == "lt":
        return None, max(0, (lo if n is None else n) - 1), True
    if q == "le":
        return None, (hi if n is None else n), True
    if q == "near":
        return (max(0, min((9 * n + 5) // 10, n - 1)) if exact else lo), (hi if n is None else n), True
    if q == "about" and exact:
        return max(0, min(n * 9 // 10, n - 1)), max(-(-n * 11 // 10), n + 1), True
    return lo, hi, not exact


def _range(a: str, b: str):
    x, y = parse_number(a), parse_number(b)
    if x is None or y is None:
        return None, None
    last = b.lower().split()[-1]
    if last in _SCALE and a.lower().split()[-1] not in _SCALE and x < y // _SCALE[last]:
        x *= _SCALE[last]  # "2 to 3 million": the scale applies to both ends
    return x, y


_ABBREV_NUM, _PER = re.compile(r"\.?\s*\d"), _rx(r"\b(?:per|pour)\s*$")
_PHONE_AFTER, _PHONE_BEFORE = re.compile(r"[ .-]\d+[ .-]\d"), re.compile(r"\d[ .-]\d+[ .-]$")
_GROUP_AFTER, _GROUP_BEFORE = re.compile(r"[ .-]\d"), re.compile(r"\d[ .-]$")
_YEAR = re.compile(r"(?:18|19|20)\d\d")


def _excluded(s: str, start: int, end: int, first: str) -> bool:
    """Years, dates, times, durations, money, percentages, ages, references, phones."""
    before, after = s[max(0, start - 40):start], s[end:end + 40]
    if _AFTER_X.match(after) or _BEFORE_X.search(before):
        return True
    if first[:1].isalpha() and (_ABBREV_NUM.match(after) or (  # "Sept. 17", "per cent"
            first.lower().startswith("cent") and _PER.search(before))):
        return True
    if (_PHONE_AFTER.match(after) or _PHONE_BEFORE.search(before)
            or (_GROUP_AFTER.match(after) and _GROUP_BEFORE.search(before))):
        return True  # phone-number-like digit groups
    if _YEAR.fullmatch(first):  # a year unless it visibly counts people
        nxt = _TOK.match(s, _WS.match(s, end, min(len(s), end + 40)).end())
        word = nxt.group() if nxt else ""
        return not (_PERSON.fullmatch(word) or (_kw_kind(word) and not _YEAR_PREP.search(before)))
    return False


def _groups(s: str, m: re.Match) -> dict[str, str | None]:
    """Named groups as written in ``s`` (a Caseless match may come from a lower-cased copy)."""
    return {name: s[m.start(name):m.end(name)] if m.start(name) >= 0 else None for name in m.re.groupindex}


def _quantity(s: str, m: re.Match, g: dict[str, str | None]):
    """(start, end, min, max, approximate, first number text) of a candidate, or None."""
    q = next((k for k, rx in _QUAL_RX if g["qual"] and rx.fullmatch(g["qual"])), None)
    if g["btw"] or g["lo"]:
        ga, gb = ("a", "b") if g["btw"] else ("lo", "hi")
        x, y = _range(g[ga], g[gb])
        if x is None:
            return None
        if ga == "lo" and _FROM.search(s[max(0, m.start() - 30):m.start()]):  # "rose from 20 to 30"
            return (*m.span(gb), y, y, False, g[gb], (x, *m.span(ga)))
        return (*m.span(), min(x, y), max(x, y), True, g[ga], None)
    if g["vague"]:
        lo, hi, c = _VAGUE[" ".join(g["vague"].lower().split())]
        return (*m.span(), *_apply(q, lo, hi, c, False), g["vague"], None)
    n = parse_number(g["num"])
    if n is None:
        return None
    return (*m.span(), *_apply("ge" if g["post"] else q, n, n, n, True), g["num"], None)


_TOLL_NOUN = _rx(r"toll|bilan")


def _figures(s: str, m: re.Match) -> list[Figure]:
    """The figure of one candidate; "rose from 20 to 30" gives two, the later a revision of the earlier."""
    g = _groups(s, m)
    qty = _quantity(s, m, g)
    if qty is None or _excluded(s, qty[0], qty[1], qty[5]):
        return []
    figure = _figure(s, g, *qty[:6])
    if figure is None or qty[6] is None:
        return [figure] if figure else []
    earlier, start, end = qty[6]
    before = Figure(figure.kind, earlier, earlier, False, s[start:end], start, end)
    return [before, replace(figure, revision=True, previous=earlier)]


def _figure(s: str, g: dict, start: int, end: int, lo, hi, approx: bool, first: str) -> Figure | None:
    kind, kw_end, noun = _classify(s, start, end)
    if g["vague"] and ((hi is None and kind == "other") or _ONE_OF.search(s[max(0, start - 30):start])):
        return None  # a vague word alone counts anything; "one of several" is no count
    if first.isalpha() and _VAGUE_BEFORE.search(s, max(0, start - 20), start):
        return None  # "several hundred", « plusieurs milliers »: vague, however large
    if first.isalpha() and parse_number(first) == 1 and not (
            noun and (_PERSON.fullmatch(noun[0]) or _ATTACKER.fullmatch(noun[0]) or _kw_kind(noun[0]))
            and not _TOLL_NOUN.fullmatch(noun[0])):
        return None  # "one of the", "l'un des", "une attaque": pronoun or article
    if kind == "_thing":
        return None  # only counts of people are figures: not gates, houses, camps or warnings
    end = kw_end or end
    return Figure(kind, lo, hi, approx, s[start:end], start, end)


def _zero(s: str, m: re.Match) -> Figure:
    """An explicit zero ("no one was killed", « aucun décès »): exactly 0 of its kind."""
    g = _groups(s, m)
    return Figure(_kw_kind(g["kw"] or g["kv"] or g["kp"])[0], 0, 0, False, s[m.start():m.end()], m.start(), m.end())


def extract_figures(sentence: str) -> list[Figure]:
    """Both languages always active (a French sentence may quote English and vice versa).
    Figures come back in order of appearance and never overlap."""
    if not isinstance(sentence, str) or not sentence:
        return []
    found = []
    for _, m in zip(range(_MAX_CANDIDATES), _ZERO.finditer(sentence)):
        found.append(_zero(sentence, m))
    taken = [(f.start, f.end) for f in found]
    for _, m in zip(range(_MAX_CANDIDATES), _MASTER.finditer(sentence)):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            found += _figures(sentence, m)
    out: list[Figure] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if not out or f.start >= out[-1].end:
            out.append(f)
    return _revisions(sentence, _without_totals(sentence, out))


# "12 of the 40 passengers", « 287 des 612 internes »: the second number is who there were, not a count
_OF_THE = re.compile(r"\s+(?:of|out of|des|sur|d['’]entre)\s+(?:the\s+|its\s+|their\s+|les\s+|ses\s+|leurs\s+|"
                     r"[\w-]+['’]s\s+){0,2}$", re.IGNORECASE)


def _without_totals(s: str, figures: list[Figure]) -> list[Figure]:
    """Drop a figure that is the whole a part of it was counted out of."""
    kept = []
    for figure in figures:
        previous = kept[-1] if kept else None
        if previous is not None and _OF_THE.fullmatch(s[previous.end:figure.start]):
            continue
        kept.append(figure)
    return kept


def _parts(figures: list[Figure]) -> list[Figure]:
    """A part of the count before it ("1,240 cases, of which 312 confirmed") counts the same kind."""
    kept = []
    for figure in figures:
        if figure.kind == "_part":
            if not kept:
                continue
            figure = replace(figure, kind=kept[-1].kind)
        kept.append(figure)
    return kept


# « Quatre d'entre eux… », "six of them in a critical condition": counted out of a count said before
_OF_THEM = _rx(r"[^,;:.]{0,30}?\b(?:of them|of whom|d['’]entre (?:eux|elles))\b")
# « Parmi les morts figurent trois sapeurs-pompiers », "Among the dead were three firefighters"
_AMONG_THE = _rx(r"\b(?:among|parmi) (?:the |les |ces |those )?[\w-]+,? (?:were|are|figurent|figuraient|se trouvent|"
                 r"se trouvaient|on compte|on trouve)\s*$")


@lru_cache(maxsize=65536)
def is_part(sentence: str, figure_text: str) -> bool:
    """Whether a stored figure counts a part of a larger count ("61 injured, of whom nine in intensive
    care", « Quatre d'entre eux sont dans un état grave »): nine in intensive care is no rival of
    another report's 52 injured, and a fact-checker compares it only with another part."""
    start = sentence.find(figure_text) if figure_text else -1
    if start < 0:
        return False
    before = sentence[max(0, start - 40):start]
    return bool(_SUBGROUP.search(before) or _AMONG_THE.search(before)
                or _OF_THEM.match(sentence, start, start + len(figure_text) + 30))


def _revisions(s: str, figures: list[Figure]) -> list[Figure]:
    """Mark the figures a sentence presents as replacing an earlier value ("revised down to 41",
    "43, up from 27", « s'est alourdi à 27 », « 40 000 contre 86 000 »), with that value when given."""
    marked = _parts(figures)
    for i, figure in enumerate(marked):
        if not figure.revision and _REVISED_TO.search(s, max(0, figure.start - 60), figure.start):
            marked[i] = figure = replace(figure, revision=True)
        following = marked[i + 1] if i + 1 < len(marked) else None
        if following and _EARLIER_THAN.search(s[figure.end:following.start]):
            marked[i] = replace(figure, revision=True, previous=following.min)
            marked[i + 1] = replace(following, kind=figure.kind)  # "43, up from 27": the same people, earlier
    return marked
