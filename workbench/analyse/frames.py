"""Frames: the slot a claim fills within its event, in English and French alike.

Embeddings find paraphrases but weigh least what makes claims conflict —
the number and the speaker — so the workbench also gives each claim its
*frames*: ``killed``, ``injured``, ``arrested``, ``attackers_killed``,
``displaced`` from its figures (scoped to a site when the sentence says so:
a toll at one site is not the total toll), ``control`` (which places, and who
is said to hold them, are compared claim by claim: "the situation is under
control" answers "JNIM holds the airport"), ``responsibility`` with whom it
names, ``damage:<target>``.
Two claims of the same event that share a frame are compared directly,
whatever their wording or language.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .actors import gazetteer_hits
from ..lexicon.en import figures as en_figures
from ..lexicon.places import FACILITIES, TOWNS
from ..model import FIGURE_FRAMES
from ..text.patterns import strip_accents

__all__ = ["ControlAssertion", "frames_for", "control_assertion", "responsible_actors", "denies", "site_scope",
           "FIGURE_FRAMES", "is_update", "population", "confirms", "shared_names", "names_in"]



@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Lower case, straight apostrophes, accents dropped (« é » → e): one spelling for EN and FR cues."""
    return strip_accents(text).encode("ascii", "ignore").decode("ascii")


_PLACE_RX = [(re.compile(rf"\b(?:{pattern})\b"), name) for pattern, name in FACILITIES]
_TOWN_RX = re.compile(r"\b(" + "|".join(map(re.escape, TOWNS)) + r")\b")

_SEIZED = re.compile(
    r"\b(?:seiz\w*|captur\w*|took (?:over|control)|taken (?:over|control)|tak(?:e|ing) (?:over|control)|overr[au]n|"
    r"fell to|fall(?:en)? to|has fallen|had fallen|(?:been|was|were) taken(?! to\b| into\b| away\b| hostage\b| ill\b| by surprise)|ete pris\w*|held(?! (?:in|at) (?:the |a )?(?:\w+'s )?(?:prisons?|jails?|custody|detention|cells?|wing|block)\b| hostage| captive| prisoner| incommunicado| without)|holds?|holding|control(?:s|led|ling)?|under (?:their|its|the "
    r"group's|rebel|m23) (?:control|authority)|in the hands of|entered|occup\w+|stormed|"
    r"pris (?:le )?contr[oô]le|prise? de|s'(?:est|sont) empar\w+|contr[oô]l\w+|tomb\w* (?:aux|entre les) mains|"
    r"aux mains|occup\w+|entr[ée]s? dans|liberat\w*|liber[ée]\w*|sous (?:son|leur) autorite|"
    r"t(?:enai|ienn|ien)\w* (?:encore|toujours)|still (?:in control|h[oe]ld)|in control of)\b")
_DEFENDED = re.compile(
    r"\b(?:under (?:control|army control|government control|our control)|back under|repel\w*|repuls\w*|retook|"
    r"retaken|recaptur\w*|regained|never fell|did not fall|has not fallen|had not fallen|not fallen|still holds?|"
    r"never (?:been )?taken|was not taken|neutrali[sz]ed before|never reached|n'ont jamais atteint|"
    r"never (?:been )?in the hands|(?:held by|in the hands of|aux mains de) (?:the |l')?(?:army|armee|troops|forces)|"
    r"under (?:full|total|complete) control|sous (?:total |plein )?contr[oô]le|jamais (?:ete )?(?:aux mains|tomb\w*)|"
    r"reopened|rouvert\w*|"
    r"remain(?:s|ed)? (?:in|under) (?:government|army|state) (?:hands|control)|secured|"
    r"sous contr[oô]le|repouss\w*|repris|n'(?:est|a) (?:jamais |pas )\w*\s*tomb\w*|maitris\w*|securis\w*)\b")
_DENIAL = re.compile(r"\b(?:den(?:y|ied|ies|ying)|disput(?:es|ing|ed (?:by|the|that|this|these|those|its|their|his|her|"
                     r"any|such|claims?|reports?|figures?|accounts?|tolls?))|rejected|dismissed|refuted|false|untrue|baseless|dement\w*|"
                     r"ni[ée]\w*|rejet\w*|contest\w*|fausses?|infond\w*)\b")
_NOT_CONFIRMED = re.compile(
    r"\b(?:(?:has|have|had|did) not (?:yet )?confirmed|n'a pas (?:encore )?confirme|aucun \w+ (?:de \w+ )?n'a ete "
    r"confirme\w*|no \w+ (?:has|have) been confirmed|"
    r"could not (?:be )?(?:independently )?(?:confirm|verif)\w*|unable to (?:independently )?(?:confirm|verify)|"
    r"not (?:been )?(?:independently )?(?:confirmed|verified)|unconfirmed|unverified|n'a pas pu (?:etre )?"
    r"(?:verifi|confirm)\w*|non confirm\w*|sans confirmation)\b")
_UPDATE = re.compile(r"\b(?:rose|risen|climbed|increased|jumped|now stands?|reached|has grown|grew|"
                     r"(?:est )?passe (?:de \w+ )?a|s'eleve desormais|atteint|alourdi)\b")
