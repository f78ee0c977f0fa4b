"""English cues of the propositions ``analyse.propositions`` reads: for each family, the words
that assert it (``yes``) and the words that assert its opposite (``no``).  Matched over folded text
(lower case, no accents); a negation before a cue turns it round ("no warning was issued")."""
from __future__ import annotations

PROPOSITIONS = {
    # could it have been prevented: human fault against nature or fate
    "preventable": {
        "yes": (r"avoidable", r"preventable", r"could have been (?:avoided|prevented)", r"negligen(?:ce|t)", r"greed",
                r"should never have (?:left|sailed|opened|been)", r"knowingly", r"human error", r"criminal failures?"),
        "no": (r"act of god", r"natural disaster", r"accident of nature", r"only god", r"(?:no one|nobody) could have "
               r"(?:foreseen|predicted|prevented)", r"nothing could have (?:prevented|been done)",
               r"(?:storm|wind|weather|rain)s? (?:alone )?(?:was|were|is) to blame", r"it was the (?:wind|storm|weather|rain)",
               r"unforeseeable"),
    },
    # was a warning or an order given
    "warned": {
        "yes": (r"(?:issued|sent|broadcast|gave|received) (?:a |an |the )?(?:\w+ )?(?:warning|alert|evacuation order)",
                r"(?:warning|alert|evacuation order)s? (?:had been |was |were )?(?:issued|sent|received|given|broadcast)",
                r"(?:were|had been) (?:told|ordered|warned) to (?:stay|leave|evacuate)", r"had been warned"),
        "no": (r"no (?:\w+ )?(?:warning|alert|evacuation order)", r"without (?:any )?(?:warning|alert)",
               r"never (?:received|saw|seen|got) (?:the |that |any |a )?(?:\w+ )?(?:warning|alert|message|order|notice)",
               r"no such order"),
    },
    # was live fire used
    "live_fire": {
        "yes": (r"live (?:ammunition|rounds|fire|bullets)", r"gunshot wounds?", r"shot (?:dead|and killed)",
                r"opened fire on", r"fired (?:on|at|into) (?:the )?(?:crowds?|protesters|demonstrators|civilians)",
                r"lethal force"),
        "no": (r"only (?:used )?tear ?gas", r"used only tear ?gas"),
    },
    "tear_gas": {
        "yes": (r"(?:fired|used|threw|launched) (?:\w+ )?tear ?gas", r"tear ?gas (?:was|were|had been) (?:fired|used)",
                r"tear ?gas canisters?"),
        "no": (),
    },
    # beyond capacity
    "overloaded": {
        "yes": (r"overload\w*", r"overcrowd\w*", r"(?:beyond|above|over|twice) its (?:licensed |legal |authorised )?capacity",
                r"more than (?:twice|double) (?:its|the) capacity"),
        "no": (r"within (?:its )?(?:licensed |legal )?(?:capacity|limits?)",),
    },
    # is the person held
    "detained": {
        "yes": (r"house arrest", r"confined to (?:his|her|their) homes?", r"held incommunicado", r"behind bars",
                r"(?:is|was|remains|had been|has been) (?:being )?detained", r"in detention"),
        "no": (r"free to come and go", r"(?:is|was|remains) (?:completely |perfectly |entirely )?free\b(?!,? (?:and )?fair)",
               r"not under (?:house )?arrest"),
    },
    # who the dead were: civilians (yes) or fighters, rioters (no); read only where the dead are named as such
    "victims_civilian": {
        "yes": (r"civilians?", r"children", r"schoolboys?", r"schoolgirls?", r"pupils", r"passers-?by", r"bystanders",
                r"unarmed", r"not (?:taking|take|taken) part", r"(?:was|were) not (?:demonstrating|armed|fighting)",
                r"posed no threat", r"traders", r"villagers", r"worshippers"),
        "no": (r"fighters", r"terrorists?", r"jihadists?", r"militants", r"rioters", r"looters", r"insurgents",
               r"combatants", r"(?:taken|took|taking) part in\W+(?:\w+\W+)?(?:riots|looting|the attack|fighting)",
               r"(?:were|was) (?:all )?armed"),
    },
    # does an inquiry's or a court's finding stand: a finding (yes) against its rejection (no)
    "finding_stands": {
        "yes": (r"sentenced", r"convicted", r"found guilty", r"(?:court|tribunal|judges?) (?:found|ruled|confirmed|upheld)",
                r"(?:report|inquiry|commission|investigators?|mission) (?:has |had )?(?:found|concluded|established)"),
        "no": (r"biased", r"reject\w* (?:the|its|these|those|that) (?:\w+ )?(?:findings|conclusions|report|verdict|ruling)", r"one-sided", r"politically motivated", r"fictitious", r"fabricated", r"a sham",
               r"travesty", r"political verdict", r"written in advance", r"baseless", r"unfounded",
               r"premature", r"pack of lies", r"a whitewash"),
    },
    # was the vote rigged: fraud alleged (yes) against a clean bill (no)
    "fraud": {
        "yes": (r"rigg(?:ed|ing)", r"(?:electoral |vote |voter |massive |widespread )?fraud(?:ulent)?", r"ballot[- ]stuffing",
                r"stuffed (?:the )?ballot boxes", r"vote[- ]buying", r"(?:stolen|stole the) (?:election|vote)",
                r"falsified (?:the )?(?:results|tallies|figures)", r"doctored (?:the )?(?:results|tallies)"),
        "no": (r"free and fair", r"free, fair", r"credible (?:election|vote|poll|process)", r"(?:was|were) credible",
               r"transparent (?:election|vote|poll|process|count)", r"reflects? the will of the people"),
    },
    # was a ransom paid
    "ransom_paid": {
        "yes": (r"ransom (?:of [\w ,.]+ )?(?:was |had been |has been )?(?:paid|delivered|handed over)",
                r"(?:paid|delivered|handed over) (?:a |the )?ransom", r"pa(?:y|id|ys|ying) (?:a |any )?ransoms?",
                r"(?:delivered|handed over|paid) to the (?:kidnappers|captors|abductors)"),
        "no": (r"not (?:a|one) (?:single )?(?:franc|cent|penny|dollar|naira)",),
    },
    # freed by troops (yes) or let go by their captors (no)
    "freed_by_force": {
        "yes": (r"rescued (?:\w+ ){0,6}?(?:in|during|by|after) (?:an? |the )?(?:military |army |police )?(?:operation|raid|assault)",
                r"(?:troops|soldiers|special forces|the army|security forces|commandos) (?:had )?(?:rescued|freed|stormed)",
                r"(?:an? |the )?(?:military |army )?(?:assault|raid) on the (?:camp|hideout|forest)",
                r"freed (?:\w+ ){0,4}?by (?:troops|soldiers|the army|special forces|security forces)"),
        "no": (r"(?:released|freed|let go) by (?:their |the )?(?:captors|kidnappers|abductors)",
               r"(?:captors|kidnappers|abductors) (?:had )?(?:released|freed|let (?:them|us|the \w+) go)",
               r"let (?:us|them) go", r"no (?:military )?(?:operation|assault|raid|rescue)"),
    },
    # was the site, building or vessel inspected
    "inspected": {
        "yes": (r"inspect(?:ed|ions?)", r"passed (?:its|a|the|every) (?:\w+ )?(?:inspection|check|audit)s?",
                r"certified (?:as )?safe"),
        "no": (r"never (?:been )?(?:inspected|checked|audited)",),
    },
}

# what a rejection must be about: the document, inquiry or ruling
DOCUMENTS = r"report|findings|conclusions|inquiry|investigation|commission|mission|verdict|ruling|judgment|court|statement"

VICTIMS = (r"those killed|the dead|the victims?|victims?|shot dead|the deceased|among the dead|people killed|those who died|"
           r"the bodies")

# words that make a claim absolute, the shape a denial or a contested account takes ("all were adults",
# "every batch is checked", "the only cause"); weighed, never decisive
ABSOLUTES = r"all|every|everyone|everything|none|nobody|no one|nothing|always|never|only|sole|entirely|without exception"

NEGATORS = (r"no|not|never|none|nor|without|at no time|den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dismiss(?:es|ed)?|"
            r"rul(?:es|ed) out|refuted?|false|n't")
