"""English words of attribution: the verbs that report speech, and the small words around them."""
from __future__ import annotations

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# surface form -> canonical label (the labels are English for both languages)
VERBS = {"said": "said", "says": "said", "say": "said", "claimed responsibility": "claimed responsibility",
         "claims responsibility": "claimed responsibility", "claimed credit": "claimed responsibility",
         "claimed": "claimed", "claims": "claimed", "asserted": "asserted", "asserts": "asserted",
         "stated": "stated", "declared": "stated", "stressed": "stated", "announced": "announced",
         "announces": "announced", "confirmed": "confirmed", "confirms": "confirmed", "denied": "denied",
         "denies": "denied", "insisted": "insisted", "insists": "insisted",
         "acknowledged": "acknowledged", "acknowledges": "acknowledged", "admitted": "acknowledged",
         "reported": "reported", "told": "told", "tells": "told", "warned": "warned", "warns": "warned",
         "alleged": "alleged", "alleges": "alleged", "added": "added", "adds": "added", "blamed": "blamed",
         "blames": "blamed", "accused": "accused", "accuses": "accused", "explained": "said", "noted": "said", "notes": "said",
         "contradicts": "disputed", "contradicted": "disputed",
         "reiterated": "said", "disputed": "disputed",
         "disputes": "disputed", "contested": "disputed", "contests": "disputed",
         "maintained": "insisted", "maintains": "insisted", "repeated": "said", "repeats": "said",
         "argued": "asserted", "argues": "asserted", "contended": "asserted", "contends": "asserted",
         "described": "said", "complained": "said", "complains": "said", "welcomed": "stated", "welcomes": "stated",
         "pleaded not guilty": "denied", "pleads not guilty": "denied", "defended": "asserted",
         "defends": "asserted", "responded": "said", "replied": "said", "replies": "said",
         "reaffirmed": "asserted", "reaffirms": "asserted", "advised": "warned", "advises": "warned",
         "objected": "disputed", "objects": "disputed", "retorted": "said", "countered": "disputed",
         "deny": "denied", "recalled": "said", "stood by": "insisted", "stands by": "insisted", "stand by": "insisted",
         # "The union called the suspension a scapegoat operation": called with its object, never "a town
         # called Kera" (no object follows) nor "called for" / "called on" (demands)
         **{f"{verb} {object_}": "said" for verb in ("called", "calls") for object_ in (
             "the", "it", "them", "this", "these", "that", "those", "its", "their", "his", "her", "such")}}

# verbs whose subject owns the claim though nothing is quoted: a refusal, pledge, rejection, demand
ACTS = {"declined": "declined", "declines": "declined", "refused": "refused", "refuses": "refused",
        "pledged": "pledged", "pledges": "pledged", "promised": "promised", "promises": "promised", "vowed": "vowed",
        "vows": "vowed", "rejected": "rejected", "rejects": "rejected", "dismissed": "rejected",
        "condemned": "condemned", "condemns": "condemned", "denounced": "condemned", "demanded": "demanded",
        "demands": "demanded", "urged": "urged", "urges": "urged", "called for": "called for",
        "calls for": "called for", "apologised": "apologised", "apologized": "apologised", "threatened": "warned",
        "ordered": "ordered", "orders": "ordered", "recommended": "recommended", "recommends": "recommended",
        "ruled out": "rejected", "rules out": "rejected", "asked for": "demanded", "asks for": "demanded",
        # a silence is the subject's too: "The ministry did not respond to questions."
        "did not respond": "declined", "has not responded": "declined", "had not responded": "declined",
        "did not comment": "declined", "has not commented": "declined", "did not reply": "declined",
        "could not be reached": "declined", "was not available for comment": "declined",
        "did not say": "declined", "has not said": "declined", "did not explain": "declined",
        "neither confirmed nor denied": "declined", "decreed": "ordered", "decrees": "ordered"}
# verbs of a finding: they make a speaker only of a document or an institution ("the inquiry found")
FINDINGS = {"found": "found", "finds": "found", "concluded": "concluded", "concludes": "concluded",
            "established": "found", "determined": "found", "estimated": "estimated", "estimates": "estimated",
            "recorded": "recorded", "records": "recorded", "listed": "recorded", "documented": "recorded",
            "counted": "recorded", "registered": "recorded", "counts": "recorded", "estimate": "estimated",
            "find": "found", "conclude": "concluded", "ruled": "found"}
# verbs spelt like a noun, and the words before which they are the noun ("on both counts", "The note said")
ALSO_NOUNS = frozenset({"counts", "estimate", "find", "records"})
BEFORE_NOUNS = ("both", "the", "on", "of", "two", "three", "four", "five", "several", "all", "these", "those", "its",
                "their", "his", "her", "criminal", "many", "an", "a", "new", "latest", "official", "own")
# heads of a body that can report a finding though the gazetteer knows no name for it: "the regulator found"
FINDERS = r"""regulator authority agency inspectorate bureau office court tribunal board institute observatory
    hospital council watchdog laboratory lab ombudsman prosecutor prosecutors coroner union association federation
    collective committee ngo investigators inspectors experts researchers auditors analysts"""