_SITE_SCOPE = re.compile(r"\b(?:at|in|inside|near|dans|pres de|a l'|a la|au) ?(?:the |l'|la |le )?(?:[\w-]+ ){0,2}?(?:school|academy|airport|"
                         r"base|camp|barracks|ecole|aeroport|caserne|site|market|marche|hospital|hopital)\b|"
                         r"\bon (?:the )?(?:first|second|one|two) sites?\b")
_TOTAL = re.compile(r"\b(?:in total|in all|overall|total|across|au total|en tout|au moins|sur les deux sites|"
                    r"both sites|the two sites|les deux sites)\b")
_DAMAGE = re.compile(r"\b(?:destroy\w*|damag\w*|set fire to|burn\w*|detrui\w*|endommag\w*|incendi\w*)\b\W+(?:\w+\W+){0,4}?"
                     r"(aircraft|planes?|jets?|helicopters?|vehicles?|trucks?|avions?|appareils?|helicopteres?|vehicules?)")
_ATTACKER_GROUPS = re.compile(r"\b(?:jnim|gsim|m23|afc|issp|eigs|isgs|islamic state|etat islamique|boko haram|"
                              r"al[- ]shabaab|rsf|rebels?|rebelles?|jihadists?|jihadistes?|militants?|insurgents?|"
                              r"fighters|combattants|assailants|assaillants|attackers|terrorists?|terroristes?|"
                              r"the group|le groupe|gunmen|mutin\w*|mutineers?|putschists?|putschistes?|"
                              r"le mouvement|the movement)\b")
_DEFENDER_GROUPS = re.compile(r"\b(?:army|armee|military|militaires|troops|soldiers|soldats|forces|fardc|fama|"
                              r"government|gouvernement|authorities|autorites|police|gendarmerie|loyalists?)\b")


@dataclass(frozen=True)
class ControlAssertion:
    places: tuple[str, ...]  # canonical places and town names, or ("*",) for "the situation"
    holder: str              # "attackers" | "defenders"
    denied: bool             # the sentence denies a seizure ("denied that the airport had been taken")

    def overlaps(self, other: "ControlAssertion") -> bool:
        """Same place: equal names, "the situation" against anything, or airport ~ military airport."""
        if "*" in self.places or "*" in other.places:
            return True
        family = {"airport", "military airport"}
        return bool(set(self.places) & set(other.places)) or (
            bool(family & set(self.places)) and bool(family & set(other.places)))


@functools.lru_cache(maxsize=65536)
def places(text: str) -> tuple[str, ...]:
    """Canonical places a sentence names: facilities first, then towns."""
    folded = _fold(text)
    found = []
    for pattern, name in _PLACE_RX:
        if pattern.search(folded) and name not in found and not (name == "airport" and "military airport" in found):
            found.append(name)
    found += [town for town in dict.fromkeys(_TOWN_RX.findall(folded)) if town not in found]
    return tuple(found)


_PEOPLE_TAKEN = re.compile(r"(?:been|was|were) taken|held")  # "41 pupils had been taken", "hostages were held"
_PEOPLE_BEFORE = re.compile(rf"\b(?:{'|'.join(en_figures.PEOPLE.split())})\b(?:\s+\w+){{0,2}}\s+$")


@functools.lru_cache(maxsize=65536)
def control_assertion(text: str, claim_type: str, speaker: str = "") -> ControlAssertion | None:
    """Who a claim says holds which place (None when it says nothing about control).

    A denial of a seizure ("denied that the airport had been taken") is read
    as the defenders holding the place, flagged ``denied``.
    """
    if claim_type == "background":
        return None
    folded = _fold(text)
    defended, seized = _DEFENDED.search(folded), _SEIZED.search(folded)
    if not (defended or seized):
        return None
    named = tuple(places(text)) or ("*",)
    if named == ("*",) and not defended and _PEOPLE_TAKEN.fullmatch(seized.group()) and _PEOPLE_BEFORE.search(
            folded, max(0, seized.start() - 40), seized.start()):
        return None  # "41 pupils had been taken": people were abducted, no place changed hands
    denied = _DENIAL.search(folded) is not None
    if defended:
        return ControlAssertion(named, "defenders", False)
    if denied:
        return ControlAssertion(named, "defenders", True)
    return ControlAssertion(named, _holder(folded, _fold(speaker)), False)


def _holder(folded: str, speaker: str) -> str:
    """Who holds the place in a seizure sentence: the side named first (the subject),
    else the speaker's side; attackers when nothing says otherwise."""
    attacker, defender = _ATTACKER_GROUPS.search(folded), _DEFENDER_GROUPS.search(folded)
    if defender and (not attacker or defender.start() < attacker.start()):
        return "defenders"
    if attacker:
        return "attackers"
    return "defenders" if _DEFENDER_GROUPS.search(speaker) and not _ATTACKER_GROUPS.search(speaker) else "attackers"


