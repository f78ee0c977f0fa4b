"""French words of attribution (see ``lexicon.en.speech``); labels stay English, one per meaning."""
from __future__ import annotations

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# stems of regular -er verbs: the participle, 3sg and 3pl present are made from them ("déclaré", "déclare")
VERB_STEMS = {"déclar": "stated", "affirm": "asserted", "assur": "asserted", "annonc": "announced",
              "confirm": "confirmed", "indiqu": "said", "précis": "said", "expliqu": "said", "racont": "said",
              "soulign": "stated", "ajout": "added", "accus": "accused", "revendiqu": "claimed responsibility",
              "rapport": "reported", "signal": "reported", "insist": "insisted",
              "confi": "told", "allégu": "alleged", "contest": "disputed", "attribu": "blamed", "imput": "blamed",
              "qualifi": "said", "justifi": "said", "ironis": "said", "résum": "said", "salu": "stated",
              "reproch": "accused"}
VERBS = {"dit": "said", "disent": "said", "démenti": "denied", "dément": "denied", "démentent": "denied",
         "nié": "denied", "nie": "denied", "nient": "denied", "reconnu": "acknowledged", "reconnaît": "acknowledged",
         "reconnait": "acknowledged", "reconnaissent": "acknowledged", "averti": "warned", "avertit": "warned",
         "prétendu": "claimed", "prétend": "claimed", "prétendent": "claimed", "mis en garde": "warned",
         "alerté": "warned", "alertent": "warned",  # not « alerte »: the noun (« aucune alerte ») is spelt alike
         "fait état": "reported", "maintient": "insisted", "maintiennent": "insisted", "maintenu": "insisted",
         "soutient": "asserted", "soutiennent": "asserted", "soutenu": "asserted",
         # accented stems change their accent in the present: « répète » but « répété »
         "répète": "said", "répètent": "said", "répété": "said", "rappelle": "said", "rappellent": "said",
         "rappelé": "said", "contredit": "disputed", "contredisent": "disputed", "noté": "said", "note": "said",
         "notent": "said", "réagi": "said", "réagit": "said", "plaignent": "said", "plaint": "said"}

ACT_STEMS = {"refus": "refused", "dénonc": "condemned", "condamn": "condemned", "exig": "demanded",
             "réclam": "demanded", "déplor": "deplored", "ordonn": "ordered", "recommand": "recommended",
             "écart": "rejected"}
ACTS = {"rejeté": "rejected", "rejette": "rejected", "rejettent": "rejected", "promis": "promised",
        "promet": "promised", "promettent": "promised", "requis": "demanded", "requiert": "demanded",
        "fait savoir": "said", "appelé à": "called for", "appelle à": "called for", "menacé": "warned"}
FINDING_STEMS = {"estim": "estimated", "recens": "recorded", "dénombr": "recorded", "constat": "found"}
FINDINGS = {"conclu": "concluded", "conclut": "concluded", "concluent": "concluded", "établi": "found",
            "établit": "found", "relevé": "found", "relève": "found"}
DOCUMENTS = r"""enquête rapport étude commission audit bulletin recensement expertise autopsie analyse lettre note
    dossier mission document jugement arrêt"""
OWN_VOICE = r"\b(?:notre (?:décompte|correspondant|correspondante|journal|rédaction|envoyé|envoyée)|ce journal)\b"

BETWEEN_SUBJECT_AND_VERB = {"a", "ont", "avait", "avaient", "aurait", "auraient", "déjà", "également", "aussi",
                            "encore", "soir", "matin", "toujours", "publiquement", "ensuite", "fermement",
                            "formellement", *WEEKDAYS}
SUBJECT_PRONOUNS = {"il", "elle", "ils", "elles"}
LOWER_IN_NAMES = {"le", "la", "les", "un", "une", "des"}
NOT_AN_ATTRIBUTION = {"pas", "jamais", "ne", "n'a", "n'ont", "n'avait", "n'avaient", "été", "est", "sont", "va",
                      "vont", "pourrait", "doit", "devrait", "de", "d'", "le", "la", "les", "l'", "un", "une", "des",
                      "son", "ses", "leur", "leurs", "par", "pour", "avec", "dans", "en", "et", "ou"}

# Hedges: each alternative starts at a word boundary (see lexicon.en.speech).
HEDGES = (
    r"n'(?:a|ont|avait|avaient) pas (?:pu|encore pu) (?:être|etre) (?:v[ée]rifi|confirm)[ée]e?s?\b",
    r"de (?:source|mani[èe]re|fa[çc]on) ind[ée]pendante\b", r"sans confirmation\b",
    r"non confirm[ée]e?s?\b", r"pas (?:encore )?(?:été )?confirm[ée]e?s?\b", r"aucun bilan(?: officiel)?\b",
    r"n'(?:a|ont) pas (?:encore )?(?:communiqu|publi|donn|fourni)[ée]? de bilan\b",
    r"(?:aurai(?:en)?t|serai(?:en)?t)\b", r"(?:apparemment|vraisemblablement|pr[ée]sum[ée]e?s?)\b",
)
