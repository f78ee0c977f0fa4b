"""Who is speaking: actor gazetteer, country table and speaker-phrase normaliser.

Fact-checkers compare claims *by source*, so "les FAMa", "l'armée malienne" and
"Mali's military" must all become "Malian army", and the many spellings of JNIM
one name.  This module turns a raw noun phrase into an :class:`Actor`; the
sentence grammar lives in :mod:`workbench.attribution`.

Stdlib ``re`` only.  Every pattern is linear (no nested unbounded quantifiers)
and phrases are capped at ``MAX_PHRASE`` characters, so any input — arbitrary
unicode included — is handled in bounded time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon.organisations import GAZETTEER, INSTITUTIONS
from ..lexicon.places import COUNTRY_CS, COUNTRY_DATA, PLACES
from ..text.patterns import Alternation, Caseless, bounded, fold

MAX_PHRASE = 200  # a "speaker" longer than this is a clause, not a name
MAX_WORDS = 12

@dataclass(frozen=True)
class Actor:
    """A normalised speaker. ``category`` drives anaphora: group|org|outlet|state|person|anonymous|pronoun."""
    name: str
    kind: str
    category: str


# --- countries -------------------------------------------------------------------------------
DEMONYMS = {name: dem for name, dem, _names, _caps in COUNTRY_DATA}
_METONYMS = [(name, re.compile(rf"(?:the |le |la |l')?(?:{caps})", re.I)) for name, _dem, _names, caps in COUNTRY_DATA]
# No two countries' patterns can match overlapping text (checked by listing every name each one
# matches), so one scan finds exactly what 33 separate scans did.
_COUNTRY_WORDS = Alternation([(name, "|".join(filter(None, (names, caps, PLACES.get(name)))))
                               for name, _dem, names, caps in COUNTRY_DATA], caseless=True)
_COUNTRY_CODES = Alternation(list(COUNTRY_CS.items()), caseless=False)


_NEVER = re.compile(r"(?!)")
_CAPITALS = {name: re.compile("|".join(filter(None, (caps, PLACES.get(name)))), re.I)
             for name, _dem, _names, caps in COUNTRY_DATA}


def _country_hits(text: str) -> list[tuple[int, str, str]]:
    """Sorted (position, country, matched text) for every country mention in ``text``."""
    hits = _COUNTRY_WORDS.hits(text)
    if "U" in text:  # every code ('US', 'U.K.', ...) starts with U
        hits = sorted(hits + _COUNTRY_CODES.hits(text))
    return hits


@lru_cache(maxsize=4096)
def find_country(text: str) -> str | None:
    """Earliest country mentioned in a short phrase ("Mali's security forces" -> "Mali")."""
    hits = _country_hits(fold(text[:MAX_PHRASE * 5]))
    return hits[0][1] if hits else None  # (position, country, text)


_LOCATIVE = re.compile(r"(?:\b(?:in|near|at|of|from|across|around|outside|de|d'|à|au|aux|du|en|dans|vers)\s+"
                       r"(?:[\w-]+\s+){0,2}?(?:the\s+|le\s+|la\s+|l')?|d')$", re.I)
_BARE_NAMES = re.compile(
    r"mali|burkina(?: faso)?|niger|dr ?congo|drc|rdc|congo|rwanda|nig[ée]ria|sudan|soudan|chad|tchad|mauritani[ae]"
    r"|s[ée]n[ée]gal|c[oô]te d'ivoire|ivory coast|guin[ée]e|guinea|ghana|togo|b[ée]nin|cameroon|cameroun"
    r"|central african republic|centrafrique|alg[ée]ri[ae]|liby[ae]|o?uganda|burundi|[ée]thiopi[ae]|somali[ae]"
    r"|kenya|morocco|maroc|france|russi[ae]|united states|[ée]tats-unis|us|u\.s\.?|usa|united kingdom|britain"
    r"|royaume-uni|uk|u\.k\.?|chin[ae]|turkey|turquie|t[üu]rkiye|ukraine|democratic republic of (?:the )?congo"
    r"|r[ée]publique d[ée]mocratique du congo", re.I)


def location_country(text: str) -> str | None:
    """Country a sentence is *set in* ('near Timbuktu', "l'aéroport de Bamako", 'Malian', "Mali's"),
    ignoring countries that are only objects ('accused Rwanda of …'): those must not qualify 'the army'."""
    text = fold(text[:MAX_PHRASE * 25])
    for pos, name, word in _country_hits(text):
        adjectival = not (_BARE_NAMES.fullmatch(word) or _CAPITALS.get(name, _NEVER).fullmatch(word))
        possessive = text.startswith("'s", pos + len(word))
        if adjectival or possessive or _LOCATIVE.search(text[max(0, pos - 40):pos]):
            return name
    return None


def main_country(text: str, cap: int = 200_000) -> str | None:
    """The article's dominant country: most mentions, earliest first on ties."""
    counts: dict[str, list[int]] = {}
    for pos, name, _word in _country_hits(fold(text[:cap])):
        entry = counts.setdefault(name, [0, pos])
        entry[0] += 1
        entry[1] = min(entry[1], pos)
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n][0], counts[n][1]))