@functools.lru_cache(maxsize=65536)
def site_scope(text: str) -> str | None:
    """The site a toll is limited to ("20 killed at the school"), None for an overall toll."""
    folded = _fold(text)
    if _TOTAL.search(folded) or not _SITE_SCOPE.search(folded):
        return None
    named = places(text)
    return named[0] if len(named) == 1 else None  # two sites named: the toll covers both


_GROUPS = [
    (r"peacekeepers?|casques bleus|blue helmets", "peacekeepers"),
    (r"soldiers?|troops|servicemen|personnel|militaires|soldats|gendarmes?|police(?:men| officers)?|policiers|"
     r"recruits|cadets|students?|eleves?(?: gendarmes)?|security forces|forces de securite", "security forces"),
    (r"civilians?|civils?|residents|habitants|children|enfants|women|femmes|passengers|villagers|villageois",
     "civilians"),
    (r"premi[eè]re?s|first", "first victims"),  # « les trois premiers décès »: the start of a toll, not a toll
]
_FIRST_BEFORE = re.compile(r"\b(?:first|earliest)\s+$")
_GROUP_RX = [(re.compile(rf"^(?:\W+\w+){{0,3}}?\W+(?:{pattern})\b"), name) for pattern, name in _GROUPS]


@functools.lru_cache(maxsize=65536)
def population(text: str, figure_text: str) -> str | None:
    """Whom a count is about, when the sentence narrows it ("13 peacekeepers" → peacekeepers);
    None for a general toll ("77 people", "77 dead")."""
    folded, needle = _fold(text), _fold(figure_text)
    at = folded.find(needle)
    if at < 0:
        return None
    if _FIRST_BEFORE.search(folded, max(0, at - 12), at):
        return "first victims"  # "after the first three deaths": the start of a toll, not a toll
    after = folded[at:at + len(needle) + 40]
    after = after[len(needle.split()[0]):] if needle.split() else after
    for pattern, name in _GROUP_RX:
        if pattern.search(after):
            return name
    return None


@functools.lru_cache(maxsize=65536)
def responsible_actors(text: str) -> frozenset[str]:
    """Named armed groups a responsibility claim points to (gazetteer names)."""
    return frozenset(actor.name for _, actor in gazetteer_hits(text) if actor.category == "group")


@functools.lru_cache(maxsize=65536)
def denies(text: str, attribution_verb: str | None = None) -> bool:
    return attribution_verb == "denied" or _DENIAL.search(_fold(text)) is not None


@functools.lru_cache(maxsize=65536)
def not_confirmed(text: str) -> bool:
    return _NOT_CONFIRMED.search(_fold(text)) is not None


_CONFIRMED = re.compile(r"\b(?:confirm(?:ed|s)|confirme\w*)\b")


@functools.lru_cache(maxsize=65536)
def confirms(text: str, attribution_verb: str | None = None) -> bool:
    """The sentence confirms something (and does not say it could not be confirmed)."""
    return (attribution_verb == "confirmed" or _CONFIRMED.search(_fold(text)) is not None) and not not_confirmed(text)


@functools.lru_cache(maxsize=65536)
def is_update(text: str) -> bool:
    """A toll that says it has changed ("rose to 77"): a later figure, not a contradiction."""
    return _UPDATE.search(_fold(text)) is not None


def frames_for(claim: dict) -> list[str]:
    """Frames of a claim dict (text, claim_type, figures, speaker), most specific first."""
    text, claim_type = claim["text"], claim["claim_type"]
    frames = []
    scope = site_scope(text)
    for figure in claim.get("figures", []):
        if figure["kind"] in FIGURE_FRAMES:
            frames.append(f"{figure['kind']}@{scope}" if scope else figure["kind"])
    control = control_assertion(text, claim_type, claim.get("speaker", ""))
    if control:
        frames.append("control")  # one frame per event: the places are compared claim by claim
    if claim_type == "responsibility":
        frames.append("responsibility")
    damage = _DAMAGE.search(_fold(text))
    if damage:
        target = damage.group(1)
        frames.append("damage:aircraft" if target[:3] in ("air", "pla", "jet", "hel", "avi", "app") else
                      "damage:vehicles")
    return list(dict.fromkeys(frames))


_DEMONYM_STEMS = {"rwandais": "rwanda", "rwandan": "rwanda", "congolais": "congo", "congolese": "congo",
                  "malien": "mali", "malian": "mali", "nigerien": "niger", "burkinabe": "burkina"}


@functools.lru_cache(maxsize=65536)
def names_in(text: str) -> frozenset[str]:
    """The proper names of a sentence, folded (demonyms as their country: "Rwandan" = « rwandais »)."""
    found = set()
    for word in re.findall(r"[\w'-]+", _fold(text)):
        stem = re.sub(r"e?s$", "", word) if word.rstrip("es") + "es" == word or word.endswith("s") else word
        for key in (word, stem):
            if key in _DEMONYM_STEMS:
                found.add(_DEMONYM_STEMS[key])
    found |= {_fold(m) for m in re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w-]{2,}", text)}
    return frozenset(found)


def shared_names(a: str, b: str) -> set[str]:
    """Proper names two sentences share, across English and French ("Rwandan" = « rwandais »)."""
    return set(names_in(a) & names_in(b))
