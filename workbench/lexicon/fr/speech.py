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
              "reproch": "accused", "réaffirm": "asserted", "demand": "demanded", "répliqu": "said",
              # « L'OKDH juge « invérifiable » le bilan »; « le juge » has its article
              "rétorqu": "said", "jug": "said", "réfut": "denied", "évoqu": "said"}
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
         "notent": "said", "réagi": "said", "réagit": "said", "plaignent": "said", "plaint": "said",
         "défendu": "asserted", "défend": "asserted", "défendent": "asserted", "répondu": "said", "répond": "said",
         "répondent": "said", "écrit": "said", "écrivent": "said",
         # not « prévenu » alone: the noun (« le prévenu »)
         "a prévenu": "warned", "ont prévenu": "warned", "prévient": "warned", "préviennent": "warned",
         # the imperfect of the irregular ones (the regular ones get theirs from VERB_STEMS)
         "disait": "said", "disaient": "said", "démentait": "denied", "démentaient": "denied", "niait": "denied",
         "niaient": "denied", "reconnaissait": "acknowledged", "reconnaissaient": "acknowledged",
         "soutenait": "asserted", "soutenaient": "asserted", "maintenait": "insisted", "maintenaient": "insisted",
         "répétait": "said", "rappelait": "said", "écrivait": "said", "écrivaient": "said",
         "répondait": "said", "prétendait": "claimed", "prétendaient": "claimed", "avertissait": "warned",
         "révèle": "reported", "révèlent": "reported", "révélé": "reported", "révélait": "reported",
         "s'est dit": "stated", "s'est dite": "stated", "se dit": "stated", "se disent": "stated",
         "se sont dits": "stated", "se sont dites": "stated", "s'était dit": "stated",
         "plaidé non coupable": "denied", "plaide non coupable": "denied", "plaidé coupable": "acknowledged",
         "continue de nier": "denied", "continuent de nier": "denied", "continue d'affirmer": "asserted",
         "continuent d'affirmer": "asserted", "persiste à nier": "denied",
         "parle de": "said", "parlent de": "said", "a parlé de": "said", "ont parlé de": "said"}

ACT_STEMS = {"refus": "refused", "dénonc": "condemned", "condamn": "condemned", "exig": "demanded",
             "réclam": "demanded", "déplor": "deplored", "ordonn": "ordered", "recommand": "recommended",
             "écart": "rejected", "décrét": "ordered"}
ACTS = {"rejeté": "rejected", "rejette": "rejected", "rejettent": "rejected", "promis": "promised",
        "promet": "promised", "promettent": "promised", "a exclu": "rejected", "ont exclu": "rejected",
        "exclut": "rejected", "excluent": "rejected", "requis": "demanded", "requiert": "demanded",
        "fait savoir": "said", "appelé à": "called for", "appelle à": "called for", "menacé": "warned",
        # « La DGPC appelle les habitants à ne pas regagner… », « a appelé mardi les parents à… »
        # (« appelé » only after its auxiliary: « le FLP, aussi appelé Brigade du Nord » names, it does not urge)
        "appelle": "urged", "appellent": "urged", "a appelé": "urged", "ont appelé": "urged", "avait appelé": "urged",
        # a silence is the subject's too: « La préfecture n'a pas répondu à nos questions. »
        "n'a pas répondu": "declined", "n'ont pas répondu": "declined", "n'a pas réagi": "declined",
        "n'ont pas réagi": "declined", "n'a pas souhaité": "declined", "n'ont pas souhaité": "declined",
        "n'a pas donné suite": "declined", "n'a pas commenté": "declined", "n'a pu être joint": "declined",
        "n'a pas pu être joint": "declined", "n'a pas pu être jointe": "declined", "n'a pu être jointe": "declined",
        "n'a pas précisé": "declined", "n'ont pas précisé": "declined", "n'a pas indiqué": "declined",
        "n'a ni confirmé ni démenti": "declined", "n'ont ni confirmé ni démenti": "declined"}
FINDING_STEMS = {"estim": "estimated", "recens": "recorded", "dénombr": "recorded", "constat": "found"}
FINDINGS = {"conclu": "concluded", "conclut": "concluded", "concluent": "concluded", "établi": "found",
            "établit": "found", "relevé": "found", "relève": "found"}
