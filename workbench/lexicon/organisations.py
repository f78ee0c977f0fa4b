"""Named organisations and outlets, and state institutions (EN + FR)."""
from __future__ import annotations

import re

# (canonical, category, case-insensitive pattern, case-sensitive acronyms or None)
GAZETTEER = (
    ("JNIM", "group", r"jnim|gsim|jama'?a?t[- ]n(?:us?rat|asr)[- ]al[- ]?islam[- ]wa[- ]?(?:a?l[- ])?muslim(?:in|een)"
     r"|group (?:to|for) (?:the )?support(?:ing)? (?:of )?islam and (?:the )?muslims"
     r"|groupe de soutien (?:à|a) l'islam et aux musulmans", None),
    ("M23", "group", r"(?:afc ?/ ?)?m23|alliance fleuve congo|mouvement du 23[- ]mars|march 23 movement", r"AFC"),
    ("ISSP", "group", r"islamic state (?:in the greater sahara|sahel province|in the sahel)|issp"
     r"|[ée]tat islamique (?:au grand sahara|au sahel)|isgs|eigs", None),
    ("ISWAP", "group", r"iswap|islamic state west africa(?: province)?", None),
    ("Islamic State", "group", r"islamic state|[ée]tat islamique|daech|daesh|isis|isil", r"IS|EI"),
    ("Boko Haram", "group", r"boko haram", None),
    ("Wagner Group", "group", r"wagner(?: group| pmc)?|groupe wagner", None),
    ("Africa Corps", "group", r"africa [ck]orps", None),
    ("FLA", "group", r"front de lib[ée]ration de l'azawad|azawad liberation front", r"FLA"),
    ("CSP", "group", r"cadre strat[ée]gique permanent", r"CSP"),
    ("ADF", "group", r"allied democratic forces|forces d[ée]mocratiques alli[ée]es", r"ADF"),
    ("FDLR", "group", r"fdlr|forces d[ée]mocratiques de lib[ée]ration du rwanda", None),
    ("Wazalendo", "group", r"wazalendo", None),
    ("RSF", "group", r"rapid support forces|forces de soutien rapide", r"RSF"),
    ("MONUSCO", "org", r"monusco", None),
    ("MINUSMA", "org", r"minusma", None),
    ("UN", "org", r"united nations|nations unies|organisation des nations unies", r"UN|U\.N\.?|ONU|Onu"),
    ("ICRC", "org", r"international committee of the red cross|comit[ée] international de la croix-rouge"
     r"|red cross|croix-rouge|icrc|cicr", None),
    ("MSF", "org", r"m[ée]decins sans fronti[èe]res|doctors without borders", r"MSF"),
    ("Human Rights Watch", "org", r"human rights watch", r"HRW"),
    ("Amnesty International", "org", r"amnesty(?: international)?", None),
    ("ECOWAS", "org", r"ecowas|cedeao|economic community of west african states", None),
    ("African Union", "org", r"african union|union africaine", r"AU|UA"),
    ("Alliance of Sahel States", "org", r"alliance (?:of|des) (?:the )?(?:sahel states|[ée]tats du sahel)", r"AES"),
    ("The New York Times", "outlet", r"(?:the )?new york times", r"NYT"),
    ("Reuters", "outlet", r"reuters", None),
    ("AFP", "outlet", r"agence france[- ]presse|afp", None),
    ("Associated Press", "outlet", r"(?:the )?associated press", r"AP"),
    ("BBC", "outlet", r"bbc", None),
    ("Al Jazeera", "outlet", r"al[- ]jazeera", None),
    ("RFI", "outlet", r"radio france internationale|rfi", None),
    ("France 24", "outlet", r"france ?24", None),
    ("Jeune Afrique", "outlet", r"jeune afrique", None),
    ("The Washington Post", "outlet", r"(?:the )?washington post", None),
    ("Le Monde", "outlet", None, r"Le Monde"),
)


# (pattern, label, forced country, flags) — first match wins, so specific before generic.
INSTITUTIONS = (
    (r"FAMa|FAMA", "army", "Mali", 0),
    (r"FARDC", "army", "DR Congo", 0),
    (r"RDF", "army", "Rwanda", 0),
    (r"(?:military )?junta|junte(?: militaire)?", "government", None, re.I),
    (r"minist(?:ry|[èe]re)", "ministry", None, re.I),
    (r"minist(?:er|re)", "minister", None, re.I),
    (r"FDS|(?:defen[cs]e and )?security forces|forces de (?:d[ée]fense et de )?s[ée]curit[ée]",
     "security forces", None, re.I),
    (r"general staff|chiefs? of staff|[ée]tat-major|armed forces|forces arm[ée]es|military|militaire|army|arm[ée]e"
     r"|defen[cs]e forces?", "army", None, re.I),
    (r"gendarmerie", "gendarmerie", None, re.I),
    (r"police", "police", None, re.I),
    (r"presidency|pr[ée]sidence", "presidency", None, re.I),
    (r"junta|junte|transitional (?:government|authorities)|authorities|autorit[ée]s|government|gouvernement"
     r"|cabinet|regime|r[ée]gime|kremlin|[ée]lys[ée]e|white house", "government", None, re.I),
)
