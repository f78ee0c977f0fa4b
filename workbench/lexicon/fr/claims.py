"""French cues of what a sentence claims (see ``lexicon.en.claims``): the same families, in French."""
from __future__ import annotations

CUES = {
    "casualty": (
        r"\b(?:morts?|tués?|tuées?|blessés?|victimes?|bilan|pertes|décès|décédés?|cadavres|corps|noyés?|"
        r"hospitalisés?|hôpita(?:l|ux)|ambulances?|disparus?|portées? disparues?|sans[- ]abri|déplacés|"
        r"évacués?|rescapés?|survivants?|(?:nouveaux )?cas (?:suspects|confirmés)|relogées?|refuge)\b",),
    "control": (
        r"\b(?:sous (?:leur |son |notre )?contrôle|pris le contrôle|prise? de|s'(?:est|sont) emparés?|"
        r"contrôlent|contrôle|tomb(?:é|ée|és)e? aux mains|repouss(?:é|ée|és|ées)|repris|maîtris(?:é|ée)e?)\b",
        r"\bn'(?:est|a|ont|sont) (?:jamais |pas )(?:été )?tomb\w*",
    ),
    "responsibility": (
        r"\b(?:revendiqu(?:é|ée|e|ent|ait)|revendication|responsabilité|attribu(?:é|ée)e?|imput(?:é|ée)e?)\b",
        r"\bresponsables? (?:de|du|des) (?:l'attaque|l'attentat|l'assaut|cette attaque|ces attaques|massacre)",
    ),
    "finding": (
        r"\b(?:enquête|rapport|commission|audit|étude|expertise|autopsie|enquêteurs|experts?|analyse|"
        r"bulletin|recensement|mission)\b[^.;]{0,80}?\b(?:conclut|a conclu|concluait|établit|a établi|révèle|"
        r"a révélé|montre|a montré|relève|a relevé|estime|a estimé|constate|a constaté|recense|a recensé|"
        r"identifie|a identifié|pointe|a pointé|dénombre|a dénombré|impute|attribue)\b",),
    "speech_act": (
        r"\b(?:dément|démentent|a démenti|ont démenti|rejette|rejettent|a rejeté|ont rejeté|accuse|accusent|"
        r"a accusé|ont accusé|dénonce|dénoncent|a dénoncé|ont dénoncé|refuse|refusent|a refusé|ont refusé|"
        r"exige|exigent|a exigé|appelle|appellent|a appelé|promet|a promis|condamne|a condamné|réclame|"
        r"réclament|a réclamé|a requis|requiert|avertit|a averti|met en garde|s'engage|menace|a menacé|"
        r"s'est excusé|demande|a demandé)\b",),
    "event": (
        r"\b(?:attaqu(?:e|é|ée|és|es|ent)|assaut|frappé|ciblé|explosions?|tirs|affrontements?|combats|"
        r"embuscade|entrés?|fui|évacué|fermé|suspendu|arrêtés?|interpellés?|couvre-feu|assaillants|"
        r"effondr\w+|chaviré|coulé|éclaté|incendie|détruit\w*|inond\w+|ouvert|renvoyé|condamné|inculpé|"
        r"libéré|acheminé\w*|mobilisé\w*|publiées?|montr\w+|heurté|cessé|produit|n'a pas répondu|"
        r"n'ont pas répondu|injoignables?)\b",),
    "condition": (
        r"\b(?:ne dispos\w+|n'(?:avait|a|ont|avaient|était|étaient|est|sont) (?:pas|jamais|plus|aucun\w*|toujours)|"
        r"aucune?|toujours|encore|sans|privés? de|reste|restent|restait|demeure\w*)\b",
        r"\b\w{3,}(?:ait|aient)\b",
        r"\b(?:taux de participation|capacité|magnitude|profondeur|niveau)\b",),
    "background": (
        r"\bdepuis (?:plus d[e'] ?)?(?:\w+ |\d+ )?(?:ans|années|décennies?)\b", r"\bdepuis (?:19|20)\d\d\b",
        r"\bces dernières années\b", r"\bau cours des dernières années\b",
        r"\b(?:est |a été )?(?:né|née|créé|créée|fondé|fondée|formé|formée) en (?:19|20)\d\d\b",),
    "coup": (r"\bcoups? d['’]état\b", r"\bprise? du pouvoir\b"),
    "refers_back": (
        r"^(?:\w+, )?(?:ces|cette|cet|ce|les|la|le|leurs?|ses|son|sa) (?:affirmations?|revendications?|"
        r"allégations?|informations?|chiffres?|bilans?|déclarations?)\b",),
    "rhetoric": (r"\b(?:reste un (?:\w+ )?(?:défi|combat|danger)|souligne|illustre|en définitive)\b",),
    "generic": (
        r"^(?:le |la |les |l')?\w+ (?:est|sont) (?:une? )?(?:[\w-]+ ){0,3}(?:maladie|infection|virus|bactérie)\b",
        r"^(?:le |la |les |l')?\w+ sont (?:fréquent|courant|rare|répandu|endémique)\w*",),
    "state": (r"\b(?:reste|restent|restait|demeure|demeurent|toujours|n'ont pas accès|n'a pas accès|"
              r"ne sont plus|n'est plus)\b",),
    "exhortation": (r"\b(?:quel que soit (?:leur|son) rang|ne restera pas impuni|plus jamais|nul n'est au-dessus|"
                    r"a exhorté|exhorte|ne céderons|ne cédons|restons unis|jamais face à)\b",),
    "atmosphere": (r"\b(?:palpable|un silence (?:de mort|pesant)|plane sur|règne sur|l'atmosphère|l'ambiance)\b",),
    "first_person": (r"\b(?:nous|notre|nos)\b",),
    "date": (r"\b\d{1,2} (?:janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\w*",
             r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b", r"\b\d{1,2} ?h ?\d{0,2}\b"),
    "past_action": (r"\b(?:a|ont|avait|avaient|est|sont|fut|furent)\s+(?:(?:été|pas|déjà|ensuite|alors)\s+)?"
                    r"\w+(?:é|ée|és|ées|i|is|it|u|us|ert|erts)\b",),
    "verb": (r"\b(?:est|sont|était|étaient|a|ont|avait|avaient|sera|seront|serait|fut|sont|va|vont)\b",
             r"\b\w{3,}(?:ait|aient)\b", r"\b(?:ils|elles|qui) \w+ent\b"),
}
