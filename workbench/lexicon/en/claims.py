"""English cues of what a sentence claims (``analyse.claims``): each family is a tuple of regex
alternatives searched over the sentence, case-insensitively."""
from __future__ import annotations

CUES = {
    "casualty": (
        r"\b(?:killed|killing|dead|deaths?|died|dying|drowned|wounded|injur(?:ed|ies)|casualt(?:y|ies)|"
        r"death toll|toll|(?<!international )(?<!governing )(?<!regional )bodies|fatalit(?:y|ies)|lives|massacred?|"
        r"executed|hospitali[sz]ed|taken to (?:a )?hospitals?|ambulances?|missing|unaccounted for|homeless|"
        r"displaced|evacuated|sheltering|survivors?|suspected cases|(?:new|confirmed) cases)\b",),
    "control": (
        r"\bunder (?:(?:their|its|his|our|the army's|military|full|total) )?(?:control|authority)\b",
        r"\b(?:seiz(?:e|ed|ing)|captur(?:e|ed|ing)|overr(?:an|un)|took (?:over|control)|taken (?:over|control)|"
        r"in the hands of|fell to|fallen|retook|retaken|recaptured?|repelled|repulsed|regained|holds?|"
        r"held|(?<!to )control(?:s|led|ling)? (?:of |the )|stormed|back in control|in control of)\b",
        r"\b(?:never fell|(?:has|had|have) not fallen|did not fall|(?:has|have|had) fallen|fell)\b",
    ),
    "responsibility": (
        r"\b(?:claim(?:ed|s|ing)? responsibility|responsib(?:le|ility)|behind the (?:attack|assault|bombing)|"
        r"attributed to|blam(?:ed|es|ing)|carried out by|perpetrat(?:ed|ors?))\b",),
    # a document or inquiry as the subject of a finding verb
    "finding": (
        r"\b(?:inquiry|investigation|investigators|report|commission|audit|study|review|probe|autopsy|"
        r"assessment|survey|bulletin|census|analysis|panel|experts?)\b[^.;]{0,80}?\b(?:found|finds|concluded|"
        r"concludes|established|establishes|showed|shows|revealed|reveals|determined|documented|identified|"
        r"estimated|estimates|listed|lists|recorded|records|counted|attributed|blamed)\b",
        r"\b(?:found|concluded|established|determined) that\b",),
    # the speech act is the news: a denial, refusal, accusation, pledge, call or demand
    "speech_act": (
        r"\b(?:den(?:y|ied|ies|ying)|reject(?:ed|s|ing)?|accus(?:ed|es|ing)|warn(?:ed|s|ing)|pledg(?:ed|es)|"
        r"promis(?:ed|es)|vow(?:ed|s)|call(?:ed|s|ing) (?:for|on)|demand(?:ed|s|ing)|refus(?:ed|es) to|"
        r"declin(?:ed|es) to|condemn(?:ed|s)|insist(?:ed|s)|urg(?:ed|es)|appeal(?:ed|s)? (?:for|to)|"
        r"dismiss(?:ed|es)|threaten(?:ed|s)|apologi[sz]ed|sought|requested|called)\b",),
    "event": (
        r"\b(?:attack(?:ed|s|ing)?|assault(?:ed)?|struck|strikes?|hit|targeted|explosions?|blasts?|gunfire|"
        r"firefights?|clashes|clashed|fighting|shelling|shelled|ambush(?:ed)?|bomb(?:ed|ing)|raided?|"
        r"entered|advanced|fled|evacuated|closed|suspended|arrested|detained|deployed|curfew|gunmen|"
        r"collapsed?|capsized|sank|broke out|erupted|spread|burned|destroyed|flooded|opened|adjourned|"
        r"sentenced|charged|convicted|released|showed|took up positions|did not respond|could not be reached)\b",),
    # a state of affairs: what is, was or is not so
    "condition": (
        r"\b(?:had|has|have) no\b", r"\bno \w+(?: \w+)? (?:was|were|had|has|is|are)\b",
        r"\b(?:was|were|is|are|had been|has been|have been) not\b", r"\b(?:remains?|remained|still)\b",
        r"\b(?:unable to|without|lacked|lacks?)\b",
        r"\b(?:was|were|is|are) (?:still |now |only )?(?:open|closed|shut|locked|padlocked|cut|blocked|"
        r"flooded|under water|inaccessible|empty|full|overcrowded|holding|operating|lying)\b",
        r"\b(?:turnout|capacity|magnitude|depth|level) (?:was|is|of)\b",),
    "background": (
        r"\bfor (?:more than |over |nearly |almost )?(?:a|one|two|three|\w+|\d+) (?:decades?|years)\b",
        r"\b(?:since|in) (?:19|20)\d\d\b(?! ?(?:on|at))", r"\bin recent years\b", r"\bover the past\b",
        r"\bhas long\b", r"\bhistorically\b", r"\b(?:was )?(?:formed|founded|created) in\b",),
    "coup": (r"\b(?:seized|took|came to|taken|seize) power\b", r"\bcoups?\b"),
    "refers_back": (
        r"^(?:\w+, )?(?:these|those|the|this|that|such|their|his|her|its) (?:assertions?|claims?|allegations?|"
        r"reports?|figures?|statements?|accounts?|numbers?|tolls?)\b",),
    # commentary, not a claim: it says what something means, not what happened
    "rhetoric": (
        r"\b(?:highlights?|underscores?|underlines?|illustrates?|remains? an? (?:\w+ )?(?:battle|danger|"
        r"challenge|threat|problem|struggle|fight|mystery)|ultimately|in the end|it is clear|only time will tell|"
        r"one thing is certain|grave danger)\b",),
    # what a thing is in general (a disease, a region's hazards): background boilerplate, not news
    "generic": (
        r"^\w+ (?:is|are) (?:an? )?(?:[\w-]+ ){0,3}(?:disease|infection|illness|virus|bacteri\w+)\b",
        r"^\w+ (?:is|are) (?:common|frequent|rare|widespread|endemic)\b",),
    # a state that holds, whatever else the sentence says
    "state": (r"\b(?:remain(?:s|ed)?|no longer|were on board|was on board)\b", r"(?<=\w )still\b(?!,)"),
    "exhortation": (
        r"\b(?:will not (?:escape|go unpunished)|whatever (?:their|his|her) rank|never again|let us|exhorted|"
        r"we will never (?:give in|surrender|bow|yield)|"
        r"must (?:never|not be forgotten)|nobody will be (?:spared|protected)|no one is above)\b",),
    "atmosphere": (
        r"\b(?:silence (?:hung|fell|reigned)|hung over|palpable|eerie|the mood|an atmosphere|a sense of (?:fear|"
        r"dread|despair|relief))\b",),
    "first_person": (r"\b(?:we|our|us)\b",),
    "date": (r"\b(?:1[89]|20)\d\d\b", r"\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*",
             r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
             r"\b\d{1,2}(?:[.:]\d\d)? ?(?:a\.m\.|p\.m\.|am|pm)\b"),
    # a past action: an event unless something above says otherwise
    "past_action": (r"\b\w{3,}ed\b", r"\b(?:broke|took|fell|began|spread|went|came|made|struck|sank|rose|ran|"
                    r"hit|cut|left|drove|swept|gave|burnt|shot|set)\b"),
    "verb": (r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|may|might|must|"
             r"shall|should|says?|said)\b", r"\b\w{3,}ed\b"),
}