def qualify(label: str, country: str | None) -> str:
    """'army' + Mali -> 'Malian army'; unknown country keeps the generic label."""
    dem = DEMONYMS.get(country or "")
    return f"{dem} {label}" if dem else label


# --- named non-state organisations and news outlets ----------------------------------------
_GAZ_ACTORS = [Actor(canonical, "named", category) for canonical, category, *_ in GAZETTEER]
_GAZ_CI = Alternation([(i, entry[2]) for i, entry in enumerate(GAZETTEER) if entry[2]], caseless=True)
_GAZ_CS = Alternation([(i, entry[3]) for i, entry in enumerate(GAZETTEER) if entry[3]], caseless=False)


def gazetteer_hits(text: str) -> list[tuple[int, Actor]]:
    """Every gazetteer mention as (position, Actor)."""
    return [(pos, _GAZ_ACTORS[i]) for rx in (_GAZ_CI, _GAZ_CS) for pos, i, _word in rx.hits(text)]


# --- state institutions -------------------------------------------------------------------
_INSTITUTION_RX = [(re.compile(bounded(p), f), label, forced) for p, label, forced, f in INSTITUTIONS]
_DOMAINS = tuple((re.compile(bounded(p), re.I), domain) for p, domain in (
    (r"defen[cs]e|d[ée]fense|arm[ée]es|armed forces", "defence"), (r"foreign|affaires [ée]trang[èe]res", "foreign"),
    (r"interior|int[ée]rieur|territorial administration|administration territoriale", "interior"),
    (r"security|s[ée]curit[ée]", "security"), (r"communications?", "communication"),
    (r"health|sant[ée]", "health"), (r"justice", "justice"), (r"information", "information"),
))
INSTITUTION_WORDS = re.compile(bounded(
    r"army|military|government|junta|authorities|police|gendarmerie|ministry|presidency|security forces"
    r"|arm[ée]e|gouvernement|junte|autorit[ée]s|minist[èe]re|pr[ée]sidence|[ée]tat-major|general staff"), re.I)
_INSTITUTION_WORD = Caseless(INSTITUTION_WORDS.pattern)
_FORCES_CS = re.compile(bounded(r"FAMa|FAMA|FARDC"))


@lru_cache(maxsize=4096)
def institution(np: str, country: str | None) -> Actor | None:
    """'the army' / "Mali's security forces" / 'le ministère de la Défense' -> qualified state body."""
    for rx, label, forced in _INSTITUTION_RX:
        if rx.search(np):
            if label in ("ministry", "minister"):
                label = next((f"{d} {label}" for domain, d in _DOMAINS if domain.search(np)), label)
            return Actor(qualify(label, forced or find_country(np) or country), "official", "state")
    return None


def metonym(np: str) -> Actor | None:
    """'Kinshasa', 'le Kremlin' used on their own as a speaker mean that country's government."""
    for name, caps in _METONYMS:
        if caps.fullmatch(np):
            return Actor(qualify("government", name), "official", "state")
    return None


