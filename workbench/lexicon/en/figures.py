"""English words around a reported figure: what the people counted suffered, who they are, and the
words that make a number something else (a date, a unit, a reference).  Each string is
space-separated regex alternatives (``figures._alt``)."""
from __future__ import annotations

KIND_WORDS = {  # a figure's kind from the word that says what happened to the people counted
    "killed": r"""kill(?:ed|ing|s)? dead deaths? died dies dying fatalit(?:y|ies) lives slain
        perished murdered massacred drowned executed""",
    "injured": r"injur(?:ed|ies|y|ing) wound(?:ed|ing|s)? hurt hospitali[sz]ed",
    "arrested": r"arrest(?:ed|s|ing)? detain(?:ed|ing) detention suspects? captur(?:ed|ing|e) custody",  # detainees: PEOPLE
    "escaped": r"escap(?:e|ed|ees?|ers?) breakouts? fugitives?",  # a prison break: "46 inmates escaped", "the escapees at 46"
    "attackers_killed": r"neutrali[sz](?:ed|ing)",
    "displaced": r"""displac(?:ed|ing|ement) fled flee(?:ing|s)? refugees? homeless evacuated evacuees sheltering
        sheltered relocated rehoused refuge""",
    "missing": r"missing unaccounted trapped disappeared",
    "abducted": r"abduct(?:ed|ees?) kidnapp?(?:ed|ees?) hostages? captives? taken",  # "41 pupils had been taken"
    "bodies_recovered": r"bod(?:y|ies) corpses",
    "buried": r"buried burials? interred",
    "cases": r"cases patients infections",
}
# phrases that say what befell the people counted, where no single word does (each alternative
# starts at a word: "27,000 people had to leave their homes", "two of them in a critical condition")
KIND_PHRASES = {
    "displaced": r"(?:left|leave|leaving|lost|losing|fled|forced\s+from)\s+(?:their|his|her)\s+homes?",
    "injured": r"(?:critical|serious)\s+condition",
}
# a count told as one from before the report ("had reported", "the earlier toll"): the series has moved
# on since (``relate.consensus``); on accent-folded lower-case text
TOLD_AS_EARLIER = (
    r"\bhad (?:earlier |previously |initially |first |already )?(?:reported|said|given|put|counted|recorded|"
    r"announced|cited|registered|spoken of|estimated)\b|"
    r"\b(?:initially|at first|previously|earlier)(?: \w+)? (?:reported|said|gave|given|put|counted|recorded|"
    r"announced|cited|estimated)\b|"
    r"\b(?:an? )?(?:earlier|previous|initial|first) (?:toll|count|figure|estimate)\b|"
    r"\bwere still (?:reporting|giving|citing|counting)\b")
# words that count people without saying what befell them: kind -> words (a weak cue, taken last)
VICTIMS = {"killed": r"victims? toll loss(?:es)? lost", "casualties": r"casualt(?:y|ies)"}
ATTACKERS = r"""attackers? assailants? gunm[ae]n terrorists? d?jihadists? militants? insurgents? rebels?
    fighters? combatants? bandits? bombers? islamists? kamikazes?"""
PEOPLE = r"""people persons? civilians? soldiers? troops police(?:men|man)? officers? gendarmes?
    residents? villagers? inhabitants students? pupils recruits? cadets? trainees? children child wom[ae]n m[ae]n
    workers? peacekeepers? passengers? members? individuals? hostages? rescuers? firefighters? miners? diggers?
    spectators? fans? pilgrims? worshippers? voters? candidates? detainees? prisoners? inmates? survivors?
    journalists? doctors? nurses? medics? staff employees? families relatives? farmers? fishermen traders?
    migrants? protesters? demonstrators? supporters? militiamen crew sailors? guards? officials? teachers?
    volunteers? pedestrians? adults? babies infants? girls? boys? patients? refugees? persons"""
THINGS = r"""vehicles? cars? trucks? motorcycles? towns? villages? cit(?:y|ies) localit(?:y|ies)
    points? positions? sites? weapons? rifles? guns? houses? homes? buildings? schools? churches? mosques? bases?
    camps? shops? rounds? rockets? shells? drones? attacks? incidents? countries provinces? districts?
    streets? roads? avenues? blocks? doors? floors?"""
TOLL_VERBS = r"""reach(?:ed|es|ing) exceed(?:ed|s|ing) total+ed topp(?:ed|ing) number(?:ed|ing) surpassed
    passed includ(?:ed|ing) reported confirmed recorded counted estimated"""
MONTHS = r"""january february march april (?-i:May) june july august september october november
    december jan feb mar apr jun jul aug sept? oct nov dec"""
UNITS = r"""years? yrs? months? weeks? days? hours? hrs? minutes? mins? seconds? decades? centur(?:y|ies)
    nights? km kilometres? miles? m metres? meters? kg kilos? tonnes? tons? ha hectares?
    percent per\s*cent pc times dollars? euros? usd eur pounds? cents? o['’]clock gmt utc am pm"""
REFERENCES = r"""usd eur aged? ages article section chapter paragraph resolution number page route flight room"""
# a figure presented as replacing an earlier one: these end right before it ("revised down to 41")
REVISED_TO = (r"\b(?:revised|raised|lowered|corrected|updated|rose|risen|climbed|increased|jumped|grew|fell|dropped|"
              r"brought|pushed|put|climbing|rising|bringing|brings|taking|takes)\b(?:\s+[\w'-]+){0,6}?\s+(?:to|at)\s*$",
              r"\bnow (?:stands?|stood|at|totals?|numbers?)(?:\s+at)?\s*$",
              r"\b(?:new|updated|revised|latest|final) (?:death )?toll (?:of|is|was|stands at|rose to)\s*$")
# what stands between a revised figure and the earlier one it replaces ("43, up from 27")
EARLIER_THAN = r"[\s,]*(?:(?:up|down) from|compared with|against|from an? (?:earlier|previous|initial)(?: \w+)? of)\s*"
# losses played down without a number ("only a few losses"): no figure, but it disputes a large toll
FEW_LOSSES = r"\b(?:(?:a )?few|minor|light|minimal|limited) (?:losses|casualties)\b"
# the dead named without a number ("bodies were buried at night"): enough to deny "no deaths were recorded"
DEAD_WORDS = r"\b(?:bodies|corpses|buried|burials|died|deaths|dead)\b"