# a figure set by its source, its subject the speaker: "The union put the number of trapped miners at 35",
# "the ministry raised the official death toll to seven", "The hospital now counts 29 dead"
TOLL_SETTING = (r"(?:put|puts|gave|gives|given|raised|raises|revised|revises|lowered|lowers|set|sets|updated|updates)"
                r"\s+(?:(?:the|its|a|their|his|her)\s+)?(?:own\s+)?(?:(?:final|official|provisional|new|latest|overall"
                r"|death|casualty|higher|lower|first)\s+){0,2}(?:toll|number|figure|count|tally|estimate|turnout|score"
                r"|total|quantity)s?\b|(?:now|still)\s+(?:counts|gives|lists)\b")
TOLL_NEEDLES = ("toll", "number", "figure", "count", "tally", "estimate", "turnout", "score", "total",
                "quantity", "gives", "lists")  # every TOLL_SETTING match holds one
# what happened is never the source of its own toll: "Heavy rain on Sunday raised the death toll to 19"
NOT_A_SOURCE = ("rain", "floods?", "flooding", "storms?", "cyclone", "fighting", "attacks?", "clashes", "explosions?", "fires?",
                "landslides?", "violence", "collapse", "epidemic", "outbreak", "heat")

# the heads of a document that can speak ("the inquiry", "a UN report", "the bulletin")
DOCUMENTS = r"""inquiry investigation report study commission audit review bulletin census survey assessment autopsy
    analysis probe letter memo note dossier panel document ruling judgment"""
# the outlet speaking of its own work ("according to a tally kept by this newspaper")
OWN_VOICE = r"\b(?:this (?:newspaper|paper|outlet|website|agency)|our (?:tally|count|reporting|correspondents?|reporters?))\b"

# words that may stand between a subject and its verb ("the army has also said")
BETWEEN_SUBJECT_AND_VERB = {"has", "have", "had", "also", "later", "earlier", "previously", "again", "since", "now", "still",
                            "repeatedly", "further", "publicly", "officially", "then", "swiftly", "quickly",
                            "immediately", "initially", "first", "separately", "subsequently", "already",
                            "reportedly", "allegedly", "did", "does", "do", "itself", "themselves", "too", "on",
                            "late", "last", "night", "yesterday", "today", *WEEKDAYS}
SUBJECT_PRONOUNS = {"it", "they", "he", "she"}
# a definite description that points back at an institution the report named ("the ministry" after "the
# Ministry of Water Resources"): head -> its family; a family's words, accents folded, in either language,
# are what the earlier name must hold.  « La compagnie », "the NGO", "the agency" are left alone: of too
# many kinds for the last organisation named to be the one meant.
DESCRIPTIONS = {"ministry": "ministry", "commission": "commission", "committee": "committee", "mission": "mission",
                "office": "office"}
FAMILY_WORDS = {"ministry": ("ministry", "ministere", "minister"), "commission": ("commission",),
                "committee": ("committee", "comite"), "mission": ("mission",), "office": ("office", "bureau")}
# words that leave a description bare ("the UN mission", "the humanitarian office"): they name no one
GENERIC_MODIFIERS = {"un", "humanitarian"}  # not "national", "electoral": they tell one commission from another
# title-cased at a sentence start, still not part of a name
LOWER_IN_NAMES = {*WEEKDAYS, "the", "an", "its", "their", "his", "her"}
# words before a verb that make it no attribution: negation, passive, modal, infinitive, a noun phrase
NOT_AN_ATTRIBUTION = {"not", "never", "n't", "hasn't", "haven't", "hadn't", "didn't", "doesn't", "don't", "was",
                      "were", "is", "are", "be", "been", "being", "will", "would", "could", "can", "may", "might",
                      "should", "must", "shall", "to", "the", "an", "its", "their", "his", "her", "of", "by", "for",
                      "with", "in", "at", "from", "and", "or", "so"}

# Hedges: each alternative starts at a word boundary (one \b in front fails fast inside words).
HEDGES = (
    r"(?:reportedly|allegedly|purportedly|apparently|possibly|unconfirmed|presumably)\b",
    r"unverified(?: claims?| reports?)?\b",
    r"(?:believed|thought|said) to(?: be| have)?\b",
    r"(?:could not|couldn't|cannot|can't|can not|has not been|have not been|had not been|was not|were not)"
    r" (?:be )?(?:independently )?(?:verif(?:y|ied)|confirm(?:ed)?)(?: independently)?\b",
    r"unable to (?:independently )?(?:confirm|verify)(?:(?:\s+[\w'-]+){0,4}?\s+independently\b)?",
    r"(?:has|have|had)(?: not|n't)(?: yet)? (?:released|published|given|provided|issued|disclosed)"
    r" (?:any |an |a )?(?:official )?(?:numbers|figures|(?:death |casualty )?tolls?|casualty figures|details)\b",
    r"(?:has|have) yet to (?:release|publish|give|provide|issue|disclose)(?: any| an)?(?: official)?"
    r" (?:numbers|figures|(?:death )?toll)\b",
    r"no official (?:death |casualty )?(?:toll|figures?|numbers?)\b",
    r"not (?:yet )?(?:been )?(?:independently )?(?:confirmed|verified)\b",
    r"it (?:is|was|remains|remained) (?:still )?(?:unclear|not clear)\b",
    r"(?:may|might) have\b", r"(?:appears?|appeared|seems?|seemed) to\b",
)