# a figure set by its source (see lexicon.en.speech): « Le gouvernement arrête le bilan à vingt et un morts »,
# « L'accusation retient un bilan de vingt-cinq morts », « Son ministère s'en tient à un bilan de sept morts »
# (up to six words between: « a porté dimanche soir à dix-sept morts le bilan », « avance pour sa part le chiffre »)
TOLL_SETTING = (r"(?:arr[êe]t\w*|retien\w*|fix\w*|avanc\w*|[ée]valu\w*|chiffr\w*|revu|rev\w+|relev\w+|abaiss\w+|port[ée]\w*"
                r"|ramen[ée]\w*|publi[ée]\w*)\s+(?:[\w'-]+\s+){0,6}?"
                r"(?:(?:à la (?:hausse|baisse)\s+)?(?:le|un|son|leur|ce|les|ses)\s+)(?:\w+\s+)?"
                r"(?:bilan|chiffre|nombre|d[ée]compte)s?\b"
                r"|s'en\s+tien\w*\s+(?:pour (?:sa|leur) part\s+)?à\s+(?:un|son|ce|leur)\s+(?:bilan|chiffre)\b"
                r"|(?:compte|comptent|recense|recensent)\s+(?:d[ée]sormais|toujours|encore)\b")
TOLL_NEEDLES = ("bilan", "chiffre", "nombre", "compte", "recense")  # every TOLL_SETTING match holds one
# ce qui est arrivé n'est jamais la source de son bilan : « Les pluies de dimanche arrêtent le bilan à 19 morts »
NOT_A_SOURCE = ("pluies?", "crues?", "inondations?", "temp[êe]tes?", "cyclone", "combats", "attaques?", "affrontements",
                "explosions?", "incendies?", "glissements?", "violences", "effondrement", "[ée]pid[ée]mie", "chaleur")

DOCUMENTS = r"""enquête rapport étude commission audit bulletin recensement expertise autopsie analyse lettre note
    dossier mission document jugement arrêt"""
FINDERS = r"""autorité agence inspection bureau office cour tribunal institut observatoire hôpital conseil laboratoire
    parquet procureur régulateur gendarmerie syndicat association collectif comité fédération groupement ong mairie
    préfecture enquêteur expert chercheur inspecteur auditeur analyste"""
# verbs spelt like a noun, and the words before which they are the noun (« selon la note », « la note précise »)
ALSO_NOUNS = frozenset({"note", "notes"})
BEFORE_NOUNS = ("la", "une", "cette", "sa", "leur", "ses", "leurs", "de", "des", "les", "le", "l'", "même")
OWN_VOICE = r"\b(?:notre (?:décompte|correspondant|correspondante|journal|rédaction|envoyé|envoyée)|ce journal)\b"

BETWEEN_SUBJECT_AND_VERB = {"a", "ont", "avait", "avaient", "aurait", "auraient", "déjà", "également", "aussi",
                            "lui", "eux",  # « X a lui aussi plaidé », « X lui a dit »
                            "encore", "soir", "matin", "toujours", "publiquement", "ensuite", "fermement",
                            "formellement", "pourtant", "toutefois", "cependant", "néanmoins", *WEEKDAYS}
SUBJECT_PRONOUNS = {"il", "elle", "ils", "elles"}
DESCRIPTIONS = {"ministère": "ministry", "commission": "commission", "comité": "committee", "mission": "mission",
                "bureau": "office"}  # see lexicon.en.speech
GENERIC_MODIFIERS = {"onusienne", "onusien", "humanitaire"}
LOWER_IN_NAMES = {"le", "la", "les", "un", "une", "des"}
NOT_AN_ATTRIBUTION = {"pas", "jamais", "ne", "n'a", "n'ont", "n'avait", "n'avaient", "été", "est", "sont", "va",
                      "vont", "pourrait", "doit", "devrait", "de", "d'", "le", "la", "les", "l'", "un", "une", "des",
                      "son", "ses", "leur", "leurs", "par", "pour", "avec", "dans", "en", "et", "ou", "du", "au", "aux"}

# Hedges: each alternative starts at a word boundary (see lexicon.en.speech).
HEDGES = (
    r"n'(?:a|ont|avait|avaient) pas (?:pu|encore pu) (?:être|etre) (?:v[ée]rifi|confirm)[ée]e?s?\b",
    r"de (?:source|mani[èe]re|fa[çc]on) ind[ée]pendante\b", r"sans confirmation\b",
    r"non confirm[ée]e?s?\b", r"pas (?:encore )?(?:été )?confirm[ée]e?s?\b", r"aucun bilan(?: officiel)?\b",
    r"n'(?:a|ont) pas (?:encore )?(?:communiqu|publi|donn|fourni)[ée]? de bilan\b",
    r"(?:aurai(?:en)?t|serai(?:en)?t)\b", r"(?:apparemment|vraisemblablement|pr[ée]sum[ée]e?s?)\b",
)