# --- the noun-phrase normaliser -----------------------------------------------------------
_WEEKDAYS = (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
             r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche")
_CUT = re.compile(
    r"\s+(?:who|whom|whose|which|that|qui|que|qu'|dont|lequel|laquelle|speaking|spoke|asked|requesting|declining"
    r"|quoted|cited|interviewed|reached|contacted|joint(?:e|s|es)? par|contact[ée]e?s?|interrog[ée]e?s?|cit[ée]e?s?"
    r"|close to|proches? de|on condition|sous couvert|later|earlier|yesterday|today|hier|aujourd'hui|ce matin"
    r"|(?:late |early )?on (?:" + _WEEKDAYS + r")|(?:" + _WEEKDAYS + r")"
    r"|(?:in|dans|via|on|sur) (?:a|an|its|their|his|her|un|une|son|sa|ses|leur) (?:statement|communiqu[ée]|video"
    r"|vid[ée]o|message|post|press release|broadcast|interview|entretien))(?![\w])", re.I)
_LEAD = re.compile(
    r"^(?:(?:and|but|yet|so|still|meanwhile|however|concurrently|also|et|mais|pourtant|cependant|toutefois"
    r"|n[ée]anmoins|according to|selon|d'apr[èe]s|members? of|some of|one of|elements? of|des membres de"
    r"|membres de|certains membres de|[ée]l[ée]ments de|un membre de|une membre de)\s+)+", re.I)
_DETS = re.compile(r"^(?:(?:the|le|la|les|its|their|his|her|son|sa|ses|leur|leurs)\s+|l')", re.I)
SAME_SOURCE = "same source"
_PRONOUNS = {"it", "he", "she", "they", "him", "them", "il", "elle", "ils", "elles", "lui", "eux",
             "its", "their", "his", "her", "son", "sa", "ses", "leur", "leurs"}
_ANAPHOR = re.compile(
    r"(?:the|this|that|le|la|les|ce|cette|ces)\s+(?:(?:armed|jihadist|rebel|islamist|militant|terrorist)\s+)?"
    r"(?:group|movement|organi[sz]ation|rebels|militants|jihadists|insurgents|fighters|coalition|alliance"
    r"|groupe(?: arm[ée]| jihadiste| djihadiste| terroriste| rebelle)?|mouvement(?: rebelle)?|rebelles"
    r"|jihadistes|djihadistes|insurg[ée]s|combattants|organisation)", re.I)
_SPOKES = r"spokes(?:man|woman|person|people)|porte-parole|press officer|charg[ée]e? de communication"
_SPOKES_FOR = re.compile(rf"(?:{_SPOKES})\s+(?:for|of|at|de la|de l'|du|des|d'|de)\s*(.+)$", re.I)
_SPOKES_PRE = re.compile(rf"^(.*?)\s*(?<![\w-])(?:{_SPOKES})(?![\w-])", re.I)
_STATEMENT = re.compile(r"(?<!\w)(?:statement|communiqu[ée]|press release|d[ée]claration|video|vid[ée]o"
                        r"|audio message|message)(?!\w)", re.I)
_BY = re.compile(r"(?<!\w)(?:by|from|of|signed by|sign[ée] (?:par|du|de)|de la|de l'|du|des|d'|de|par)\s*(.+)$", re.I)
_FR_ADJ = {"sécuritaire": "security", "securitaire": "security", "militaire": "military", "locale": "local",
           "diplomatique": "diplomatic", "médicale": "medical", "hospitalière": "hospital",
           "humanitaire": "humanitarian", "policière": "police", "gouvernementale": "government",
           "officielle": "official", "onusienne": "UN", "administrative": "administrative",
           "non confirmée": "unconfirmed", "non confirmé": "unconfirmed", "non identifiée": "unidentified",
           "concordante": "concurring", "proche": "close"}
_FR_ANON = {"témoins": "witnesses", "témoin": "a witness", "habitants": "residents", "habitant": "a resident",
            "habitante": "a resident", "diplomate": "a diplomat", "diplomates": "diplomats",
            "responsable": "an official", "responsables": "officials", "officiel": "an official",
            "officiels": "officials", "élu local": "a local official", "élus locaux": "local officials",
            "médecin": "a doctor", "médecins": "doctors", "source": "a source", "sources": "sources",
            "rescapés": "survivors", "soldats": "soldiers", "soldat": "a soldier", "militaire": "a soldier"}
_ANON_ROLE = re.compile(
    r"(?<![\w])(?:sources?|witness(?:es)?|residents?|locals|diplomats?|officials?|officers?|aid workers?"
    r"|humanitarian workers?|doctors?|medics?|nurses?|survivors?|relatives?|villagers?|elders?|soldiers?|fighters?"
    r"|t[ée]moins?|habitante?s?|diplomates?|responsables?|officiels?|[ée]lus?(?: locaux| local)?|m[ée]decins?"
    r"|rescap[ée]s?|soldats?|humanitaires?|militaire)$", re.I)
_INDEF = re.compile(r"^(?:a|an|one|some|several|two|three|un|une|des|plusieurs|certains|deux|trois)\s+", re.I)
_SOURCE_EN = re.compile(r"^(?:(a|an|one)\s+)?(?:(\w+)\s+)?(sources?)$", re.I)
_SOURCE_FR = re.compile(r"^(?:(une?|des|de)\s+)?(sources?)(?:\s+((?:non\s+)?\w+?)s?)?$", re.I)
_TITLES = re.compile(bounded(
    r"col\.?|colonel|lt\.?|lieutenant|gen\.?|general|g[ée]n[ée]ral|maj\.?|major|capt\.?|captain|capitaine"
    r"|cmdr\.?|commander|commandant|sgt\.?|sergeant|sergent|adm\.?|admiral|amiral|minist(?:er|re)"
    r"|president|pr[ée]sident|prime minister|premier ministre|governor|gouverneur|prefect|pr[ée]fet|mayor"
    r"|maire|ambassador|ambassadeur|prosecutor|procureur"), re.I)
_CIVIL_TITLES = re.compile(r"^(?:mr|mrs|ms|dr|m|mme|sheikh|imam|father|p[èe]re)\.?\s", re.I)
_NAME_TOKEN = re.compile(r"(?<![\w'])\w[\w'.-]*")
_STOP_CAPS = {"the", "le", "la", "les", "a", "an", "un", "une", "des", "defence", "defense", "foreign",
              "interior", "affairs", "security", "minister", "ministre", "president", "président"}
_COMMON = {"attackers", "assailants", "militants", "jihadists", "gunmen", "survivors", "protesters",
           "activists", "analysts", "experts", "observers", "critics", "investigators", "researchers",
           "journalists", "reporters", "families", "police", "others", "many", "some", "both", "all"}
_ORG_WORDS = re.compile(r"(?<!\w)(?:front|movement|union|council|association|coalition|committee|group|mouvement"
                        r"|conseil|coordination|forces|alliance|party|parti|agency|agence|office|institute|network|r[ée]seau"
                        r"|society|soci[ée]t[ée]|federation|f[ée]d[ée]ration|league|ligue|observatory|observatoire"
                        r"|collective|collectif|foundation|fondation|centre|center|trust|company|compagnie|bureau"
                        r"|board|authority|autorit[ée])(?!\w)", re.I)
_BAD_NP = {"this", "that", "there", "these", "those", "what", "which", "who", "ce", "cela", "ça", "one",
           "plan", "law", "the law", "schedule", "tradition", "the constitution", "la loi", "les cas", "which"}


def clean(phrase: str) -> str:
    """Reduce a raw phrase to its head noun phrase: drop quotes, clauses, lead-ins and time words."""
    np = fold(phrase[:MAX_PHRASE]).strip(" \t\r\n\"'()[]{}.,;:!?-*")
    np = re.sub(r"\s+", " ", np)
    cut = _CUT.search(np)
    if cut:
        np = np[:cut.start()]
    np = _LEAD.sub("", np).strip(" \"',;:.")
    return np


def _strip_dets(np: str) -> str:
    return _DETS.sub("", np, count=1).strip()


def _pronoun(np: str, country: str | None) -> Actor | None:
    low = np.lower()
    if low in _PRONOUNS:
        return Actor(low, "anonymous", "pronoun")
    if _ANAPHOR.fullmatch(np):
        return Actor("the group", "anonymous", "pronoun")
    if re.fullmatch(r"(?:the |la |le )?(?:same source|m[êe]me source)", low):
        return Actor(SAME_SOURCE, "anonymous", "pronoun")  # « selon la même source »: the source last quoted
    if re.fullmatch(r"(?:the|a|le|la|un|une) (?:statement|communiqu[ée]|spokes(?:man|woman|person)|porte-parole)", low):
        return Actor(low.split()[1], "anonymous", "pronoun")
    return None


def _spokesperson(np: str, country: str | None) -> Actor | None:
    """'X, a spokesman for Y' / "the army's spokesman" -> prefer the organisation Y."""
    m = _SPOKES_FOR.search(np)
    sub = m.group(1) if m else None
    if sub is None:
        m = _SPOKES_PRE.search(np)
        if not m:
            return None
        sub = re.sub(r"'s?$", "", m.group(1).strip())
    actor = normalise(sub, country) if _strip_dets(_INDEF.sub("", sub)) else None
    return actor or Actor("spokesman", "anonymous", "pronoun")


def _statement(np: str, country: str | None) -> Actor | None:
    """'a statement released by X', 'un communiqué de l'état-major', 'a military statement' -> author."""
    m = _STATEMENT.search(np)
    if not m:
        return None
    after, before = np[m.end():], re.sub(r"'s?$", "", np[:m.start()].strip())
    by = _BY.search(after)
    actor = normalise(by.group(1), country) if by else None
    actor = actor or institution(after, country)  # 'un communiqué militaire'
    if not actor and _strip_dets(_INDEF.sub("", before)):
        actor = normalise(before, country)
    return actor or Actor("statement", "anonymous", "pronoun")


def _anonymous(np: str, country: str | None) -> Actor | None:
    """Unnamed sources, witnesses, residents, 'an official' — canonical English labels."""
    low = np.lower()
    fr = _SOURCE_FR.fullmatch(low)
    if fr and (fr.group(1) or fr.group(3)):
        adj = _FR_ADJ.get(fr.group(3) or "", "")
        if fr.group(2).endswith("s"):
            return Actor(f"{adj} sources".strip(), "anonymous", "anonymous")
        return Actor(f"a {adj} source" if adj else "a source", "anonymous", "anonymous")
    head = re.split(r"\s+(?:in|at|based in|from|near|with|of|à|au|aux|en|de|du|des)\s+", np, maxsplit=1)[0]
    np, low = (head, head.lower()) if _ANON_ROLE.search(head) else (np, low)  # 'a diplomat in Niamey'
    if not _ANON_ROLE.search(np) or (_TITLES.search(np) and _names(np)):
        return None
    en = _SOURCE_EN.fullmatch(low)
    if en:
        adj = f"{en.group(2)} " if en.group(2) else ""
        name = f"{adj}sources" if en.group(3) == "sources" else f"{en.group(1) or 'a'} {adj}source"
        return Actor(name, "anonymous", "anonymous")
    bare = re.sub(r"^(?:un|une|des|les|de)\s+", "", low)
    if bare in _FR_ANON:
        return Actor(_FR_ANON[bare], "anonymous", "anonymous")
    return Actor(_lower_first(_strip_dets(np)), "anonymous", "anonymous")


def _lower_first(np: str) -> str:
    """'An official' / 'Witnesses' (sentence-initial capital) -> lower case; keep 'US officials'."""
    first = np.split(" ", 1)[0]
    if first.istitle() and not find_country(first) and not gazetteer_hits(first):
        return np[0].lower() + np[1:]
    return np


def _gazetteer(np: str, country: str | None) -> Actor | None:
    hits = gazetteer_hits(np)
    return min(hits, key=lambda h: h[0])[1] if hits else None


def _metonym(np: str, country: str | None) -> Actor | None:
    return metonym(np)


def _names(np: str) -> list[str]:
    """Capitalised tokens that look like proper names (not titles, determiners or countries)."""
    toks = [t for t in _NAME_TOKEN.findall(np) if t[0].isupper()]
    out = [t for t in toks if t.lower().rstrip(".") not in _STOP_CAPS and not find_country(t)
           and not _TITLES.fullmatch(t)]
    if out and out[0] == toks[0] and out[0].lower() in _COMMON:
        out = out[1:]
    return out


def _titled(np: str, country: str | None) -> Actor | None:
    """'Col. Souleymane Dembélé', 'le ministre Abdoulaye Diop': a named person with a title."""
    if not _names(np) or not (_TITLES.search(np) or _CIVIL_TITLES.match(np)):
        return None
    name = _strip_dets(re.split(r"\s+(?:of|from|de|du|des|d')\s+", np, maxsplit=1)[0])
    kind = "official" if _TITLES.search(name) else "named"
    return Actor(name, kind, "person")


_MEMBERS_BODY = re.compile(r"(?:union|association|syndicate|federation|collective|league|committee|families)$", re.I)


def _institution(np: str, country: str | None) -> Actor | None:
    """A state body, but not its members' own body: "the Sanvoro Police Officers' Union" is a union."""
    if _MEMBERS_BODY.search(np.rstrip(" .")):
        return None
    return institution(np, country)


def _fallback(np: str, country: str | None) -> Actor | None:
    """Unknown phrase: keep it, cleaned; capitalised -> named, otherwise an unnamed (anonymous) source."""
    name = re.sub(r"^\d[\d,.]*-\w+\s+", "", _strip_dets(np))  # "The 212-page report" -> "report"
    words = name.split()
    if not words or len(words) > MAX_WORDS or name.lower() in _BAD_NP or name[0].isdigit():
        return None
    names = _names(name)
    if not names:
        return Actor(_lower_first(name), "anonymous", "anonymous")
    person = len(names) >= 2 and not _ORG_WORDS.search(name)
    return Actor(name, "named", "person" if person else "org")


_STEPS = (_pronoun, _spokesperson, _statement, _anonymous, _gazetteer, _metonym, _titled, _institution, _fallback)


def normalise(phrase: str, country: str | None = None) -> Actor | None:
    """Raw speaker phrase -> Actor, or None when it cannot be a speaker. ``country`` qualifies 'the army'."""
    np = clean(phrase)
    if not np or np.lower() in _BAD_NP or len(np.split()) > MAX_WORDS + 4:
        return None
    for step in _STEPS:
        actor = step(np, country)
        if actor:
            return actor
    return None


# Possessive ++: a word ([\w'-]) and a space (\s) never share a character, so giving back part of
# either can never help; not retrying saves quadratic work inside long words.
_MENTION = Caseless(r"(?:[\w'-]++\s++){0,2}" + INSTITUTION_WORDS.pattern + r"(?:\s+[\w-]+)?")


def find_mentions(text: str, country: str | None) -> list[Actor]:
    """Known actors mentioned anywhere in a sentence, in order — the antecedents for 'it'/'the group'."""
    text = fold(text)
    hits = gazetteer_hits(text)
    if _INSTITUTION_WORD.search(text):  # every _MENTION holds one; without, skip the slower scan
        hits += [(m.start(), institution(text[m.start():m.end()], country)) for m in _MENTION.finditer(text)]
    if "FA" in text:  # FAMa, FAMA, FARDC
        hits += [(m.start(), institution(m.group(0), country)) for m in _FORCES_CS.finditer(text)]
    return [a for _, a in sorted(hits, key=lambda h: h[0]) if a]


# --- organisations named in passing: antecedents of a later "the commission", « le comité » ---------
_EN_ORG_NAME = re.compile(r"\b(?:[A-Z][\w'&-]+\s+){1,5}(?:Association|League|Network|Agency|Organi[sz]ation|Committee"
                          r"|Commission|Council|Foundation|Federation|Union|Observatory|Institute|Office|Company"
                          r"|Limited|Ltd|Corporation|Group|Trust|Alliance|Watch)\b")
_FR_ORG_NAME = re.compile(r"\b(?:Ligue|Organisation|Association|Observatoire|F[ée]d[ée]ration|Comit[ée]|Commission|Agence"
                          r"|Bureau|Office|Conseil|Collectif|Coordination|Fondation|R[ée]seau|Syndicat|Union|Mouvement"
                          r"|Institut|Alliance|Soci[ée]t[ée]|Compagnie)(?:\s+[\w'-]+){1,7}")
_LEADING_DET = re.compile(r"^(?:The|A|An|Une?|La|Le|Les|L')\s*")
_OF = {"de", "des", "du", "d'", "pour", "et"}  # inside a French name; « la » and « l' » only after « de »
_NAME_ENDS = {"a", "ont", "avait", "avaient", "est", "sont", "était", "qui", "que", "dans", "en", "le", "les", "un",
              "une", "depuis", "sur", "selon", "par", "à", "au", "aux", "avec", "se", "s'", "n'", "ne", "y", "ce", "cette"}


def _french_org_name(match: str) -> str:
    """« Ligue riveraine des droits de l'homme a publié » -> « Ligue riveraine des droits de l'homme »."""
    words = match.split()
    kept = words[:1]
    for word in words[1:]:
        low = word.lower()
        after_of = kept[-1].lower() in ("de", "d'")
        if low in _NAME_ENDS or (low == "la" and not after_of) or (low.startswith("l'") and not after_of):
            break
        kept.append(word)
    while kept and kept[-1].lower() in _OF | {"la"}:
        kept.pop()
    return " ".join(kept)


def organisations_named(text: str) -> list[Actor]:
    """Organisations a sentence names without a gazetteer entry ("the Harrow Valley Farmers Committee",
    « la Ligue riveraine des droits de l'homme »), in order: what ``ArticleContext.antecedent`` looks back
    at for a later description of their kind ("the committee")."""
    text = fold(text)
    english = [(m.start(), m.end(), name) for m in _EN_ORG_NAME.finditer(text)
               if len((name := _LEADING_DET.sub("", m.group(0))).split()) > 1]
    french = [(m.start(), m.end(), _french_org_name(m.group(0))) for m in _FR_ORG_NAME.finditer(text)
              if not any(start <= m.start() < end for start, end, _ in english)]
    return [Actor(name, "named", "org") for _, _, name in sorted(english + french) if len(name.split()) > 1]
