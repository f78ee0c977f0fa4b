"""French cues of the propositions ``analyse.propositions`` reads (see ``lexicon.en.propositions``),
written without accents: they are matched over folded text."""
from __future__ import annotations

PROPOSITIONS = {
    "preventable": {
        "yes": (r"evitable", r"aurait pu etre (?:evite|empeche)e?", r"negligen(?:ce|t)\w*", r"cupidite",
                r"n'aurait jamais du (?:quitter|partir|ouvrir|etre)", r"sciemment", r"erreur humaine",
                r"defaillances? (?:criminelles?|graves?)"),
        "no": (r"catastrophe naturelle", r"seul dieu", r"(?:personne|nul) ne (?:pouvait|pourrait) (?:prevoir|empecher)",
               r"rien n'aurait pu", r"c'est (?:le vent|la tempete|la pluie|la meteo) qui", r"imprevisible",
               r"force majeure", r"(?:le vent|la tempete|la pluie) (?:seule?s? )?(?:est|sont) (?:seule?s? )?responsables?"),
    },
    "warned": {
        "yes": (r"(?:avis|alerte|bulletin|ordre d'evacuation)s? (?:de \w+ |d'\w+ )?(?:a|avait) (?:bien )?ete (?:recue?|envoyee?|"
                r"diffusee?|emise?|donnee?)", r"(?:diffuse|emis|envoye|lance|donne|recu) (?:un |une |l')?(?:avis|alerte|"
                r"ordre d'evacuation)", r"avaient ete (?:avertis|prevenus|alertes)"),
        "no": (r"aucune? (?:\w+ )?(?:alerte|avis|avertissement|ordre)", r"sans (?:aucun )?(?:avertissement|alerte|preavis)",
               r"jamais (?:recu|vu) (?:l'|cette |ce |aucune? )?(?:\w+ )?(?:alerte|avis|message|ordre)"),
    },
    "live_fire": {
        "yes": (r"balles? reelles?", r"tuee?s? par balles?", r"blessures? par balles?", r"ouvert le feu sur",
                r"tire (?:a balles reelles )?sur (?:la foule|les manifestants|des civils)", r"armes? letales?",
                r"force letale"),
        "no": (r"(?:n'ont|n'a) (?:employe|utilise) que (?:du|des) gaz lacrymogenes?",),
    },
    "tear_gas": {
        "yes": (r"(?:tire|lance|utilise|fait usage) (?:de |du |des )?(?:grenades? )?(?:de )?gaz lacrymogenes?",
                r"grenades? lacrymogenes?", r"gaz lacrymogenes? (?:a|ont) ete (?:tire|lance|utilise)"),
        "no": (),
    },
    "overloaded": {
        "yes": (r"surcharg\w*", r"surpeupl\w*", r"(?:au-dela|au dela) de sa capacite", r"(?:deux fois|le double de) sa capacite"),
        "no": (r"dans les limites de sa capacite", r"conforme a sa capacite"),
    },
    "detained": {
        "yes": (r"assigne\w* a residence", r"resid\w* surveillee", r"en detention", r"(?:est|etait|reste|a ete) (?:\w+ )?detenu\w*",
                r"derriere les barreaux", r"detenu depuis"),
        "no": (r"libre d'aller et venir", r"(?:est|etait|reste) (?:parfaitement |tout a fait |entierement )?libre\b"),
    },
    "victims_civilian": {
        "yes": (r"civils?", r"enfants", r"collegiens?", r"lyceens?", r"ecoliers?", r"eleves", r"passants", r"badauds",
                r"non armee?s?", r"aucune? (?:d'entre (?:eux|elles) )?n'etai(?:en)?t armee?s?", r"n'etai(?:en)?t pas armee?s?", r"ne participai(?:en)?t a aucune",
                r"ne manifestai(?:en)?t pas", r"vendeuses", r"commercants", r"villageois", r"fideles"),
        "no": (r"combattants", r"terroristes?", r"jihadistes?", r"djihadistes?", r"casseurs", r"pillards", r"emeutiers",
               r"insurges", r"assaillants", r"(?:pris|prenaient) part (?:aux|a des)\W+(?:\w+\W+)?(?:emeutes|pillages|combats)"),
    },
    "finding_stands": {
        "yes": (r"condamne\w*", r"reconnu\w* coupables?", r"(?:a|avait) conclu", r"conclut", r"etablit",
                r"(?:cour|tribunal) (?:a |avait )?(?:confirme|valide|estime|juge)"),
        "no": (r"partial(?:e|ite)?", r"rejet\w* (?:ces|les|leurs?|ses|ce|le) (?:\w+ )?(?:conclusions|rapport|verdict|jugement)", r"politiquement motivee?", r"fictif|fictive", r"fabrique de toutes pieces",
               r"mascarade", r"parodie", r"verdict politique", r"ecrit d'avance", r"infondee?s?", r"sans fondement",
               r"premature", r"tissu de mensonges", r"mensong\w+", r"ratifie un vol"),
    },
    "fraud": {
        "yes": (r"fraudes?", r"frauduleu\w+", r"truque\w*", r"bourrage d'urnes", r"achat de (?:voix|consciences)",
                r"(?:hold-up|vol) electoral", r"resultats (?:ont ete )?falsifies", r"falsifi\w+ (?:les|des) resultats"),
        "no": (r"libres? et transparent\w*", r"credibles?", r"transparen(?:t|te|ts|tes|ce)", r"sincerite du (?:scrutin|vote)",
               r"reflet\w* (?:de )?la volonte (?:du peuple|populaire)"),
    },
    "ransom_paid": {
        "yes": (r"rancon (?:de [\w ,.]+ )?(?:a|avait|aurait) ete (?:versee|payee|remise)", r"(?:verse|paye|remis)\w* (?:une |la )?rancon",
                r"pa(?:ye|yer|ie|yons|yent) (?:une |de |la )?rancons?", r"(?:remis|verses?|livres?) aux ravisseurs",
                r"versement (?:d'une |de la |de toute |de |d')?rancon"),
        "no": (r"pas un (?:seul )?(?:franc|centime|sou)",),
    },
    "freed_by_force": {
        "yes": (r"donne\w* l'assaut", r"(?:liberes?|recuperes?) (?:\w+ ){0,4}?(?:lors|au cours) d'une (?:operation|intervention)",
                r"(?:forces speciales|soldats|militaires|l'armee) (?:ont |a )?(?:libere|recupere|delivre)",
                r"assaut (?:contre|sur) le (?:campement|camp|repaire)"),
        "no": (r"(?:relache|libere|relaches|liberes|relachee?s?|liberee?s?) par (?:leurs |les )?ravisseurs",
               r"(?:ravisseurs|kidnappeurs) (?:les |nous )?(?:ont |avaient )?(?:relache|libere|laisse partir)",
               r"(?:nous|les) (?:ont |avaient )?(?:simplement )?laisse\w* partir", r"aucun coup de feu",
               r"personne ne nous a (?:sauves|liberes)", r"pas eu d'(?:assaut|operation militaire)"),
    },
    "inspected": {
        "yes": (r"inspect(?:e|ee|es|ees|ion|ions)", r"controle\w* (?:de securite|technique)s?"),
        "no": (r"jamais (?:ete )?(?:inspecte|controle)e?s?",),
    },
}

DOCUMENTS = (r"rapport|conclusions|enquete|commission|mission|verdict|jugement|decision|cour|tribunal|declaration|"
             r"constats?")

VICTIMS = (r"les personnes tuees|les victimes?|victimes?|la victime|abattue?s?|les morts|parmi les morts|les personnes decedees|les defunts|"
           r"les corps|personnes tuees")

ABSOLUTES = r"tous|toutes|tout le monde|aucune?|personne|rien|toujours|jamais|seule?s?|seulement|uniquement|entierement|sans exception"

NEGATORS = (r"pas|jamais|aucune?|sans|ni|nie\w*|nier|dement\w*|conteste\w*|rejet\w*|ecart\w*|refute\w*|faux|fausse")  # « ne » alone is no negation: « ne … que » restricts, « ne … aucun » is one
