"""French words around a reported figure (see ``lexicon.en.figures``): the same tables, in French."""
from __future__ import annotations

KIND_WORDS = {
    "killed": r"""morts? mortes? tu[ée]e?s? tuant tuer d[ée]c[èe]s d[ée]c[ée]d[ée]e?s?
        p[ée]ri massacr[ée]e?s? assassin[ée]e?s? abattue?s? noy[ée]e?s? ex[ée]cut[ée]e?s?""",
    "injured": r"bless[ée]e?s? blessant blessures? hospitalis[ée]e?s?",
    "arrested": r"""interpell[ée]e?s? interpellations? arr[êe]t[ée]e?s? arrestations? appr[ée]hend[ée]e?s?
        captur[ée]e?s?""",  # « 914 détenus » are inmates (PEOPLE), not people arrested
    "escaped": r"[ée]vad[ée]e?s? [ée]vasions? fugitifs? fugitives?",  # « 46 détenus se sont évadés »
    "attackers_killed": r"neutralis[ée]e?s?",
    "displaced": r"""d[ée]plac[ée]e?s? d[ée]placements? r[ée]fugi[ée]e?s? fui fuyant fuir sans-abri [ée]vacu[ée]e?s?
        relog[ée]e?s? sinistr[ée]e?s? h[ée]berg[ée]e?s? refuge""",
    "missing": r"disparus? disparues? introuvables? coinc[ée]e?s? bloqu[ée]e?s? ensevelie?s? manqu(?:ent|aient|ait|e|ant)",
    "abducted": r"enlev[ée]e?s? kidnapp[ée]e?s? otages? captifs? captives?",
    "bodies_recovered": r"corps cadavres d[ée]pouilles",
    "buried": r"inhum[ée]e?s? enterr[ée]e?s? inhumations?",
    "cases": r"cas patients malades",
}
KIND_PHRASES = {  # see lexicon.en.figures
    "displaced": r"(?:quitt|perdu)\w*\s+(?:leurs?|son|sa)\s+(?:logements?|maisons?|domiciles?|foyers?)",
    "injured": r"[ée]tat\s+(?:critique|grave)",
}
VICTIMS = {"killed": r"victimes? bilan pertes?"}
# un bilan donné comme antérieur (« faisaient encore état de », « le précédent bilan »), sans accents
TOLD_AS_EARLIER = (
    r"\bavai(?:en)?t (?:d'abord |initialement |deja )?(?:fait etat|annonce|recense|compte|enregistre|donne|evoque|"
    r"signale|rapporte|estime)\b|\bfaisai(?:en)?t (?:encore |alors |d'abord )?etat\b|"
    r"\b(?:initialement|auparavant|dans un premier temps|precedent bilan|bilan precedent)\b")
ATTACKERS = r"""assaillants? terroristes? d?jihadistes? insurg[ée]s? rebelles? combattants? islamistes?"""
PEOPLE = r"""personnes? civils? soldats? militaires? policiers? habitants? [ée]l[èe]ves? [ée]tudiants? enfants?
    femmes? hommes? recrues? membres? individus? otages? secouristes? pompiers? sapeurs-pompiers mineurs? creuseurs?
    orpailleurs? spectateurs? supporters? p[èe]lerins? fid[èe]les? [ée]lecteurs? candidats? d[ée]tenus? prisonniers?
    rescap[ée]s? survivants? journalistes? m[ée]decins? infirmi[èe]re?s? agents? employ[ée]s? salari[ée]s? familles?
    proches agriculteurs? p[êe]cheurs? commer[çc]ants? migrants? manifestants? miliciens? passag[èe]re?s? marins?
    gardes? gardiens? fonctionnaires? enseignants? b[ée]n[ée]voles? humanitaires? pi[ée]tons? adultes? b[ée]b[ée]s?
    nourrissons? filles? gar[çc]ons? ouvriers? travailleurs? voyageurs? villageois patients? malades"""
THINGS = r"""v[ée]hicules? camions? motos? villes? localit[ée]s? armes? maisons? b[âa]timents? [ée]coles? [ée]glises?
    mosqu[ée]es? attaques? pays quartiers? rues? routes?"""
TOLL_VERBS = r"""atteint d[ée]pass[ée] estim[ée]e?s? recens[ée]e?s? compt[ée]e?s? confirm[ée]e?s?"""
MONTHS = r"""janvier f[ée]vrier mars avril mai juin juillet ao[ûu]t septembre octobre novembre d[ée]cembre"""
UNITS = r"""ans? ann[ée]es? mois semaines? jours? heures? h nuits? secondes? d[ée]cennies? si[èe]cles?
    kilom[eè]t(?:er|re)s? m[èe]tres? pour\s*cent fois reprises occasions francs? fcfa cfa"""
REFERENCES = r"""fcfa cfa [âa]g[ée]e?s?\s+de chapitre paragraphe r[ée]solution num[ée]ro rn loi d[ée]cret"""
REVISED_TO = (r"\b(?:alourdi|alourdie|révisé|révisée|revu|revue|porté|portée|ramené|ramenée|relevé|relevée|"
              r"passé|passée|passant|grimpé|monté|montée|atteint|corrigé|corrigée|"
              r"porte|portent|portant|alourdit|ramène|ramenant|relève|révise)\b(?:\s+[\w'-]+){0,4}?\s+(?:à|a)\s*$",
              r"\bdésormais(?:\s+(?:de|à))?\s*$", r"\bnouveau bilan (?:de|fait état de|s'établit à)\s*$")
EARLIER_THAN = r"[\s,]*(?:contre|au lieu de|alors qu'(?:il|elle|on) (?:était|comptait|en comptait))\s*"
FEW_LOSSES = r"\b(?:quelques pertes|pertes (?:légères|limitées|minimes)|peu de pertes)\b"
DEAD_WORDS = r"\b(?:cadavres|corps|inhum[ée]e?s|enterr[ée]e?s|d[ée]c[èe]s|morts|décédée?s)\b"
